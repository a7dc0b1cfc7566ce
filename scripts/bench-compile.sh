#!/usr/bin/env bash
# Compile cost of the generated crate (`polytomic`, generated/): wall time of
# `cargo check -p polytomic` and `cargo build -p polytomic`, in debug and release, with
# the default features (every connector) and in debug with a minimal set (MINIMAL, default
# `model-sync,connector-s3,connector-snowflake`: one API group and two connectors), after
# touching generated/src/lib.rs so that only the crate itself recompiles (its
# dependencies are built first and not timed), plus the size of the generated source.
#
# Usage: scripts/bench-compile.sh [RUNS]      (RUNS per command, default 3)
#
# Uses hyperfine when it is installed, else `date +%s.%N` arithmetic (min and mean of
# RUNS). Builds go to their own target directory (BENCH_TARGET_DIR, default
# target/bench-compile) so they neither wait for nor disturb other builds in target/.
# Needs no network once the dependencies are in the local cargo registry.
set -euo pipefail

cd "$(dirname "$0")/.."
runs="${1:-3}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 [RUNS]  (RUNS: a positive integer, default 3)" >&2
    exit 2
fi
export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$PWD/target/bench-compile}"
export CARGO_TERM_COLOR=never
lib=generated/src/lib.rs
minimal="--no-default-features --features ${MINIMAL:-model-sync,connector-s3,connector-snowflake}"

echo "== generated source (generated/src; lines per module, its folder included)"
for file in generated/src/*.rs; do
    module="${file%.rs}"
    lines=$(cat "$file" $(find "$module" -name '*.rs' 2>/dev/null | sort) | wc -l)
    printf '%7d %s\n' "$lines" "$module"
done
printf '%7d total\n' "$(find generated/src -name '*.rs' -exec cat {} + | wc -l)"
echo

echo "== dependencies (built first, not timed; target dir: $CARGO_TARGET_DIR)"
cargo check -q -p polytomic
cargo build -q -p polytomic
cargo check -q --release -p polytomic
cargo build -q --release -p polytomic
# shellcheck disable=SC2086
cargo check -q -p polytomic $minimal
# shellcheck disable=SC2086
cargo build -q -p polytomic $minimal
echo "done"
echo

commands=(
    "cargo check -q -p polytomic"
    "cargo build -q -p polytomic"
    "cargo check -q --release -p polytomic"
    "cargo build -q --release -p polytomic"
    "cargo check -q -p polytomic $minimal"
    "cargo build -q -p polytomic $minimal"
)

if command -v hyperfine >/dev/null 2>&1; then
    echo "== compile times of the crate alone (hyperfine, $runs runs each)"
    for cmd in "${commands[@]}"; do
        hyperfine --style basic --runs "$runs" --warmup 1 --prepare "touch $lib" "$cmd"
    done
    exit 0
fi

echo "== compile times of the crate alone (seconds over $runs runs; hyperfine not found)"
printf '%-100s %8s %8s %8s\n' "command" "min" "mean" "max"
for cmd in "${commands[@]}"; do
    times=()
    for _ in $(seq "$runs"); do
        touch "$lib"
        start=$(date +%s.%N)
        # Word splitting is wanted: $cmd is a command line.
        # shellcheck disable=SC2086
        $cmd
        end=$(date +%s.%N)
        times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')")
    done
    printf '%s\n' "${times[@]}" | awk -v cmd="$cmd" '
        NR == 1 { min = $1; max = $1 }
        { sum += $1; if ($1 < min) min = $1; if ($1 > max) max = $1 }
        END { printf "%-100s %8.2f %8.2f %8.2f\n", cmd, min, sum / NR, max }'
done
