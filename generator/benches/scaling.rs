//! How generation time grows with the size of the input: the whole pipeline (load,
//! resolve, emit, format, write into an empty directory) on synthetic specs 1x, 2x, 5x
//! and 10x the size of this repository's `spec/` (see `support` for how they are made).
//! Run with `cargo bench -p polytomic-codegen --bench scaling`.
//!
//! Criterion measures each size (`scaling/1x` ... `scaling/10x`). Then a summary runs
//! the sizes in turn, round after round (so a change in the machine's load hits every
//! size alike), timing each phase, and prints per size the median and fastest run, the
//! ratio to 1x and the ratio of each phase, so a phase that grows faster than its input
//! shows. Growth counts as linear while 10x takes at most 12 times as long as 1x, judged
//! on the fastest runs (the least disturbed by other work on the machine).
//!
//! Under `cargo test --benches` (criterion's test mode: each benchmark runs once, in a
//! debug build) only the 1x and 2x sizes run, with one summary round.

mod support;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use polytomic_codegen::{emit, format, load, resolve, write, Builder};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const FACTORS: [usize; 4] = [1, 2, 5, 10];
/// The sizes run in criterion's test and list modes.
const TEST_FACTORS: [usize; 2] = [1, 2];
/// Rounds of the summary (every size once per round).
const ROUNDS: usize = 5;

const PHASES: [&str; 5] = ["load", "resolve", "emit", "format", "write"];

/// Whether criterion measures (`cargo bench`), as opposed to testing or listing the
/// benchmarks: criterion measures when given `--bench` without `--test` or `--list`.
fn measuring() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    has("--bench") && !has("--test") && !has("--list")
}

/// One synthetic input and the size of its input and output.
struct Input {
    _files: support::Synthetic,
    config: Builder,
    spec_path: PathBuf,
    connectors_dir: PathBuf,
    operations: usize,
    types: usize,
    connectors: usize,
    lines: usize,
    bytes: usize,
}

fn input(spec: &Path, connectors: &Path, factor: usize) -> Input {
    let files = support::synthesize(spec, connectors, factor);
    let mut config = Builder::new();
    config.spec(&files.spec).connectors(&files.connectors);
    let api = config.resolve().expect("synthetic spec resolves").api;
    let out = config.tree().expect("synthetic spec generates").0;
    Input {
        spec_path: files.spec.clone(),
        connectors_dir: files.connectors.clone(),
        _files: files,
        operations: api.operations.len(),
        types: api.types.len(),
        connectors: api.connectors.connectors.len(),
        lines: out.iter().map(|f| f.content.lines().count()).sum(),
        bytes: out.iter().map(|f| f.content.len()).sum(),
        config,
    }
}

/// One run of the whole pipeline ([`Builder::write_tree`]) into a new directory.
fn run(config: &Builder) -> Duration {
    let dir = tempfile::tempdir().expect("temp dir");
    let start = Instant::now();
    let report = config
        .write_tree(dir.path())
        .expect("synthetic spec generates");
    let elapsed = start.elapsed();
    black_box(report);
    elapsed
}

/// One run of the whole pipeline, phase by phase: what [`Builder::write_tree`] does, with
/// each value dropped in the phase where the pipeline drops it.
fn phase_run(input: &Input) -> [Duration; 5] {
    let dir = tempfile::tempdir().expect("temp dir");
    let t = Instant::now();
    let inputs = load::load(&input.spec_path, &input.connectors_dir, None).expect("inputs load");
    let load = t.elapsed();
    let t = Instant::now();
    let api = resolve::resolve(&inputs, &resolve::Options::default())
        .expect("inputs resolve")
        .api;
    drop(inputs);
    let resolve = t.elapsed();
    let t = Instant::now();
    let emitted = emit::emit(&api, &emit::Options::new("polytomic"));
    drop(api);
    let emit = t.elapsed();
    let t = Instant::now();
    let files = format::tree(&emitted, format::HEADER).expect("output formats");
    drop(emitted);
    let format = t.elapsed();
    let t = Instant::now();
    black_box(write::write(dir.path(), &files).expect("files written"));
    drop(files);
    let write = t.elapsed();
    [load, resolve, emit, format, write]
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

fn scaling(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let spec = root.join("spec/openapi.yaml");
    let connectors = root.join("spec/connectors");
    let (factors, rounds): (&[usize], usize) = if measuring() {
        (&FACTORS, ROUNDS)
    } else {
        (&TEST_FACTORS, 1)
    };
    let inputs: BTreeMap<usize, Input> = factors
        .iter()
        .map(|&f| (f, input(&spec, &connectors, f)))
        .collect();

    let mut group = c.benchmark_group("scaling");
    // One iteration per sample and few samples: a 10x run takes seconds.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    for (factor, input) in &inputs {
        // About ten runs' worth, so criterion takes one run per sample.
        let once = run(&input.config);
        group.measurement_time((once * 12).max(Duration::from_secs(1)));
        group.bench_function(format!("{factor}x"), |b| {
            b.iter_custom(|iters| (0..iters).map(|_| run(&input.config)).sum())
        });
    }
    group.finish();

    let mut runs: BTreeMap<usize, Vec<[Duration; 5]>> = BTreeMap::new();
    for _ in 0..rounds {
        for (factor, input) in &inputs {
            runs.entry(*factor).or_default().push(phase_run(input));
        }
    }
    summary(&inputs, &runs);
}

fn summary(inputs: &BTreeMap<usize, Input>, runs: &BTreeMap<usize, Vec<[Duration; 5]>>) {
    // Per factor: median and fastest whole run, and the fastest of each phase.
    let mut stats = BTreeMap::new();
    for (factor, phase_runs) in runs {
        let totals: Vec<Duration> = phase_runs.iter().map(|p| p.iter().sum()).collect();
        let fastest = totals.iter().min().copied().unwrap_or_default();
        let mut phases = [Duration::MAX; 5];
        for p in phase_runs {
            for (best, t) in phases.iter_mut().zip(p) {
                *best = (*best).min(*t);
            }
        }
        stats.insert(*factor, (median(totals), fastest, phases));
    }
    let Some(&(base_median, base_fastest, base_phases)) = stats.get(&1) else {
        return;
    };
    let rounds = runs.values().map(Vec::len).max().unwrap_or(0);

    println!();
    println!("scaling: whole pipeline per run against the size of the input ({rounds} rounds)");
    println!(
        "{:>5} {:>10} {:>6} {:>10} {:>8} {:>7} {:>10} {:>7} {:>10} {:>7}",
        "size",
        "operations",
        "types",
        "connectors",
        "lines",
        "KiB",
        "median ms",
        "ratio",
        "min ms",
        "ratio"
    );
    for (factor, (median, fastest, _)) in &stats {
        let i = &inputs[factor];
        println!(
            "{:>4}x {:>10} {:>6} {:>10} {:>8} {:>7} {:>10.1} {:>6.2}x {:>10.1} {:>6.2}x",
            factor,
            i.operations,
            i.types,
            i.connectors,
            i.lines,
            i.bytes / 1024,
            ms(*median),
            ratio(*median, base_median),
            ms(*fastest),
            ratio(*fastest, base_fastest),
        );
    }
    println!();
    println!("scaling: each phase, fastest run, ms (ratio to 1x)");
    print!("{:>5}", "size");
    for name in PHASES {
        print!(" {name:>15}");
    }
    println!();
    for (factor, (_, _, phases)) in &stats {
        print!("{:>4}x", factor);
        for (t, base) in phases.iter().zip(&base_phases) {
            let cell = format!("{:.1} ({:.1}x)", ms(*t), ratio(*t, *base));
            print!(" {cell:>15}");
        }
        println!();
    }
    if let Some((_, ten, _)) = stats.get(&10) {
        let r = ratio(*ten, base_fastest);
        let verdict = if r <= 12.0 { "linear" } else { "NOT LINEAR" };
        println!();
        println!("scaling: 10x / 1x (fastest runs) = {r:.2} (limit 12): {verdict}");
    }
    println!();
}

criterion_group!(benches, scaling);
criterion_main!(benches);
