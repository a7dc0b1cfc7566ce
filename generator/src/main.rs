//! `polytomic-codegen`: generate the SDK from the shell, or check that it is current.

use clap::{Args, Parser, Subcommand};
use polytomic_codegen::Builder;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "polytomic-codegen",
    version,
    about = "Generates a typed Rust SDK for the Polytomic API (or any OpenAPI 3.0/3.1 or Swagger 2.0 description)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the SDK module tree (lib.rs and modules) into --out.
    Generate(Paths),
    /// Exit 0 when the files in --out are what `generate` would write, 1 otherwise.
    Check(Paths),
    /// Print the `[dependencies]` table the generated code needs (for its crate's
    /// Cargo.toml).
    Dependencies(Paths),
    /// Turn the API's connection-type JSON Schemas into connector tables, keeping
    /// hand-written content (conditions, other areas) of tables that already exist.
    ImportJsonschema(Import),
    /// Compare two versions of the API description (and connector tables): what changed
    /// for callers, on the wire and in the generated Rust. Exits 3 when a change reaches
    /// --fail-on.
    Diff(Diff),
    /// Write the connector coverage report (which areas are typed, conditions, examples,
    /// provenance) made from the connector tables.
    Coverage(Coverage),
}

#[derive(Args)]
struct Coverage {
    /// Directory of connector tables.
    #[arg(long, default_value = "spec/connectors")]
    connectors: PathBuf,
    /// The Markdown file to write.
    #[arg(long, default_value = "docs/connectors.md")]
    out: PathBuf,
}

#[derive(Args)]
struct Diff {
    /// The old API description (OpenAPI 3.0 or 3.1, or Swagger 2.0; YAML or JSON).
    old: PathBuf,
    /// The new API description.
    new: PathBuf,
    /// Directory of connector tables for both sides (default: the `connectors`
    /// directory beside each spec, when there is one).
    #[arg(long)]
    connectors: Option<PathBuf>,
    /// Directory of connector tables of the old side (overrides --connectors).
    #[arg(long)]
    old_connectors: Option<PathBuf>,
    /// Directory of connector tables of the new side (overrides --connectors).
    #[arg(long)]
    new_connectors: Option<PathBuf>,
    /// `text` for people, `json` for machines.
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Exit 3 when a change at this level is found: `breaking` (on the wire or in Rust),
    /// `any`, or `none`.
    #[arg(long, value_enum, default_value = "none")]
    fail_on: FailOn,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Breaking,
    Any,
    None,
}

/// The exit code of `diff` when a change reaches `--fail-on` (1 is an input error, 2 a
/// usage error).
const CHANGES_FOUND: u8 = 3;

impl Diff {
    /// The report, and whether it reaches `--fail-on`.
    fn run(&self) -> Result<bool, polytomic_codegen::Error> {
        use polytomic_codegen::diff;
        let side = |spec: &PathBuf, own: &Option<PathBuf>| {
            let connectors = own
                .clone()
                .or_else(|| self.connectors.clone())
                .unwrap_or_else(|| {
                    spec.parent()
                        .map_or_else(|| PathBuf::from("connectors"), |p| p.join("connectors"))
                });
            let mut b = Builder::new();
            b.spec(spec).connectors(connectors);
            diff::Side::load(&b)
        };
        let old = side(&self.old, &self.old_connectors)?;
        let new = side(&self.new, &self.new_connectors)?;
        let report = diff::diff(&old, &new);
        match self.format {
            DiffFormat::Text => print!("{}", report.text()),
            DiffFormat::Json => println!(
                "{}",
                serde_json::to_string_pretty(&report.json()).unwrap_or_default()
            ),
        }
        let level = match self.fail_on {
            FailOn::Breaking => diff::FailOn::Breaking,
            FailOn::Any => diff::FailOn::Any,
            FailOn::None => diff::FailOn::None,
        };
        Ok(report.fails(level))
    }
}

#[derive(Args)]
struct Import {
    /// Connection-type JSON Schemas (`<type>.json`); display names come from an
    /// `_index.json` beside them.
    #[arg(required = true)]
    schemas: Vec<PathBuf>,
    /// Directory of connector tables to write (`<type>.yaml`).
    #[arg(long, default_value = "spec/connectors")]
    out: PathBuf,
}

#[derive(Args)]
struct Paths {
    /// The API description: OpenAPI 3.0 or 3.1, or Swagger 2.0 (YAML or JSON).
    #[arg(long, default_value = "spec/openapi.yaml")]
    spec: PathBuf,
    /// Directory of connector tables (`<type>.yaml`); may be missing.
    #[arg(long, default_value = "spec/connectors")]
    connectors: PathBuf,
    /// Output directory; becomes the root of a module tree (`lib.rs`).
    #[arg(long, default_value = "generated/src")]
    out: PathBuf,
    /// The name of the crate the output is compiled in, used by its doc examples
    /// (default: from the spec's title, `Polytomic API` → `polytomic`).
    #[arg(long)]
    crate_name: Option<String>,
    /// Treat warnings (input generated in a degraded way) as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// List every warning (by default, each kind shows its first few and a count).
    #[arg(long)]
    verbose: bool,
    /// Whether the client can send through a `reqwest-middleware` stack: `feature`
    /// (behind a `middleware` Cargo feature; `dependencies` prints its lines), `on`
    /// (always) or `off`.
    #[arg(long, value_enum, default_value = "feature")]
    middleware: MiddlewareArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum MiddlewareArg {
    Feature,
    On,
    Off,
}

impl Paths {
    fn builder(&self) -> Builder {
        let mut c = Builder::new();
        c.spec(&self.spec).connectors(&self.connectors);
        if let Some(name) = &self.crate_name {
            c.crate_name(name);
        }
        c.deny_warnings(self.deny_warnings);
        c.middleware(match self.middleware {
            MiddlewareArg::Feature => polytomic_codegen::emit::Middleware::CargoFeature,
            MiddlewareArg::On => polytomic_codegen::emit::Middleware::On,
            MiddlewareArg::Off => polytomic_codegen::emit::Middleware::Off,
        });
        c
    }
}

/// Warnings, grouped by kind (the message with its quoted names taken out) in the order
/// first seen: a few of each, then how many more; all of them when `verbose` or few.
fn print_warnings(warnings: &[polytomic_codegen::Diagnostic], verbose: bool) {
    const SHOWN: usize = 3;
    if verbose || warnings.len() <= 10 {
        for w in warnings {
            eprintln!("warning: {w}");
        }
        return;
    }
    let mut groups: Vec<(String, Vec<&polytomic_codegen::Diagnostic>)> = Vec::new();
    for w in warnings {
        let kind = kind_of(&w.message);
        match groups.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, list)) => list.push(w),
            None => groups.push((kind, vec![w])),
        }
    }
    for (_, list) in &groups {
        for w in list.iter().take(SHOWN) {
            eprintln!("warning: {w}");
        }
        if list.len() > SHOWN {
            eprintln!(
                "  ... and {} more like this (--verbose lists them)",
                list.len() - SHOWN
            );
        }
    }
}

/// A warning's message without what it quotes (`name`), so warnings of one kind about
/// different things compare equal.
fn kind_of(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join("`…`")
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Diff(d) = &cli.command {
        return match d.run() {
            Ok(false) => ExitCode::SUCCESS,
            Ok(true) => ExitCode::from(CHANGES_FOUND),
            Err(e) => report_error(&e),
        };
    }
    let result = match &cli.command {
        Command::Diff(_) => Ok(true),
        Command::ImportJsonschema(i) => {
            polytomic_codegen::import::import(&i.schemas, &i.out).map(|report| {
                for w in &report.warnings {
                    eprintln!("warning: {w}");
                }
                if !report.ignored.is_empty() {
                    let ignored: Vec<String> = report
                        .ignored
                        .iter()
                        .map(|(k, n)| format!("`{k}` ({n}x)"))
                        .collect();
                    eprintln!("note: skipped UI-only keywords: {}", ignored.join(", "));
                }
                for path in &report.written {
                    eprintln!("wrote {}", path.display());
                }
                eprintln!(
                    "{} table(s) written, {} unchanged, {} warning(s)",
                    report.written.len(),
                    report.unchanged.len(),
                    report.warnings.len()
                );
                true
            })
        }
        Command::Coverage(c) => polytomic_codegen::load::connector_files(&c.connectors, None)
            .and_then(|files| polytomic_codegen::load::tables::load_all(&files))
            .and_then(|tables| {
                let report = polytomic_codegen::coverage::report(&tables);
                std::fs::write(&c.out, report).map_err(|e| polytomic_codegen::Error::io(&c.out, e))
            })
            .map(|()| {
                eprintln!("wrote {}", c.out.display());
                true
            }),
        Command::Generate(p) => p.builder().write_tree(&p.out).map(|report| {
            print_warnings(&report.warnings, p.verbose);
            for path in &report.written {
                eprintln!("wrote {}", path.display());
            }
            for path in &report.removed {
                eprintln!("removed {} (no longer generated)", path.display());
            }
            eprintln!(
                "{} file(s) written, {} unchanged, {} warning(s)",
                report.written.len(),
                report.unchanged.len(),
                report.warnings.len()
            );
            if p.verbose {
                eprintln!(
                    "{} type(s) generated; {} use(s) of a shared inline schema took its one type instead of a copy",
                    report.types.types, report.types.shared_uses
                );
            }
            let extra = polytomic_codegen::deps::extra(&report.dependencies);
            if !extra.is_empty() {
                eprintln!("note: besides the usual dependencies, the generated code uses:");
                for d in extra {
                    eprintln!("  {} = {}   # {}", d.name, d.requirement, d.why);
                }
                eprintln!("  (`polytomic-codegen dependencies` prints the whole table)");
            }
            true
        }),
        Command::Dependencies(p) => p.builder().cargo_tables().map(|tables| {
            print!("{tables}");
            true
        }),
        Command::Check(p) => p.builder().check_tree(&p.out).map(|stale| {
            for path in &stale {
                eprintln!("stale: {}", path.display());
            }
            if !stale.is_empty() {
                eprintln!("run `cargo run -p polytomic-codegen -- generate` to update them");
            }
            stale.is_empty()
        }),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => report_error(&e),
    }
}

/// Input errors get a snippet with a caret; `NO_COLOR` or a non-terminal stderr gets them
/// without colours. Exit 1: the inputs need fixing. (Usage errors exit 2 from clap before
/// we get here.)
fn report_error(e: &polytomic_codegen::Error) -> ExitCode {
    let color = std::env::var_os("NO_COLOR").is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stderr());
    eprint!("{}", e.render_fancy(color));
    ExitCode::from(1)
}
