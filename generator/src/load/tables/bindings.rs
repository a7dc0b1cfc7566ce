//! Bindings (`_bindings.yaml`): which API schema fields hold which area's configuration.

use super::super::source::SourceFile;
use super::TableArea;
use crate::error::Error;
use crate::error::Location;
use crate::error::{Diagnostic, Diagnostics};
use serde::Deserialize;
use serde_yaml::Value as Yaml;
use std::path::Path;

/// The bindings file's name inside the connectors directory.
pub const BINDINGS_FILE: &str = "_bindings.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBindings {
    #[serde(default)]
    connection: Vec<RawBinding>,
    #[serde(default)]
    model: Vec<RawBinding>,
    #[serde(default)]
    target: Vec<RawBinding>,
    #[serde(default)]
    bulk_source: Vec<RawBinding>,
    #[serde(default)]
    bulk_destination: Vec<RawBinding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBinding {
    schema: String,
    field: String,
    #[serde(default)]
    connector_type: Option<String>,
    #[serde(default)]
    response: bool,
}

/// One declared binding.
#[derive(Debug, Clone)]
pub struct BindingDecl {
    /// The area whose types the field holds (`Connection`, `Model`, ...; never `ReadOnly`).
    pub area: TableArea,
    /// Component schema name in the OpenAPI document.
    pub schema: String,
    /// Property of that schema holding the configuration.
    pub field: String,
    /// Path to the connector type: a sibling property, then keys inside it (`type.id`).
    pub connector_type: Option<Vec<String>>,
    /// The schema is a response: the configuration includes read-only properties.
    pub response: bool,
    /// JSON pointer of the entry, for diagnostics.
    pub pointer: String,
}

/// The loaded bindings file.
#[derive(Debug)]
pub struct Bindings {
    pub decls: Vec<BindingDecl>,
    pub source: SourceFile,
}

/// Loads `dir/_bindings.yaml`; a missing file means no bindings.
pub fn load_bindings(dir: &Path) -> Result<Option<Bindings>, Error> {
    let path = dir.join(BINDINGS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    parse_bindings(&path, text).map(Some)
}

/// Parses a bindings file already in memory.
pub fn parse_bindings(path: &Path, text: String) -> Result<Bindings, Error> {
    let source = SourceFile::new(path, text);
    let value: Yaml = serde_yaml::from_str(&source.text).map_err(|e| {
        Diagnostic::new(path, format!("invalid YAML: {e}")).at(e.location().map(|l| Location {
            line: l.line(),
            column: l.column(),
        }))
    })?;
    let raw: RawBindings = if value.is_null() {
        RawBindings::default()
    } else {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let pointer = super::super::openapi::path_to_pointer(e.path()).replace("/?", "");
            source.error(&pointer, e.inner().to_string())
        })?
    };
    let mut decls = Vec::new();
    let mut diags = Diagnostics::new();
    let groups = [
        (TableArea::Connection, raw.connection),
        (TableArea::Model, raw.model),
        (TableArea::Target, raw.target),
        (TableArea::BulkSource, raw.bulk_source),
        (TableArea::BulkDestination, raw.bulk_destination),
    ];
    for (area, list) in groups {
        for (i, b) in list.into_iter().enumerate() {
            let pointer = format!("/{}/{i}", area.key());
            let connector_type = b
                .connector_type
                .map(|t| t.split('.').map(str::to_owned).collect::<Vec<_>>());
            if area == TableArea::Connection && connector_type.is_none() {
                diags.error(
                    source
                        .error(&pointer, "a connection binding needs `connector_type`")
                        .help("name the property that holds the connection type, e.g. `type` or `type.id`"),
                );
            }
            if area != TableArea::Connection && (connector_type.is_some() || b.response) {
                diags.error(source.error(
                    &pointer,
                    "only connection bindings take `connector_type` and `response`; other areas are typed through builders",
                ));
            }
            decls.push(BindingDecl {
                area,
                schema: b.schema,
                field: b.field,
                connector_type,
                response: b.response,
                pointer,
            });
        }
    }
    diags.finish()?;
    Ok(Bindings { decls, source })
}
