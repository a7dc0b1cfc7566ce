//! The generated `connectors` module of each fixture in `tests/fixtures/connectors/<kind>/`
//! (one per kind of condition), from `tests/fixtures/connectors/generated/`.

/// The hand-written connectors runtime, the same for every fixture: compiled once here, and
/// named by each fixture as its `connectors_runtime`.
#[path = "../../generator/runtime/connectors_runtime.rs"]
pub mod runtime;

#[path = "../fixtures/connectors/generated/bool_switch.rs"]
pub mod bool_switch;
#[path = "../fixtures/connectors/generated/enum_switch.rs"]
pub mod enum_switch;
#[path = "../fixtures/connectors/generated/nested_and.rs"]
pub mod nested_and;
#[path = "../fixtures/connectors/generated/or_contains.rs"]
pub mod or_contains;
#[path = "../fixtures/connectors/generated/per_section.rs"]
pub mod per_section;
#[path = "../fixtures/connectors/generated/read_only.rs"]
pub mod read_only;
#[path = "../fixtures/connectors/generated/values_and_objects.rs"]
pub mod values_and_objects;
