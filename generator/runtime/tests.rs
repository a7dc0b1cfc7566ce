//! Unit tests of the connector configuration runtime.

use crate::connectors_runtime::{
    self as rt, read_object, write_object, ConfigError, Fields, Object, RawConfiguration, Secret,
    UndocumentedSettings,
};

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
