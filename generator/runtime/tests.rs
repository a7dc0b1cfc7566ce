//! Unit tests of the runtimes' public behaviour.

use crate::connectors_runtime::{
    self as rt, read_object, write_object, ConfigError, Fields, Object, RawConfiguration, Secret,
    UndocumentedSettings,
};
use crate::runtime::{BinaryBody, FilePart, MultipartForm, Part, RetryPolicy};
use serde_json::{json, Map, Value};

/// A hand-written configuration object, as generation writes them: one required field,
/// one sensitive one, and what the docs do not list kept aside.
#[derive(Debug, Clone, PartialEq)]
struct Demo {
    host: String,
    password: Secret<String>,
    undocumented: UndocumentedSettings,
}

impl Object for Demo {
    fn read(f: &mut Fields) -> Result<Self, ConfigError> {
        let host = f.required("host")?;
        let password = f.required("password")?;
        let undocumented = f.rest();
        Ok(Demo {
            host,
            password,
            undocumented,
        })
    }
    fn write(&self, out: &mut Map<String, Value>) -> Result<(), ConfigError> {
        rt::put(out, "host", &self.host)?;
        rt::put(out, "password", &self.password)?;
        self.undocumented.write(out);
        Ok(())
    }
    fn undocumented(&self) -> &UndocumentedSettings {
        &self.undocumented
    }
}

rt::impl_object!(Demo);

#[test]
fn reading_keeps_unknown_keys_and_writes_them_back() {
    let wire = json!({"host": "h", "password": "p", "kms_key": "k", "extra": {"a": 1}});
    let demo: Demo = read_object(wire.clone()).unwrap();
    let mut keys: Vec<&str> = demo.undocumented.keys().collect();
    keys.sort();
    assert_eq!(keys, ["extra", "kms_key"]);
    assert_eq!(demo.undocumented.get("kms_key"), Some(&json!("k")));
    assert_eq!(Value::Object(write_object(&demo).unwrap()), wire);
    // Through serde, as the SDK's models use it.
    let again: Demo = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(serde_json::to_value(&again).unwrap(), wire);
}

#[test]
fn a_left_out_secret_reads_as_redacted_and_is_not_written() {
    for wire in [json!({"host": "h"}), json!({"host": "h", "password": null})] {
        let demo: Demo = read_object(wire).unwrap();
        assert!(demo.password.is_redacted());
        assert_eq!(demo.password.expose(), None);
        assert_eq!(
            Value::Object(write_object(&demo).unwrap()),
            json!({"host": "h"})
        );
    }
    assert!(!format!("{:?}", Secret::new("s3cr3t")).contains("s3cr3t"));
}

#[test]
fn a_missing_required_key_or_a_wrong_type_is_still_an_error() {
    let e = read_object::<Demo>(json!({"password": "p"})).unwrap_err();
    assert_eq!(e.to_string(), "missing field `host`");
    let e = read_object::<Demo>(json!({"host": 7})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "in `host`: expected a string, found a number"
    );
    let e = read_object::<Demo>(json!(["not", "an", "object"])).unwrap_err();
    assert_eq!(e.to_string(), "expected an object, found an array");
}

#[test]
fn server_data_that_does_not_fit_is_kept_raw_with_why() {
    let wire = json!({"host": 7, "extra": true});
    let raw = rt::read_or_raw::<Demo>(Some("demo"), wire.clone()).unwrap_err();
    assert_eq!(raw.connector_type(), Some("demo"));
    assert_eq!(raw.configuration(), &wire);
    assert_eq!(
        raw.mismatch().map(ToString::to_string).as_deref(),
        Some("in `host`: expected a string, found a number")
    );
    let fits = rt::read_or_raw::<Demo>(Some("demo"), json!({"host": "h"})).unwrap();
    assert_eq!(fits.host, "h");
}

#[test]
fn a_raw_configuration_is_made_only_on_purpose() {
    let raw = RawConfiguration::unchecked("brand_new", json!({"k": 1}));
    assert_eq!(raw.connector_type(), Some("brand_new"));
    assert_eq!(raw.configuration(), &json!({"k": 1}));
    assert!(raw.mismatch().is_none());
    assert!(UndocumentedSettings::none().is_empty());
}

/// A form as generation writes them.
struct Upload {
    user: String,
    tags: Vec<String>,
    meta: Value,
    image: FilePart,
}

impl MultipartForm for Upload {
    fn parts(&self) -> Result<Vec<Part>, String> {
        let mut parts = Vec::new();
        Part::value(&mut parts, "user", &self.user)?;
        Part::value(&mut parts, "tags", &self.tags)?;
        Part::value(&mut parts, "meta", &self.meta)?;
        Part::value(&mut parts, "absent", &Value::Null)?;
        parts.push(Part::file("image", &self.image));
        Ok(parts)
    }
}

#[test]
fn form_fields_become_one_part_each_and_lists_repeat() {
    let upload = Upload {
        user: "ann".into(),
        tags: vec!["a".into(), "b".into()],
        meta: json!({"k": "v"}),
        image: FilePart::new(*b"png")
            .file_name("me.png")
            .content_type("image/png"),
    };
    let parts = upload.parts().unwrap();
    // user, two tags, meta; `null` sends nothing; the file.
    assert_eq!(parts.len(), 5);
    let mut one = Vec::new();
    Part::value(&mut one, "tags", "a").unwrap();
    assert_eq!(parts.get(1), one.first());
    assert_eq!(upload.image.data(), b"png");
}

#[test]
fn a_file_part_read_from_disk_takes_the_file_name() {
    let dir = std::env::temp_dir().join(format!("codegen-runtime-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.csv");
    std::fs::write(&path, "a,b\n").unwrap();
    let part = FilePart::from_path(&path).unwrap();
    assert_eq!(part, FilePart::new(*b"a,b\n").file_name("report.csv"));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(FilePart::from_path(dir.join("missing")).is_err());
}

#[test]
fn binary_bodies_come_from_bytes_or_a_stream() {
    let v = vec![1u8, 2, 3];
    for body in [
        BinaryBody::from(v.clone()),
        BinaryBody::from(&v),
        BinaryBody::from(&v[..]),
        BinaryBody::from(&[1u8, 2, 3]),
    ] {
        assert_eq!(format!("{body:?}"), "BinaryBody(3 bytes)");
    }
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(vec![1])];
    let streamed = BinaryBody::stream(futures_util::stream::iter(chunks));
    assert_eq!(format!("{streamed:?}"), "BinaryBody(stream)");
}

#[test]
fn retry_policies_count_attempts() {
    assert_eq!(RetryPolicy::default().attempts(), 3);
    assert_eq!(RetryPolicy::never().attempts(), 1);
    assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
}

mod param_styles {
    use crate::runtime::{style_path, style_query, style_text, Style};
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
}

#[test]
fn unions_try_the_best_fitting_variant_first() {
    use crate::runtime::{fit_order, Shape};
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
