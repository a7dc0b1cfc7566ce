//! Swagger 2.0 → OpenAPI 3.0.

use super::{Moves, Warn};
use serde_json::Value;

/// Moves what the bundler must see in 3.0's layout.
pub(crate) fn before_bundle(_value: &mut Value, _moves: &mut Moves<'_>) {}

/// Rewrites a bundled 2.0 document as 3.0.
pub(crate) fn after_bundle(_value: &mut Value, _moves: &mut Moves<'_>, _warn: &mut Warn<'_>) {}
