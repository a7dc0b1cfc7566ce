//! Resolving connector tables into configuration types.
//!
//! Each area's flat list of guarded fields becomes a tree: a field that conditions test
//! with `is` (a *switch*) becomes an enum with one variant per value, holding the fields
//! that exist under that value; nested AND conditions nest these enums. A field under an
//! OR appears in each variant its disjuncts select (they must exclude each other), and a
//! `contains` test stays a checked condition on a member beside the array it tests.

use crate::error::{Diagnostics, Error};
use crate::ir::*;
use crate::load::pointer::escape;
use crate::load::tables::{
    Area, Atom, BindingDecl, Bindings, CondValue, Entry, FieldDef, FieldType, Table, TableArea,
};
use crate::names::{field_name, type_name, variant_name, Namespace};
use std::collections::BTreeMap;

/// The area type a table area (other than the connection's) becomes; the connection
/// and its read-only properties become the two connection kinds together.
fn area_kind(area: TableArea) -> Option<AreaKind> {
    match area {
        TableArea::Connection | TableArea::ReadOnly => None,
        TableArea::Model => Some(AreaKind::Model),
        TableArea::Target => Some(AreaKind::Target),
        TableArea::BulkSource => Some(AreaKind::BulkSource),
        TableArea::BulkDestination => Some(AreaKind::BulkDestination),
    }
}

/// Builds the connector model from loaded tables and bindings, checking the bindings
/// against the resolved spec types in `api`.
pub fn resolve(
    tables: &[Table],
    bindings: Option<&Bindings>,
    api: &Api,
) -> Result<Connectors, Error> {
    if tables.is_empty() {
        return Ok(Connectors::default());
    }
    let mut names = Namespace::new();
    for reserved in [
        UNION_NAME,
        RESPONSE_UNION_NAME,
        "ModelConfiguration",
        "TargetConfiguration",
        "BulkSourceConfiguration",
        "BulkDestinationConfiguration",
    ] {
        names.claim(reserved.to_owned());
    }
    let mut variants = Namespace::new();
    variants.claim("Other".to_owned());
    // Module names share `connectors` with what its root file imports.
    let mut modules = Namespace::new();
    for taken in ["rt", "impl_object", "impl_union"] {
        modules.claim(taken.to_owned());
    }
    let mut diags = Diagnostics::new();
    let mut connectors = Vec::new();
    for table in tables {
        let variant = variants.claim(variant_name(table.name.as_deref().unwrap_or(&table.id)));
        let module = modules.claim(field_name(&table.id));
        let mut b = ConnectorBuilder {
            table,
            prefix: variant.clone(),
            names: &mut names,
            types: Vec::new(),
            value_types: BTreeMap::new(),
            diags: &mut diags,
        };
        let areas = b.areas();
        let types = b.types;
        connectors.push(Connector {
            id: table.id.clone(),
            name: table.name.clone().unwrap_or_else(|| table.id.clone()),
            variant,
            module,
            supports: table.supports.map(|s| Supports {
                models: s.models,
                model_sync_destination: s.model_sync_destination,
                bulk_sync_source: s.bulk_sync_source,
                bulk_sync_destination: s.bulk_sync_destination,
            }),
            areas,
            types,
        });
    }
    let bindings = match bindings {
        Some(b) => resolve_bindings(b, api, &mut diags),
        None => Vec::new(),
    };
    diags.finish()?;
    Ok(Connectors {
        connectors,
        bindings,
    })
}

/// A scope of the tree: the members that exist together.
#[derive(Debug, Clone, PartialEq)]
struct Scope {
    members: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Value {
        field: FieldDef,
        /// Disjunction of conjunctions of (array field, value); empty: unconditional.
        contains: ContainsTests,
    },
    Switch {
        field: FieldDef,
        variants: Vec<(CondValue, Scope)>,
    },
}

/// Where a field was placed: the `is` tests on the way there.
type Path = Vec<Atom>;

/// `contains` tests as (array field, value): a disjunction of conjunctions.
type ContainsTests = Vec<Vec<(String, String)>>;

/// Entries still to place, each with the conjunction that places it.
type Pending<'e> = Vec<(&'e Entry, Vec<Atom>)>;

struct ConnectorBuilder<'a> {
    table: &'a Table,
    prefix: String,
    names: &'a mut Namespace,
    types: Vec<ConfigType>,
    /// Types made for field values, by the field's pointer, so the request and response
    /// trees share them.
    value_types: BTreeMap<String, TypeRef>,
    diags: &'a mut Diagnostics,
}

impl ConnectorBuilder<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let d = self.table.source.error(pointer, message);
        self.diags.error(d);
    }

    fn areas(&mut self) -> Vec<AreaType> {
        let mut out = Vec::new();
        let connection: Vec<&Entry> = self
            .table
            .area(TableArea::Connection)
            .map(|a| a.entries.iter().collect())
            .unwrap_or_default();
        let read_only: Vec<&Entry> = self
            .table
            .area(TableArea::ReadOnly)
            .map(|a| a.entries.iter().collect())
            .unwrap_or_default();
        // Every connector gets a connection type, so the union covers every table.
        let request = self.tree(&connection);
        let mut made = BTreeMap::new();
        let name = self.root(
            AreaKind::Connection,
            &request,
            &connection,
            "",
            None,
            &mut made,
        );
        out.push(AreaType {
            kind: AreaKind::Connection,
            type_name: name.clone(),
        });
        let response_name = if read_only.is_empty() {
            name
        } else {
            let all: Vec<&Entry> = connection.iter().chain(read_only.iter()).copied().collect();
            let response = self.tree(&all);
            self.root(
                AreaKind::ConnectionResponse,
                &response,
                &all,
                "Response",
                Some(&made),
                &mut BTreeMap::new(),
            )
        };
        out.push(AreaType {
            kind: AreaKind::ConnectionResponse,
            type_name: response_name,
        });
        let others = TableArea::ALL
            .into_iter()
            .filter_map(|a| Some((a, area_kind(a)?)));
        for (table_area, kind) in others {
            let Some(area) = self.table.area(table_area) else {
                if self.table.supports(table_area) {
                    out.push(AreaType {
                        kind,
                        type_name: self.free_form(kind),
                    });
                }
                continue;
            };
            let entries: Vec<&Entry> = area.entries.iter().collect();
            let tree = self.tree(&entries);
            let name = self.root(kind, &tree, &entries, "", None, &mut BTreeMap::new());
            out.push(AreaType {
                kind,
                type_name: name,
            });
        }
        out
    }

    /// The type of a supported area whose settings are not documented: any JSON object.
    fn free_form(&mut self, kind: AreaKind) -> String {
        let name = self
            .names
            .claim(format!("{}{}", self.prefix, kind.type_suffix()));
        let table_name = self.table.name.as_deref().unwrap_or(&self.table.id);
        let doc = format!(
            "{} of {table_name} (connection type `{}`). The connector supports this area but \
             its docs list no settings, so it is any JSON object.",
            capitalize(kind.describe()),
            self.table.id
        );
        self.types.push(ConfigType {
            name: name.clone(),
            doc: Some(doc),
            kind: ConfigTypeKind::Object(object(Vec::new(), Vec::new(), true)),
        });
        name
    }

    /// The area prefix of type names: `S3` for the connection, `S3Model` for models, ...
    fn area_prefix(&self, kind: AreaKind) -> String {
        let area = match kind {
            AreaKind::Connection | AreaKind::ConnectionResponse => "",
            AreaKind::Model => "Model",
            AreaKind::Target => "Target",
            AreaKind::BulkSource => "BulkSource",
            AreaKind::BulkDestination => "BulkDestination",
        };
        format!("{}{area}", self.prefix)
    }

    /// Emits the root type of an area and everything under it; returns its name.
    fn root(
        &mut self,
        kind: AreaKind,
        tree: &Scope,
        entries: &[&Entry],
        suffix: &str,
        reuse: Option<&BTreeMap<String, (Node, String)>>,
        made: &mut BTreeMap<String, (Node, String)>,
    ) -> String {
        let start = self.types.len();
        let prefix = self.area_prefix(kind);
        let name = self
            .names
            .claim(format!("{}{}", self.prefix, kind.type_suffix()));
        let members = self.members(tree, &prefix, suffix, reuse, made);
        // A field declared in several sections is allowed in each of them.
        let mut conditional: Vec<(String, String)> = Vec::new();
        for e in entries {
            let Some(c) = &e.condition else { continue };
            match conditional.iter_mut().find(|(n, _)| *n == e.field.name) {
                Some((_, text)) => *text = format!("{text}, or when {}", c.text),
                None => conditional.push((e.field.name.clone(), c.text.clone())),
            }
        }
        let table_name = self.table.name.as_deref().unwrap_or(&self.table.id);
        let doc = format!(
            "{} of {table_name} (connection type `{}`).",
            capitalize(kind.describe()),
            self.table.id
        );
        self.types.insert(
            start,
            ConfigType {
                name: name.clone(),
                doc: Some(doc),
                kind: ConfigTypeKind::Object(object(members, conditional, false)),
            },
        );
        name
    }

    /// Places every entry of an area into a tree of scopes.
    fn tree(&mut self, entries: &[&Entry]) -> Scope {
        let mut pending: Vec<(&Entry, Vec<Atom>)> = Vec::new();
        for e in entries {
            for conj in &e.guard {
                pending.push((e, conj.clone()));
            }
        }
        let mut placements: BTreeMap<String, Vec<Path>> = BTreeMap::new();
        let scope = self.scope(pending, &Vec::new(), &mut placements);
        // A field placed twice must never be present twice at once.
        for (name, paths) in &placements {
            for (i, a) in paths.iter().enumerate() {
                for b in paths.iter().skip(i + 1) {
                    if !exclusive(a, b) {
                        let pointer = entries
                            .iter()
                            .find(|e| e.field.name == *name)
                            .map(|e| e.condition_pointer())
                            .unwrap_or_default();
                        self.error(
                            &pointer,
                            format!(
                                "`{name}` would exist twice at once: the sections it is declared in \
                                 (or the parts of its OR condition) must exclude each other \
                                 (test the same field for different values)"
                            ),
                        );
                    }
                }
            }
        }
        scope
    }

    fn scope(
        &mut self,
        pending: Vec<(&Entry, Vec<Atom>)>,
        path: &Path,
        placements: &mut BTreeMap<String, Vec<Path>>,
    ) -> Scope {
        // Conditions already established by the path are dropped.
        let pending: Vec<(&Entry, Vec<Atom>)> = pending
            .into_iter()
            .map(|(e, conj)| (e, conj.into_iter().filter(|a| !path.contains(a)).collect()))
            .collect();
        let (here, deeper): (Vec<_>, Vec<_>) = pending
            .into_iter()
            .partition(|(_, conj)| conj.iter().all(|a| matches!(a, Atom::Contains { .. })));
        // Members in first-seen order; several placements of one field merge.
        let mut order: Vec<&Entry> = Vec::new();
        let mut contains: BTreeMap<String, Option<ContainsTests>> = BTreeMap::new();
        for (e, conj) in &here {
            if !order.iter().any(|o| o.field.name == e.field.name) {
                order.push(e);
                placements
                    .entry(e.field.name.clone())
                    .or_default()
                    .push(path.clone());
            }
            let tests: Vec<(String, String)> = conj
                .iter()
                .filter_map(|a| match a {
                    Atom::Contains { field, value } => Some((field.clone(), value.clone())),
                    Atom::Is { .. } => None,
                })
                .collect();
            let slot = contains
                .entry(e.field.name.clone())
                .or_insert(Some(Vec::new()));
            match (slot.as_mut(), tests.is_empty()) {
                // Unconditional in one disjunct: unconditional here.
                (_, true) => *slot = None,
                (Some(list), false) => list.push(tests),
                (None, false) => {}
            }
        }
        let member_names: Vec<&str> = order.iter().map(|e| e.field.name.as_str()).collect();
        // Which switch of this scope each deeper entry descends through.
        let mut by_switch: BTreeMap<(String, CondValue), Pending> = BTreeMap::new();
        for (e, conj) in deeper {
            let chosen = conj.iter().find_map(|a| match a {
                Atom::Is { field, value } if member_names.contains(&field.as_str()) => {
                    Some((field.clone(), value.clone()))
                }
                _ => None,
            });
            match chosen {
                Some(key) => by_switch.entry(key).or_default().push((e, conj)),
                None => {
                    let tested: Vec<String> = conj
                        .iter()
                        .filter(|a| matches!(a, Atom::Is { .. }))
                        .map(|a| format!("`{}`", a.field()))
                        .collect();
                    let pointer = e.condition_pointer();
                    self.error(
                        &pointer,
                        format!(
                            "cannot place `{}`: its condition tests {} independently of each other; \
                             conditions may combine a switch only with switches nested under it",
                            e.field.name,
                            tested.join(" and ")
                        ),
                    );
                }
            }
        }
        let mut members = Vec::new();
        let mut guarded = Vec::new();
        for e in order {
            let tests = contains.remove(&e.field.name).flatten().unwrap_or_default();
            for (array, value) in tests.iter().flatten() {
                if !member_names.contains(&array.as_str()) {
                    let pointer = e.condition_pointer();
                    self.error(
                        &pointer,
                        format!(
                            "`{}` tests `{array} contains {value}`, but `{array}` does not exist \
                             in the same section as `{}`",
                            e.field.name, e.field.name
                        ),
                    );
                }
            }
            let switch_values = switch_domain(&e.field);
            let is_switch = by_switch.keys().any(|(f, _)| *f == e.field.name);
            let node = if is_switch {
                let mut variants = Vec::new();
                for value in switch_values {
                    let sub = by_switch
                        .remove(&(e.field.name.clone(), value.clone()))
                        .unwrap_or_default();
                    let mut sub_path = path.clone();
                    sub_path.push(Atom::Is {
                        field: e.field.name.clone(),
                        value: value.clone(),
                    });
                    let scope = self.scope(sub, &sub_path, placements);
                    variants.push((value, scope));
                }
                Node::Switch {
                    field: e.field.clone(),
                    variants,
                }
            } else {
                Node::Value {
                    field: e.field.clone(),
                    contains: tests,
                }
            };
            // Guarded members come last, so the arrays they test are read first.
            if matches!(&node, Node::Value { contains, .. } if !contains.is_empty()) {
                guarded.push(node);
            } else {
                members.push(node);
            }
        }
        members.extend(guarded);
        Scope { members }
    }

    /// IR members of a scope, defining the types they need.
    fn members(
        &mut self,
        scope: &Scope,
        prefix: &str,
        suffix: &str,
        reuse: Option<&BTreeMap<String, (Node, String)>>,
        made: &mut BTreeMap<String, (Node, String)>,
    ) -> Vec<Member> {
        let mut ns = Namespace::new();
        let mut out = Vec::new();
        for node in &scope.members {
            match node {
                Node::Value { field, contains } => {
                    let ty = self.value_type(field, prefix);
                    let contains = contains
                        .iter()
                        .map(|conj| {
                            conj.iter()
                                .map(|(array, value)| ContainsAtom {
                                    member: field_name(array),
                                    wire: array.clone(),
                                    value: value.clone(),
                                })
                                .collect()
                        })
                        .collect::<Vec<Vec<ContainsAtom>>>();
                    let mut doc = field_doc(field);
                    if !contains.is_empty() {
                        let cond: Vec<String> = node_contains_text(node);
                        doc = Some(format!(
                            "{}\n\nOnly allowed when {}.",
                            doc.unwrap_or_default(),
                            cond.join(" or ")
                        ));
                    }
                    out.push(Member {
                        name: ns.claim(field_name(&field.name)),
                        wire: field.name.clone(),
                        doc,
                        kind: MemberKind::Value {
                            ty,
                            required: field.required,
                            sensitive: field.sensitive,
                            contains,
                        },
                    });
                }
                Node::Switch { field, variants } => {
                    let ty = match reuse.and_then(|r| r.get(&field.name)) {
                        Some((same, name)) if same == node => name.clone(),
                        _ => self.switch_type(field, variants, prefix, suffix, reuse, made),
                    };
                    made.insert(field.name.clone(), (node.clone(), ty.clone()));
                    let presence = match (&field.default, &field.ty) {
                        (Some(serde_json::Value::String(s)), _) => {
                            SwitchPresence::Default(SwitchValue::String(s.clone()))
                        }
                        (Some(serde_json::Value::Bool(b)), _) => {
                            SwitchPresence::Default(SwitchValue::Bool(*b))
                        }
                        _ if field.required => SwitchPresence::Required,
                        _ => SwitchPresence::Optional,
                    };
                    let initial = match &presence {
                        SwitchPresence::Default(value) => self.unit_variant(&ty, value),
                        _ => None,
                    };
                    out.push(Member {
                        name: ns.claim(field_name(&field.name)),
                        wire: field.name.clone(),
                        doc: field_doc(field),
                        kind: MemberKind::Switch {
                            ty,
                            presence,
                            initial,
                        },
                    });
                }
            }
        }
        out
    }

    /// The variant of the switch type `ty` for `value`, when it holds no settings.
    fn unit_variant(&self, ty: &str, value: &SwitchValue) -> Option<String> {
        self.types
            .iter()
            .find(|t| t.name == ty)
            .and_then(|t| match &t.kind {
                ConfigTypeKind::Switch(s) => s
                    .variants
                    .iter()
                    .find(|v| v.value == *value && v.members.is_empty())
                    .map(|v| v.name.clone()),
                _ => None,
            })
    }

    fn switch_type(
        &mut self,
        field: &FieldDef,
        variants: &[(CondValue, Scope)],
        prefix: &str,
        suffix: &str,
        reuse: Option<&BTreeMap<String, (Node, String)>>,
        made: &mut BTreeMap<String, (Node, String)>,
    ) -> String {
        let name = self
            .names
            .claim(format!("{prefix}{}{suffix}", type_name(&field.name)));
        let start = self.types.len();
        let mut vns = Namespace::new();
        let mut out = Vec::new();
        for (value, scope) in variants {
            let members = self.members(scope, prefix, suffix, reuse, made);
            let (variant_name, doc) = match value {
                CondValue::Bool(b) => (
                    if *b { "True" } else { "False" }.to_owned(),
                    Some(format!("`{}` is `{b}`.", field.name)),
                ),
                CondValue::String(s) => {
                    let label = field
                        .values
                        .iter()
                        .find(|v| v.value == *s)
                        .and_then(|v| v.label.clone());
                    let doc = match label {
                        Some(l) => format!("`{s}`: {l}."),
                        None => format!("`{s}`."),
                    };
                    (variant_name(s), Some(doc))
                }
            };
            out.push(SwitchVariant {
                name: vns.claim(variant_name),
                value: match value {
                    CondValue::Bool(b) => SwitchValue::Bool(*b),
                    CondValue::String(s) => SwitchValue::String(s.clone()),
                },
                doc,
                members,
            });
        }
        let catch_all = matches!(field.ty, FieldType::String).then(|| {
            if vns.contains("Other") {
                vns.claim("OtherValue".to_owned())
            } else {
                "Other".to_owned()
            }
        });
        let label = field.label.as_deref().unwrap_or(&field.name);
        let doc = format!(
            "{label}: the sections that `{}` selects. Each variant holds the fields that exist \
             when `{}` has that value.",
            field.name, field.name
        );
        self.types.insert(
            start,
            ConfigType {
                name: name.clone(),
                doc: Some(doc),
                kind: ConfigTypeKind::Switch(ConfigSwitch {
                    key: field.name.clone(),
                    variants: out,
                    catch_all,
                }),
            },
        );
        name
    }

    /// The type of a plain field, defining enums and nested objects as needed.
    fn value_type(&mut self, field: &FieldDef, prefix: &str) -> TypeRef {
        if let Some(t) = self.value_types.get(&field.pointer) {
            return t.clone();
        }
        let base = format!("{prefix}{}", type_name(&field.name));
        let ty = self.type_of(&field.ty, field, &base, false);
        self.value_types.insert(field.pointer.clone(), ty.clone());
        ty
    }

    fn type_of(&mut self, ty: &FieldType, field: &FieldDef, base: &str, item: bool) -> TypeRef {
        match ty {
            FieldType::String if !field.values.is_empty() => {
                let name = self.names.claim(if item {
                    format!("{base}Item")
                } else {
                    base.to_owned()
                });
                let mut ns = Namespace::new();
                let variants: Vec<EnumVariant> = field
                    .values
                    .iter()
                    .map(|v| EnumVariant {
                        name: ns.claim(variant_name(&v.value)),
                        wire: v.value.clone(),
                        doc: v.label.clone(),
                    })
                    .collect();
                let label = field.label.as_deref().unwrap_or(&field.name);
                self.types.push(ConfigType {
                    name: name.clone(),
                    doc: Some(format!("Accepted values of `{}` ({label}).", field.name)),
                    kind: ConfigTypeKind::Values(StringEnum {
                        catch_all: crate::names::catch_all(
                            "Other",
                            variants.iter().map(|v: &EnumVariant| v.name.as_str()),
                        ),
                        variants,
                    }),
                });
                TypeRef::Named(name)
            }
            FieldType::String => TypeRef::String,
            FieldType::Integer => TypeRef::I64,
            FieldType::Number => TypeRef::F64,
            FieldType::Boolean => TypeRef::Bool,
            FieldType::Object if field.fields.is_empty() => TypeRef::JsonObject,
            FieldType::Object => {
                let name = self.names.claim(if item {
                    format!("{base}Item")
                } else {
                    base.to_owned()
                });
                let start = self.types.len();
                let mut ns = Namespace::new();
                let mut members = Vec::new();
                for f in &field.fields {
                    let ty = self.value_type(f, &name);
                    members.push(Member {
                        name: ns.claim(field_name(&f.name)),
                        wire: f.name.clone(),
                        doc: field_doc(f),
                        kind: MemberKind::Value {
                            ty,
                            required: f.required,
                            sensitive: f.sensitive,
                            contains: Vec::new(),
                        },
                    });
                }
                let label = field.label.as_deref().unwrap_or(&field.name);
                self.types.insert(
                    start,
                    ConfigType {
                        name: name.clone(),
                        doc: Some(format!("The value of `{}` ({label}).", field.name)),
                        kind: ConfigTypeKind::Object(object(members, Vec::new(), false)),
                    },
                );
                TypeRef::Named(name)
            }
            FieldType::Array(t) => TypeRef::Vec(Box::new(self.type_of(t, field, base, true))),
            FieldType::Map(t) => TypeRef::Map(Box::new(self.type_of(t, field, base, true))),
        }
    }
}

/// The values a switch can take.
fn switch_domain(f: &FieldDef) -> Vec<CondValue> {
    match f.ty {
        FieldType::Boolean => vec![CondValue::Bool(true), CondValue::Bool(false)],
        _ => f
            .values
            .iter()
            .map(|v| CondValue::String(v.value.clone()))
            .collect(),
    }
}

fn node_contains_text(node: &Node) -> Vec<String> {
    match node {
        Node::Value { contains, .. } => contains
            .iter()
            .map(|conj| {
                conj.iter()
                    .map(|(a, v)| format!("`{a}` contains `{v}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect(),
        Node::Switch { .. } => Vec::new(),
    }
}

/// Two placements exclude each other when their paths test one switch for different values.
fn exclusive(a: &Path, b: &Path) -> bool {
    a.iter().any(|x| b.iter().any(|y| x.excludes(y)))
}

/// Rustdoc of a field: label, description and the documented extras.
fn field_doc(f: &FieldDef) -> Option<String> {
    let mut parts = Vec::new();
    match (&f.label, &f.description) {
        (Some(l), Some(d)) if l.trim() == d.trim() => parts.push(l.clone()),
        (Some(l), Some(d)) => {
            parts.push(l.clone());
            parts.push(d.clone());
        }
        (Some(l), None) => parts.push(l.clone()),
        (None, Some(d)) => parts.push(d.clone()),
        (None, None) => {}
    }
    let mut notes = Vec::new();
    if let Some(d) = &f.default {
        notes.push(format!("Default: `{}`.", plain(d)));
    }
    if f.sensitive {
        notes.push("Sensitive: never printed by `Debug`.".to_owned());
    }
    if f.hidden {
        notes.push("Hidden in the Polytomic UI.".to_owned());
    }
    if let Some(e) = f.examples.first() {
        if !f.sensitive {
            notes.push(format!("Example: `{}`.", plain(e)));
        }
    }
    if !notes.is_empty() {
        parts.push(notes.join(" "));
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// A JSON value as the docs write it: strings without quotes.
fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Checks each binding against the spec's types.
fn resolve_bindings(b: &Bindings, api: &Api, diags: &mut Diagnostics) -> Vec<Binding> {
    let mut out: Vec<Binding> = Vec::new();
    for decl in &b.decls {
        match bind(decl, api) {
            Ok(binding) => {
                if out
                    .iter()
                    .any(|o| o.schema == binding.schema && o.wire == binding.wire)
                {
                    diags.error(b.source.error(
                        &decl.pointer,
                        format!("`{}.{}` is bound twice", decl.schema, decl.field),
                    ));
                } else {
                    out.push(binding);
                }
            }
            Err((message, help)) => {
                let mut d = b.source.error(&format!("{}/schema", decl.pointer), message);
                d.help = help;
                diags.error(d);
            }
        }
    }
    out
}

type BindError = (String, Option<String>);

fn bind(decl: &BindingDecl, api: &Api) -> Result<Binding, BindError> {
    let origin = format!("/components/schemas/{}", escape(&decl.schema));
    let Some(def) = api.types.iter().find(|t| t.origin == origin) else {
        let near = crate::error::closest(
            &decl.schema,
            api.types
                .iter()
                .filter_map(|t| t.origin.strip_prefix("/components/schemas/")),
        );
        return Err((
            format!(
                "schema `{}` is not a component schema of the spec",
                decl.schema
            ),
            near.map(|n| format!("did you mean `{n}`?")),
        ));
    };
    let TypeKind::Struct(s) = &def.kind else {
        return Err((
            format!("schema `{}` is not an object with properties", decl.schema),
            None,
        ));
    };
    let field_of = |wire: &str| s.fields.iter().find(|f| f.wire == wire);
    let Some(field) = field_of(&decl.field) else {
        let near = crate::error::closest(&decl.field, s.fields.iter().map(|f| f.wire.as_str()));
        return Err((
            format!("schema `{}` has no property `{}`", decl.schema, decl.field),
            near.map(|n| format!("did you mean `{n}`?")),
        ));
    };
    if !matches!(field.ty, TypeRef::JsonObject | TypeRef::Json) {
        return Err((
            format!(
                "`{}.{}` is not a free-form object, so it cannot hold connector configuration",
                decl.schema, decl.field
            ),
            None,
        ));
    }
    let area = area_kind(decl.area);
    let kind = match (area, &decl.connector_type) {
        (Some(area), _) => BindingKind::Untyped {
            area,
            shape: UntypedShape {
                required: field.required,
                nullable: field.nullable,
                any_json: field.ty == TypeRef::Json,
            },
        },
        (None, Some(path)) => {
            let union = if decl.response {
                RESPONSE_UNION_NAME
            } else {
                UNION_NAME
            }
            .to_owned();
            let (first, rest) = path
                .split_first()
                .ok_or_else(|| ("`connector_type` is empty".to_owned(), None))?;
            let Some(type_field) = field_of(first) else {
                return Err((
                    format!(
                        "schema `{}` has no property `{first}` to read the connector type from",
                        decl.schema
                    ),
                    None,
                ));
            };
            if field.nullable {
                return Err((
                    format!(
                        "`{}.{}` is nullable; typed configuration fields cannot be",
                        decl.schema, decl.field
                    ),
                    None,
                ));
            }
            if rest.is_empty() && type_field.ty == TypeRef::String && field.required {
                BindingKind::Tagged {
                    type_wire: type_field.wire.clone(),
                    type_field: type_field.name.clone(),
                    union,
                }
            } else {
                BindingKind::Keyed {
                    type_field: type_field.name.clone(),
                    path: rest.to_vec(),
                    union,
                }
            }
        }
        (None, None) => {
            return Err((
                "a connection binding needs `connector_type`".to_owned(),
                None,
            ));
        }
    };
    Ok(Binding {
        schema: def.name.clone(),
        field: field.name.clone(),
        wire: field.wire.clone(),
        kind,
    })
}

/// Every example in the tables, for round-trip tests: (connection type, area, JSON).
pub fn examples(tables: &[Table]) -> Vec<(String, TableArea, serde_json::Value)> {
    let mut out = Vec::new();
    for t in tables {
        for a in &t.areas {
            let Area { kind, example, .. } = a;
            if let Some(e) = example {
                out.push((t.id.clone(), *kind, e.clone()));
            }
        }
    }
    out
}

/// An object type, with the name of its field for undocumented keys claimed against its
/// members.
fn object(
    members: Vec<Member>,
    conditional: Vec<(String, String)>,
    free_form: bool,
) -> ConfigObject {
    let undocumented = crate::names::spare_name(
        "undocumented",
        "undocumented_settings",
        members.iter().map(|m| m.name.as_str()),
    );
    ConfigObject {
        members,
        undocumented,
        conditional,
        free_form,
    }
}
