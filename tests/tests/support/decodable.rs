//! Which resolved types have a decoder of their own. A file of its own, so that the test
//! that writes the decoder table (generator/tests/fixture_outputs.rs) and the test that uses
//! it (tests/tests/schema_samples.rs) agree on the list.

use polytomic_codegen::ir::{TypeDef, TypeKind};

/// Types with a decoder: everything serde reads on its own (not aliases, forms, or the
/// selected unions that exist only flattened into their struct).
pub fn decodable(t: &TypeDef) -> bool {
    matches!(
        t.kind,
        TypeKind::Struct(_)
            | TypeKind::Enum(_)
            | TypeKind::Tagged(_)
            | TypeKind::Untagged(_)
            | TypeKind::Constrained(_)
    )
}
