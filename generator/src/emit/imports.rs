//! Imports instead of absolute paths: the emitters write `::serde_json::Value`, which
//! resolves wherever the code lands; this pass turns a module's paths into `Value` with
//! one `use serde_json::Value;` at the top, as a person would write it.
//!
//! The rule that keeps it correct: a name is imported only when nothing else in the
//! module answers to it (an item, an import, a prelude name such as `Result`, or another
//! path's last segment); otherwise that path stays qualified (`serde_json::Value` when
//! the spec has a model named `Value`). Inline modules keep their paths, as the import
//! would not reach them.

use super::split::defined_names;
use proc_macro2::{Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The crates whose paths are shortened (what generated code names).
const CRATES: &[&str] = &["std", "serde", "serde_json", "chrono", "uuid", "bytes"];

/// Keywords a path may follow (not `crate`, `self` or `super`, which start one).
const KEYWORDS_BEFORE_PATHS: &[&str] = &[
    "as", "break", "const", "dyn", "else", "for", "if", "impl", "in", "let", "match", "move",
    "mut", "pub", "ref", "return", "static", "type", "unsafe", "where", "while", "yield",
];

/// Names the prelude (or the language) gives every module, which an import would shadow.
const PRELUDE: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Vec",
    "Debug",
    "Hash",
];

/// `tokens` (a module's items) with paths into [`CRATES`] shortened by imports placed
/// after the module's own `use` items; tokens that are not items come back as they are.
/// With `allow_unused`, the new imports carry `#[allow(unused_imports)]` (for a module
/// whose items may all be compiled out by features).
pub fn shorten(tokens: TokenStream, allow_unused: bool) -> TokenStream {
    shorten_beside(tokens, &[], allow_unused)
}

/// [`shorten`] for a module whose submodules (`children`, each a token stream of items)
/// are re-exported into it, so their names are the module's too.
pub fn shorten_beside(
    tokens: TokenStream,
    children: &[&TokenStream],
    allow_unused: bool,
) -> TokenStream {
    let Ok(file) = syn::parse2::<syn::File>(tokens.clone()) else {
        return tokens;
    };
    let mut imports = Imports::default();
    for child in children {
        if let Ok(child) = syn::parse2::<syn::File>((*child).clone()) {
            imports
                .taken
                .extend(child.items.iter().flat_map(defined_names));
        }
    }
    for item in &file.items {
        if let syn::Item::Use(u) = item {
            let mut found = Vec::new();
            use_paths(&u.tree, &mut Vec::new(), &mut found);
            for (name, path) in found {
                imports.existing.insert(name, path);
            }
        } else {
            imports.taken.extend(defined_names(item));
        }
    }
    imports
        .taken
        .extend(PRELUDE.iter().map(|s| (*s).to_owned()));

    let mut uses = Vec::new();
    let mut items = Vec::new();
    for item in file.items {
        let inline_mod = matches!(&item, syn::Item::Mod(m) if m.content.is_some());
        if matches!(item, syn::Item::Use(_)) {
            uses.push(quote! { #item });
        } else if inline_mod {
            items.push(quote! { #item });
        } else {
            items.push(imports.rewrite(quote! { #item }));
        }
    }
    let added = imports.declarations(allow_unused);
    let attrs = &file.attrs;
    quote! { #(#attrs)* #(#uses)* #(#added)* #(#items)* }
}

#[derive(Default)]
struct Imports {
    /// What the module's own `use` items import: name → path (`Serialize` →
    /// `serde::Serialize`).
    existing: HashMap<String, String>,
    /// Names the module defines, and the prelude's.
    taken: HashSet<String>,
    /// Imports this pass adds: name → path.
    added: BTreeMap<String, String>,
}

impl Imports {
    /// Whether `name` may stand for `path` in the module, adding the import if needed.
    fn claim(&mut self, name: &str, path: &str) -> bool {
        if let Some(existing) = self.existing.get(name) {
            return existing == path;
        }
        if let Some(added) = self.added.get(name) {
            return added == path;
        }
        if self.taken.contains(name) {
            return false;
        }
        self.added.insert(name.to_owned(), path.to_owned());
        true
    }

    /// How much of `segments` (a path after its leading `::`) to keep: from its first
    /// type segment when that can be imported, else all of it (the leading `::` is
    /// dropped all the same, as no generated item is named like a crate).
    fn shortened<'s>(&mut self, segments: &'s [String]) -> &'s [String] {
        let first_type = segments
            .iter()
            .position(|s| s.starts_with(|c: char| c.is_ascii_uppercase()));
        match first_type {
            Some(at) if at > 0 => {
                let path = segments[..=at].join("::");
                if self.claim(&segments[at], &path) {
                    &segments[at..]
                } else {
                    segments
                }
            }
            _ => segments,
        }
    }

    fn rewrite(&mut self, tokens: TokenStream) -> TokenStream {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
        let mut i = 0;
        while i < trees.len() {
            if let Some((segments, end)) = absolute_path(&trees, i) {
                let kept = self.shortened(&segments).to_vec();
                for (n, segment) in kept.iter().enumerate() {
                    if n > 0 {
                        out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
                        out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
                    }
                    out.push(TokenTree::Ident(Ident::new(segment, Span::call_site())));
                }
                i = end;
                continue;
            }
            match &trees[i] {
                TokenTree::Group(g) => {
                    let mut inner = Group::new(g.delimiter(), self.rewrite(g.stream()));
                    inner.set_span(g.span());
                    out.push(TokenTree::Group(inner));
                }
                TokenTree::Literal(lit) => out.push(TokenTree::Literal(self.literal(lit))),
                other => out.push(other.clone()),
            }
            i += 1;
        }
        out.into_iter().collect()
    }

    /// A string that is a path (`"::serde_json::Map::is_empty"`, serde's
    /// `skip_serializing_if`) is shortened like one; any other literal is kept.
    fn literal(&mut self, lit: &Literal) -> Literal {
        let Some(value) = super::features::string_containing(lit, "::") else {
            return lit.clone();
        };
        let Some(rest) = value.strip_prefix("::") else {
            return lit.clone();
        };
        let segments: Vec<String> = rest.split("::").map(str::to_owned).collect();
        let is_path = segments.len() > 1
            && CRATES.contains(&segments[0].as_str())
            && segments.iter().all(|s| syn::parse_str::<Ident>(s).is_ok());
        if !is_path {
            return lit.clone();
        }
        let mut shortened = Literal::string(&self.shortened(&segments).join("::"));
        shortened.set_span(lit.span());
        shortened
    }

    /// `use` items for what was imported, one per path prefix.
    fn declarations(&self, allow_unused: bool) -> Vec<TokenStream> {
        let mut by_prefix: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, path) in &self.added {
            let prefix = path.rsplit_once("::").map_or("", |(p, _)| p);
            by_prefix.entry(prefix).or_default().push(name);
        }
        let allow = allow_unused.then(|| quote! { #[allow(unused_imports)] });
        by_prefix
            .into_iter()
            .map(|(prefix, names)| {
                let prefix = prefix.split("::").map(|s| Ident::new(s, Span::call_site()));
                let names = names.iter().map(|n| Ident::new(n, Span::call_site()));
                if names.len() == 1 {
                    quote! { #allow use #(#prefix)::* :: #(#names)*; }
                } else {
                    quote! { #allow use #(#prefix)::* :: { #(#names),* }; }
                }
            })
            .collect()
    }
}

/// The path at `trees[i]` when it is `::<crate>::<segment>..` with a crate of
/// [`CRATES`] (and not the tail of another path): its segments, and the index after it.
fn absolute_path(trees: &[TokenTree], i: usize) -> Option<(Vec<String>, usize)> {
    let is_colon = |t: Option<&TokenTree>, spacing: Spacing| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == spacing);
    if !(is_colon(trees.get(i), Spacing::Joint) && is_colon(trees.get(i + 1), Spacing::Alone)) {
        return None;
    }
    // `a::b` or `<T as U>::f`: a continuation, not an absolute path. A lone `:` before
    // (a field's type) is fine.
    if i > 0 {
        match &trees[i - 1] {
            // A keyword (`&mut ::x`, `-> impl ::x`) does not continue a path.
            TokenTree::Ident(id) if !KEYWORDS_BEFORE_PATHS.contains(&id.to_string().as_str()) => {
                return None
            }
            // `->` and `=>` end in `>` too, and a path may follow them.
            TokenTree::Punct(p) if p.as_char() == '>' => {
                let arrow = i > 1
                    && matches!(&trees[i - 2], TokenTree::Punct(q)
                        if matches!(q.as_char(), '-' | '=') && q.spacing() == Spacing::Joint);
                if !arrow {
                    return None;
                }
            }
            TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Joint => {
                return None
            }
            _ => {}
        }
    }
    let mut segments = Vec::new();
    let mut at = i + 2;
    while let Some(TokenTree::Ident(id)) = trees.get(at) {
        segments.push(id.to_string());
        at += 1;
        if is_colon(trees.get(at), Spacing::Joint)
            && is_colon(trees.get(at + 1), Spacing::Alone)
            && matches!(trees.get(at + 2), Some(TokenTree::Ident(_)))
        {
            at += 2;
        } else {
            break;
        }
    }
    let known = segments
        .first()
        .is_some_and(|c| CRATES.contains(&c.as_str()));
    (known && segments.len() > 1).then_some((segments, at))
}

/// Each name a `use` tree imports, with its full path.
pub(super) fn use_paths(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    out: &mut Vec<(String, String)>,
) {
    let full = |prefix: &[String], last: &str| {
        let mut p = prefix.to_vec();
        p.push(last.to_owned());
        p.join("::")
    };
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) if n.ident == "self" => {
            if let Some(last) = prefix.last() {
                out.push((last.clone(), prefix.join("::")));
            }
        }
        syn::UseTree::Name(n) => {
            out.push((n.ident.to_string(), full(prefix, &n.ident.to_string())))
        }
        syn::UseTree::Rename(r) => {
            out.push((r.rename.to_string(), full(prefix, &r.ident.to_string())))
        }
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_paths(t, prefix, out);
            }
        }
        syn::UseTree::Glob(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).unwrap())
    }

    #[test]
    fn types_are_imported_and_functions_lose_the_leading_colons() {
        let out = render(shorten(
            quote! {
                #![allow(clippy::large_enum_variant)]
                use serde::{Deserialize, Serialize};
                #[derive(Serialize, Deserialize)]
                pub struct A {
                    #[serde(flatten, skip_serializing_if = "::serde_json::Map::is_empty")]
                    pub rest: ::serde_json::Map<String, ::serde_json::Value>,
                    pub at: ::chrono::DateTime<::chrono::Utc>,
                }
                impl A {
                    pub fn f(&self) -> ::std::fmt::Result {
                        let _ = ::serde_json::to_value(::serde_json::Value::Null);
                    let _: &mut ::serde_json::Value = todo!();
                        ::serde::Serialize::serialize(self, todo!())
                    }
                }
            },
            false,
        ));
        assert_eq!(
            out,
            "#![allow(clippy::large_enum_variant)]\n\
             use serde::{Deserialize, Serialize};\n\
             use chrono::{DateTime, Utc};\n\
             use serde_json::{Map, Value};\n\
             #[derive(Serialize, Deserialize)]\n\
             pub struct A {\n    \
                 #[serde(flatten, skip_serializing_if = \"Map::is_empty\")]\n    \
                 pub rest: Map<String, Value>,\n    \
                 pub at: DateTime<Utc>,\n\
             }\n\
             impl A {\n    \
                 pub fn f(&self) -> std::fmt::Result {\n        \
                     let _ = serde_json::to_value(Value::Null);\n        \
                     let _: &mut Value = todo!();\n        \
                     Serialize::serialize(self, todo!())\n    \
                 }\n\
             }\n"
        );
    }

    #[test]
    fn a_name_the_module_uses_stays_qualified() {
        let out = render(shorten(
            quote! {
                pub struct Value { pub raw: ::serde_json::Value }
                pub struct B { pub x: ::serde::de::Error, pub y: ::serde::ser::Error }
                pub mod inner { pub type V = ::serde_json::Map<String, ::std::string::String>; }
            },
            true,
        ));
        assert!(out.contains("pub raw: serde_json::Value"), "{out}");
        // The first of two `Error`s is imported; the other keeps its path.
        assert!(
            out.contains("#[allow(unused_imports)]\nuse serde::de::Error;"),
            "{out}"
        );
        assert!(
            out.contains("pub x: Error, pub y: serde::ser::Error")
                || out.contains("pub x: Error,\n    pub y: serde::ser::Error"),
            "{out}"
        );
        assert!(
            out.contains("::serde_json::Map<String, ::std::string::String>"),
            "{out}"
        );
        assert!(!out.contains("use serde_json"), "{out}");
    }
}
