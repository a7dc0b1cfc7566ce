//! A module whose items carry group gates, split into one file per group: the items of
//! `#[cfg(feature = "model-sync")]` go to `<module>/model_sync.rs`, declared under that
//! gate and re-exported, so the public paths stay those of the module.
//!
//! Why files: rustc skips a gated `mod` declaration without reading its file, while gated
//! items of one file are still parsed. A crate built with one group then parses that
//! group's code and not the others', and a reader finds a group's code in one place.

use super::features::{attrs, attrs_mut, cfg, idents, item_ident};
use super::Submodule;
use crate::names::{field_name, Namespace};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, HashSet};

/// `tokens` (a module's items) with each item gated by a single feature moved into a
/// submodule of that feature, and an ungated `impl`'s gated members into an `impl` of the
/// same type there. Items gated by several features (`any(..)`) stay, as does everything
/// else; tokens that are not items come back as they are. `module` is the module's own
/// name, which no submodule takes.
pub fn by_feature(module: &str, tokens: TokenStream) -> (TokenStream, Vec<Submodule>) {
    let Ok(file) = syn::parse2::<syn::File>(tokens.clone()) else {
        return (tokens, Vec::new());
    };
    let mut root = Vec::new();
    // Keyed by feature, so the submodules come in a stable order.
    let mut groups: BTreeMap<String, Vec<syn::Item>> = BTreeMap::new();
    for mut item in file.items {
        if let Some(feature) = take_gate(&mut item) {
            groups.entry(feature).or_default().push(item);
            continue;
        }
        if let syn::Item::Impl(imp) = &mut item {
            let mut moved: BTreeMap<String, Vec<syn::ImplItem>> = BTreeMap::new();
            let mut kept = Vec::new();
            for mut member in std::mem::take(&mut imp.items) {
                match take_member_gate(&mut member) {
                    Some(feature) => moved.entry(feature).or_default().push(member),
                    None => kept.push(member),
                }
            }
            for (feature, members) in moved {
                let mut part = imp.clone();
                part.items = members;
                groups
                    .entry(feature)
                    .or_default()
                    .push(syn::Item::Impl(part));
            }
            imp.items = kept;
            // An `impl` whose members all moved says nothing more.
            if imp.items.is_empty() && imp.trait_.is_none() {
                continue;
            }
        }
        root.push(item);
    }
    let attrs = &file.attrs;
    if groups.is_empty() {
        return (quote! { #(#attrs)* #(#root)* }, Vec::new());
    }

    let mut taken = Namespace::new();
    taken.claim(module.to_owned());
    for item in &root {
        for name in defined_names(item) {
            taken.claim(name);
        }
    }
    let mut visible: HashSet<String> = HashSet::new();
    for item in root.iter().chain(groups.values().flatten()) {
        visible.extend(defined_names(item));
    }

    let mut reexports = Vec::new();
    let mut children = Vec::new();
    for (feature, items) in groups {
        // A group named like one of the module's own names (`models` in a client that
        // imports `models`) or like the module gets a suffix.
        let preferred = field_name(&feature);
        let name = if taken.contains(&preferred) {
            taken.claim(format!("{preferred}_group"))
        } else {
            taken.claim(preferred)
        };
        let gate = cfg(&feature);
        let ident = syn::Ident::new(&name, proc_macro2::Span::call_site());
        if items.iter().any(is_public_definition) {
            reexports.push(quote! { #gate pub use #ident::*; });
        }
        let body = one_level_down(quote! { #(#items)* });
        let own: HashSet<String> = items.iter().flat_map(defined_names).collect();
        let mut named = HashSet::new();
        idents(body.clone(), &mut named);
        // The submodule sees the module's names (its imports and the other groups'
        // re-exports) as a child does; the import is left out when none is named.
        let parent = named
            .iter()
            .any(|n| visible.contains(n) && !own.contains(n))
            .then(|| quote! { use super::*; });
        let doc = format!(" The part of `{module}` the `{feature}` feature compiles.");
        children.push(Submodule {
            name,
            attrs: gate,
            tokens: quote! { #![doc = #doc] #parent #body },
        });
    }
    (quote! { #(#attrs)* #(#reexports)* #(#root)* }, children)
}

/// `tokens` moved one module down: each path that starts with `super::` (in code, or in
/// a string such as serde's `deserialize_with = "super::runtime::.."`) gets another
/// `super::`, so it still names what it named from the parent.
fn one_level_down(tokens: TokenStream) -> TokenStream {
    use proc_macro2::{Group, Ident, Literal, Punct, Spacing, TokenTree};
    let mut out = Vec::new();
    let mut after_path_sep = false;
    let mut previous_colon = false;
    for tree in tokens {
        match &tree {
            TokenTree::Ident(id) if id == "super" && !after_path_sep => {
                out.push(TokenTree::Ident(Ident::new("super", id.span())));
                out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
                out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
                out.push(tree.clone());
            }
            TokenTree::Group(g) => {
                let mut inner = Group::new(g.delimiter(), one_level_down(g.stream()));
                inner.set_span(g.span());
                out.push(TokenTree::Group(inner));
            }
            TokenTree::Literal(lit) => match super::features::string_containing(lit, "super::") {
                Some(value) => {
                    let mut l = Literal::string(&deeper(&value));
                    l.set_span(lit.span());
                    out.push(TokenTree::Literal(l));
                }
                _ => out.push(tree.clone()),
            },
            _ => out.push(tree.clone()),
        }
        // `a::super` never starts a path; `::` is two joint punctuation marks.
        let colon = matches!(&tree, TokenTree::Punct(p) if p.as_char() == ':');
        after_path_sep = colon && previous_colon;
        previous_colon = colon;
    }
    out.into_iter().collect()
}

/// `text` with each `super::` that starts a path (not after `::`) doubled.
fn deeper(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(at) = rest.find("super::") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let starts_path = !out.ends_with("::");
        if starts_path {
            out.push_str("super::");
        }
        out.push_str("super::");
        rest = &after["super::".len()..];
        // The rest of a `super::super::` chain stays as it is.
        while let Some(next) = rest.strip_prefix("super::") {
            out.push_str("super::");
            rest = next;
        }
    }
    out.push_str(rest);
    out
}

/// The feature of an item's only `#[cfg(feature = "..")]`, removed from the item; `None`
/// (and the item unchanged) for anything else.
fn take_gate(item: &mut syn::Item) -> Option<String> {
    let feature = single_feature(attrs(item))?;
    if let Some(own) = attrs_mut(item) {
        own.retain(|a| !a.path().is_ident("cfg"));
    }
    Some(feature)
}

fn take_member_gate(member: &mut syn::ImplItem) -> Option<String> {
    let own = match member {
        syn::ImplItem::Fn(f) => &mut f.attrs,
        syn::ImplItem::Const(c) => &mut c.attrs,
        syn::ImplItem::Type(t) => &mut t.attrs,
        _ => return None,
    };
    let feature = single_feature(own)?;
    own.retain(|a| !a.path().is_ident("cfg"));
    Some(feature)
}

/// `x` when the only `cfg` among `attrs` is `#[cfg(feature = "x")]`.
fn single_feature(attrs: &[syn::Attribute]) -> Option<String> {
    let mut cfgs = attrs.iter().filter(|a| a.path().is_ident("cfg"));
    let (Some(only), None) = (cfgs.next(), cfgs.next()) else {
        return None;
    };
    let meta: syn::MetaNameValue = only.parse_args().ok()?;
    if !meta.path.is_ident("feature") {
        return None;
    }
    match meta.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// The names an item brings into its module's namespaces: its own, or what a `use`
/// imports.
pub(super) fn defined_names(item: &syn::Item) -> Vec<String> {
    if let syn::Item::Use(u) = item {
        let mut out = Vec::new();
        super::imports::use_paths(&u.tree, &mut Vec::new(), &mut out);
        return out.into_iter().map(|(name, _)| name).collect();
    }
    item_ident(item)
        .map(|i| vec![i.to_string()])
        .unwrap_or_default()
}

/// Whether the item defines something public (what a re-export would carry).
fn is_public_definition(item: &syn::Item) -> bool {
    use syn::Item;
    let vis = match item {
        Item::Const(i) => &i.vis,
        Item::Enum(i) => &i.vis,
        Item::Fn(i) => &i.vis,
        Item::Mod(i) => &i.vis,
        Item::Static(i) => &i.vis,
        Item::Struct(i) => &i.vis,
        Item::Trait(i) => &i.vis,
        Item::Type(i) => &i.vis,
        Item::Union(i) => &i.vis,
        Item::Use(i) => &i.vis,
        _ => return false,
    };
    matches!(vis, syn::Visibility::Public(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).unwrap())
    }

    #[test]
    fn gated_items_move_to_a_file_per_feature() {
        let client = quote! {
            #![allow(clippy::too_many_arguments)]
            use super::models;
            impl Client {
                #[cfg(feature = "model-sync")]
                pub fn model_sync(&self) -> ModelSyncApi<'_> { ModelSyncApi { client: self } }
                pub fn always(&self) {}
            }
            #[cfg(feature = "model-sync")]
            pub struct ModelSyncApi<'a> { client: &'a Client }
            #[cfg(feature = "models")]
            pub type ListModels = Request<models::Model>;
            #[cfg(any(feature = "models", feature = "model-sync"))]
            pub struct Shared;
        };
        let (root, children) = by_feature("client", client);
        let root = render(root);
        assert_eq!(
            root,
            "#![allow(clippy::too_many_arguments)]\n\
             #[cfg(feature = \"model-sync\")]\npub use model_sync::*;\n\
             #[cfg(feature = \"models\")]\npub use models_group::*;\n\
             use super::models;\n\
             impl Client {\n    pub fn always(&self) {}\n}\n\
             #[cfg(any(feature = \"models\", feature = \"model-sync\"))]\npub struct Shared;\n"
        );
        let names: Vec<&str> = children.iter().map(|c| c.name.as_str()).collect();
        // `models` is the name of an import of the module.
        assert_eq!(names, ["model_sync", "models_group"]);
        assert_eq!(children[0].attrs.to_string(), cfg("model-sync").to_string());
        let model_sync = render(children[0].tokens.clone());
        assert!(
            model_sync.contains("impl Client {\n    pub fn model_sync(&self)"),
            "{model_sync}"
        );
        assert!(
            model_sync.contains("\npub struct ModelSyncApi<'a> {"),
            "{model_sync}"
        );
        assert!(!model_sync.contains("cfg("), "{model_sync}");
        // It names `Client`, which is not the module's: no import of the parent needed
        // for it, and nothing else of the parent is named.
        assert!(!model_sync.contains("use super::*;"), "{model_sync}");
        let models = render(children[1].tokens.clone());
        assert!(models.contains("use super::*;"), "{models}");
    }

    #[test]
    fn without_single_gates_nothing_moves() {
        let tokens = quote! {
            pub struct A;
            #[cfg(any(feature = "a", feature = "b"))]
            pub struct B;
        };
        let (root, children) = by_feature("models", tokens.clone());
        assert!(children.is_empty());
        assert_eq!(root.to_string(), tokens.to_string());
    }

    #[test]
    fn a_group_named_like_its_module_gets_a_suffix() {
        let (_, children) = by_feature(
            "models",
            quote! { #[cfg(feature = "models")] pub struct A; },
        );
        assert_eq!(children[0].name, "models_group");
    }

    #[test]
    fn a_submodule_without_public_items_is_not_reexported() {
        let (root, children) = by_feature(
            "client",
            quote! { impl Client { #[cfg(feature = "a")] pub fn a(&self) {} } },
        );
        assert_eq!(root.to_string(), "");
        assert_eq!(children.len(), 1);
    }

    #[test]
    fn paths_from_the_parent_reach_one_level_further() {
        let out = one_level_down(quote! {
            #[serde(deserialize_with = "super::runtime::deserialize_some")]
            pub x: super::runtime::Value,
            pub y: super::super::Other,
            pub z: a::super_thing::B,
        });
        let out = out.to_string();
        assert!(
            out.contains("\"super::super::runtime::deserialize_some\""),
            "{out}"
        );
        assert!(
            out.contains("x : super :: super :: runtime :: Value"),
            "{out}"
        );
        assert!(
            out.contains("y : super :: super :: super :: Other"),
            "{out}"
        );
        assert!(out.contains("z : a :: super_thing :: B"), "{out}");
        assert_eq!(
            deeper("see [`super::a`] and super::super::b"),
            "see [`super::super::a`] and super::super::super::b"
        );
    }
}
