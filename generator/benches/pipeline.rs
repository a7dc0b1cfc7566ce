//! The generator on this repository's `spec/` (every operation and every connector
//! table): the whole pipeline end to end, then each phase on its own, so the slowest
//! phase shows. Run with `cargo bench -p polytomic-codegen --bench pipeline`; figures
//! and what they mean are in docs/performance.md.
//!
//! Each phase is timed on the output of the previous one, prepared once outside the
//! timing, so the phases add up to (about) the end-to-end figure:
//!
//! | bench | what is timed |
//! |---|---|
//! | `end_to_end/generate_files` | [`Builder::tree`]: load, resolve, emit, format |
//! | `end_to_end/write_to` | [`Builder::write_tree`] into an empty directory: all five phases |
//! | `phase/load_openapi` | reading, checking and parsing `spec/openapi.yaml` |
//! | `phase/load_tables` | reading and checking the connector tables and bindings |
//! | `phase/resolve` | the spec and the tables into one [`polytomic_codegen::ir::Api`] |
//! | `phase/emit` | the model into token streams, one per module |
//! | `phase/format` | token streams into source text (`syn` parse + prettyplease) |
//! | `phase/write` | the files into an empty directory |
//! | `phase/write_unchanged` | the files into a directory that already holds them (compare only) |
//! | `real_world/twilio_api_v2010` | `generate_files` on the largest Twilio description (1.8 MB JSON) |
//! | `real_world/digitalocean` | `generate_files` on DigitalOcean's root and the ~2,900 files it reaches |
//! | `real_world/svix_31` | the largest OpenAPI 3.1 description (2.7 MB JSON), upgraded to 3.0 on load |
//! | `real_world/letta_31` | a FastAPI-made 3.1 description (1.7 MB, 1,520 `anyOf` optionals) |
//! | `real_world/argo_swagger2` | the largest Swagger 2.0 description (0.8 MB) |
//! | `real_world/*_load` | only loading (bundling, upgrading) the same documents |
//! | `diff/twilio_api_v2010_compare` | `diff` of two loaded copies of that description: the comparison alone |
//! | `diff/twilio_api_v2010_history` | the same for two consecutive releases (../shared/spec-history) |
//!
//! The `real_world` group needs `../shared/real-world-openapi` and
//! `../shared/real-world-openapi-more` beside the checkout (CI and the project's machines
//! have them); a document that is not there is skipped.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use polytomic_codegen::{emit, format, load, resolve, write, Builder};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator crate lives in the workspace root")
        .to_path_buf()
}

fn config() -> Builder {
    let root = repo_root();
    let mut config = Builder::new();
    config
        .spec(root.join("spec/openapi.yaml"))
        .connectors(root.join("spec/connectors"));
    config
}

fn end_to_end(c: &mut Criterion) {
    let config = config();
    let mut group = c.benchmark_group("end_to_end");
    // One run takes a good fraction of a second in a debug build; keep the sample small
    // so a full `cargo bench` stays within minutes on a 2-core machine.
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("generate_files", |b| {
        b.iter(|| black_box(config.tree().expect("spec/ generates").0))
    });
    group.bench_function("write_to", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |dir| {
                let report = config.write_tree(dir.path()).expect("spec/ generates");
                // Every file is new, so every file is written.
                assert!(report.unchanged.is_empty());
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn phases(c: &mut Criterion) {
    let config = config();
    let root = repo_root();
    let (spec_path, connectors_dir) =
        (root.join("spec/openapi.yaml"), root.join("spec/connectors"));
    let table_files = load::connector_files(&connectors_dir, None).expect("connector tables");

    // Every phase's input, prepared once (this is `Builder::resolve` and
    // `Builder::tree` taken apart).
    let spec = load::openapi::load(&spec_path).expect("spec loads");
    let tables = load::tables::load_all(&table_files).expect("tables load");
    let bindings = load::tables::load_bindings(&connectors_dir).expect("bindings load");
    let inputs = load::Inputs {
        spec,
        tables,
        bindings,
    };
    let resolve_all =
        || resolve::resolve(&inputs, &resolve::Options::default()).expect("inputs resolve");
    let api = resolve_all().api;
    let emitted = emit::emit(&api, &emit::Options::new("polytomic"));
    let files = format::tree(&emitted, format::HEADER).expect("output formats");
    assert_eq!(
        files,
        config.tree().expect("spec/ generates").0,
        "the phases taken apart must produce what the pipeline produces"
    );

    let mut group = c.benchmark_group("phase");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("load_openapi", |b| {
        b.iter(|| black_box(load::openapi::load(&spec_path).expect("spec loads")))
    });
    group.bench_function("load_tables", |b| {
        b.iter(|| {
            let tables = load::tables::load_all(&table_files).expect("tables load");
            let bindings = load::tables::load_bindings(&connectors_dir).expect("bindings load");
            black_box((tables, bindings))
        })
    });
    group.bench_function("resolve", |b| b.iter(|| black_box(resolve_all())));
    group.bench_function("emit", |b| {
        b.iter(|| black_box(emit::emit(&api, &emit::Options::new("polytomic"))))
    });
    group.bench_function("format", |b| {
        b.iter(|| black_box(format::tree(&emitted, format::HEADER).expect("output formats")))
    });
    group.bench_function("write", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |dir| {
                black_box(write::write(dir.path(), &files).expect("files written"));
                dir
            },
            BatchSize::PerIteration,
        )
    });
    let existing = tempfile::tempdir().expect("temp dir");
    write::write(existing.path(), &files).expect("files written");
    group.bench_function("write_unchanged", |b| {
        b.iter(|| {
            let report = write::write(existing.path(), &files).expect("files compared");
            assert!(report.written.is_empty());
            black_box(report)
        })
    });
    group.finish();
}

fn real_world(c: &mut Criterion) {
    let corpus = repo_root().join("../shared/real-world-openapi");
    let more = repo_root().join("../shared/real-world-openapi-more");
    let documents = [
        ("svix_31", more.join("svix/lib-openapi.json")),
        ("letta_31", more.join("letta/openapi.json")),
        ("argo_swagger2", more.join("argo-workflows/swagger.json")),
        (
            "twilio_api_v2010",
            corpus.join("twilio/twilio_api_v2010.json"),
        ),
        (
            "digitalocean",
            corpus.join("digitalocean/specification/DigitalOcean-public.v2.yaml"),
        ),
    ];
    let mut group = c.benchmark_group("real_world");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    for (name, spec) in documents {
        if !spec.exists() {
            eprintln!("skipping real_world/{name}: {} is not here", spec.display());
            continue;
        }
        let mut config = Builder::new();
        config
            .spec(&spec)
            .connectors(repo_root().join("target/no-connectors"));
        group.bench_function(name, |b| {
            b.iter(|| black_box(config.tree().expect("the document generates").0))
        });
        group.bench_function(format!("{name}_load"), |b| {
            b.iter(|| black_box(load::openapi::load(&spec).expect("the document loads")))
        });
    }
    group.finish();
}

fn diff(c: &mut Criterion) {
    let shared = repo_root().join("..").join("shared");
    let pairs = [
        (
            "twilio_api_v2010_compare",
            shared.join("real-world-openapi/twilio/twilio_api_v2010.json"),
            shared.join("real-world-openapi/twilio/twilio_api_v2010.json"),
        ),
        (
            "twilio_api_v2010_history",
            shared.join("spec-history/twilio/2.6.6/twilio_api_v2010.json"),
            shared.join("spec-history/twilio/2.6.7/twilio_api_v2010.json"),
        ),
    ];
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for (name, old, new) in pairs {
        if !old.exists() || !new.exists() {
            eprintln!("skipping diff/{name}: {} is not here", old.display());
            continue;
        }
        let side = |spec: &Path| {
            let mut config = Builder::new();
            config
                .spec(spec)
                .connectors(repo_root().join("target/no-connectors"));
            polytomic_codegen::diff::Side::load(&config).expect("the document loads")
        };
        let (old, new) = (side(&old), side(&new));
        group.bench_function(name, |b| {
            b.iter(|| black_box(polytomic_codegen::diff::diff(&old, &new)))
        });
    }
    group.finish();
}

criterion_group!(benches, end_to_end, phases, real_world, diff);
criterion_main!(benches);
