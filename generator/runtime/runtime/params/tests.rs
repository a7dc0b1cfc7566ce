//! The written form of each parameter style.

use super::*;
use serde_json::json;

// An object's keys come out in the order its JSON form keeps (field order or sorted,
// depending on serde_json's features), so objects are compared order-free.
fn q(style: Style, explode: bool, v: serde_json::Value) -> Vec<(String, String)> {
    let mut out = style_query("p", style, explode, &v);
    if v.is_object() {
        out.sort();
    }
    out
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    out.sort();
    out
}

/// `text` split at `sep` into sorted pieces, each a `k=v` or a `k,v` pair.
fn pieces(text: &str, sep: &str) -> Vec<String> {
    let mut out: Vec<String> = text.split(sep).map(str::to_owned).collect();
    out.sort();
    out
}

#[test]
fn form_lists_and_objects() {
    let list = json!(["a", "b"]);
    assert_eq!(
        style_query("p", Style::Form, true, &list),
        pairs(&[("p", "a"), ("p", "b")])
    );
    assert_eq!(
        style_query("p", Style::Form, false, &list),
        pairs(&[("p", "a,b")])
    );
    assert_eq!(
        style_query("p", Style::SpaceDelimited, false, &list),
        pairs(&[("p", "a b")])
    );
    assert_eq!(
        style_query("p", Style::PipeDelimited, false, &list),
        pairs(&[("p", "a|b")])
    );
    let obj = json!({"role": "admin", "first": "Alex", "none": null});
    assert_eq!(
        q(Style::Form, true, obj),
        pairs(&[("first", "Alex"), ("role", "admin")])
    );
    assert_eq!(
        q(Style::Form, false, json!({"role": "admin"})),
        pairs(&[("p", "role,admin")])
    );
    assert_eq!(q(Style::Form, true, json!(5)), pairs(&[("p", "5")]));
    assert_eq!(q(Style::Form, true, json!(null)), pairs(&[]));
}

#[test]
fn deep_objects_nest_with_brackets() {
    let v = json!({"created": {"gte": 1, "lt": 9}, "tags": ["x", "y"], "name": "n"});
    assert_eq!(
        q(Style::DeepObject, true, v),
        pairs(&[
            ("p[created][gte]", "1"),
            ("p[created][lt]", "9"),
            ("p[name]", "n"),
            ("p[tags]", "x"),
            ("p[tags]", "y"),
        ])
    );
    // A union member that is a plain value is sent as one.
    assert_eq!(
        q(Style::DeepObject, true, json!(123)),
        pairs(&[("p", "123")])
    );
}

#[test]
fn content_parameters_are_json_text() {
    assert_eq!(
        q(Style::Json, false, json!({"name": "a b"})),
        pairs(&[("p", "{\"name\":\"a b\"}")])
    );
    assert_eq!(q(Style::Json, false, json!("x")), pairs(&[("p", "\"x\"")]));
    assert_eq!(style_text(Style::Json, false, &json!([1, 2])), "[1,2]");
    assert_eq!(
        style_path("p", Style::Json, false, &json!("a/b")),
        "%22a%2Fb%22"
    );
}

#[test]
fn path_styles() {
    let list = json!([3, 4, 5]);
    let obj = json!({"role": "admin", "first": "Alex"});
    assert_eq!(style_path("id", Style::Simple, false, &list), "3,4,5");
    assert_eq!(
        pieces(&style_path("id", Style::Simple, true, &obj), ","),
        ["first=Alex", "role=admin"]
    );
    assert_eq!(
        style_path("id", Style::Simple, false, &json!({"role": "admin"})),
        "role,admin"
    );
    assert_eq!(style_path("id", Style::Label, false, &list), ".3,4,5");
    assert_eq!(style_path("id", Style::Label, true, &list), ".3.4.5");
    assert_eq!(style_path("id", Style::Matrix, false, &list), ";id=3,4,5");
    assert_eq!(
        style_path("id", Style::Matrix, true, &list),
        ";id=3;id=4;id=5"
    );
    assert_eq!(
        pieces(&style_path("id", Style::Matrix, true, &obj), ";"),
        ["", "first=Alex", "role=admin"]
    );
    assert_eq!(
        style_path("id", Style::Matrix, false, &json!("a b")),
        ";id=a%20b"
    );
    assert_eq!(
        pieces(&style_text(Style::Simple, true, &obj), ","),
        ["first=Alex", "role=admin"]
    );
}
