//! `polytomic-codegen`: generate the SDK from the shell, or check that it is current.

use clap::{Args, Parser, Subcommand};
use polytomic_codegen::Config;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "polytomic-codegen",
    version,
    about = "Generates a typed Rust SDK for the Polytomic API"
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
}

#[derive(Args)]
struct Paths {
    /// The OpenAPI 3.0 document (YAML or JSON).
    #[arg(long, default_value = "spec/openapi.yaml")]
    spec: PathBuf,
    /// Directory of connector tables (`<type>.yaml`); may be missing.
    #[arg(long, default_value = "spec/connectors")]
    connectors: PathBuf,
    /// Output directory; becomes the root of a module tree (`lib.rs`).
    #[arg(long, default_value = "generated/src")]
    out: PathBuf,
}

impl Paths {
    fn config(&self) -> Config {
        let mut c = Config::new();
        c.spec(&self.spec).connectors(&self.connectors);
        c
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate(p) => p.config().write_to(&p.out).map(|report| {
            for path in &report.written {
                eprintln!("wrote {}", path.display());
            }
            eprintln!(
                "{} file(s) written, {} unchanged",
                report.written.len(),
                report.unchanged.len()
            );
            true
        }),
        Command::Check(p) => p.config().check(&p.out).map(|stale| {
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
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
