//! OpenAPI 3.1 → 3.0.

use super::{Moves, Warn};
use serde_json::Value;

/// Rewrites a bundled 3.1 document as 3.0.
pub(crate) fn upgrade(_value: &mut Value, _moves: &mut Moves<'_>, _warn: &mut Warn<'_>) {}
