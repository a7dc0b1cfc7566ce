//! API groups behind Cargo features: the client's items of a group carry its
//! `#[cfg(feature = ..)]` (see `client.rs`), and each model type is gated by the features of
//! the groups that use it, so a crate that enables one group compiles the types that group
//! needs and no others.
//!
//! Which group uses which type is read off the emitted code itself (every identifier an
//! item names), not recomputed from the model, so nothing the emitters add can be missed.
//! A type is left ungated when code outside every group names it (an untagged operation,
//! a webhook, a connector binding), when no group uses it, or when every group does.

use proc_macro2::{TokenStream, TokenTree};
use quote::{quote, ToTokens};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// `#[cfg(feature = "<feature>")]`.
pub fn cfg(feature: &str) -> TokenStream {
    quote! { #[cfg(feature = #feature)] }
}

/// `tokens` (one or more items) with `gate` on each item.
pub fn gated(tokens: TokenStream, gate: &TokenStream) -> TokenStream {
    if gate.is_empty() {
        return tokens;
    }
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(mut file) => {
            for item in &mut file.items {
                add_attrs(item, gate);
            }
            file.into_token_stream()
        }
        // Not items (never the case for what the client emits): left for the formatter
        // to report.
        Err(_) => tokens,
    }
}

/// Puts the attributes `attrs` first on `item` (for an item without attributes, nothing).
fn add_attrs(item: &mut syn::Item, attrs: &TokenStream) {
    let parsed = syn::parse::Parser::parse2(syn::Attribute::parse_outer, attrs.clone());
    if let (Some(own), Ok(parsed)) = (attrs_mut(item), parsed) {
        own.splice(0..0, parsed);
    }
}

pub(super) fn attrs_mut(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

pub(super) fn attrs(item: &syn::Item) -> &[syn::Attribute] {
    use syn::Item;
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// The features a `#[cfg(..)]` among `attrs` names (`feature = "x"`); empty when none.
fn cfg_features(attrs: &[syn::Attribute]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("cfg")) {
        if let syn::Meta::List(list) = &attr.meta {
            collect_features(list.tokens.clone(), &mut out);
        }
    }
    out
}

fn collect_features(tokens: TokenStream, out: &mut BTreeSet<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(g) => collect_features(g.stream(), out),
            TokenTree::Ident(id) if id == "feature" => {
                if let (Some(TokenTree::Punct(p)), Some(TokenTree::Literal(lit))) =
                    (trees.get(i + 1), trees.get(i + 2))
                {
                    if p.as_char() == '=' {
                        out.insert(lit.to_string().trim_matches('"').to_owned());
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every identifier in `tokens`.
pub(super) fn idents(tokens: TokenStream, out: &mut HashSet<String>) {
    for tree in tokens {
        match tree {
            TokenTree::Ident(id) => {
                out.insert(id.to_string());
            }
            TokenTree::Group(g) => idents(g.stream(), out),
            _ => {}
        }
    }
}

/// The value of a string literal whose text contains `needle` (others, most of them doc
/// comments, are not parsed at all).
pub(super) fn string_containing(lit: &proc_macro2::Literal, needle: &str) -> Option<String> {
    let text = lit.to_string();
    if !text.contains(needle) {
        return None;
    }
    syn::parse_str::<syn::LitStr>(&text).ok().map(|s| s.value())
}

/// What code outside the models module names: per feature, and ungated.
#[derive(Debug, Default)]
pub struct Uses {
    ungated: HashSet<String>,
    by_feature: BTreeMap<String, HashSet<String>>,
}

impl Uses {
    /// Adds code that is compiled whatever the features.
    pub fn ungated(&mut self, tokens: &TokenStream) {
        idents(tokens.clone(), &mut self.ungated);
    }

    /// Adds a module whose items may carry group gates (the client): a gated item counts
    /// for its features, an ungated `impl` or inline module item by item.
    pub fn module(&mut self, tokens: &TokenStream) {
        match syn::parse2::<syn::File>(tokens.clone()) {
            Ok(file) => self.items(&file.items),
            // Counted as ungated: more types stay compiled, none goes missing.
            Err(_) => self.ungated(tokens),
        }
    }

    fn items(&mut self, items: &[syn::Item]) {
        for item in items {
            let features = cfg_features(attrs(item));
            if !features.is_empty() {
                self.gated(&features, item.to_token_stream());
                continue;
            }
            match item {
                syn::Item::Impl(imp) => {
                    idents(imp.self_ty.to_token_stream(), &mut self.ungated);
                    for member in &imp.items {
                        let features = match member {
                            syn::ImplItem::Fn(f) => cfg_features(&f.attrs),
                            syn::ImplItem::Const(c) => cfg_features(&c.attrs),
                            syn::ImplItem::Type(t) => cfg_features(&t.attrs),
                            _ => BTreeSet::new(),
                        };
                        if features.is_empty() {
                            idents(member.to_token_stream(), &mut self.ungated);
                        } else {
                            self.gated(&features, member.to_token_stream());
                        }
                    }
                }
                syn::Item::Mod(m) if m.content.is_some() => {
                    if let Some((_, inner)) = &m.content {
                        self.items(inner);
                    }
                }
                other => idents(other.to_token_stream(), &mut self.ungated),
            }
        }
    }

    fn gated(&mut self, features: &BTreeSet<String>, tokens: TokenStream) {
        for f in features {
            idents(
                tokens.clone(),
                self.by_feature.entry(f.clone()).or_default(),
            );
        }
    }
}

/// The models module with each item gated by the features of the groups that use its
/// type (see the [module docs](self)), and the gate of each gated type; `groups` are all
/// the group features.
pub fn gate_models(
    models: TokenStream,
    uses: &Uses,
    groups: &[String],
) -> (TokenStream, HashMap<String, TokenStream>) {
    let mut gates = HashMap::new();
    let Ok(mut file) = syn::parse2::<syn::File>(models.clone()) else {
        return (models, gates);
    };
    // Each item's type (an `impl` belongs to its self type); `use` and the like have none.
    let owners: Vec<Option<String>> = file.items.iter().map(owner).collect();
    let names: HashSet<&str> = owners.iter().flatten().map(String::as_str).collect();
    let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (item, owner) in file.items.iter().zip(&owners) {
        let Some(owner) = owner else { continue };
        let mut named = HashSet::new();
        idents(item.to_token_stream(), &mut named);
        let entry = edges.entry(owner.as_str()).or_default();
        entry.extend(named.into_iter().filter(|n| names.contains(n.as_str())));
    }
    let closure = |roots: &HashSet<String>| -> HashSet<String> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut stack: Vec<String> = roots
            .iter()
            .filter(|r| names.contains(r.as_str()))
            .cloned()
            .collect();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(next) = edges.get(name.as_str()) {
                stack.extend(next.iter().filter(|n| !seen.contains(*n)).cloned());
            }
        }
        seen
    };
    let per_feature: BTreeMap<&str, HashSet<String>> = uses
        .by_feature
        .iter()
        .map(|(f, roots)| (f.as_str(), closure(roots)))
        .collect();
    // Types no group reaches stay compiled, and so does what they name.
    let mut ungated_roots = uses.ungated.clone();
    ungated_roots.extend(
        names
            .iter()
            .filter(|n| !per_feature.values().any(|c| c.contains(**n)))
            .map(|n| (*n).to_owned()),
    );
    let ungated = closure(&ungated_roots);
    let all: BTreeSet<&str> = groups.iter().map(String::as_str).collect();

    for (item, owner) in file.items.iter_mut().zip(&owners) {
        let Some(owner) = owner else { continue };
        if ungated.contains(owner) {
            continue;
        }
        let features: BTreeSet<&str> = per_feature
            .iter()
            .filter(|(_, reached)| reached.contains(owner))
            .map(|(f, _)| *f)
            .collect();
        if features.is_empty() || features == all {
            continue;
        }
        let gate = match features.len() {
            1 => cfg(features.first().copied().unwrap_or_default()),
            _ => {
                let each = features.iter().map(|f| quote! { feature = #f });
                quote! { #[cfg(any(#(#each),*))] }
            }
        };
        add_attrs(item, &gate);
        gates.insert(owner.clone(), gate);
    }
    // With every type compiled out, the module's imports go unused.
    if !gates.is_empty() {
        for item in &mut file.items {
            if matches!(item, syn::Item::Use(_)) {
                add_attrs(item, &quote! { #[allow(unused_imports)] });
            }
        }
    }
    (file.into_token_stream(), gates)
}

/// The type an item of the models module defines or implements.
fn owner(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Impl(i) => match &*i.self_ty {
            syn::Type::Path(p) => &p.path.segments.last()?.ident,
            _ => return None,
        },
        syn::Item::Mod(_) => return None,
        other => item_ident(other)?,
    };
    Some(ident.to_string())
}

/// The name an item defines (not a `use`, which may define several, nor an `impl`).
pub(super) fn item_ident(item: &syn::Item) -> Option<&syn::Ident> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &i.ident,
        Item::Enum(i) => &i.ident,
        Item::Fn(i) => &i.sig.ident,
        Item::Mod(i) => &i.ident,
        Item::Static(i) => &i.ident,
        Item::Struct(i) => &i.ident,
        Item::Trait(i) => &i.ident,
        Item::Type(i) => &i.ident,
        Item::Union(i) => &i.ident,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).unwrap();
        prettyplease::unparse(&file)
    }

    #[test]
    fn each_item_gets_the_gate() {
        let out = gated(quote! { pub type A = u8; impl B {} }, &cfg("model-sync"));
        assert_eq!(
            render(out),
            "#[cfg(feature = \"model-sync\")]\npub type A = u8;\n#[cfg(feature = \"model-sync\")]\nimpl B {}\n"
        );
        assert_eq!(
            gated(quote! { struct C; }, &TokenStream::new()).to_string(),
            "struct C ;"
        );
    }

    #[test]
    fn types_are_gated_by_the_groups_that_reach_them() {
        let models = quote! {
            use serde::Serialize;
            pub struct OnlyA { pub inner: Shared }
            pub struct OnlyB { pub inner: Shared, pub deep: Deep }
            pub struct Shared;
            pub struct Deep;
            impl Deep { pub fn new() -> Self { Deep } }
            pub struct Both;
            pub struct Outside { pub a: OnlyA }
            pub struct Orphan { pub deep: Deep }
            pub struct Unused;
        };
        let client = quote! {
            #[cfg(feature = "a")]
            pub type AReq = Request<models::OnlyA, models::Both>;
            #[cfg(feature = "b")]
            pub type BReq = Request<models::OnlyB, models::Both>;
            impl Client {
                #[cfg(feature = "a")]
                pub fn a(&self) {}
                pub fn root(&self) -> models::Outside { todo!() }
            }
            pub mod ops {
                #[cfg(feature = "b")]
                pub struct BMarker;
            }
        };
        let mut uses = Uses::default();
        uses.module(&client);
        let (out, gates) = gate_models(models, &uses, &["a".to_owned(), "b".to_owned()]);
        let out = render(out);
        assert_eq!(gates["OnlyB"].to_string(), cfg("b").to_string());
        assert!(!gates.contains_key("OnlyA"));
        let gate_of = |ty: &str| {
            let at = out.find(&format!("pub struct {ty}")).unwrap();
            let before = &out[..at];
            let line = before.lines().last().unwrap_or("");
            line.starts_with("#[cfg").then(|| line.to_owned())
        };
        // Reached by an ungated method: compiled always, with what it names.
        assert_eq!(gate_of("Outside"), None);
        assert_eq!(gate_of("OnlyA"), None);
        assert_eq!(gate_of("OnlyB").as_deref(), Some("#[cfg(feature = \"b\")]"));
        assert_eq!(gate_of("Shared"), None);
        // Named by no group, so compiled always, and so is what it names.
        assert_eq!(gate_of("Orphan"), None);
        assert_eq!(gate_of("Deep"), None);
        assert_eq!(gate_of("Unused"), None);
        // Every group uses it: no gate.
        assert_eq!(gate_of("Both"), None);
        assert!(
            out.starts_with("#[allow(unused_imports)]\nuse serde::Serialize;"),
            "{out}"
        );
    }

    #[test]
    fn a_type_two_groups_share_is_compiled_with_either() {
        let models = quote! {
            pub struct Ab;
            pub struct A { pub x: Ab }
            impl A { pub fn x(&self) -> &Ab { &self.x } }
            pub struct B { pub x: Ab }
        };
        let client = quote! {
            #[cfg(feature = "a")] pub type X = (models::A,);
            #[cfg(feature = "b")] pub type Y = (models::B,);
        };
        let mut uses = Uses::default();
        uses.module(&client);
        let groups = ["a", "b", "c"].map(String::from);
        let out = render(gate_models(models, &uses, &groups).0);
        assert!(
            out.contains("#[cfg(any(feature = \"a\", feature = \"b\"))]\npub struct Ab;"),
            "{out}"
        );
        assert!(
            out.contains("#[cfg(feature = \"a\")]\npub struct A {"),
            "{out}"
        );
        assert!(out.contains("#[cfg(feature = \"a\")]\nimpl A {"), "{out}");
        assert!(
            out.contains("#[cfg(feature = \"b\")]\npub struct B {"),
            "{out}"
        );
    }
}
