//! The `build.rs` recipe end to end: a copy of `examples/downstream` built standalone by
//! cargo, checking when cargo reruns the build script and what a spec error looks like.
//!
//! The copy lives in a temporary directory and builds offline against this checkout's
//! generator. Its target directory is `target/build-script-test`, shared between runs, so
//! the dependencies compile once and later runs (and CI steps) only rebuild the copy.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

const PACKAGE: &str = "polytomic-downstream-example";

/// A standalone copy of the example crate and the cargo that builds it.
struct Downstream {
    dir: tempfile::TempDir,
    target: PathBuf,
}

/// One `cargo build` of the copy.
struct Build {
    success: bool,
    stderr: String,
    /// The build script's `OUT_DIR`, from cargo's `build-script-executed` message.
    out_dir: Option<PathBuf>,
}

impl Build {
    /// Whether cargo ran the copy's build script (rather than replaying its last output).
    fn ran_build_script(&self) -> bool {
        self.stderr.lines().any(|l| {
            l.trim_start().starts_with("Running")
                && l.contains(PACKAGE)
                && l.contains("build-script-build")
        })
    }

    fn generated(&self) -> PathBuf {
        self.out_dir
            .as_ref()
            .unwrap_or_else(|| panic!("no build-script-executed message:\n{}", self.stderr))
            .join("polytomic.rs")
    }
}

impl Downstream {
    fn new() -> Self {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let workspace = workspace.canonicalize().unwrap();
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&workspace.join("examples/downstream"), dir.path());

        // Build standalone: its own workspace, the generator by absolute path, and this
        // workspace's lock file so `--offline` finds exactly the crates already fetched.
        let manifest = dir.path().join("Cargo.toml");
        let original = std::fs::read_to_string(&manifest).unwrap();
        let generator = workspace.join("generator");
        let rewritten = original.replace(
            r#"path = "../../generator""#,
            &format!("path = {:?}", generator.display().to_string()),
        );
        assert_ne!(
            rewritten, original,
            "the example must depend on ../../generator"
        );
        std::fs::write(&manifest, format!("{rewritten}\n[workspace]\n")).unwrap();
        std::fs::copy(workspace.join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();

        Downstream {
            dir,
            target: workspace.join("target/build-script-test"),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn edit(&self, rel: &str, edit: impl FnOnce(&str) -> String) {
        let path = self.path(rel);
        let old = std::fs::read_to_string(&path).unwrap();
        let new = edit(&old);
        assert_ne!(old, new, "edit of {rel} changed nothing");
        std::fs::write(&path, new).unwrap();
    }

    fn cargo(&self) -> Command {
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", &self.target)
            // Debug info is not needed here and makes the one-time dependency build slower.
            .env("CARGO_PROFILE_DEV_DEBUG", "false")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS");
        cmd
    }

    fn build(&self) -> Build {
        let output: Output = self
            .cargo()
            .args(["build", "--offline", "--verbose", "--message-format=json"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let messages: Vec<serde_json::Value> = stdout
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        let out_dir = messages
            .iter()
            .find(|m| {
                m["reason"] == "build-script-executed"
                    && m["package_id"]
                        .as_str()
                        .is_some_and(|id| id.contains(PACKAGE))
            })
            .and_then(|m| m["out_dir"].as_str().map(PathBuf::from));
        // With JSON messages, rustc's diagnostics go to stdout; keep them for failures.
        let mut stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        for rendered in messages
            .iter()
            .filter_map(|m| m["message"]["rendered"].as_str())
        {
            stderr.push_str(rendered);
        }
        Build {
            success: output.status.success(),
            stderr,
            out_dir,
        }
    }
}

impl Drop for Downstream {
    fn drop(&mut self) {
        // Keep the shared target directory from collecting one copy per run; the
        // dependencies stay.
        let _ = self
            .cargo()
            .args(["clean", "--offline", "--package", PACKAGE])
            .output();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn downstream_crate_regenerates_exactly_when_its_inputs_change() {
    let crate_ = Downstream::new();

    // First build: the build script generates the SDK into OUT_DIR.
    let first = crate_.build();
    assert!(first.success, "first build failed:\n{}", first.stderr);
    assert!(first.ran_build_script(), "{}", first.stderr);
    let generated = first.generated();
    let sdk = read(&generated);
    assert!(
        sdk.contains("pub struct GetIdentityResponseSchema"),
        "{sdk}"
    );
    assert!(!sdk.contains("pub nickname:"));
    let generated_at = mtime(&generated);

    // Nothing changed: cargo must not rerun the build script.
    let second = crate_.build();
    assert!(second.success, "{}", second.stderr);
    assert!(
        !second.ran_build_script(),
        "build script reran without a change:\n{}",
        second.stderr
    );
    assert!(
        second.stderr.contains(&format!("Fresh {PACKAGE}")),
        "{}",
        second.stderr
    );
    assert_eq!(second.generated(), generated);
    assert_eq!(mtime(&generated), generated_at);

    // A new file in the connectors directory reruns the script (the directory is
    // watched); the output is the same, so it is not rewritten.
    std::fs::write(crate_.path("spec/connectors/NOTES.txt"), "not a table\n").unwrap();
    let third = crate_.build();
    assert!(third.success, "{}", third.stderr);
    assert!(
        third.ran_build_script(),
        "a new connectors file was not noticed:\n{}",
        third.stderr
    );
    assert_eq!(
        mtime(&generated),
        generated_at,
        "unchanged output was rewritten"
    );

    // A new field in the spec: regenerated, and the field is in the output.
    crate_.edit("spec/openapi.yaml", |spec| {
        spec.replacen(
            "      description: Who the API key in use belongs to.\n      properties:\n",
            "      description: Who the API key in use belongs to.\n      properties:\n        \
             nickname:\n          type: string\n          description: Added downstream.\n",
            1,
        )
    });
    let fourth = crate_.build();
    assert!(fourth.success, "{}", fourth.stderr);
    assert!(fourth.ran_build_script(), "{}", fourth.stderr);
    let sdk = read(&fourth.generated());
    assert!(sdk.contains("pub nickname: Option<String>"), "{sdk}");

    // A new optional field in a connector table: regenerated, the field is in the type.
    let table = "spec/connectors/s3.yaml";
    let valid_table = read(&crate_.path(table));
    crate_.edit(table, |t| {
        t.replacen(
            "  when:\n",
            "  - name: s3_path_prefix\n    type: string\n    label: Path prefix\n  when:\n",
            1,
        )
    });
    let fifth = crate_.build();
    assert!(fifth.success, "{}", fifth.stderr);
    assert!(fifth.ran_build_script(), "{}", fifth.stderr);
    let sdk = read(&fifth.generated());
    assert!(sdk.contains("pub s3_path_prefix: Option<String>"), "{sdk}");

    // A mistake in a table fails the build, naming the table and the line.
    crate_.edit(table, |t| {
        t.replacen("    label: Path prefix\n", "    lable: Path prefix\n", 1)
    });
    let broken = crate_.build();
    let line = line_of(&read(&crate_.path(table)), "lable: Path prefix");
    assert_fails_at(&broken, &format!("{table}:{line}:"), "lable");

    // Fixed again: the failed run is retried and succeeds.
    std::fs::write(crate_.path(table), &valid_table).unwrap();
    let fixed = crate_.build();
    assert!(fixed.success, "{}", fixed.stderr);
    assert!(!read(&fixed.generated()).contains("s3_path_prefix"));

    // With a baseline (the spec the code was written against), a change that breaks Rust
    // code is a cargo warning naming the item, even when the build succeeds.
    std::fs::copy(
        crate_.path("spec/openapi.yaml"),
        crate_.path("spec/baseline.yaml"),
    )
    .unwrap();
    crate_.edit("build.rs", |script| {
        script.replacen(
            ".connectors(\"spec/connectors\")",
            ".connectors(\"spec/connectors\")\n        .baseline(\"spec/baseline.yaml\")",
            1,
        )
    });
    crate_.edit("spec/openapi.yaml", |spec| {
        spec.replacen(
            "        nickname:\n          type: string\n          description: Added downstream.\n",
            "",
            1,
        )
    });
    let compared = crate_.build();
    assert!(compared.success, "{}", compared.stderr);
    assert!(
        compared
            .stderr
            .lines()
            .any(|l| l.starts_with(&format!("warning: {PACKAGE}@"))
                && l.contains(
                    "API change breaks Rust code: models::GetIdentityResponseSchema::nickname"
                )
                && l.contains("[field-removed]")
                && l.contains("spec/baseline.yaml:")),
        "{}",
        compared.stderr
    );

    // A dangling `$ref` in the spec degrades what uses it: generation goes on, and cargo
    // shows a warning naming the spec and the line.
    let target = "$ref: '#/components/schemas/GetIdentityResponseEnvelope'";
    let line = line_of(&read(&crate_.path("spec/openapi.yaml")), target);
    crate_.edit("spec/openapi.yaml", |spec| {
        spec.replace(
            target,
            "$ref: '#/components/schemas/GetIdentityResponseEnvelop'",
        )
    });
    // The example's own code reads the envelope's fields, so it stops compiling there;
    // the generated code itself still compiles.
    let degraded = crate_.build();
    assert!(
        !degraded.stderr.contains("polytomic.rs:"),
        "{}",
        degraded.stderr
    );
    let location = format!("spec/openapi.yaml:{line}:");
    assert!(
        degraded.stderr.lines().any(|l| l.contains("warning")
            && l.contains(&location)
            && l.contains("GetIdentityResponseEnvelop")),
        "{}",
        degraded.stderr
    );

    // A crate the generated code uses, missing from Cargo.toml: the build script fails
    // naming the manifest and the line to add, before rustc sees generated code.
    let manifest = crate_.path("Cargo.toml");
    crate_.edit("Cargo.toml", |m| {
        m.replacen("percent-encoding = \"2\"\n", "", 1)
    });
    let header = line_of(&read(&manifest), "[dependencies]");
    let missing = crate_.build();
    assert_fails_at(
        &missing,
        &format!("{}:{header}:1:", manifest.display()),
        "put `percent-encoding = \"2\"` under [dependencies]",
    );
    assert!(!missing.stderr.contains("error[E"), "{}", missing.stderr);

    // Renamed, it is there but not under the name generated code uses: named at its own
    // line. (A version line the generated code does not work with is reported the same
    // way; it cannot be built offline here, so the unit tests cover it.)
    crate_.edit("Cargo.toml", |m| {
        m.replacen(
            "[dependencies]\n",
            "[dependencies]\npe = { package = \"percent-encoding\", version = \"2\" }\n",
            1,
        )
    });
    let line = line_of(&read(&manifest), "pe = { package");
    let renamed = crate_.build();
    assert_fails_at(
        &renamed,
        &format!("{}:{line}:1:", manifest.display()),
        "is listed as `pe` in [dependencies]",
    );
    assert!(!renamed.stderr.contains("error[E"), "{}", renamed.stderr);
}

/// The 1-based number of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?}"))
        + 1
}

/// The build failed in the build script, and cargo showed the error at `location`
/// (`file:line:`) mentioning `needle`, both as a warning at the top and in the script's
/// own output.
fn assert_fails_at(build: &Build, location: &str, needle: &str) {
    assert!(!build.success, "a broken input built:\n{}", build.stderr);
    assert!(
        build.stderr.contains("failed to run custom build command"),
        "{}",
        build.stderr
    );
    let reported: Vec<&str> = build
        .stderr
        .lines()
        .filter(|l| l.contains(location) && l.contains(needle))
        .collect();
    assert!(
        reported
            .iter()
            .any(|l| l.starts_with(&format!("warning: {PACKAGE}@"))),
        "no cargo warning naming {location}:\n{}",
        build.stderr
    );
    assert!(
        reported
            .iter()
            .any(|l| l.trim_start().starts_with(&format!("error: {location}"))),
        "no error naming {location} in the build script's output:\n{}",
        build.stderr
    );
}

/// The crate names under `[dependencies]` in a manifest.
fn dependency_names(manifest: &Path) -> Vec<String> {
    let text = read(manifest);
    let mut names: Vec<String> = text
        .lines()
        .skip_while(|l| l.trim() != "[dependencies]")
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        // Optional ones serve features (`middleware`) a build-script output leaves out.
        .filter(|l| !l.contains("optional = true"))
        .filter_map(|l| l.split('=').next().map(|name| name.trim().to_owned()))
        .collect();
    names.sort();
    names
}

#[test]
fn example_depends_on_what_generated_code_needs() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let needed = dependency_names(&workspace.join("generated/Cargo.toml"));
    assert!(needed.contains(&"serde".to_owned()), "{needed:?}");
    assert_eq!(
        dependency_names(&workspace.join("examples/downstream/Cargo.toml")),
        needed,
        "examples/downstream/Cargo.toml (and docs/build-rs.md) must list the runtime \
         dependencies of generated/Cargo.toml"
    );
}

/// The committed crate stands alone: a copy of `generated/` outside the workspace (no
/// inherited settings) packages and builds offline, as `cargo publish` would check it.
#[test]
fn generated_crate_packages_on_its_own() {
    let (_dir, copy) = standalone_generated_crate();
    let manifest = read(&copy.join("Cargo.toml"));
    assert!(
        !manifest.contains(".workspace") && !manifest.contains("workspace = true"),
        "generated/Cargo.toml must not inherit from the workspace:\n{manifest}"
    );
    let output = standalone_cargo(&copy)
        .args(["package", "--offline", "--allow-dirty"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo package failed:\n{stderr}");
    assert!(stderr.contains("Verifying polytomic"), "{stderr}");
}

/// A copy of `generated/` outside the workspace (so no workspace feature unification),
/// in a temporary directory that lives as long as the first value.
fn standalone_generated_crate() -> (tempfile::TempDir, PathBuf) {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("polytomic");
    std::fs::create_dir_all(copy.join("src")).unwrap();
    std::fs::copy(
        workspace.join("generated/Cargo.toml"),
        copy.join("Cargo.toml"),
    )
    .unwrap();
    copy_dir(&workspace.join("generated/src"), &copy.join("src"));
    // The workspace's lock file pins the versions already in the local registry.
    std::fs::copy(workspace.join("Cargo.lock"), copy.join("Cargo.lock")).unwrap();
    (dir, copy)
}

/// Cargo in a standalone copy, with the same target directory and settings as the
/// downstream build above, so the dependencies are compiled once for all.
fn standalone_cargo(dir: &Path) -> Command {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace.join("target/build-script-test"),
        )
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    cmd
}

/// A user of the committed crate who needs one API group and one connector compiles
/// those: with `default-features = false, features = ["model-sync", "connector-s3"]` the
/// model-sync operations and the S3 types are there and typed, any other connector's
/// configuration read from the server is kept whole as raw JSON (nothing lost), other
/// groups are not there, and the compiler has no warning.
#[test]
fn generated_crate_compiles_one_group_and_one_connector_alone() {
    let (_dir, copy) = standalone_generated_crate();
    std::fs::create_dir_all(copy.join("tests")).unwrap();
    std::fs::write(
        copy.join("tests/one_connector.rs"),
        r#"
use polytomic::connectors::{ConnectionConfigurationResponse, S3ConnectionConfigurationResponse};
use polytomic::connectors_runtime::Union;

#[test]
fn model_sync_is_there() {
    let client = polytomic::Client::builder().api_key("k").build().unwrap();
    let _list: polytomic::client::ModelSyncListRequest<'_> = client.model_sync().list().limit(5);
    let _executions = client.model_sync().executions();
}

#[test]
fn s3_is_typed_and_snowflake_is_raw() {
    let s3 = serde_json::json!({"auth_mode": "iam_role", "iam_role_arn": "arn:aws:iam::1:role/r",
                                "s3_bucket_name": "b", "s3_bucket_region": "eu-west-1"});
    let read = ConnectionConfigurationResponse::from_parts(Some("s3".into()), s3).unwrap();
    let ConnectionConfigurationResponse::S3(S3ConnectionConfigurationResponse { .. }) = &read else {
        panic!("{read:?}");
    };
    let wire = serde_json::json!({"account": "acme", "username": "u", "warehouse": "wh"});
    let read =
        ConnectionConfigurationResponse::from_parts(Some("snowflake".into()), wire.clone()).unwrap();
    let ConnectionConfigurationResponse::Other(raw) = &read else {
        panic!("{read:?}");
    };
    assert_eq!(raw.connector_type(), Some("snowflake"));
    assert_eq!(raw.configuration(), &wire);
    assert_eq!(read.configuration().unwrap(), wire);
}
"#,
    )
    .unwrap();
    std::fs::write(
        copy.join("Cargo.toml"),
        read(&copy.join("Cargo.toml")).replace(
            "[dev-dependencies]\n",
            "[dev-dependencies]\nserde_json = \"1\"\n",
        ),
    )
    .unwrap();
    let output = standalone_cargo(&copy)
        .args([
            "test",
            "--offline",
            "--no-default-features",
            "--features",
            "model-sync,connector-s3",
            "--test",
            "one_connector",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "one-connector build failed:\n{stderr}\n{stdout}"
    );
    // Not `RUSTFLAGS=-D warnings`: that would rebuild every dependency.
    assert!(
        !stderr.lines().any(|l| l.starts_with("warning")),
        "{stderr}"
    );
    assert!(
        stdout.contains("test s3_is_typed_and_snowflake_is_raw ... ok")
            && stdout.contains("test model_sync_is_there ... ok"),
        "{stdout}"
    );

    // Another group is compiled out.
    std::fs::write(
        copy.join("tests/other_group.rs"),
        "#[test]\nfn bulk_sync() {\n    let client = polytomic::Client::builder().api_key(\"k\").build().unwrap();\n    let _ = client.bulk_sync();\n}\n",
    )
    .unwrap();
    let output = standalone_cargo(&copy)
        .args([
            "test",
            "--offline",
            "--no-run",
            "--no-default-features",
            "--features",
            "model-sync,connector-s3",
            "--test",
            "other_group",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("no method named `bulk_sync`"), "{stderr}");
}
