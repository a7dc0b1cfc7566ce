//! Decoding that never loses data: what each untagged union variant accepts (its
//! [`Shape`], from which the runtime picks the variant that fits a value best), a warning
//! for variants that shape alone cannot tell apart, unions selected by a sibling property
//! (`x-union-selectors`), and the map that keeps keys a struct does not declare.
//!
//! A selector is data in the spec, not known to the generator: a root list, each entry
//!
//! ```yaml
//! x-union-selectors:
//!   - schema: Event            # the object holding both properties
//!     selector: type           # its property whose value says which shape `union` has
//!     union: event             # its property holding the union
//!     name: EventKind          # the generated enum (default: the schema's name + `Kind`)
//!     variants:                # selector value: the schema it selects
//!       sync.running: EventingSyncRunningEvent
//! ```

use crate::error::{closest, Diagnostic};
use crate::ir::*;
use crate::load::source::SourceFile;
use crate::names::{type_name, variant_name, Namespace};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The root extension that declares selected unions.
pub(super) const SELECTORS: &str = "x-union-selectors";

/// Applies the declared selectors: each named struct loses its selector and union
/// properties and gets one flattened field of a new [`TypeKind::Selected`] enum. Returns
/// the problems (errors) and the union types the selectors decode instead.
pub(super) fn apply_selectors(
    types: &mut Vec<TypeDef>,
    component_names: &HashMap<String, String>,
    names: &mut Namespace,
    declared: Option<&Value>,
    src: &SourceFile,
) -> (Vec<Diagnostic>, HashSet<String>) {
    let mut diags = Vec::new();
    let mut covered = HashSet::new();
    let Some(declared) = declared else {
        return (diags, covered);
    };
    let pointer = format!("/{SELECTORS}");
    let Value::Array(list) = declared else {
        diags.push(src.error(
            &pointer,
            format!("`{SELECTORS}` must be a list of {{schema, selector, union, variants}}"),
        ));
        return (diags, covered);
    };
    let components: Vec<&str> = component_names.keys().map(String::as_str).collect();
    for (i, entry) in list.iter().enumerate() {
        let at = format!("{pointer}/{i}");
        let context = Context {
            component_names,
            components: &components,
        };
        if let Err((key, message)) = selector(types, names, &context, &mut covered, entry, &at) {
            let p = if key.is_empty() {
                at
            } else {
                format!("{at}/{key}")
            };
            diags.push(src.error(&p, message));
        }
    }
    types.sort_by(|a, b| a.name.cmp(&b.name));
    (diags, covered)
}

/// What every selector entry is checked against.
struct Context<'a> {
    component_names: &'a HashMap<String, String>,
    components: &'a [&'a str],
}

impl Context<'_> {
    /// The Rust type of a component schema, or the problem (under `key`).
    fn schema(&self, key: &str, name: &str) -> Result<String, (String, String)> {
        match self.component_names.get(name) {
            Some(rust) => Ok(rust.clone()),
            None => {
                let hint = closest(name, self.components.iter().copied())
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                Err((
                    key.to_owned(),
                    format!("no schema `{name}` in components{hint}"),
                ))
            }
        }
    }
}

/// Applies one selector entry; the problem (the key it is under, and what) otherwise.
fn selector(
    types: &mut Vec<TypeDef>,
    names: &mut Namespace,
    context: &Context<'_>,
    covered: &mut HashSet<String>,
    entry: &Value,
    at: &str,
) -> Result<(), (String, String)> {
    let fail = |key: &str, message: String| Err((key.to_owned(), message));
    let Some(map) = entry.as_object() else {
        return fail(
            "",
            "a selector is an object {schema, selector, union, variants}".into(),
        );
    };
    const KEYS: [&str; 5] = ["schema", "selector", "union", "name", "variants"];
    if let Some(unknown) = map.keys().find(|k| !KEYS.contains(&k.as_str())) {
        let hint = closest(unknown, KEYS)
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        return fail(unknown, format!("unknown key `{unknown}`{hint}"));
    }
    let text = |key: &str| {
        map.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let (Some(schema), Some(selector), Some(union)) =
        (text("schema"), text("selector"), text("union"))
    else {
        return fail(
            "",
            "a selector needs the strings `schema`, `selector` and `union`".into(),
        );
    };
    let Some(variants) = map
        .get("variants")
        .and_then(Value::as_object)
        .filter(|v| !v.is_empty())
    else {
        return fail(
            "variants",
            "`variants` must map each selector value to a schema".into(),
        );
    };
    let holder = context.schema("schema", schema)?;
    let mut selected = Vec::new();
    let mut ns = Namespace::new();
    for (value, target) in variants {
        let key = format!("variants/{}", crate::load::pointer::escape(value));
        let Some(target) = target.as_str() else {
            return fail(&key, "a variant names a schema".into());
        };
        selected.push(SelectedVariant {
            name: ns.claim(variant_name(value)),
            wire: value.clone(),
            ty: TypeRef::Named(context.schema(&key, target)?),
            boxed: false,
        });
    }
    let Some(def) = types.iter_mut().find(|t| t.name == holder) else {
        return fail("schema", format!("`{schema}` defines no type"));
    };
    let TypeKind::Struct(st) = &mut def.kind else {
        return fail("schema", format!("`{schema}` is not an object schema"));
    };
    let position = |wire: &str| st.fields.iter().position(|f| f.wire == wire);
    let (Some(sel), Some(payload)) = (position(selector), position(union)) else {
        let missing = if position(selector).is_none() {
            ("selector", selector)
        } else {
            ("union", union)
        };
        let props: Vec<&str> = st.fields.iter().map(|f| f.wire.as_str()).collect();
        let hint = closest(missing.1, props)
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        return fail(
            missing.0,
            format!("`{schema}` has no property `{}`{hint}", missing.1),
        );
    };
    if let TypeRef::Named(u) = &st.fields[payload].ty {
        covered.insert(u.clone());
    }
    let enum_name = names.claim(match text("name") {
        Some(n) => type_name(n),
        None => format!("{holder}Kind"),
    });
    let doc = format!(
        "`{holder}.{union}`, typed by `{holder}.{selector}`: one variant per `{selector}` \
         value, and `Unknown` for a value this SDK does not know (or a `{union}` that does \
         not fit it), kept as received."
    );
    let field_doc = st.fields[payload].doc.clone();
    st.fields.retain(|f| f.wire != selector && f.wire != union);
    let mut fields = Namespace::new();
    for f in &st.fields {
        fields.claim(f.name.clone());
    }
    let both = format!("`{selector}` and `{union}` on the wire, typed together.");
    st.fields.insert(
        sel.min(payload).min(st.fields.len()),
        Field {
            name: fields.claim("kind".to_owned()),
            wire: String::new(),
            doc: Some(field_doc.map_or_else(|| both.clone(), |d| format!("{d}\n\n{both}"))),
            ty: TypeRef::Named(enum_name.clone()),
            required: true,
            nullable: false,
            boxed: false,
            read_only: false,
            flatten: true,
        },
    );
    types.push(TypeDef {
        name: enum_name,
        // Declared by the selector entry; the struct keeps the schema's node.
        origin: at.to_owned(),
        doc: Some(doc),
        kind: TypeKind::Selected(SelectedUnion {
            selector: selector.to_owned(),
            payload: union.to_owned(),
            catch_all: crate::names::catch_all("Unknown", selected.iter().map(|v| v.name.as_str())),
            variants: selected,
        }),
    });
    Ok(())
}

/// Gives every JSON struct a response can carry (or that no operation uses) that does not
/// already take every key a map for the keys it does not declare; structs only sent in
/// requests stay as they are. A flattened [`TypeKind::Selected`] field claims its two keys
/// first, so the map sees only the rest; beside a flattened untagged union the union's
/// variants keep them instead.
pub(super) fn keep_unknown_fields(types: &mut [TypeDef], operations: &[Operation]) {
    let selected: HashSet<String> = types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Selected(_)))
        .map(|t| t.name.clone())
        .collect();
    let request_only = {
        let by_name: HashMap<&str, &TypeKind> =
            types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
        let responses = reachable(
            &by_name,
            operations
                .iter()
                .flat_map(|o| o.success.iter().map(|s| &s.ty).chain(o.errors.types())),
        );
        let requests = reachable(
            &by_name,
            operations.iter().flat_map(|o| {
                o.body
                    .iter()
                    .map(|b| &b.ty)
                    .chain(o.params.iter().map(|p| &p.ty))
            }),
        );
        &requests - &responses
    };
    for t in types {
        let TypeKind::Struct(s) = &mut t.kind else {
            continue;
        };
        let takes_all = s.additional.is_some()
            || s.fields
                .iter()
                .any(|f| f.flatten && !f.ty.direct_named().is_some_and(|n| selected.contains(n)));
        if takes_all || request_only.contains(&t.name) {
            continue;
        }
        let mut ns = Namespace::new();
        for f in &s.fields {
            ns.claim(f.name.clone());
        }
        s.unknown = Some(ns.claim("unknown_fields".to_owned()));
    }
}

/// Every named type reachable from `roots`.
fn reachable<'a>(
    by_name: &HashMap<&str, &TypeKind>,
    roots: impl Iterator<Item = &'a TypeRef>,
) -> HashSet<String> {
    let mut stack = Vec::new();
    for r in roots {
        r.named(&mut stack);
    }
    let mut seen = HashSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let refs: Vec<&TypeRef> = match by_name.get(name.as_str()) {
            Some(TypeKind::Struct(s) | TypeKind::Form(s)) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(&s.additional)
                .collect(),
            Some(TypeKind::Untagged(u)) => u.variants.iter().map(|v| &v.ty).collect(),
            Some(TypeKind::Selected(u)) => u.variants.iter().map(|v| &v.ty).collect(),
            Some(TypeKind::Alias(t)) => vec![t],
            Some(TypeKind::Tagged(u)) => {
                stack.extend(u.variants.iter().map(|v| v.ty.clone()));
                Vec::new()
            }
            _ => Vec::new(),
        };
        for r in refs {
            r.named(&mut stack);
        }
    }
    seen
}

/// Fills in the shape of every untagged union variant, and warns (located at the union)
/// about variants that no value of their own shape would be decoded as, except in the
/// unions a selector decodes instead (`covered`).
pub(super) fn analyze(
    types: &mut [TypeDef],
    covered: &HashSet<String>,
    src: &SourceFile,
) -> Vec<Diagnostic> {
    let shapes: Vec<Vec<Shape>> = {
        let by_name: HashMap<&str, &TypeKind> =
            types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
        types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Untagged(u) => u
                    .variants
                    .iter()
                    .map(|v| shape_of(&by_name, &v.ty, 0))
                    .collect(),
                _ => Vec::new(),
            })
            .collect()
    };
    let mut diags = Vec::new();
    for (t, shapes) in types.iter_mut().zip(shapes) {
        let TypeKind::Untagged(u) = &mut t.kind else {
            continue;
        };
        for (v, shape) in u.variants.iter_mut().zip(shapes) {
            v.shape = shape;
        }
        if covered.contains(&t.name) {
            continue;
        }
        let shapes: Vec<&Shape> = u.variants.iter().map(|v| &v.shape).collect();
        for (j, v) in u.variants.iter().enumerate() {
            if let Some(i) = shadowed_by(&shapes, j) {
                diags.push(
                    src.error(
                        &t.origin,
                        format!(
                        "`{}`: the variants `{}` and `{}` cannot be told apart by shape; a value \
                         of `{}` decodes as `{}`. A `discriminator`, a property fixed to one \
                         value per variant, or an `x-union-selectors` entry would tell them apart",
                        t.name, u.variants[i].name, v.name, v.name, u.variants[i].name
                    ),
                    )
                    .warning(),
                );
                break;
            }
        }
    }
    diags
}

/// What values `ty` takes, looked into `depth` unions deep.
fn shape_of(by_name: &HashMap<&str, &TypeKind>, ty: &TypeRef, depth: usize) -> Shape {
    if depth > 8 {
        return Shape::Any;
    }
    match ty {
        TypeRef::Named(n) => match by_name.get(n.as_str()) {
            Some(TypeKind::Struct(s)) => {
                let selected = |f: &Field| {
                    f.ty.direct_named().and_then(|n| match by_name.get(n) {
                        Some(TypeKind::Selected(u)) => Some(u),
                        _ => None,
                    })
                };
                let mut known = Vec::new();
                let mut open = s.additional.is_some();
                for f in &s.fields {
                    match (f.flatten, selected(f)) {
                        (false, _) => known.push(f.wire.clone()),
                        (true, Some(u)) => {
                            known.push(u.selector.clone());
                            known.push(u.payload.clone());
                        }
                        (true, None) => open = true,
                    }
                }
                let required = s
                    .fields
                    .iter()
                    .filter(|f| f.required && !f.flatten && f.ty != TypeRef::Json)
                    .map(|f| f.wire.clone())
                    .collect();
                Shape::Object {
                    known,
                    required,
                    open,
                }
            }
            Some(TypeKind::Enum(e)) => {
                Shape::Values(e.variants.iter().map(|v| v.wire.clone()).collect())
            }
            Some(TypeKind::Tagged(u)) => Shape::Object {
                known: vec![u.tag.clone()],
                required: vec![u.tag.clone()],
                open: true,
            },
            Some(TypeKind::Selected(u)) => Shape::Object {
                known: vec![u.selector.clone(), u.payload.clone()],
                required: Vec::new(),
                open: true,
            },
            Some(TypeKind::Untagged(u)) => Shape::OneOf(
                u.variants
                    .iter()
                    .map(|v| shape_of(by_name, &v.ty, depth + 1))
                    .collect(),
            ),
            Some(TypeKind::Alias(t)) => shape_of(by_name, t, depth + 1),
            Some(TypeKind::Constrained(c)) => match c.base {
                TypeRef::String => Shape::Text,
                TypeRef::F32 | TypeRef::F64 => Shape::Number,
                _ => Shape::Integer,
            },
            Some(TypeKind::Form(_)) | None => Shape::Any,
        },
        TypeRef::String => Shape::String,
        TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => Shape::Text,
        TypeRef::Bool => Shape::Bool,
        TypeRef::I32 | TypeRef::I64 | TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64 => {
            Shape::Integer
        }
        TypeRef::F32 | TypeRef::F64 => Shape::Number,
        TypeRef::Json | TypeRef::Bytes | TypeRef::File => Shape::Any,
        TypeRef::JsonObject | TypeRef::Map(_) => Shape::Object {
            known: Vec::new(),
            required: Vec::new(),
            open: true,
        },
        TypeRef::Vec(t) => Shape::Array(Box::new(shape_of(by_name, t, depth + 1))),
    }
}

/// The earlier-ranked variant that a typical value of variant `j` decodes as instead,
/// if any. Checked and formatted strings (`Text`) are left out as rivals: decoding them
/// fails on other strings, which then go on to the next variant.
fn shadowed_by(shapes: &[&Shape], j: usize) -> Option<usize> {
    let sample = sample(shapes[j])?;
    let own = fit(&sample, shapes[j])?;
    shapes
        .iter()
        .enumerate()
        .filter(|&(i, s)| i != j && **s != Shape::Text)
        .find(|&(i, s)| {
            fit(&sample, s).is_some_and(|rival| {
                let better = rival.better_than(&own);
                better || (i < j && !own.better_than(&rival))
            })
        })
        .map(|(i, _)| i)
}

/// A value of the shape with every declared key; `None` where any value would do.
fn sample(shape: &Shape) -> Option<Value> {
    Some(match shape {
        Shape::Any | Shape::OneOf(_) => return None,
        Shape::Bool => Value::Bool(true),
        Shape::Integer => Value::from(1),
        Shape::Number => Value::from(1.5),
        Shape::String | Shape::Text => Value::from("\u{1}"),
        Shape::Values(values) => Value::from(values.first()?.clone()),
        Shape::Array(item) => Value::Array(vec![sample(item)?]),
        Shape::Object { known, .. } => {
            Value::Object(known.iter().map(|k| (k.clone(), Value::Null)).collect())
        }
    })
}

/// How well a value fits a shape; mirrors the runtime's `Fit` (see the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fit {
    /// 5: an enum's own value; 4: fits fully; 3: fits loosely (keys the type does not
    /// declare, an integer as a number, any string); 2: an enum's catch-all; 1: anything.
    rank: u8,
    /// Keys present that the type declares.
    known: usize,
    /// Keys the type declares that are absent.
    slack: usize,
}

impl Fit {
    fn better_than(&self, other: &Fit) -> bool {
        (self.rank, self.known, std::cmp::Reverse(self.slack))
            > (other.rank, other.known, std::cmp::Reverse(other.slack))
    }
}

fn fit(value: &Value, shape: &Shape) -> Option<Fit> {
    let plain = |rank| {
        Some(Fit {
            rank,
            known: 0,
            slack: 0,
        })
    };
    match (shape, value) {
        (Shape::Any, _) => plain(1),
        (Shape::Bool, Value::Bool(_)) => plain(4),
        (Shape::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => plain(4),
        (Shape::Number, Value::Number(n)) => plain(if n.is_f64() { 4 } else { 3 }),
        (Shape::String, Value::String(_)) => plain(3),
        (Shape::Text, Value::String(_)) => plain(4),
        (Shape::Values(values), Value::String(s)) => plain(if values.contains(s) { 5 } else { 2 }),
        (Shape::Array(item), Value::Array(items)) => {
            let mut rank = 4;
            for v in items {
                rank = rank.min(fit(v, item)?.rank);
            }
            plain(rank)
        }
        (
            Shape::Object {
                known,
                required,
                open,
            },
            Value::Object(map),
        ) => {
            if required.iter().any(|r| !map.contains_key(r)) {
                return None;
            }
            let present = map.keys().filter(|k| known.contains(k)).count();
            let rank = if *open || present == map.len() { 4 } else { 3 };
            Some(Fit {
                rank,
                known: present,
                slack: known.len() - present,
            })
        }
        (Shape::OneOf(shapes), _) => shapes.iter().filter_map(|s| fit(value, s)).reduce(|a, b| {
            if b.better_than(&a) {
                b
            } else {
                a
            }
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(known: &[&str], required: &[&str]) -> Shape {
        Shape::Object {
            known: known.iter().map(|s| (*s).to_owned()).collect(),
            required: required.iter().map(|s| (*s).to_owned()).collect(),
            open: false,
        }
    }

    #[test]
    fn identical_objects_shadow_the_later_one() {
        let a = object(&["id", "name"], &[]);
        let b = object(&["name", "id"], &[]);
        assert_eq!(shadowed_by(&[&a, &b], 1), Some(0));
        assert_eq!(shadowed_by(&[&a, &b], 0), None);
    }

    #[test]
    fn a_subset_and_a_superset_are_told_apart() {
        let small = object(&["id"], &[]);
        let big = object(&["id", "total"], &[]);
        assert_eq!(shadowed_by(&[&small, &big], 1), None);
        assert_eq!(shadowed_by(&[&small, &big], 0), None);
    }

    #[test]
    fn scalars_of_one_kind_clash_but_formats_and_enums_do_not() {
        let shapes = [Shape::String, Shape::String];
        let refs: Vec<&Shape> = shapes.iter().collect();
        assert_eq!(shadowed_by(&refs, 1), Some(0));
        let shapes = [Shape::String, Shape::Text, Shape::Values(vec!["a".into()])];
        let refs: Vec<&Shape> = shapes.iter().collect();
        assert!((0..3).all(|j| shadowed_by(&refs, j).is_none()));
        let shapes = [Shape::Number, Shape::Integer];
        let refs: Vec<&Shape> = shapes.iter().collect();
        assert!((0..2).all(|j| shadowed_by(&refs, j).is_none()));
    }
}
