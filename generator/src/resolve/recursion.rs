//! Recursive types need indirection to have a finite size. A field (or union variant)
//! that holds a named type by value is boxed when that type can reach the holder again
//! through by-value edges; `Vec` and maps already allocate, so they break cycles.

use crate::ir::{TypeDef, TypeKind, TypeRef};
use std::collections::HashMap;

pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    // An edge holder -> target closes a cycle exactly when target reaches holder again,
    // that is when both sit in one strongly connected component of the by-value graph.
    // Components are computed once, so this stays linear in the size of the type graph.
    let edges: Vec<Vec<String>> = types.iter().map(|t| by_value_edges(&t.kind)).collect();
    let component: HashMap<String, usize> = types
        .iter()
        .map(|t| t.name.clone())
        .zip(components(types, &edges))
        .collect();
    for t in types.iter_mut() {
        let own = component.get(&t.name).copied();
        let cycles = |target: Option<&str>| {
            target.is_some_and(|n| own.is_some() && component.get(n).copied() == own)
        };
        match &mut t.kind {
            TypeKind::Struct(s) | TypeKind::Form(s) => {
                for f in &mut s.fields {
                    f.boxed = cycles(f.ty.direct_named());
                }
            }
            TypeKind::Tagged(u) => {
                for v in &mut u.variants {
                    v.boxed = cycles(Some(&v.ty));
                }
            }
            TypeKind::Untagged(u) => {
                for v in &mut u.variants {
                    v.boxed = cycles(v.ty.direct_named());
                }
            }
            TypeKind::Selected(u) => {
                for v in &mut u.variants {
                    v.boxed = cycles(v.ty.direct_named());
                }
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) | TypeKind::Constrained(_) => {}
        }
    }
}

/// Aliases that lead back to themselves (`A: {$ref: B}`, `B: {$ref: A}`): no Rust type
/// can express them, so they are reported rather than emitted.
pub(super) fn alias_cycles(types: &[TypeDef]) -> Vec<&TypeDef> {
    let edges: Vec<Vec<String>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(TypeRef::Named(target)) => vec![target.clone()],
            _ => Vec::new(),
        })
        .collect();
    let component = components(types, &edges);
    let mut size: HashMap<usize, usize> = HashMap::new();
    for c in &component {
        *size.entry(*c).or_default() += 1;
    }
    types
        .iter()
        .zip(&edges)
        .zip(&component)
        .filter(|((t, out), c)| size.get(c).is_some_and(|&k| k > 1) || out.contains(&t.name))
        .map(|((t, _), _)| t)
        .collect()
}

/// Names held by value (the edges along which a type's size depends on another's).
fn by_value_edges(kind: &TypeKind) -> Vec<String> {
    let direct = |t: &TypeRef| t.direct_named().map(str::to_owned);
    match kind {
        TypeKind::Struct(s) | TypeKind::Form(s) => {
            s.fields.iter().filter_map(|f| direct(&f.ty)).collect()
        }
        TypeKind::Alias(t) => direct(t).into_iter().collect(),
        TypeKind::Tagged(u) => u.variants.iter().map(|v| v.ty.clone()).collect(),
        TypeKind::Untagged(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Selected(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Enum(_) | TypeKind::Constrained(_) => Vec::new(),
    }
}

/// The strongly connected component of every type (Tarjan's algorithm, iterative so
/// that long chains of references cannot overflow the stack). `edges[i]` names the types
/// type `i` points at; names that are not types are ignored.
fn components(types: &[TypeDef], edges: &[Vec<String>]) -> Vec<usize> {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let succ: Vec<Vec<usize>> = edges
        .iter()
        .map(|out| {
            out.iter()
                .filter_map(|n| index.get(n.as_str()).copied())
                .collect()
        })
        .collect();
    let n = types.len();
    let unvisited = usize::MAX;
    let mut order = vec![unvisited; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![unvisited; n];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..n {
        if order[root] != unvisited {
            continue;
        }
        // (node, index of the next successor to look at)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut next)) = work.last_mut() {
            if *next == 0 && order[v] == unvisited {
                order[v] = next_order;
                low[v] = next_order;
                next_order += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = succ[v].get(*next) {
                *next += 1;
                if order[w] == unvisited {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Struct};

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            origin: format!("#/components/schemas/{name}"),
            doc: None,
            kind,
        }
    }

    fn alias(name: &str, target: &str) -> TypeDef {
        def(name, TypeKind::Alias(TypeRef::Named(target.to_owned())))
    }

    fn holder(name: &str, fields: &[&str]) -> TypeDef {
        let fields = fields
            .iter()
            .map(|t| Field {
                name: t.to_lowercase(),
                wire: t.to_lowercase(),
                doc: None,
                ty: TypeRef::Named((*t).to_owned()),
                required: false,
                nullable: false,
                boxed: false,
                flatten: false,
                read_only: false,
            })
            .collect();
        def(
            name,
            TypeKind::Struct(Struct {
                fields,
                additional: None,
                unknown: None,
            }),
        )
    }

    fn boxed(t: &TypeDef) -> Vec<bool> {
        match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.boxed).collect(),
            _ => Vec::new(),
        }
    }

    fn names<'a>(types: &[&'a TypeDef]) -> Vec<&'a str> {
        types.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn only_fields_that_close_a_cycle_are_boxed() {
        let mut types = vec![
            holder("A", &["B"]),
            holder("B", &["A", "C"]),
            holder("C", &[]),
            holder("Selfish", &["Selfish"]),
            holder("User", &["A"]),
        ];
        box_recursive_fields(&mut types);
        let shown: Vec<Vec<bool>> = types.iter().map(boxed).collect();
        assert_eq!(
            shown,
            vec![
                vec![true],
                vec![true, false],
                vec![],
                vec![true],
                vec![false]
            ]
        );
    }

    #[test]
    fn alias_cycles_report_members_but_not_types_leading_into_them() {
        let types = vec![
            alias("Into", "A"),
            alias("A", "B"),
            alias("B", "C"),
            alias("C", "A"),
            alias("Me", "Me"),
            alias("Fine", "Target"),
            holder("Target", &[]),
        ];
        assert_eq!(names(&alias_cycles(&types)), ["A", "B", "C", "Me"]);
    }

    #[test]
    fn long_reference_chains_neither_overflow_nor_take_quadratic_work() {
        let n = 50_000;
        let mut types: Vec<TypeDef> = (0..n)
            .map(|i| alias(&format!("T{i}"), &format!("T{}", i + 1)))
            .collect();
        types.push(holder(&format!("T{n}"), &["T0"]));
        // The chain closes through the struct, by value: its field must be boxed.
        box_recursive_fields(&mut types);
        assert_eq!(types.last().map(boxed), Some(vec![true]));
        // Only aliases: no cycle until the last one points back at the first.
        types.pop();
        assert!(alias_cycles(&types).is_empty());
        types.push(alias(&format!("T{n}"), "T0"));
        assert_eq!(alias_cycles(&types).len(), n + 1);
    }
}
