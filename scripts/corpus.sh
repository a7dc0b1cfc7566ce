#!/usr/bin/env bash
# Generates an SDK from each API description given (files, or folders searched three
# levels deep for documents with a top-level `openapi` or `swagger` key) into a scratch crate and runs
# `cargo check` on it, printing one line per document and a total. Documents are used in
# place; nothing is copied into the repository.
#
# Usage: scripts/corpus.sh [--strict] PATH...
#   --strict   exit 1 unless every document generates and checks without warnings
#
# The generator runs in release mode; the checks share one target directory
# (CORPUS_TARGET_DIR, default target/corpus), so dependencies compile once. Offline.
set -uo pipefail

cd "$(dirname "$0")/.."
strict=0
if [[ "${1:-}" == "--strict" ]]; then
    strict=1
    shift
fi
if [[ $# -eq 0 ]]; then
    echo "usage: $0 [--strict] PATH..." >&2
    exit 2
fi

root=$PWD
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export CARGO_TARGET_DIR="${CORPUS_TARGET_DIR:-$root/target/corpus}"

cargo build -q --release -p polytomic-codegen || exit 1
# The release build above went to CARGO_TARGET_DIR.
generator="$CARGO_TARGET_DIR/release/polytomic-codegen"

# The scratch crate; its [dependencies] are, per document, what the generator says that
# document's output needs (so no output may use a crate it did not announce).
crate="$scratch/crate"
mkdir -p "$crate/src"
manifest() {
    echo '[package]'
    echo 'name = "corpus_sdk"'
    echo 'version = "0.0.0"'
    echo 'edition = "2021"'
    echo 'publish = false'
    echo
    cat "$1"
    echo
    echo '[workspace]'
}
cp Cargo.lock "$crate/Cargo.lock"

documents=()
for path in "$@"; do
    if [[ -d "$path" ]]; then
        while IFS= read -r f; do
            if grep -qE '^(openapi|swagger):|"(openapi|swagger)"[[:space:]]*:[[:space:]]*"[23]' "$f"; then
                documents+=("$f")
            fi
        done < <(find "$path" -maxdepth 3 -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) | sort)
    else
        documents+=("$path")
    fi
done

ok=0
total=0
for doc in "${documents[@]}"; do
    total=$((total + 1))
    name=$(basename "$doc")
    rm -rf "$crate/src"
    mkdir -p "$crate/src"
    if ! gen_out=$(NO_COLOR=1 "$generator" generate --spec "$doc" --connectors "$scratch/none" --middleware on \
        --out "$crate/src" --crate-name corpus_sdk 2>&1); then
        first=$(echo "$gen_out" | grep -m1 -E '×|error' | sed 's/^[[:space:]]*//')
        echo "refused    $name: $first"
        continue
    fi
    NO_COLOR=1 "$generator" dependencies --spec "$doc" --connectors "$scratch/none" --middleware on \
        > "$scratch/deps.toml" 2>/dev/null
    manifest "$scratch/deps.toml" > "$crate/Cargo.toml"
    check_out=$(cd "$crate" && cargo check -q --offline --message-format short 2>&1)
    status=$?
    # With its API groups behind features, the crate must also build with none of them:
    # what stays compiled must not name what is compiled out.
    if [[ $status -eq 0 ]] && grep -q '^api-groups = ' "$scratch/deps.toml"; then
        check_out=$(cd "$crate" && cargo check -q --offline --message-format short --no-default-features 2>&1)
        status=$?
    fi
    errors=$(echo "$check_out" | grep -c ': error' || true)
    warnings=$(echo "$check_out" | grep -c ': warning' || true)
    if [[ $status -ne 0 ]]; then
        # An error without a location (cargo's own, a killed rustc, a full disk) has no
        # `file:line: error` line; show the first error line of any kind instead.
        first=$(echo "$check_out" | grep -m1 ': error' || echo "$check_out" | grep -m1 -i 'error' || echo "$check_out" | tail -n1)
        echo "no-compile $name: $errors error(s) (cargo exit $status), e.g. $first"
    elif [[ $warnings -ne 0 ]]; then
        echo "warnings   $name: $warnings warning(s), e.g. $(echo "$check_out" | grep -m1 ': warning')"
    else
        echo "ok         $name"
        ok=$((ok + 1))
    fi
done
echo "corpus total: $ok of $total documents generate and check cleanly"
if [[ $strict -eq 1 && $ok -ne $total ]]; then
    exit 1
fi
exit 0
