//! Importing the API's connection-type JSON Schemas into connector tables.
//!
//! A schema gives a connector's connection fields without conditions: the importer turns
//! each property into a table field (enum items `{value, label}` become accepted values,
//! `readOnly`/`readonly` properties become read-only properties, `sensitive`/`password`
//! mark secrets). When a table already exists, everything written by hand stays:
//! sections and their conditions, other areas, examples, and every attribute a field
//! already has; the schema only fills in what is missing and adds new fields. Content the
//! importer cannot use is reported, never dropped silently.

use crate::error::{Diagnostic, Error};
use crate::load::pointer::escape;
use crate::load::source::SourceFile;
use crate::load::tables::{self, FieldType, RawArea, RawField, RawTable, RawValue};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Keywords that only steer the Polytomic UI; the importer skips them knowingly and
/// counts them in [`ImportReport::ignored`].
pub const UI_KEYWORDS: &[&str] = &[
    "widget",
    "api_field",
    "hierarchyCompletion",
    "completions",
    "suffix",
    "leafSelectableOnly",
    "defaultAll",
    "format",
];

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub written: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    /// Schema content that was not imported, and why.
    pub warnings: Vec<Diagnostic>,
    /// UI-only keywords skipped, with how often each occurred.
    pub ignored: BTreeMap<String, usize>,
}

/// Imports each schema into `out/<type>.yaml` (the type is the schema's file stem).
/// Display names come from an `_index.json` beside the schemas, when there is one.
/// Files whose name starts with `_` are not schemas.
pub fn import(schemas: &[PathBuf], out: &Path) -> Result<ImportReport, Error> {
    let mut report = ImportReport::default();
    let mut errors = Vec::new();
    let mut names: BTreeMap<PathBuf, BTreeMap<String, String>> = BTreeMap::new();
    for path in schemas {
        if tables::is_auxiliary(path) {
            continue;
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let index = names
            .entry(dir.clone())
            .or_insert_with(|| display_names(&dir));
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match import_one(path, &id, index.get(&id).cloned(), out, &mut report) {
            Ok(()) => {}
            Err(Error::Input(d)) => errors.extend(d),
            Err(e) => return Err(e),
        }
    }
    if errors.is_empty() {
        Ok(report)
    } else {
        Err(Error::Input(errors))
    }
}

/// `id → name` from `dir/_index.json` (a list of `{id, name}`); empty when absent.
fn display_names(dir: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(dir.join("_index.json")).unwrap_or_default();
    let items: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
    items
        .iter()
        .filter_map(|i| {
            Some((
                i.get("id")?.as_str()?.to_owned(),
                i.get("name")?.as_str()?.to_owned(),
            ))
        })
        .collect()
}

fn import_one(
    path: &Path,
    id: &str,
    name: Option<String>,
    out: &Path,
    report: &mut ImportReport,
) -> Result<(), Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let src = SourceFile::new(path, text);
    let schema: Value =
        serde_json::from_str(&src.text).map_err(|e| crate::load::read::json_error(path, &e))?;
    let mut conv = Converter { src: &src, report };
    let imported = conv.table(id, name, &schema)?;
    let target = out.join(format!("{id}.yaml"));
    let table = match std::fs::read_to_string(&target) {
        Ok(existing) => {
            let existing = tables::parse_raw(&target, existing)?;
            merge(existing, imported, &target, conv.report)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => imported,
        Err(e) => return Err(Error::io(&target, e)),
    };
    let yaml = to_yaml(&table)
        .map_err(|e| Error::from(Diagnostic::new(&target, format!("cannot write YAML: {e}"))))?;
    // What the importer writes must load: check before touching the file.
    tables::parse(&target, yaml.clone())?;
    if std::fs::read_to_string(&target).is_ok_and(|old| old == yaml) {
        report.unchanged.push(target);
        return Ok(());
    }
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    std::fs::write(&target, &yaml).map_err(|e| Error::io(&target, e))?;
    report.written.push(target);
    Ok(())
}

/// The table as YAML. serde_yaml writes a long `notes` as one quoted line; a folded block
/// reads (and diffs) like the hand-written tables, so notes that fold losslessly (one
/// paragraph, single spaces) are written as one.
fn to_yaml(table: &RawTable) -> Result<String, serde_yaml::Error> {
    let foldable = table.notes.as_deref().filter(|n| {
        !n.contains('\n') && !n.contains("  ") && n.trim() == *n && n.len() > NOTES_WIDTH
    });
    let Some(notes) = foldable else {
        return serde_yaml::to_string(table);
    };
    let mut without = table.clone();
    without.notes = None;
    let yaml = serde_yaml::to_string(&without)?;
    let options = textwrap::Options::new(NOTES_WIDTH)
        .initial_indent("  ")
        .subsequent_indent("  ")
        .break_words(false)
        // Break only at spaces: a folded block joins its lines with one.
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let block = format!("notes: >-\n{}\n", textwrap::fill(notes, options));
    // `notes` follows `name` (or `connector`), as the fields are declared.
    let anchor = if table.name.is_some() {
        "name:"
    } else {
        "connector:"
    };
    let mut out = String::with_capacity(yaml.len() + block.len());
    let mut placed = false;
    for line in yaml.split_inclusive('\n') {
        out.push_str(line);
        if !placed && line.starts_with(anchor) {
            out.push_str(&block);
            placed = true;
        }
    }
    if placed {
        Ok(out)
    } else {
        serde_yaml::to_string(table)
    }
}

/// Width of a folded `notes` block (the tables' line width, indent included).
const NOTES_WIDTH: usize = 90;

struct Converter<'a> {
    src: &'a SourceFile,
    report: &'a mut ImportReport,
}

const PROPERTY_KEYWORDS: &[&str] = &[
    "type",
    "title",
    "description",
    "api_description",
    "examples",
    "sensitive",
    "password",
    "default",
    "hidden",
    "enum",
    "readOnly",
    "readonly",
    "items",
    "properties",
    "additionalProperties",
    "required",
];

impl Converter<'_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let d = self.src.error(pointer, message);
        self.report.warnings.push(d);
    }

    fn table(&mut self, id: &str, name: Option<String>, schema: &Value) -> Result<RawTable, Error> {
        let Some(obj) = schema.as_object() else {
            return Err(self
                .src
                .error("", "a connection-type schema is a JSON object")
                .into());
        };
        for key in obj.keys() {
            if !["$schema", "$id", "properties", "type", "required"].contains(&key.as_str()) {
                self.warn(
                    &format!("/{}", escape(key)),
                    format!("keyword `{key}` is not imported"),
                );
            }
        }
        if obj.get("type").is_some_and(|t| t != "object") {
            return Err(self
                .src
                .error("/type", "a connection-type schema has `type: object`")
                .into());
        }
        let required = required_list(obj);
        let mut connection = Vec::new();
        let mut read_only = Vec::new();
        if let Some(props) = obj.get("properties") {
            let Some(props) = props.as_object() else {
                return Err(self
                    .src
                    .error("/properties", "`properties` is not an object")
                    .into());
            };
            for (key, prop) in props {
                let ptr = format!("/properties/{}", escape(key));
                let Some(field) = self.field(key, prop, required.contains(key), &ptr) else {
                    continue;
                };
                let ro = prop.get("readOnly").or_else(|| prop.get("readonly"));
                if ro.and_then(Value::as_bool).unwrap_or(false) {
                    read_only.push(field);
                } else {
                    connection.push(field);
                }
            }
        }
        let example = example(&connection);
        Ok(RawTable {
            connector: id.to_owned(),
            name,
            notes: None,
            supports: None,
            connection: Some(RawArea {
                fields: connection,
                example,
                ..RawArea::default()
            }),
            read_only: (!read_only.is_empty()).then(|| RawArea {
                fields: read_only,
                ..RawArea::default()
            }),
            ..RawTable::default()
        })
    }

    fn field(&mut self, name: &str, prop: &Value, required: bool, ptr: &str) -> Option<RawField> {
        let Some(p) = prop.as_object() else {
            self.warn(
                ptr,
                format!("property `{name}` is not a schema object; skipped"),
            );
            return None;
        };
        for key in p.keys() {
            if UI_KEYWORDS.contains(&key.as_str()) {
                *self.report.ignored.entry(key.clone()).or_default() += 1;
            } else if !PROPERTY_KEYWORDS.contains(&key.as_str()) {
                self.warn(
                    &format!("{ptr}/{}", escape(key)),
                    format!("keyword `{key}` of `{name}` is not imported"),
                );
            }
        }
        let mut values = Vec::new();
        let mut fields = Vec::new();
        let ty = self.field_type(name, p, ptr, &mut values, &mut fields)?;
        let mut description = p
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(api) = p.get("api_description").and_then(Value::as_str) {
            description = Some(match description {
                Some(d) => format!("{d}\n\n{api}"),
                None => api.to_owned(),
            });
        }
        let flag = |k: &str| p.get(k).and_then(Value::as_bool).unwrap_or(false);
        let sensitive = flag("sensitive") || flag("password");
        let mut field = RawField {
            name: name.to_owned(),
            ty: ty.to_string(),
            label: p.get("title").and_then(Value::as_str).map(str::to_owned),
            description,
            required: Some(required),
            default: None,
            values,
            sensitive: sensitive.then_some(true),
            hidden: flag("hidden").then_some(true),
            examples: Vec::new(),
            fields,
        };
        if let Some(d) = p.get("default") {
            if self.fits(&ty, &field.values, d) {
                field.default = Some(d.clone());
            } else {
                self.warn(
                    &format!("{ptr}/default"),
                    format!("default `{d}` of `{name}` is not a valid {ty} value; not imported"),
                );
            }
        }
        match p.get("examples") {
            Some(Value::Array(examples)) => {
                for (i, e) in examples.iter().enumerate() {
                    if self.fits(&ty, &field.values, e) {
                        field.examples.push(e.clone());
                    } else {
                        self.warn(
                            &format!("{ptr}/examples/{i}"),
                            format!(
                                "example `{e}` of `{name}` is not a valid {ty} value; not imported"
                            ),
                        );
                    }
                }
            }
            Some(_) => self.warn(
                &format!("{ptr}/examples"),
                "`examples` is not an array; not imported",
            ),
            None => {}
        }
        Some(field)
    }

    /// The table type of a property, collecting accepted values and nested fields.
    fn field_type(
        &mut self,
        name: &str,
        p: &Map<String, Value>,
        ptr: &str,
        values: &mut Vec<RawValue>,
        fields: &mut Vec<RawField>,
    ) -> Option<FieldType> {
        let ty = match p.get("type").and_then(Value::as_str) {
            Some("string") => FieldType::String,
            Some("integer") => FieldType::Integer,
            Some("number") => FieldType::Number,
            Some("boolean") => FieldType::Boolean,
            Some("array") => {
                let item = match p.get("items").and_then(Value::as_object) {
                    Some(items) => {
                        let items_ptr = format!("{ptr}/items");
                        for key in items.keys() {
                            if ![
                                "type",
                                "enum",
                                "properties",
                                "additionalProperties",
                                "required",
                            ]
                            .contains(&key.as_str())
                            {
                                self.warn(
                                    &format!("{items_ptr}/{}", escape(key)),
                                    format!(
                                        "keyword `{key}` in the items of `{name}` is not imported"
                                    ),
                                );
                            }
                        }
                        self.field_type(name, items, &items_ptr, values, fields)?
                    }
                    None => {
                        self.warn(
                            ptr,
                            format!(
                                "array `{name}` has no `items`; imported as an array of objects"
                            ),
                        );
                        FieldType::Object
                    }
                };
                return Some(FieldType::Array(Box::new(item)));
            }
            Some("object") => {
                if let Some(Value::Object(props)) = p.get("properties") {
                    let required = required_list(p);
                    for (key, prop) in props {
                        let fptr = format!("{ptr}/properties/{}", escape(key));
                        if prop
                            .get("readOnly")
                            .or_else(|| prop.get("readonly"))
                            .is_some()
                        {
                            self.warn(&fptr, "`readOnly` on a nested property is not supported; imported as a plain field");
                        }
                        if let Some(f) = self.field(key, prop, required.contains(key), &fptr) {
                            fields.push(f);
                        }
                    }
                    FieldType::Object
                } else if let Some(Value::Object(value)) = p.get("additionalProperties") {
                    let mut inner_values = Vec::new();
                    let mut inner_fields = Vec::new();
                    let inner = self.field_type(
                        name,
                        value,
                        &format!("{ptr}/additionalProperties"),
                        &mut inner_values,
                        &mut inner_fields,
                    )?;
                    values.extend(inner_values);
                    fields.extend(inner_fields);
                    return Some(FieldType::Map(Box::new(inner)));
                } else {
                    FieldType::Object
                }
            }
            other => {
                let what = other
                    .map(|t| format!("type `{t}`"))
                    .unwrap_or_else(|| "no `type`".to_owned());
                self.warn(ptr, format!("property `{name}` has {what}; skipped"));
                return None;
            }
        };
        if let Some(e) = p.get("enum") {
            let Some(items) = e.as_array() else {
                self.warn(
                    &format!("{ptr}/enum"),
                    "`enum` is not an array; not imported",
                );
                return Some(ty);
            };
            if ty != FieldType::String {
                self.warn(
                    &format!("{ptr}/enum"),
                    format!("`enum` on a {ty} is not imported"),
                );
                return Some(ty);
            }
            for (i, item) in items.iter().enumerate() {
                let value = match item {
                    Value::String(s) => Some(RawValue {
                        value: s.clone(),
                        label: None,
                    }),
                    Value::Object(o) => match o.get("value") {
                        Some(Value::String(v)) => Some(RawValue {
                            value: v.clone(),
                            label: o.get("label").and_then(Value::as_str).map(str::to_owned),
                        }),
                        _ => None,
                    },
                    _ => None,
                };
                match value {
                    Some(v) if !values.iter().any(|seen| seen.value == v.value) => values.push(v),
                    Some(v) => self.warn(
                        &format!("{ptr}/enum/{i}"),
                        format!("value `{}` of `{name}` is listed twice", v.value),
                    ),
                    None => self.warn(
                        &format!("{ptr}/enum/{i}"),
                        format!("enum item `{item}` of `{name}` is neither a string nor `{{value, label}}`; not imported"),
                    ),
                }
            }
        }
        Some(ty)
    }

    fn fits(&self, ty: &FieldType, values: &[RawValue], v: &Value) -> bool {
        if !ty.admits(v) {
            return false;
        }
        let accepted = |s: &str| values.is_empty() || values.iter().any(|a| a.value == s);
        match v {
            Value::String(s) => accepted(s),
            Value::Array(items) => items.iter().filter_map(Value::as_str).all(accepted),
            _ => true,
        }
    }
}

fn required_list(obj: &Map<String, Value>) -> Vec<String> {
    obj.get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// An example configuration from the fields' documented examples (and defaults for
/// required fields without one); none when a required field has neither.
fn example(fields: &[RawField]) -> Option<Value> {
    let mut out = Map::new();
    for f in fields {
        let value = f.examples.first().or(if f.required == Some(true) {
            f.default.as_ref()
        } else {
            None
        });
        match value {
            Some(v) => {
                out.insert(f.name.clone(), v.clone());
            }
            None if f.required == Some(true) => return None,
            None => {}
        }
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// Folds an imported table into an existing one, keeping what the existing one says.
///
/// A transcribed table (one with `notes`) says what its docs page says, including what it
/// leaves out: its fields are not filled from the schema and it gets no imported example;
/// only settings the schema has and the table lacks are added, each with a warning.
fn merge(
    mut existing: RawTable,
    imported: RawTable,
    path: &Path,
    report: &mut ImportReport,
) -> RawTable {
    if existing.name.is_none() {
        existing.name = imported.name;
    }
    let transcribed = existing.notes.is_some();
    let mut schema_names = Vec::new();
    for (from, read_only) in [(imported.connection, false), (imported.read_only, true)] {
        let Some(from) = from else { continue };
        if !read_only {
            let area = existing.connection.get_or_insert_with(RawArea::default);
            if area.example.is_none() && !transcribed {
                area.example = from.example;
            }
        }
        for f in from.fields {
            schema_names.push(f.name.clone());
            // A field may sit in either area (or a section of it) already.
            let found = [&mut existing.connection, &mut existing.read_only]
                .into_iter()
                .flatten()
                .find_map(|area| find_field(area, &f.name));
            match found {
                Some(e) if !transcribed => fill(e, f),
                Some(_) => {}
                None => {
                    if transcribed {
                        report.warnings.push(Diagnostic::new(
                            path,
                            format!(
                                "field `{}` is in the schema but not in this transcribed table; \
                                 added unconditionally (move it under its condition if the \
                                 docs give one)",
                                f.name
                            ),
                        ));
                    }
                    let area = if read_only {
                        &mut existing.read_only
                    } else {
                        &mut existing.connection
                    };
                    area.get_or_insert_with(RawArea::default).fields.push(f);
                }
            }
        }
    }
    for area in [&existing.connection, &existing.read_only]
        .into_iter()
        .flatten()
    {
        for f in area
            .fields
            .iter()
            .chain(area.when.0.iter().flat_map(|(_, fs)| fs))
        {
            if !schema_names.contains(&f.name) {
                report.warnings.push(Diagnostic::new(
                    path,
                    format!(
                        "field `{}` is in the table but not in the schema; kept",
                        f.name
                    ),
                ));
            }
        }
    }
    existing
}

fn find_field<'a>(area: &'a mut RawArea, name: &str) -> Option<&'a mut RawField> {
    area.fields
        .iter_mut()
        .chain(area.when.0.iter_mut().flat_map(|(_, fs)| fs.iter_mut()))
        .find(|f| f.name == name)
}

/// Fills the attributes `into` lacks from `from`.
fn fill(into: &mut RawField, from: RawField) {
    if into.label.is_none() {
        into.label = from.label;
    }
    if into.description.is_none() {
        into.description = from.description;
    }
    if into.required.is_none() {
        into.required = from.required;
    }
    if into.default.is_none() {
        into.default = from.default;
    }
    if into.values.is_empty() {
        into.values = from.values;
    }
    if into.sensitive.is_none() {
        into.sensitive = from.sensitive;
    }
    if into.hidden.is_none() {
        into.hidden = from.hidden;
    }
    if into.examples.is_empty() {
        into.examples = from.examples;
    }
    if into.fields.is_empty() {
        into.fields = from.fields;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary directory with the schema `demo.json` and an `out` directory of tables
    /// holding `table` as `demo.yaml` when given; the directory lives as long as the guard.
    fn demo(schema: &str, table: Option<&str>) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let schema_path = dir.path().join("demo.json");
        std::fs::write(&schema_path, schema).unwrap();
        let out = dir.path().join("out");
        if let Some(table) = table {
            std::fs::create_dir_all(&out).unwrap();
            std::fs::write(out.join("demo.yaml"), table).unwrap();
        }
        (dir, schema_path, out)
    }

    #[test]
    fn imports_fields_values_secrets_and_read_only_properties() {
        let (_dir, schema, out) = demo(
            r#"{"type": "object", "required": ["mode"], "properties": {
                "mode": {"type": "string", "title": "Mode", "enum": [{"value": "a", "label": "A"}, 7], "default": "a", "examples": ["a"]},
                "token": {"type": "string", "password": true, "widget": "textarea"},
                "who": {"type": "string", "readOnly": true},
                "list": {"type": "array", "items": {"type": "string", "enum": ["x"]}, "default": ["[x]"], "colour": 1},
                "odd": {"title": "no type"}
            }}"#,
            None,
        );
        let report = import(&[schema], &out).unwrap();
        let text = std::fs::read_to_string(out.join("demo.yaml")).unwrap();
        let table: RawTable = serde_yaml::from_str(&text).unwrap();
        let conn = table.connection.unwrap();
        assert_eq!(
            conn.fields[0].values,
            vec![RawValue {
                value: "a".into(),
                label: Some("A".into())
            }]
        );
        assert_eq!(conn.fields[1].sensitive, Some(true));
        assert_eq!(table.read_only.unwrap().fields[0].name, "who");
        assert_eq!(conn.example, Some(serde_json::json!({"mode": "a"})));
        let warnings: Vec<String> = report.warnings.iter().map(|d| d.to_string()).collect();
        let all = warnings.join("\n");
        assert!(all.contains("enum item `7`"), "{all}");
        assert!(all.contains("keyword `colour`"), "{all}");
        assert!(all.contains("default `[\"[x]\"]`"), "{all}");
        assert!(
            all.contains("property `odd` has no `type`; skipped"),
            "{all}"
        );
        assert_eq!(report.ignored.get("widget"), Some(&1));
    }

    #[test]
    fn keeps_hand_written_content_when_reimporting() {
        let (_dir, schema, out) = demo(
            r#"{"type": "object", "properties": {
                "mode": {"type": "string", "title": "Mode", "enum": ["a", "b"]},
                "extra": {"type": "string", "title": "From schema", "description": "New"},
                "new": {"type": "integer"}
            }}"#,
            Some("connector: demo\nconnection:\n  fields:\n  - name: mode\n    type: string\n    label: Hand\n    values: [a, b]\n  when:\n    mode is b:\n    - name: extra\n      type: string\n      required: true\nmodel:\n  fields:\n  - name: m\n    type: string\n"),
        );
        import(std::slice::from_ref(&schema), &out).unwrap();
        let first = std::fs::read_to_string(out.join("demo.yaml")).unwrap();
        let table: RawTable = serde_yaml::from_str(&first).unwrap();
        let conn = table.connection.as_ref().unwrap();
        assert_eq!(conn.fields[0].label.as_deref(), Some("Hand"));
        let (cond, fields) = &conn.when.0[0];
        assert_eq!(cond, "mode is b");
        assert_eq!(fields[0].description.as_deref(), Some("New"));
        assert_eq!(fields[0].required, Some(true));
        assert!(conn.fields.iter().any(|f| f.name == "new"));
        assert!(table.model.is_some());
        // A second import changes nothing.
        let report = import(&[schema], &out).unwrap();
        assert_eq!(report.unchanged.len(), 1);
    }

    #[test]
    fn a_transcribed_table_is_not_filled_from_the_schema() {
        let notes = "Transcribed from the Demo page, whose tables give the mode no default \
                     and which shows no example; both omissions are deliberate here.";
        let table = format!(
            "connector: demo\nnotes: {notes}\nconnection:\n  fields:\n  - name: mode\n    \
                 type: string\n    values: [a, b]\n"
        );
        let (_dir, schema, out) = demo(
            r#"{"type": "object", "required": ["mode"], "properties": {
                "mode": {"type": "string", "enum": ["a", "b"], "default": "a", "examples": ["a"]},
                "added": {"type": "string"}
            }}"#,
            Some(&table),
        );
        let report = import(std::slice::from_ref(&schema), &out).unwrap();
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.message.contains("`added`")),
            "{:?}",
            report.warnings
        );
        let text = std::fs::read_to_string(out.join("demo.yaml")).unwrap();
        assert!(text.contains("notes: >-\n  Transcribed"), "{text}");
        let table: RawTable = serde_yaml::from_str(&text).unwrap();
        assert_eq!(table.notes.as_deref(), Some(notes));
        let conn = table.connection.unwrap();
        assert!(conn.example.is_none());
        let mode = &conn.fields[0];
        assert_eq!((mode.default.as_ref(), mode.required), (None, None));
        assert!(conn.fields.iter().any(|f| f.name == "added"));
        // Folded notes read back the same, so a second import changes nothing.
        let report = import(&[schema], &out).unwrap();
        assert_eq!(report.unchanged.len(), 1);
    }
}
