//! Generates a typed Rust SDK for the Polytomic API from an OpenAPI 3.0 document and
//! per-connector configuration tables.
//!
//! The pipeline, one module per stage:
//! [`load`] (parse and check inputs) → [`resolve`] (one model of types and operations,
//! [`ir`]) → [`emit`] (Rust tokens with `quote`) → [`format`] (prettyplease) →
//! [`write`] (only files whose content changed).
//!
//! ```no_run
//! let files = polytomic_codegen::Config::new()
//!     .spec("spec/openapi.yaml")
//!     .generate_files()?;
//! # Ok::<(), polytomic_codegen::Error>(())
//! ```

pub mod build;
pub mod coverage;
pub mod emit;
pub mod error;
pub mod format;
pub mod import;
pub mod ir;
pub mod load;
pub mod names;
pub mod resolve;
pub mod write;

pub use build::Builder;
pub use error::{Diagnostic, Error, Location, Severity};
pub use format::File;

use std::path::{Path, PathBuf};

/// What to generate from, and where to.
#[derive(Debug, Clone)]
pub struct Config {
    spec: PathBuf,
    connectors: PathBuf,
    /// Operation tags to keep (`None`: all); see [`resolve::filter::retain_tags`].
    tags: Option<Vec<String>>,
    /// Connector types (table file stems) to load (`None`: every table).
    connector_types: Option<Vec<String>>,
    /// The crate name doc examples use (`None`: from the spec's title).
    crate_name: Option<String>,
    /// Whether warnings fail generation.
    deny_warnings: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            spec: PathBuf::from("spec/openapi.yaml"),
            connectors: PathBuf::from("spec/connectors"),
            tags: None,
            connector_types: None,
            crate_name: None,
            deny_warnings: false,
        }
    }
}

impl Config {
    /// Defaults: `spec/openapi.yaml` and `spec/connectors`, relative to the working
    /// directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// The OpenAPI document (YAML or JSON).
    pub fn spec(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.spec = path.into();
        self
    }

    /// The directory of connector tables; a missing directory means no connectors.
    pub fn connectors(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.connectors = dir.into();
        self
    }

    /// Keeps only the operations tagged with one of `tags` (or a tag nested under one);
    /// see [`resolve::filter::retain_tags`].
    pub fn tags<S: Into<String>>(&mut self, tags: impl IntoIterator<Item = S>) -> &mut Self {
        self.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// Loads only the connector tables of these types (`<type>.yaml` in the connectors
    /// directory); see [`Config::connector_files`].
    pub fn connector_types<S: Into<String>>(
        &mut self,
        types: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        self.connector_types = Some(types.into_iter().map(Into::into).collect());
        self
    }

    /// The name of the crate the generated code is compiled in, which its doc examples
    /// use (`my_sdk::Client`). By default it comes from the spec's title (`Polytomic API`
    /// → `polytomic`); see [`names::crate_name`].
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.crate_name = Some(name.into());
        self
    }

    /// Makes warnings (input generated in a degraded way, see [`Severity::Warning`])
    /// errors, so nothing is generated from input that is not exactly understood.
    pub fn deny_warnings(&mut self, deny: bool) -> &mut Self {
        self.deny_warnings = deny;
        self
    }

    /// Loads and resolves the inputs into the model the emitters use; its `warnings` say
    /// what was degraded (with [`Config::deny_warnings`], they are errors instead).
    pub fn resolve(&self) -> Result<ir::Api, Error> {
        let spec = load::openapi::load(&self.spec)?;
        let mut api = resolve::resolve(&spec)?;
        // Tables and bindings are checked against the whole spec, before tag filtering.
        let tables = load::tables::load_all(&self.connector_files()?)?;
        let bindings = load::tables::load_bindings(&self.connectors)?;
        api.connectors = resolve::connectors::resolve(&tables, bindings.as_ref(), &api)?;
        if let Some(tags) = &self.tags {
            resolve::filter::retain_tags(&mut api, tags)?;
        }
        if self.deny_warnings && !api.warnings.is_empty() {
            let denied = api
                .warnings
                .iter()
                .cloned()
                .map(|mut d| {
                    d.severity = Severity::Error;
                    d
                })
                .collect();
            return Err(Error::Input(denied));
        }
        Ok(api)
    }

    /// The connector table files to load, sorted: every `*.yaml` in the connectors
    /// directory, or only the selected types. A missing directory means none; a selected
    /// type without a table is an error.
    pub fn connector_files(&self) -> Result<Vec<PathBuf>, Error> {
        build::connector_files(&self.connectors, self.connector_types.as_deref())
    }

    /// Generates the SDK as a module tree rooted at `lib.rs`, without writing it.
    pub fn generate_files(&self) -> Result<Vec<File>, Error> {
        self.generate().map(|(files, _)| files)
    }

    /// Generates the SDK as a module tree rooted at `lib.rs`, with the warnings about
    /// what was degraded.
    pub fn generate(&self) -> Result<(Vec<File>, Vec<Diagnostic>), Error> {
        let api = self.resolve()?;
        let crate_name = match &self.crate_name {
            Some(name) => name.clone(),
            None => names::crate_name(&api.title),
        };
        let files = format::tree(&emit::emit(&api, &crate_name))?;
        Ok((files, api.warnings))
    }

    /// Generates the SDK into `dir` (as its `lib.rs` and modules), writing only the
    /// files whose content changed; the report carries the warnings.
    pub fn write_to(&self, dir: &Path) -> Result<write::WriteReport, Error> {
        let (files, warnings) = self.generate()?;
        let mut report = write::write(dir, &files)?;
        report.warnings = warnings;
        Ok(report)
    }

    /// The files in `dir` that are not what generation would write.
    pub fn check(&self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let files = self.generate_files()?;
        Ok(write::stale(dir, &files))
    }

    /// The spec path in use.
    pub fn spec_path(&self) -> &Path {
        &self.spec
    }

    /// The connectors directory in use.
    pub fn connectors_dir(&self) -> &Path {
        &self.connectors
    }
}
