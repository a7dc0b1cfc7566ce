//! Integration tests of the generator and the generated SDK live in `tests/tests/`.
