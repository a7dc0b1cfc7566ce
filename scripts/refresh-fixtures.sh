#!/usr/bin/env bash
# Rewrites the committed outputs of the fixture specs (tests/fixtures/generated/*.rs) when a
# generator change makes the old ones stop compiling: tests/lib.rs compiles them, so the
# test that refreshes them could not build. The fixture modules of tests/lib.rs are moved
# into a string for one run of that test,
# then restored, and the outputs checked (and compiled) again: the script fails unless
# they are current.
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
# This run writes the new outputs (and fails, since they changed); the check below says
# whether they are now current and compile.
cargo test -q -p polytomic-tests --test fixtures snapshots_are_current >/dev/null 2>&1 || :
cp "$backup" "$lib"
cargo test -q -p polytomic-tests --test fixtures snapshots_are_current
echo "fixture outputs are current; review them with: git diff tests/fixtures/generated"
