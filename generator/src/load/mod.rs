//! Stage 1: read and check the inputs (the OpenAPI document and connector tables).
//!
//! [`load`] finds and reads everything one generation uses, giving [`Inputs`], which
//! [`resolve`](crate::resolve::resolve) turns into the model in one call.

pub mod bundle;
mod check;
pub mod openapi;
pub mod pointer;
pub(crate) mod read;
pub mod source;
pub mod tables;
mod upgrade;

pub(crate) use upgrade::WEBHOOKS_KEY;

pub use source::SourceFile;

use crate::error::{closest, Error};
use openapi::LoadedSpec;
use std::path::{Path, PathBuf};
use tables::{Bindings, Table};

/// Everything one generation reads: the document, the connector tables and their
/// bindings to spec types.
#[derive(Debug)]
pub struct Inputs {
    pub spec: LoadedSpec,
    pub tables: Vec<Table>,
    pub bindings: Option<Bindings>,
}

impl Inputs {
    /// A document without connector tables.
    pub fn spec_only(spec: LoadedSpec) -> Self {
        Inputs {
            spec,
            tables: Vec::new(),
            bindings: None,
        }
    }
}

/// Reads the document at `spec` and the connector tables in `connectors` (all of them,
/// or only the `selected` types; see [`connector_files`]), reporting the problems of
/// every table together.
pub fn load(spec: &Path, connectors: &Path, selected: Option<&[String]>) -> Result<Inputs, Error> {
    let spec = openapi::load(spec)?;
    let tables = tables::load_all(&connector_files(connectors, selected)?)?;
    let bindings = tables::load_bindings(connectors)?;
    Ok(Inputs {
        spec,
        tables,
        bindings,
    })
}

/// The connector tables in `dir` (`*.yaml`, sorted), or only those of the `selected`
/// types plus the files beside the tables that are not tables (names starting with `_`,
/// such as `_bindings.yaml`), which always apply. A missing directory has no tables; a
/// selected type without a table is an error.
pub fn connector_files(dir: &Path, selected: Option<&[String]>) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries {
                let path = entry.map_err(|e| Error::io(dir, e))?.path();
                if path.extension().is_some_and(|ext| ext == "yaml") && path.is_file() {
                    files.push(path);
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(dir, e)),
    }
    files.sort();
    let Some(selected) = selected else {
        return Ok(files);
    };
    let stem = |p: &PathBuf| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let is_auxiliary = |name: &str| name.starts_with('_');
    let available: Vec<String> = files
        .iter()
        .map(stem)
        .filter(|s| !is_auxiliary(s))
        .collect();
    for wanted in selected {
        if !available.contains(wanted) {
            let hint = closest(wanted, available.iter().map(String::as_str))
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            return Err(Error::Config(format!(
                "connector `{wanted}` has no table: {} does not exist{hint}",
                dir.join(format!("{wanted}.yaml")).display()
            )));
        }
    }
    files.retain(|f| {
        let stem = stem(f);
        is_auxiliary(&stem) || selected.contains(&stem)
    });
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connector_selection_filters_table_files_by_type() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "s3.yaml",
            "snowflake.yaml",
            "postgresql.yaml",
            "_bindings.yaml",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let dir = dir.path();
        assert_eq!(connector_files(dir, None).unwrap().len(), 4);
        let some = connector_files(dir, Some(&["snowflake".into(), "s3".into()])).unwrap();
        assert_eq!(
            some,
            [
                dir.join("_bindings.yaml"),
                dir.join("s3.yaml"),
                dir.join("snowflake.yaml")
            ]
        );
        assert!(connector_files(dir, Some(&["_bindings".into()])).is_err());
        let err = connector_files(dir, Some(&["snowflak".into()]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `snowflake`?"), "{err}");
        assert_eq!(
            connector_files(&dir.join("nope"), None).unwrap(),
            Vec::<PathBuf>::new()
        );
    }
}
