//! The checker: a raw table into the checked model, every problem reported with its
//! file, line and column.

use super::super::pointer::escape;
use super::super::source::SourceFile;
use super::contradiction;
use super::effective_of;
use super::parse_condition;
use super::Area;
use super::Atom;
use super::CondValue;
use super::Condition;
use super::Dnf;
use super::Entry;
use super::FieldDef;
use super::FieldType;
use super::GuardError;
use super::RawArea;
use super::RawField;
use super::RawSupports;
use super::RawTable;
use super::Sections;
use super::TableArea;
use super::MAX_AREA_TESTS;
use super::MAX_CONDITION_DEPTH;
use super::MAX_GUARD_ALTERNATIVES;
use crate::error::closest;
use crate::error::Location;
use crate::error::{Diagnostic, Diagnostics};
use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use serde_yaml::Value as Yaml;
use std::collections::BTreeMap;
use std::collections::BTreeSet;

pub(super) const TABLE_KEYS: &[&str] = &[
    "connector",
    "name",
    "notes",
    "supports",
    "connection",
    "read_only",
    "model",
    "target",
    "bulk_source",
    "bulk_destination",
];
pub(super) const SUPPORTS_KEYS: &[&str] = &[
    "models",
    "model_sync_destination",
    "bulk_sync_source",
    "bulk_sync_destination",
];
pub(super) const AREA_KEYS: &[&str] = &["fields", "when", "example"];
pub(super) const FIELD_KEYS: &[&str] = &[
    "name",
    "type",
    "label",
    "description",
    "required",
    "default",
    "values",
    "sensitive",
    "hidden",
    "examples",
    "fields",
];
pub(super) const VALUE_KEYS: &[&str] = &["value", "label"];

pub(super) struct Loader<'s> {
    pub(super) src: &'s SourceFile,
    pub(super) diags: Diagnostics,
    /// Fields declared but refused (a bad type, a bad default): conditions that test them
    /// are not reported again as testing an unknown field.
    pub(super) broken: BTreeSet<String>,
}

/// What checking a table gives, before its notes and source are attached.
pub(super) struct Checked {
    pub(super) id: String,
    pub(super) name: Option<String>,
    pub(super) supports: Option<RawSupports>,
    pub(super) areas: Vec<Area>,
}

impl Loader<'_> {
    pub(super) fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.help(pointer, message, None);
    }

    pub(super) fn help(&mut self, pointer: &str, message: impl Into<String>, help: Option<String>) {
        let mut d = self.src.error(pointer, message);
        d.help = help;
        self.diags.error(d);
    }

    /// Syntax, unknown keys and value shapes; unknown keys are removed (after being
    /// reported) so the rest of the file is still checked.
    pub(super) fn raw(&mut self) -> Option<RawTable> {
        let mut value: Yaml = match serde_yaml::from_str(&self.src.text) {
            Ok(v) => v,
            Err(e) => {
                let location = e.location().map(|l| Location {
                    line: l.line(),
                    column: l.column(),
                });
                self.diags.error(
                    Diagnostic::new(&self.src.path, format!("invalid YAML: {e}")).at(location),
                );
                return None;
            }
        };
        if !value.is_mapping() {
            self.error(
                "",
                "a connector table is a mapping with `connector:` and its areas",
            );
            return None;
        }
        self.prune(&mut value, "", TABLE_KEYS, "table");
        if let Some(map) = value.as_mapping_mut() {
            if let Some(s) = map.get_mut("supports") {
                self.prune(s, "/supports", SUPPORTS_KEYS, "`supports`");
            }
            for area in TableArea::ALL {
                let Some(a) = map.get_mut(area.key()) else {
                    continue;
                };
                let ptr = format!("/{}", area.key());
                self.prune(a, &ptr, AREA_KEYS, "an area");
                let Some(a) = a.as_mapping_mut() else {
                    continue;
                };
                if let Some(Yaml::Sequence(fields)) = a.get_mut("fields") {
                    for (i, f) in fields.iter_mut().enumerate() {
                        self.prune_field(f, &format!("{ptr}/fields/{i}"));
                    }
                }
                if let Some(Yaml::Mapping(when)) = a.get_mut("when") {
                    for (k, v) in when.iter_mut() {
                        let key = k.as_str().unwrap_or_default();
                        let sp = format!("{ptr}/when/{}", escape(key));
                        if let Yaml::Sequence(fields) = v {
                            for (i, f) in fields.iter_mut().enumerate() {
                                self.prune_field(f, &format!("{sp}/{i}"));
                            }
                        }
                    }
                }
            }
        }
        // The outline first (entries as plain YAML), then each field entry on its own, so
        // one bad entry does not hide the problems of the others.
        let outline: RawTable<Yaml> = self.deserialize(value, "")?;
        let mut ok = true;
        let mut area = |l: &mut Self, a: Option<RawArea<Yaml>>, key: &str| {
            a.map(|a| {
                let fields = l.entries(a.fields, &format!("/{key}/fields"), &mut ok);
                let when = a
                    .when
                    .0
                    .into_iter()
                    .map(|(cond, fields)| {
                        let ptr = format!("/{key}/when/{}", escape(&cond));
                        let fields = l.entries(fields, &ptr, &mut ok);
                        (cond, fields)
                    })
                    .collect();
                RawArea {
                    fields,
                    when: Sections(when),
                    example: a.example,
                }
            })
        };
        let table = RawTable {
            connector: outline.connector,
            name: outline.name,
            notes: outline.notes,
            supports: outline.supports,
            connection: area(self, outline.connection, "connection"),
            read_only: area(self, outline.read_only, "read_only"),
            model: area(self, outline.model, "model"),
            target: area(self, outline.target, "target"),
            bulk_source: area(self, outline.bulk_source, "bulk_source"),
            bulk_destination: area(self, outline.bulk_destination, "bulk_destination"),
        };
        ok.then_some(table)
    }

    pub(super) fn entries(
        &mut self,
        values: Vec<Yaml>,
        pointer: &str,
        ok: &mut bool,
    ) -> Vec<RawField> {
        let mut out = Vec::new();
        for (i, v) in values.into_iter().enumerate() {
            match self.deserialize::<RawField>(v, &format!("{pointer}/{i}")) {
                Some(f) => out.push(f),
                None => *ok = false,
            }
        }
        out
    }

    pub(super) fn deserialize<T: DeserializeOwned>(
        &mut self,
        value: Yaml,
        pointer: &str,
    ) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let at = format!(
                    "{pointer}{}",
                    super::super::openapi::path_to_pointer(e.path()).replace("/?", "")
                );
                self.error(&at, e.inner().to_string());
                None
            }
        }
    }

    /// Reports keys outside `allowed` (with the closest allowed key) and removes them.
    pub(super) fn prune(&mut self, node: &mut Yaml, pointer: &str, allowed: &[&str], what: &str) {
        let Some(map) = node.as_mapping_mut() else {
            return;
        };
        let mut unknown = Vec::new();
        for k in map.keys() {
            match k.as_str() {
                Some(s) if allowed.contains(&s) => {}
                Some(s) => unknown.push(s.to_owned()),
                None => {
                    self.error(pointer, format!("{what} has a key that is not a string"));
                }
            }
        }
        for k in unknown {
            let help = match closest(&k, allowed.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("expected one of: {}", allowed.join(", ")),
            };
            self.help(
                &format!("{pointer}/{}", escape(&k)),
                format!("unknown key `{k}` in {what}"),
                Some(help),
            );
            map.remove(k.as_str());
        }
    }

    pub(super) fn prune_field(&mut self, node: &mut Yaml, pointer: &str) {
        self.prune(node, pointer, FIELD_KEYS, "a field");
        let Some(map) = node.as_mapping_mut() else {
            return;
        };
        if let Some(Yaml::Sequence(values)) = map.get_mut("values") {
            for (i, v) in values.iter_mut().enumerate() {
                self.prune(
                    v,
                    &format!("{pointer}/values/{i}"),
                    VALUE_KEYS,
                    "an accepted value",
                );
            }
        }
        if let Some(Yaml::Sequence(fields)) = map.get_mut("fields") {
            for (i, f) in fields.iter_mut().enumerate() {
                self.prune_field(f, &format!("{pointer}/fields/{i}"));
            }
        }
    }

    pub(super) fn check(&mut self, raw: RawTable) -> Checked {
        let stem = self
            .src
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if raw.connector != stem {
            self.help(
                "/connector",
                format!(
                    "`connector: {}` does not match the file name `{stem}.yaml`",
                    raw.connector
                ),
                Some("name the file after the connection type".to_owned()),
            );
        }
        if raw.connector.is_empty()
            || !raw
                .connector
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            self.error(
                "/connector",
                format!(
                    "`{}` is not a connection type (lowercase letters, digits and `_`)",
                    raw.connector
                ),
            );
        }
        let mut areas = Vec::new();
        // Read-only properties are conditioned on connection fields, so they are checked
        // together; the area they land in stays separate.
        let connection = self.fields_of(TableArea::Connection, &raw);
        let read_only = self.fields_of(TableArea::ReadOnly, &raw);
        // The docs list some connection settings among the read-only properties too (the
        // API returns them); those are the connection's field, not a second one.
        self.unique_names(&read_only);
        let read_only: Vec<(FieldDef, Option<Condition>)> = read_only
            .into_iter()
            .filter(|(f, _)| !connection.iter().any(|(c, _)| c.name == f.name))
            .collect();
        for kind in TableArea::ALL {
            let Some(a) = kind.of(&raw) else {
                continue;
            };
            let entries = match kind {
                TableArea::Connection => connection.clone(),
                TableArea::ReadOnly => read_only.clone(),
                _ => self.fields_of(kind, &raw),
            };
            let scope: Vec<&(FieldDef, Option<Condition>)> = match kind {
                TableArea::ReadOnly => connection.iter().chain(read_only.iter()).collect(),
                TableArea::Connection => connection.iter().collect(),
                _ => entries.iter().collect(),
            };
            let scope: Vec<(FieldDef, Option<Condition>)> = scope.into_iter().cloned().collect();
            if !matches!(kind, TableArea::ReadOnly) {
                self.unique_names(&entries);
            }
            let guards = self.guards(&scope);
            let entries: Vec<Entry> = entries
                .into_iter()
                .map(|(field, condition)| {
                    let guard = guards
                        .get(&entry_key(&field, condition.as_ref()))
                        .cloned()
                        .unwrap_or_else(|| vec![Vec::new()]);
                    Entry {
                        field,
                        condition,
                        guard,
                    }
                })
                .collect();
            if let Some(example) = &a.example {
                self.check_example(kind, example, &entries);
            }
            areas.push(Area {
                kind,
                entries,
                example: a.example.clone(),
            });
        }
        Checked {
            id: raw.connector,
            name: raw.name,
            supports: raw.supports,
            areas: areas
                .into_iter()
                .filter(|a| !a.entries.is_empty() || a.example.is_some())
                .collect(),
        }
    }

    /// The checked fields of an area with their conditions as written.
    pub(super) fn fields_of(
        &mut self,
        kind: TableArea,
        raw: &RawTable,
    ) -> Vec<(FieldDef, Option<Condition>)> {
        let Some(a) = kind.of(raw) else {
            return Vec::new();
        };
        let key = kind.key();
        let mut out = Vec::new();
        for (i, f) in a.fields.iter().enumerate() {
            let ptr = format!("/{key}/fields/{i}");
            match self.field(f, &ptr) {
                Some(f) => out.push((f, None)),
                None => {
                    self.broken.insert(f.name.clone());
                }
            }
        }
        // Conditions refer to fields by name; parse them once every name is known.
        let mut sections = Vec::new();
        for (text, fields) in &a.when.0 {
            let ptr = format!("/{key}/when/{}", escape(text));
            let mut checked = Vec::new();
            for (i, f) in fields.iter().enumerate() {
                match self.field(f, &format!("{ptr}/{i}")) {
                    Some(f) => checked.push(f),
                    None => {
                        self.broken.insert(f.name.clone());
                    }
                }
            }
            if fields.is_empty() {
                self.error(&ptr, format!("section `{text}` has no fields"));
            }
            sections.push((text.clone(), ptr, checked));
        }
        for (text, ptr, fields) in sections {
            let condition = parse_condition(&text).map(|any| Condition {
                text: text.clone(),
                any,
                pointer: ptr.clone(),
            });
            let condition = match condition {
                Ok(c) => Some(c),
                Err(message) => {
                    self.help(
                        &ptr,
                        format!("cannot read condition `{text}`: {message}"),
                        Some(
                            "write `<field> is <value>` or `<field> contains <value>`, joined by AND / OR"
                                .to_owned(),
                        ),
                    );
                    None
                }
            };
            for f in fields {
                out.push((f, condition.clone()));
            }
        }
        out
    }

    /// A name may repeat only between sections: whether two sections can hold at once
    /// is decided where the sections become a tree (resolve), which reports it.
    pub(super) fn unique_names(&mut self, entries: &[(FieldDef, Option<Condition>)]) {
        let mut unconditional = BTreeSet::new();
        let mut sectioned = BTreeSet::new();
        for (f, condition) in entries {
            let name = f.name.as_str();
            let clash = match condition {
                Some(c) => {
                    !sectioned.insert((name, c.text.as_str())) || unconditional.contains(name)
                }
                None => !unconditional.insert(name) || sectioned.iter().any(|(n, _)| *n == name),
            };
            if clash {
                self.help(
                    &format!("{}/name", f.pointer),
                    format!("field `{}` is declared twice in this area", f.name),
                    Some(
                        "a field that always exists cannot also sit in a section; one that \
                         exists under several conditions goes in each section (or once, under \
                         `A OR B`)"
                            .to_owned(),
                    ),
                );
            }
        }
        // Conditions find the field they test by name, so it must have one declaration.
        let mut repeated = BTreeSet::new();
        let mut once = BTreeSet::new();
        for (name, _) in &sectioned {
            if !once.insert(*name) {
                repeated.insert(*name);
            }
        }
        let mut told = BTreeSet::new();
        for (_, c) in entries {
            let Some(c) = c else { continue };
            for atom in c.any.iter().flatten() {
                let tested = atom.field();
                if repeated.contains(tested) && told.insert((tested, c.pointer.as_str())) {
                    self.error(
                        &c.pointer,
                        format!(
                            "this condition tests `{tested}`, which is declared in several \
                             sections; a field that conditions test is declared once"
                        ),
                    );
                }
            }
        }
    }

    pub(super) fn field(&mut self, raw: &RawField, pointer: &str) -> Option<FieldDef> {
        let before = self.diags.error_count();
        if raw.name.trim().is_empty() {
            self.error(&format!("{pointer}/name"), "a field needs a `name`");
        }
        let ty = FieldType::parse(&raw.ty);
        if ty.is_none() {
            self.error(
                &format!("{pointer}/type"),
                format!(
                    "unknown type `{}`; expected string, integer, number, boolean, object, \
                     `array of <type>` or `map of <type>`",
                    raw.ty
                ),
            );
        }
        // After an unknown type, checks that depend on the type would only mislead.
        let known = ty.is_some();
        let ty = ty.unwrap_or(FieldType::Object);
        if known && !raw.values.is_empty() && *ty.leaf() != FieldType::String {
            self.error(
                &format!("{pointer}/values"),
                format!("accepted `values` need a string type, not `{ty}`"),
            );
        }
        let mut seen = BTreeSet::new();
        for (i, v) in raw.values.iter().enumerate() {
            if !seen.insert(v.value.as_str()) {
                self.error(
                    &format!("{pointer}/values/{i}"),
                    format!("accepted value `{}` is listed twice", v.value),
                );
            }
        }
        let mut fields = Vec::new();
        if !raw.fields.is_empty() {
            if known && *ty.leaf() != FieldType::Object {
                self.error(
                    &format!("{pointer}/fields"),
                    format!("nested `fields` need type `object` or `array of object`, not `{ty}`"),
                );
            }
            let mut names = BTreeSet::new();
            for (i, f) in raw.fields.iter().enumerate() {
                let p = format!("{pointer}/fields/{i}");
                if !names.insert(f.name.clone()) {
                    self.error(
                        &format!("{p}/name"),
                        format!("field `{}` is declared twice", f.name),
                    );
                }
                if let Some(f) = self.field(f, &p) {
                    fields.push(f);
                }
            }
        }
        let def = FieldDef {
            name: raw.name.clone(),
            ty,
            label: raw.label.clone(),
            description: raw.description.clone(),
            required: raw.required.unwrap_or(false),
            default: raw.default.clone(),
            values: raw.values.clone(),
            sensitive: raw.sensitive.unwrap_or(false),
            hidden: raw.hidden.unwrap_or(false),
            examples: raw.examples.clone(),
            fields,
            pointer: pointer.to_owned(),
        };
        if known {
            if let Some(d) = &def.default {
                self.check_value(&def, d, &format!("{pointer}/default"), "default");
            }
            for (i, e) in def.examples.iter().enumerate() {
                self.check_value(&def, e, &format!("{pointer}/examples/{i}"), "example");
            }
        }
        (self.diags.error_count() == before).then_some(def)
    }

    /// A default or example must have the field's type and be among its accepted values.
    pub(super) fn check_value(&mut self, f: &FieldDef, v: &Json, pointer: &str, what: &str) {
        if !f.ty.admits(v) {
            self.error(pointer, format!("{what} `{v}` is not of type `{}`", f.ty));
            return;
        }
        if f.values.is_empty() {
            return;
        }
        let strings: Vec<&str> = match v {
            Json::String(s) => vec![s.as_str()],
            Json::Array(items) => items.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        for s in strings {
            if !f.accepts(s) {
                let values: Vec<&str> = f.values.iter().map(|v| v.value.as_str()).collect();
                let help = match closest(s, values.iter().copied()) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("accepted: {}", values.join(", ")),
                };
                self.help(
                    pointer,
                    format!("{what} `{s}` is not an accepted value of `{}`", f.name),
                    Some(help),
                );
            }
        }
    }

    /// Checks every condition against the fields in `scope` and computes each field's
    /// effective guard: its own condition, and the conditions under which the switches
    /// it tests exist.
    pub(super) fn guards(
        &mut self,
        scope: &[(FieldDef, Option<Condition>)],
    ) -> BTreeMap<(String, String), Dnf> {
        let fields: BTreeMap<&str, (&FieldDef, Option<&Condition>)> = scope
            .iter()
            .map(|(f, c)| (f.name.as_str(), (f, c.as_ref())))
            .collect();
        let mut valid: BTreeMap<String, &Condition> = BTreeMap::new();
        let mut reported = BTreeSet::new();
        let mut valid_sections = BTreeSet::new();
        for (f, c) in scope {
            let Some(c) = c else { continue };
            if reported.contains(&c.pointer) {
                // Every field of a section shares its condition: check it once.
                if valid_sections.contains(&c.pointer) {
                    valid.insert(f.name.clone(), c);
                }
                continue;
            }
            reported.insert(c.pointer.clone());
            if self.check_condition(c, &fields) {
                valid_sections.insert(c.pointer.clone());
                valid.insert(f.name.clone(), c);
            }
        }
        let mut out = BTreeMap::new();
        let mut memo = BTreeMap::new();
        // Past a limit every field that depends on the culprit fails too: tell it once.
        let mut limit_reported = false;
        let mut tests_left = MAX_AREA_TESTS;
        for (f, c) in scope {
            if c.as_ref()
                .is_some_and(|c| !valid_sections.contains(&c.pointer))
            {
                continue;
            }
            let mut stack = vec![f.name.as_str()];
            let guard = match c {
                Some(c) => effective_of(&f.name, c, &valid, &mut stack, &mut memo),
                None => Ok((0, vec![Vec::new()])),
            };
            let error = match guard {
                Ok((_, guard)) => {
                    let guard = self.satisfiable(f, c.as_ref(), guard);
                    // A field is placed once per alternative and checks each `contains`
                    // test itself; switches tested with `is` only nest it.
                    let tests: usize = guard
                        .iter()
                        .map(|conj| {
                            1 + conj
                                .iter()
                                .filter(|a| matches!(a, Atom::Contains { .. }))
                                .count()
                        })
                        .sum();
                    if tests > tests_left {
                        tests_left = 0;
                        if !limit_reported {
                            limit_reported = true;
                            let at = c.as_ref().map_or(&f.pointer, |c| &c.pointer);
                            self.help(
                                at,
                                format!(
                                    "with `{}`, the conditions of this area's fields expand to \
                                     more than {MAX_AREA_TESTS} alternatives and `contains` \
                                     tests in all",
                                    f.name
                                ),
                                Some(
                                    "each field counts every alternative of its condition \
                                     (including the conditions of the fields it tests) and every \
                                     `contains` test in them; shorten the conditions"
                                        .to_owned(),
                                ),
                            );
                        }
                        continue;
                    }
                    tests_left -= tests;
                    out.insert(entry_key(f, c.as_ref()), guard);
                    continue;
                }
                Err(error) => error,
            };
            let Some(c) = c else { continue };
            match error {
                GuardError::Cycle(cycle) => {
                    self.error(
                        &c.pointer,
                        format!(
                            "conditions depend on each other in a cycle: {}",
                            cycle.join(" → ")
                        ),
                    );
                }
                GuardError::TooDeep(mut chain) if !limit_reported => {
                    limit_reported = true;
                    // Cut short where the rest of the chain was already known.
                    if chain.len() <= MAX_CONDITION_DEPTH {
                        chain.push("…".to_owned());
                    }
                    self.help(
                        &c.pointer,
                        format!(
                            "conditions nest more than {MAX_CONDITION_DEPTH} levels deep: {}",
                            chain.join(" → ")
                        ),
                        Some(
                            "each name is a field whose section tests the next one; \
                             flatten the sections"
                                .to_owned(),
                        ),
                    );
                }
                GuardError::TooMany(name) if !limit_reported => {
                    limit_reported = true;
                    self.help(
                        &c.pointer,
                        format!(
                            "the condition of `{name}`, together with the conditions of the \
                             fields it tests, has more than {MAX_GUARD_ALTERNATIVES} alternatives"
                        ),
                        Some(
                            "every OR in a tested field's condition multiplies the alternatives \
                             of the conditions that test it"
                                .to_owned(),
                        ),
                    );
                }
                GuardError::TooDeep(_) | GuardError::TooMany(_) => {}
            }
        }
        // A switch must exist under one conjunction, or its sections could not nest.
        let tested: BTreeSet<&str> = scope
            .iter()
            .filter_map(|(_, c)| c.as_ref())
            .filter(|c| valid_sections.contains(&c.pointer))
            .flat_map(|c| c.any.iter().flatten())
            .filter_map(|a| match a {
                Atom::Is { field, .. } => Some(field.as_str()),
                Atom::Contains { .. } => None,
            })
            .collect();
        for (f, c) in scope {
            if tested.contains(f.name.as_str())
                && out
                    .get(&entry_key(f, c.as_ref()))
                    .is_some_and(|g| g.len() > 1)
            {
                let at = c
                    .as_ref()
                    .map(|c| c.pointer.clone())
                    .unwrap_or_else(|| f.pointer.clone());
                self.error(
                    &at,
                    format!(
                        "conditions test `{}`, which exists under an OR condition; \
                         only fields under AND conditions can be tested",
                        f.name
                    ),
                );
            }
        }
        out
    }

    /// Drops conjunctions that can never hold, reporting a condition none of whose
    /// conjunctions can hold.
    pub(super) fn satisfiable(&mut self, f: &FieldDef, c: Option<&Condition>, guard: Dnf) -> Dnf {
        let mut kept = Vec::new();
        let mut contradictions = Vec::new();
        for conj in guard {
            match contradiction(&conj) {
                Some((a, b)) => contradictions.push(format!("`{a}` and `{b}`")),
                None => kept.push(conj),
            }
        }
        if let Some(c) = c {
            if !contradictions.is_empty() {
                let what = if kept.is_empty() {
                    "can never hold"
                } else {
                    "has a part that can never hold"
                };
                self.help(
                    &c.pointer,
                    format!(
                        "condition `{}` (for `{}`) {what}: it requires {}",
                        c.text,
                        f.name,
                        contradictions.join(", ")
                    ),
                    Some(
                        "a field holds one value at a time, and the conditions of the fields a condition tests count too"
                            .to_owned(),
                    ),
                );
            }
        }
        kept
    }

    pub(super) fn check_condition(
        &mut self,
        c: &Condition,
        fields: &BTreeMap<&str, (&FieldDef, Option<&Condition>)>,
    ) -> bool {
        let before = self.diags.error_count();
        let mut ok = true;
        for atom in c.any.iter().flatten() {
            let name = atom.field();
            let Some((f, _)) = fields.get(name) else {
                if self.broken.contains(name) {
                    // Already reported where the field is declared.
                    ok = false;
                    continue;
                }
                let help =
                    closest(name, fields.keys().copied()).map(|n| format!("did you mean `{n}`?"));
                self.help(
                    &c.pointer,
                    format!(
                        "condition `{}` tests `{name}`, which is not a field here",
                        c.text
                    ),
                    help,
                );
                continue;
            };
            match atom {
                Atom::Is { value, .. } => match (&f.ty, value) {
                    (FieldType::Boolean, CondValue::Bool(_)) => {}
                    (FieldType::Boolean, CondValue::String(s)) => {
                        self.error(
                            &c.pointer,
                            format!("`{name}` is a boolean; test it with `is true` or `is false`, not `is {s}`"),
                        );
                    }
                    _ if f.is_enum() => {
                        let s = value.to_string();
                        if !f.accepts(&s) {
                            let values: Vec<&str> =
                                f.values.iter().map(|v| v.value.as_str()).collect();
                            let help = match closest(&s, values.iter().copied()) {
                                Some(n) => format!("did you mean `{n}`?"),
                                None => format!("accepted: {}", values.join(", ")),
                            };
                            self.help(
                                &c.pointer,
                                format!("`{s}` is not an accepted value of `{name}`"),
                                Some(help),
                            );
                        }
                    }
                    _ => {
                        self.error(
                            &c.pointer,
                            format!(
                                "`{name}` has type `{}` and no accepted values; conditions can \
                                 test only enum and boolean fields with `is`",
                                f.ty
                            ),
                        );
                    }
                },
                Atom::Contains { value, .. } => {
                    // The docs may not list an array's item values; then any is accepted.
                    let is_string_array =
                        matches!(&f.ty, FieldType::Array(t) if **t == FieldType::String);
                    if !is_string_array {
                        self.error(
                            &c.pointer,
                            format!(
                                "`contains` needs an array of strings, and `{name}` has type `{}`",
                                f.ty
                            ),
                        );
                    } else if !f.values.is_empty() && !f.accepts(value) {
                        let values: Vec<&str> = f.values.iter().map(|v| v.value.as_str()).collect();
                        self.help(
                            &c.pointer,
                            format!("`{value}` is not an accepted value of `{name}`"),
                            Some(format!("accepted: {}", values.join(", "))),
                        );
                    }
                }
            }
        }
        ok && self.diags.error_count() == before
    }

    /// An area's example: an object whose keys are fields of the area, with values of
    /// their types. (Accepted values are not enforced: the docs use `""` placeholders.)
    pub(super) fn check_example(&mut self, kind: TableArea, example: &Json, entries: &[Entry]) {
        let ptr = format!("/{}/example", kind.key());
        let Some(map) = example.as_object() else {
            self.error(&ptr, "an example is a JSON object");
            return;
        };
        for (k, v) in map {
            match entries.iter().find(|e| e.field.name == *k) {
                None => {
                    let names = entries.iter().map(|e| e.field.name.as_str());
                    let help = closest(k, names).map(|n| format!("did you mean `{n}`?"));
                    self.help(
                        &format!("{ptr}/{}", escape(k)),
                        format!("the example sets `{k}`, which is not a field of this area"),
                        help,
                    );
                }
                Some(e) if !e.field.ty.admits(v) => {
                    self.error(
                        &format!("{ptr}/{}", escape(k)),
                        format!("the example's `{k}` is `{v}`, not of type `{}`", e.field.ty),
                    );
                }
                Some(_) => {}
            }
        }
    }
}

/// Names a field declaration: a name may repeat between sections, so with its section.
fn entry_key(f: &FieldDef, c: Option<&Condition>) -> (String, String) {
    (
        f.name.clone(),
        c.map(|c| c.pointer.clone()).unwrap_or_default(),
    )
}
