#!/usr/bin/env bash
# Rewrites the committed outputs of the fixture specs (tests/fixtures/generated/*.rs) when a
# generator change makes the old ones stop compiling: tests/lib.rs compiles them, so the
# test that refreshes them could not build. The fixture modules of tests/lib.rs are moved
# into a string for one run of that test, then restored.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=tests/lib.rs
backup=$(mktemp)
cp "$lib" "$backup"
trap 'cp "$backup" "$lib"; rm -f "$backup"' EXIT
python3 - "$lib" <<'PY'
import sys
path = sys.argv[1]
s = open(path).read()
a = s.index('/// Generated code of each fixture')
b = s.index('/// The Rust examples of the README')
open(path, 'w').write(s[:a] + 'pub const FIXTURES: &str = r#"' + s[a:b] + '"#;\n' + s[b:])
PY
cargo test -q -p polytomic-tests --test fixtures compiled_outputs_are_current || true
