//! Choosing a union variant.

use super::*;
use serde_json::json;

#[test]
fn unions_try_the_best_fitting_variant_first() {
    const RUNNING: Shape = Shape::Object {
        known: &["sync_id", "status"],
        required: &[],
        open: false,
    };
    const COMPLETED: Shape = Shape::Object {
        known: &["sync_id", "status", "total"],
        required: &[],
        open: false,
    };
    const NAMED: Shape = Shape::Object {
        known: &["name"],
        required: &["name"],
        open: false,
    };
    let shapes = [RUNNING, COMPLETED, NAMED, Shape::String];
    // Every key known: the variant that knows them all, not the first that parses.
    assert_eq!(
        fit_order(&json!({"sync_id": "s", "total": 3}), &shapes),
        [1, 0]
    );
    // Both know every key: the one with fewer declared keys absent.
    assert_eq!(fit_order(&json!({"sync_id": "s"}), &shapes), [0, 1]);
    // A key nobody declares: the one that knows most of the others.
    assert_eq!(
        fit_order(&json!({"status": "x", "total": 1, "new": 1}), &shapes),
        [1, 0]
    );
    // A missing required key rules a variant out; so does another JSON type.
    assert_eq!(fit_order(&json!({"name": "n"}), &shapes), [2, 0, 1]);
    assert_eq!(fit_order(&json!("text"), &shapes), [3]);
    assert!(fit_order(&json!([1]), &shapes).is_empty());
    // Scalars: an enum's own value, then integers before numbers, formats before text.
    let scalars = [
        Shape::String,
        Shape::Values(&["a"]),
        Shape::Number,
        Shape::Integer,
    ];
    assert_eq!(fit_order(&json!("a"), &scalars), [1, 0]);
    assert_eq!(fit_order(&json!("b"), &scalars), [0, 1]);
    assert_eq!(fit_order(&json!(2), &scalars), [3, 2]);
    assert_eq!(fit_order(&json!(2.5), &scalars), [2]);
    // Arrays fit as well as their worst item.
    let arrays = [Shape::Array(&Shape::String), Shape::Array(&Shape::Integer)];
    assert_eq!(fit_order(&json!([1, 2]), &arrays), [1]);
    assert_eq!(fit_order(&json!([]), &arrays), [0, 1]);
}
