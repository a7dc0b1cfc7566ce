//! Recursive types need indirection to have a finite size. A field (or union variant)
//! that holds a named type by value is boxed when that type can reach the holder again
//! through by-value edges; `Vec` and maps already allocate, so they break cycles.

use crate::ir::{TypeDef, TypeKind, TypeRef};
use std::collections::{HashMap, HashSet};

pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: HashMap<String, Vec<String>> = types
        .iter()
        .map(|t| (t.name.clone(), by_value_edges(&t.kind)))
        .collect();
    for t in types.iter_mut() {
        let holder = t.name.clone();
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    if let Some(target) = f.ty.direct_named() {
                        f.boxed = reaches(&edges, target, &holder);
                    }
                }
            }
            TypeKind::Tagged(u) => {
                for v in &mut u.variants {
                    v.boxed = reaches(&edges, &v.ty, &holder);
                }
            }
            TypeKind::Untagged(u) => {
                for v in &mut u.variants {
                    if let Some(target) = v.ty.direct_named() {
                        v.boxed = reaches(&edges, target, &holder);
                    }
                }
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

/// Aliases that lead back to themselves (`A: {$ref: B}`, `B: {$ref: A}`): no Rust type
/// can express them, so they are reported rather than emitted.
pub(super) fn alias_cycles(types: &[TypeDef]) -> Vec<&TypeDef> {
    let aliases: HashMap<&str, &str> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(TypeRef::Named(target)) => Some((t.name.as_str(), target.as_str())),
            _ => None,
        })
        .collect();
    types
        .iter()
        .filter(|t| {
            let mut seen = HashSet::new();
            let mut at = t.name.as_str();
            while let Some(next) = aliases.get(at) {
                if *next == t.name {
                    return true;
                }
                if !seen.insert(at) {
                    return false;
                }
                at = next;
            }
            false
        })
        .collect()
}

/// Names held by value (the edges along which a type's size depends on another's).
fn by_value_edges(kind: &TypeKind) -> Vec<String> {
    let direct = |t: &TypeRef| t.direct_named().map(str::to_owned);
    match kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::Alias(t) => direct(t).into_iter().collect(),
        TypeKind::Tagged(u) => u.variants.iter().map(|v| v.ty.clone()).collect(),
        TypeKind::Untagged(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

fn reaches(edges: &HashMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![from];
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if !seen.insert(n) {
            continue;
        }
        if let Some(next) = edges.get(n) {
            stack.extend(next.iter().map(String::as_str));
        }
    }
    false
}
