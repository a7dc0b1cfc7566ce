//! The one configuration of the generator: [`Builder`], in the style of `prost-build`.
//!
//! Configure with `&mut self` setters, then call a terminal:
//! - [`Builder::generate`], from a downstream crate's `build.rs`: writes one
//!   self-contained file (`$OUT_DIR/polytomic.rs` by default) for the crate to
//!   `include!`, and tells cargo which inputs to watch, so the SDK is regenerated exactly
//!   when one of them changes;
//! - [`Builder::write_tree`] and [`Builder::check_tree`]: a module tree rooted at
//!   `lib.rs` (what the CLI's `generate` and `check` do);
//! - [`Builder::tree`] and [`Builder::resolve`]: the same in memory.
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     if let Err(e) = polytomic_codegen::Builder::new().generate() {
//!         eprintln!("{e}");
//!         std::process::exit(1);
//!     }
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! include!(concat!(env!("OUT_DIR"), "/polytomic.rs"));
//! ```

// The example is a whole build script, so it shows `fn main`.
#![allow(clippy::needless_doctest_main)]

use crate::emit::{self, Doctests, Middleware};
use crate::error::{Diagnostic, Error};
use crate::format::{self, File};
use crate::{deps, ir, load, names, resolve, write};
use std::path::{Path, PathBuf};

const NO_OUT_DIR: &str = "OUT_DIR is not set: cargo sets it only while running a build \
     script; call `Builder::out_dir` to choose the output directory";

/// What to generate from, and how; see the [module docs](self) for the terminals.
///
/// Paths are relative to the working directory; in a build script that is the package
/// root (the directory of its `Cargo.toml`).
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    connectors: PathBuf,
    /// Operation tags to keep (`None`: all).
    tags: Option<Vec<String>>,
    /// Connector types (table file stems) to load (`None`: every table).
    connector_types: Option<Vec<String>>,
    /// The crate name doc examples use (`None`: from the spec's title).
    crate_name: Option<String>,
    deny_warnings: bool,
    out_dir: Option<PathBuf>,
    module_name: String,
    cargo_metadata: bool,
    /// A previous version of the spec to compare the output with.
    baseline: Option<PathBuf>,
    /// The connector tables of that version (`None`: the current ones).
    baseline_connectors: Option<PathBuf>,
    /// Middleware support (`None`: the default of each output, see [`Builder::middleware`]).
    middleware: Option<Middleware>,
    /// Whether [`Builder::generate`] checks the package's `Cargo.toml`.
    check_dependencies: bool,
    /// Connectors behind Cargo features (`None`: the default of each output).
    cargo_features: Option<bool>,
}

/// What [`Builder::generate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The generated file (`<out_dir>/<module_name>.rs`).
    pub path: PathBuf,
    /// `false` when the file already had the generated content and was left untouched.
    pub written: bool,
    /// The paths handed to cargo as `rerun-if-changed` (also filled when cargo metadata
    /// is off).
    pub watched: Vec<PathBuf>,
    /// What the inputs made generation degrade; printed as `cargo:warning=` lines.
    pub warnings: Vec<Diagnostic>,
    /// What changed since the [baseline](Builder::baseline), when one is set and loads.
    pub changes: Option<crate::diff::Report>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            spec: PathBuf::from("spec/openapi.yaml"),
            connectors: PathBuf::from("spec/connectors"),
            tags: None,
            connector_types: None,
            crate_name: None,
            deny_warnings: false,
            out_dir: None,
            module_name: "polytomic".to_owned(),
            cargo_metadata: true,
            baseline: None,
            baseline_connectors: None,
            middleware: None,
            check_dependencies: true,
            cargo_features: None,
        }
    }
}

impl Builder {
    /// A builder with the defaults: spec `spec/openapi.yaml`, connector tables in
    /// `spec/connectors`, every tag and connector, warnings allowed; for
    /// [`Builder::generate`], output in `$OUT_DIR/polytomic.rs` with `cargo:`
    /// instructions printed.
    ///
    /// ```no_run
    /// polytomic_codegen::Builder::new().generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The API description to generate from: OpenAPI 3.0 or 3.1, or Swagger 2.0 (YAML or JSON).
    ///
    /// ```no_run
    /// polytomic_codegen::Builder::new()
    ///     .spec("api/polytomic.yaml")
    ///     .generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn spec(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.spec = path.into();
        self
    }

    /// The directory of connector tables (`<type>.yaml`). A missing directory means no
    /// connectors.
    ///
    /// ```no_run
    /// polytomic_codegen::Builder::new()
    ///     .connectors("api/connectors")
    ///     .generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn connectors(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.connectors = dir.into();
        self
    }

    /// Generates only the operations whose first tag is one of `tags`, or nested under one
    /// (`BulkSync` includes `BulkSync/Executions`); see [`resolve::filter::retain_tags`].
    /// Untagged operations are left out; all types are kept. A tag no operation carries
    /// fails generation.
    ///
    /// ```no_run
    /// polytomic_codegen::Builder::new()
    ///     .include_tags(["Connections", "ModelSync"])
    ///     .generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn include_tags<S: Into<String>>(
        &mut self,
        tags: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        self.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// Generates configuration types only for these connector types, i.e. reads only
    /// `<type>.yaml` from the connectors directory (see [`load::connector_files`]). A type
    /// without a table fails generation.
    ///
    /// ```no_run
    /// polytomic_codegen::Builder::new()
    ///     .include_connectors(["s3", "snowflake"])
    ///     .generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn include_connectors<S: Into<String>>(
        &mut self,
        types: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        self.connector_types = Some(types.into_iter().map(Into::into).collect());
        self
    }

    /// The name of the crate a module tree is compiled in, which its doc examples use
    /// (`my_sdk::Client`). By default it comes from the spec's title (`Polytomic API` →
    /// `polytomic`; see [`names::crate_name`]). A build script's file does not use it: its
    /// examples are not run as doctests.
    ///
    /// ```no_run
    /// polytomic_codegen::Builder::new()
    ///     .crate_name("my_sdk")
    ///     .write_tree("my_sdk/src".as_ref())?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.crate_name = Some(name.into());
        self
    }

    /// Makes warnings (input generated in a degraded way, see
    /// [`Severity::Warning`](crate::Severity::Warning)) fail generation, as
    /// `--deny-warnings` does for the CLI.
    ///
    /// ```no_run
    /// polytomic_codegen::Builder::new()
    ///     .deny_warnings(true)
    ///     .generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn deny_warnings(&mut self, deny: bool) -> &mut Self {
        self.deny_warnings = deny;
        self
    }

    /// Where [`Builder::generate`] writes its file; by default the `OUT_DIR` cargo gives
    /// build scripts. Created when missing.
    ///
    /// ```no_run
    /// polytomic_codegen::Builder::new()
    ///     .out_dir("target/sdk")
    ///     .generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The name of the file [`Builder::generate`] writes, without `.rs` (default
    /// `polytomic`); it must be a Rust identifier, so the file can also back a `mod` of
    /// that name.
    ///
    /// ```no_run
    /// // Writes $OUT_DIR/sdk.rs, for `include!(concat!(env!("OUT_DIR"), "/sdk.rs"))`.
    /// polytomic_codegen::Builder::new()
    ///     .module_name("sdk")
    ///     .generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn module_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.module_name = name.into();
        self
    }

    /// Whether [`Builder::generate`], run by cargo (`cargo:` metadata on and
    /// `CARGO_MANIFEST_DIR` set), checks the package's `Cargo.toml` for the crates the
    /// generated code uses (default `true`).
    ///
    /// Each must be a dependency of the library under its own name (in `[dependencies]` or
    /// a `[target.<cfg>.dependencies]` table, directly or inherited from the workspace) with
    /// a version requirement the generated code works with. A crate that is missing or
    /// allows only other versions fails generation with [`Error::Dependencies`], which
    /// names the manifest line and the exact line to put there, instead of rustc failing
    /// inside generated code. Features the generated code uses but the manifest does not
    /// enable are warnings (a crate's default features may enable them). A manifest that
    /// cannot be read is one warning and no check.
    ///
    /// ```no_run
    /// // The dependencies come from somewhere the check cannot see.
    /// polytomic_codegen::Builder::new()
    ///     .check_dependencies(false)
    ///     .generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn check_dependencies(&mut self, on: bool) -> &mut Self {
        self.check_dependencies = on;
        self
    }

    /// Whether [`Builder::generate`] prints `cargo:rerun-if-changed=` for every input, and
    /// `cargo:warning=` lines for warnings and errors (default `true`). Turn it off when
    /// calling it outside a build script.
    ///
    /// ```no_run
    /// polytomic_codegen::Builder::new()
    ///     .out_dir("target/sdk")
    ///     .emit_cargo_metadata(false)
    ///     .generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn emit_cargo_metadata(&mut self, on: bool) -> &mut Self {
        self.cargo_metadata = on;
        self
    }

    /// A previous version of the spec (OpenAPI or Swagger, YAML or JSON) to compare with:
    /// [`Builder::generate`] then prints each change that breaks code written against the
    /// SDK generated from it as a `cargo:warning=` naming the Rust item and the rule (see
    /// [`diff`](crate::diff)), so a user sees why their code stopped compiling before
    /// rustc's errors. Its connector tables are the current ones unless
    /// [`Builder::baseline_connectors`] says otherwise. A baseline that does not load is a
    /// warning, never a failed build.
    ///
    /// ```no_run
    /// polytomic_codegen::Builder::new()
    ///     .baseline("spec/openapi.baseline.yaml")
    ///     .generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn baseline(&mut self, spec: impl Into<PathBuf>) -> &mut Self {
        self.baseline = Some(spec.into());
        self
    }

    /// The connector tables of the [baseline](Builder::baseline) (default: the current
    /// connectors directory).
    ///
    /// ```no_run
    /// polytomic_codegen::Builder::new()
    ///     .baseline("baseline/openapi.yaml")
    ///     .baseline_connectors("baseline/connectors")
    ///     .generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn baseline_connectors(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.baseline_connectors = Some(dir.into());
        self
    }

    /// Loads every input and resolves it into the model the emitters render, with the
    /// report of how: its `warnings` say what was degraded (with
    /// [`Builder::deny_warnings`], they are errors instead).
    ///
    /// ```no_run
    /// let resolved = polytomic_codegen::Builder::new().resolve()?;
    /// println!("{} operations", resolved.api.operations.len());
    /// println!("{} warning(s)", resolved.report.warnings.len());
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn resolve(&self) -> Result<crate::Resolution, Error> {
        self.load_and_resolve().map(|(_, resolved)| resolved)
    }

    /// The loaded inputs (which know where each node is written) and the model.
    pub(crate) fn load_and_resolve(&self) -> Result<(load::Inputs, resolve::Resolution), Error> {
        let inputs = load::load(
            &self.spec,
            &self.connectors,
            self.connector_types.as_deref(),
        )?;
        let options = resolve::Options {
            tags: self.tags.clone(),
            deny_warnings: self.deny_warnings,
        };
        let resolved = resolve::resolve(&inputs, &options)?;
        Ok((inputs, resolved))
    }

    /// The directory of connector tables.
    pub(crate) fn connectors_dir(&self) -> &Path {
        &self.connectors
    }

    /// The module tree rooted at `lib.rs`, in memory, with the warnings about what was
    /// degraded.
    ///
    /// ```no_run
    /// let (files, warnings) = polytomic_codegen::Builder::new().tree()?;
    /// assert_eq!(files[0].path, "lib.rs");
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn tree(&self) -> Result<(Vec<File>, Vec<Diagnostic>), Error> {
        self.tree_and_dependencies()
            .map(|parts| (parts.files, parts.warnings))
    }

    /// The crates the generated code uses: what its crate's `[dependencies]` must list
    /// (see [`deps::cargo_table`]).
    ///
    /// ```no_run
    /// let deps = polytomic_codegen::Builder::new().dependencies()?;
    /// print!("{}", polytomic_codegen::deps::cargo_table(&deps, &[]));
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn dependencies(&self) -> Result<Vec<deps::Dependency>, Error> {
        Ok(self.needed(&self.resolve()?.api, self.tree_middleware()))
    }

    /// The `[dependencies]` and `[features]` tables the crate of the module tree
    /// ([`Builder::write_tree`]) needs, as `polytomic-codegen dependencies` prints them.
    ///
    /// ```no_run
    /// print!("{}", polytomic_codegen::Builder::new().cargo_tables()?);
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn cargo_tables(&self) -> Result<String, Error> {
        let api = self.resolve()?.api;
        let mode = self.tree_middleware();
        let features = deps::features(&api, mode, self.cargo_features.unwrap_or(true));
        Ok(deps::cargo_table(&self.needed(&api, mode), &features))
    }

    /// Whether each top-level API group (`model-sync`) and each connector
    /// (`connector-s3`) sits behind a Cargo feature, all on through the default features
    /// `api-groups` and `connectors`, so a crate that uses one group and two connectors
    /// compiles those. Default: on for a module tree ([`Builder::write_tree`], the CLI,
    /// whose crate declares the features [`Builder::cargo_tables`] prints), off for the
    /// file of [`Builder::generate`] (a `build.rs` user narrows with
    /// [`Builder::include_tags`] and [`Builder::include_connectors`] instead). A group
    /// compiled out takes the model types only it uses; a connector compiled out reads
    /// into the configuration unions' `Other` variant as raw JSON.
    ///
    /// ```no_run
    /// // A standalone crate that always has everything.
    /// polytomic_codegen::Builder::new()
    ///     .cargo_features(false)
    ///     .write_tree("sdk/src".as_ref())?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn cargo_features(&mut self, on: bool) -> &mut Self {
        self.cargo_features = Some(on);
        self
    }

    /// What the output of `api` uses, with middleware support in `mode`.
    fn needed(&self, api: &ir::Api, mode: Middleware) -> Vec<deps::Dependency> {
        let mut needed = deps::needed(api);
        needed.extend(deps::for_middleware(mode));
        needed
    }

    /// Whether the client can send through a `reqwest-middleware` stack
    /// (`ClientBuilder::middleware`, with `reqwest-middleware` 0.5). Default: a module
    /// tree ([`Builder::write_tree`], the CLI) offers it behind a `middleware` Cargo
    /// feature its crate declares ([`deps::cargo_table`] prints the lines); the file of
    /// [`Builder::generate`] leaves it out, so a `build.rs` user needs no extra
    /// dependency unless they ask for it with [`Middleware::On`].
    ///
    /// ```no_run
    /// use polytomic_codegen::{emit::Middleware, Builder};
    /// // In build.rs, with `reqwest-middleware = "0.5"` under [dependencies]:
    /// Builder::new().middleware(Middleware::On).generate()?;
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn middleware(&mut self, mode: Middleware) -> &mut Self {
        self.middleware = Some(mode);
        self
    }

    fn tree_middleware(&self) -> Middleware {
        self.middleware.unwrap_or(Middleware::CargoFeature)
    }

    fn tree_and_dependencies(&self) -> Result<TreeParts, Error> {
        let resolve::Resolution { api, report } = self.resolve()?;
        let crate_name = match &self.crate_name {
            Some(name) => name.clone(),
            None => names::crate_name(&api.title),
        };
        let mode = self.tree_middleware();
        let cargo_features = self.cargo_features.unwrap_or(true);
        let options = emit::Options {
            middleware: mode,
            cargo_features,
            ..emit::Options::new(crate_name)
        };
        let emitted = emit::emit(&api, &options);
        Ok(TreeParts {
            files: format::tree(&emitted, format::HEADER)?,
            dependencies: self.needed(&api, mode),
            features: deps::features(&api, mode, cargo_features),
            counts: write::TypeCounts {
                types: api.types.len(),
                shared_uses: report.shared_uses,
            },
            warnings: report.warnings,
        })
    }

    /// Writes the module tree into `dir` (its `lib.rs` and modules), writing only the
    /// files whose content changed and removing generated files no longer generated; the
    /// report carries the warnings.
    ///
    /// ```no_run
    /// let report = polytomic_codegen::Builder::new().write_tree("generated/src".as_ref())?;
    /// println!("{} file(s) written", report.written.len());
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn write_tree(&self, dir: &Path) -> Result<write::WriteReport, Error> {
        let parts = self.tree_and_dependencies()?;
        let mut files = parts.files;
        files.extend(write::manifest_features(dir, &parts.features));
        let mut report = write::write(dir, &files)?;
        report.warnings = parts.warnings;
        report.dependencies = parts.dependencies;
        report.types = parts.counts;
        Ok(report)
    }

    /// The files in `dir` that are not what [`Builder::write_tree`] would write (empty
    /// when the tree is current), the crate's `Cargo.toml` included when it has a
    /// [features section](write::FEATURES_MARKER).
    ///
    /// ```no_run
    /// let stale = polytomic_codegen::Builder::new().check_tree("generated/src".as_ref())?;
    /// assert!(stale.is_empty(), "regenerate: {stale:?}");
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn check_tree(&self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let parts = self.tree_and_dependencies()?;
        let mut files = parts.files;
        files.extend(write::manifest_features(dir, &parts.features));
        Ok(write::stale(dir, &files))
    }

    /// Generates `<out_dir>/<module_name>.rs`, writing it only when its content changed.
    ///
    /// Before generating, prints `cargo:rerun-if-changed=` for the spec, the connectors
    /// directory and each table in it (so editing, adding or removing a table reruns the
    /// build script), and the package's `Cargo.toml` (and the workspace root's, when it is
    /// read) for the [dependency check](Builder::check_dependencies), and nothing else, so
    /// an unchanged input never reruns it. When the connectors directory does not exist,
    /// its parent is watched instead (unless that holds the output directory), so creating
    /// it is noticed.
    ///
    /// On failure the error's lines are also printed as `cargo:warning=`, so cargo shows
    /// them above its "failed to run custom build command" report; the caller still has
    /// to fail the build (see the [module docs](self)).
    ///
    /// ```no_run
    /// let generated = polytomic_codegen::Builder::new().generate()?;
    /// println!("SDK in {}", generated.path.display());
    /// # Ok::<(), polytomic_codegen::Error>(())
    /// ```
    pub fn generate(&self) -> Result<Generated, Error> {
        let result = self.run();
        if let (Err(e), true) = (&result, self.cargo_metadata) {
            // Cargo already labels these lines `warning: <package>:`.
            for line in e.to_string().lines() {
                let line = line.strip_prefix("error: ").unwrap_or(line);
                println!("cargo:warning={line}");
            }
        }
        result
    }

    fn run(&self) -> Result<Generated, Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Config(NO_OUT_DIR.to_owned()))?,
        };
        check_module_name(&self.module_name)?;
        std::fs::create_dir_all(&out_dir).map_err(|e| Error::io(&out_dir, e))?;

        // Watch before anything can fail, so fixing the input is what reruns the script.
        let watched = self.watched_paths(&out_dir);
        if self.cargo_metadata {
            for path in &watched {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }

        let (inputs, resolve::Resolution { api, report }) = self.load_and_resolve()?;
        let (api, changes) = self.compare_with_baseline(inputs, api);
        let mode = self.middleware.unwrap_or(Middleware::Off);
        // Files the spec reaches are known once it is loaded (a failed script reruns anyway).
        let mut watched = watched;
        watched.extend(report.referenced_files.iter().cloned());
        if self.cargo_metadata {
            for path in &report.referenced_files {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            for w in &report.warnings {
                println!("cargo:warning={w}");
            }
        }
        watched.extend(self.check_manifest(&api, mode)?);
        let options = emit::Options {
            crate_name: self.module_name.clone(),
            doctests: Doctests::Ignore,
            middleware: mode,
            cargo_features: self.cargo_features.unwrap_or(false),
        };
        let content =
            format::single_file(&emit::emit(&api, &options), format::BUILD_SCRIPT_HEADER)?;
        let file = File {
            path: format!("{}.rs", self.module_name),
            content,
        };
        let written = write::write(&out_dir, std::slice::from_ref(&file))?;
        Ok(Generated {
            path: out_dir.join(&file.path),
            written: !written.written.is_empty(),
            watched,
            warnings: report.warnings,
            changes,
        })
    }

    /// Checks the package's manifest (see [`Builder::check_dependencies`]), printing the
    /// warnings for cargo; returns the manifests it read and watches.
    fn check_manifest(&self, api: &ir::Api, mode: Middleware) -> Result<Vec<PathBuf>, Error> {
        if !(self.check_dependencies && self.cargo_metadata) {
            return Ok(Vec::new());
        }
        let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
            return Ok(Vec::new());
        };
        let path = PathBuf::from(dir).join("Cargo.toml");
        let check = deps::check_manifest(&path, &self.needed(api, mode));
        // Cargo does not rerun a build script for a manifest edit by itself, and a removed
        // dependency would otherwise surface as rustc errors in the replayed output.
        let read: Vec<PathBuf> = std::iter::once(path).chain(check.workspace_root).collect();
        for path in &read {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        for w in &check.warnings {
            println!("cargo:warning={w}");
        }
        if check.errors.is_empty() {
            Ok(read)
        } else {
            Err(Error::Dependencies(check.errors))
        }
    }

    /// The changes since the baseline (printing the Rust-breaking ones for cargo), and the
    /// model back.
    fn compare_with_baseline(
        &self,
        inputs: load::Inputs,
        api: ir::Api,
    ) -> (ir::Api, Option<crate::diff::Report>) {
        let Some(spec) = &self.baseline else {
            return (api, None);
        };
        let mut old = self.clone();
        old.spec(spec).deny_warnings(false);
        if let Some(dir) = &self.baseline_connectors {
            old.connectors(dir);
        }
        let new = crate::diff::Side::from_parts(inputs, api, &self.connectors);
        let report = match crate::diff::Side::load(&old) {
            Ok(old) => Some(crate::diff::diff(&old, &new)),
            Err(e) => {
                if self.cargo_metadata {
                    for line in e.to_string().lines() {
                        println!("cargo:warning=baseline not compared: {line}");
                    }
                }
                None
            }
        };
        if let (Some(report), true) = (&report, self.cargo_metadata) {
            for line in report.cargo_warnings() {
                println!("{line}");
            }
        }
        (new.into_api(), report)
    }

    /// Every input, for `rerun-if-changed`. A missing connectors directory is not among
    /// them: cargo reruns a build script on every build while a watched path is missing.
    fn watched_paths(&self, out_dir: &Path) -> Vec<PathBuf> {
        let mut watched = vec![self.spec.clone()];
        watched.extend(self.baseline.iter().cloned());
        let dir = &self.connectors;
        if dir.is_dir() {
            watched.push(dir.to_path_buf());
            // A bad selection is reported by `run`; the directory alone still covers it.
            watched.extend(
                load::connector_files(dir, self.connector_types.as_deref()).unwrap_or_default(),
            );
        } else if let Some(parent) = watchable_parent(dir, out_dir) {
            watched.push(parent);
        }
        watched
    }
}

/// A generated tree and what its crate needs to know about it.
struct TreeParts {
    files: Vec<File>,
    warnings: Vec<Diagnostic>,
    dependencies: Vec<deps::Dependency>,
    features: Vec<deps::Feature>,
    counts: write::TypeCounts,
}

/// The existing parent of a missing connectors directory, when watching it cannot make
/// cargo rerun the script on every build: not the package root (a relative path's
/// parent is `""`), and not a directory that holds the output, which every build
/// changes.
fn watchable_parent(dir: &Path, out_dir: &Path) -> Option<PathBuf> {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty())?;
    let parent_abs = parent.canonicalize().ok()?;
    let out_abs = out_dir.canonicalize().ok()?;
    (parent_abs.is_dir() && !out_abs.starts_with(&parent_abs)).then(|| parent.to_path_buf())
}

fn check_module_name(name: &str) -> Result<(), Error> {
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_";
    if valid {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "module name `{name}` is not a Rust identifier; use letters, digits and `_` \
             (e.g. `polytomic`)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: { title: Tiny, version: '1' }
paths:
  /widgets:
    get:
      operationId: widgetsList
      tags: [Widgets]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Widget' }
  /gadgets:
    get:
      operationId: gadgetsList
      tags: [Gadgets]
      responses:
        '204': { description: none }
components:
  schemas:
    Widget:
      type: object
      properties:
        name: { type: string }
"#;

    struct Fixture {
        dir: tempfile::TempDir,
    }

    impl Fixture {
        fn new() -> Self {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(dir.path().join("spec/connectors")).unwrap();
            std::fs::write(dir.path().join("spec/openapi.yaml"), SPEC).unwrap();
            Fixture { dir }
        }

        fn path(&self, rel: &str) -> PathBuf {
            self.dir.path().join(rel)
        }

        fn builder(&self) -> Builder {
            let mut b = Builder::new();
            b.spec(self.path("spec/openapi.yaml"))
                .connectors(self.path("spec/connectors"))
                .out_dir(self.path("out"))
                .emit_cargo_metadata(false);
            b
        }
    }

    #[test]
    fn writes_one_file_named_after_the_module_and_only_when_it_changes() {
        let fx = Fixture::new();
        let mut b = fx.builder();
        b.module_name("sdk");
        let first = b.generate().unwrap();
        assert_eq!(first.path, fx.path("out/sdk.rs"));
        assert!(first.written);
        let content = std::fs::read_to_string(&first.path).unwrap();
        assert!(
            content.starts_with(format::BUILD_SCRIPT_HEADER),
            "{content}"
        );
        assert!(content.contains("pub struct Widget"));
        assert!(content.contains("pub mod client"));
        // The runtime's doc examples name a crate the including crate is not: not run.
        assert!(content.contains("//! ```rust,ignore"), "{content}");
        assert!(!content.contains("```no_run"), "{content}");
        let parsed = syn::parse_file(&content).unwrap();
        assert!(
            parsed.attrs.is_empty(),
            "include! rejects top-level inner attributes"
        );

        let second = b.generate().unwrap();
        assert!(!second.written, "unchanged inputs leave the file alone");
    }

    #[test]
    fn watches_the_spec_the_connectors_directory_and_each_table() {
        let fx = Fixture::new();
        // Contents do not matter for watching (and empty tables would not load).
        std::fs::write(fx.path("spec/connectors/s3.yaml"), "").unwrap();
        std::fs::write(fx.path("spec/connectors/notes.txt"), "").unwrap();
        assert_eq!(
            fx.builder().watched_paths(&fx.path("out")),
            [
                fx.path("spec/openapi.yaml"),
                fx.path("spec/connectors"),
                fx.path("spec/connectors/s3.yaml"),
            ]
        );
    }

    #[test]
    fn watches_every_file_the_spec_reaches_through_refs() {
        let fx = Fixture::new();
        std::fs::create_dir_all(fx.path("spec/models")).unwrap();
        let spec = SPEC.replace(
            "      type: object\n      properties:\n        name: { type: string }",
            "      $ref: 'models/widget.yaml'",
        );
        assert_ne!(spec, SPEC);
        std::fs::write(fx.path("spec/openapi.yaml"), spec).unwrap();
        std::fs::write(
            fx.path("spec/models/widget.yaml"),
            "type: object\nproperties:\n  part: { $ref: 'part.yaml' }\n",
        )
        .unwrap();
        std::fs::write(fx.path("spec/models/part.yaml"), "type: string\n").unwrap();
        let generated = fx.builder().generate().unwrap();
        assert_eq!(
            generated.watched,
            [
                fx.path("spec/openapi.yaml"),
                fx.path("spec/connectors"),
                fx.path("spec/models/widget.yaml"),
                fx.path("spec/models/part.yaml"),
            ]
        );
        let content = std::fs::read_to_string(&generated.path).unwrap();
        assert!(content.contains("pub struct Widget"), "{content}");
    }

    #[test]
    fn a_missing_connectors_directory_is_not_watched_but_its_parent_is() {
        let fx = Fixture::new();
        std::fs::remove_dir(fx.path("spec/connectors")).unwrap();
        let generated = fx.builder().generate().unwrap();
        assert_eq!(
            generated.watched,
            [fx.path("spec/openapi.yaml"), fx.path("spec")]
        );
    }

    #[test]
    fn a_parent_that_holds_the_output_is_never_watched() {
        let fx = Fixture::new();
        let mut b = fx.builder();
        b.connectors(fx.path("spec/missing"))
            .out_dir(fx.path("spec/out"));
        let generated = b.generate().unwrap();
        assert_eq!(generated.watched, [fx.path("spec/openapi.yaml")]);
        // A relative path's parent is the package root, which holds target/.
        assert_eq!(
            watchable_parent(Path::new("connectors"), &fx.path("out")),
            None
        );
    }

    #[test]
    fn tag_filter_drops_other_operations() {
        let fx = Fixture::new();
        let mut b = fx.builder();
        b.include_tags(["Widgets"]);
        let content = std::fs::read_to_string(b.generate().unwrap().path).unwrap();
        assert!(content.contains("fn widgets("), "{content}");
        assert!(!content.contains("fn gadgets("), "{content}");

        b.include_tags(["Widgetz"]);
        let err = b.generate().unwrap_err().to_string();
        assert!(err.contains("did you mean `widgets`?"), "{err}");
    }

    #[test]
    fn only_the_selected_tables_are_watched() {
        let fx = Fixture::new();
        for name in [
            "s3.yaml",
            "snowflake.yaml",
            "postgresql.yaml",
            "_bindings.yaml",
        ] {
            std::fs::write(fx.path("spec/connectors").join(name), "").unwrap();
        }
        let dir = fx.path("spec/connectors");
        let mut b = fx.builder();
        b.include_connectors(["s3"]);
        let watched = b.watched_paths(&fx.path("out"));
        assert_eq!(watched.last(), Some(&dir.join("s3.yaml")));
        assert!(!watched.contains(&dir.join("snowflake.yaml")));
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let fx = Fixture::new();
        let broken = SPEC.replace("#/components/schemas/Widget", "#/components/schemas/Wdget");
        std::fs::write(fx.path("spec/openapi.yaml"), broken).unwrap();
        // A dangling reference degrades what uses it, with a located warning...
        let generated = fx.builder().generate().unwrap();
        let expected = format!("{}:14:", fx.path("spec/openapi.yaml").display());
        let warning = generated.warnings[0].to_string();
        assert!(warning.contains(&expected), "{warning}");
        // ... which strict users turn into an error naming the same place.
        let mut strict = fx.builder();
        strict.deny_warnings(true);
        let err = strict.generate().unwrap_err().to_string();
        assert!(err.contains(&expected), "{err}");
    }

    #[test]
    fn a_baseline_reports_what_breaks_code_written_against_it() {
        let fx = Fixture::new();
        // The baseline has a field the current spec no longer has.
        let old = SPEC.replace(
            "        name: { type: string }",
            "        name: { type: string }\n        size: { type: integer }",
        );
        assert_ne!(old, SPEC);
        std::fs::write(fx.path("spec/baseline.yaml"), old).unwrap();
        let mut b = fx.builder();
        b.baseline(fx.path("spec/baseline.yaml"));
        let generated = b.generate().unwrap();
        assert!(generated.watched.contains(&fx.path("spec/baseline.yaml")));
        let report = generated.changes.expect("the baseline loads");
        let warnings = report.cargo_warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0]
                .starts_with("cargo:warning=API change breaks Rust code: models::Widget::size:"),
            "{}",
            warnings[0]
        );
        assert!(warnings[0].contains("[field-removed]"), "{}", warnings[0]);
        assert!(warnings[0].contains("baseline.yaml:"), "{}", warnings[0]);

        // A baseline that does not load leaves generation alone.
        b.baseline(fx.path("spec/missing.yaml"));
        let generated = b.generate().unwrap();
        assert!(generated.changes.is_none());
        assert!(std::fs::read_to_string(&generated.path)
            .unwrap()
            .contains("pub struct Widget"));
    }

    #[test]
    fn bad_settings_are_config_errors() {
        let fx = Fixture::new();
        let mut b = fx.builder();
        b.module_name("my-sdk");
        assert!(matches!(b.generate(), Err(Error::Config(_))));
        b.module_name("sdk");
        assert!(b.generate().is_ok());
    }

    #[test]
    fn without_out_dir_the_error_says_to_set_one() {
        // Cargo sets OUT_DIR only for packages with a build script; this one has none.
        if std::env::var_os("OUT_DIR").is_some() {
            return;
        }
        let fx = Fixture::new();
        let mut b = Builder::new();
        b.spec(fx.path("spec/openapi.yaml"))
            .emit_cargo_metadata(false);
        let err = b.generate().unwrap_err().to_string();
        assert!(err.contains("OUT_DIR is not set"), "{err}");
        assert!(err.contains("Builder::out_dir"), "{err}");
    }

    #[test]
    fn module_names_must_be_identifiers() {
        for ok in ["polytomic", "sdk_v2", "_x"] {
            assert!(check_module_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "_", "2sdk", "a-b", "a/b", "a.rs"] {
            assert!(check_module_name(bad).is_err(), "{bad}");
        }
    }
}
