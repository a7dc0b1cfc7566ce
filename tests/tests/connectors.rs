//! Connector configuration tables → typed configuration.
//!
//! - one fixture per kind of condition (tests/fixtures/connectors/<kind>/), its output
//!   compiled by the `fixture-outputs` crate (and kept current by
//!   `cargo test -p polytomic-codegen --test fixture_outputs`), behaves as its table says;
//! - round trips of every example in spec/connectors/ and of the S3 seed example;
//! - the states the S3 docs forbid are rejected, with errors that say why;
//! - strict loading reports file, line and column.

use polytomic::connectors::*;
use polytomic::connectors_runtime::{ConfigError, RawConfiguration, Secret, Union};
use polytomic::models::{ConnectionResponseSchema, CreateConnectionRequestSchema, Target};
use polytomic_codegen::load::tables::{self, TableArea};
use polytomic_codegen::{emit, format, load, resolve, Builder};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

mod support;
use support::{repo as root, roundtrip};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/connectors")
}

/// With connector features, everything of one connector sits behind its feature: its
/// module, its re-export, its object impls, its union variants, their match arms and
/// `From` impls (so `default-features = false` compiles it out and its configuration
/// falls to `Other`); the connectors runtime allows what then goes unused. Without them,
/// nothing is gated. (The committed crate compiled with one connector is in
/// `build_script.rs`.)
#[test]
fn connector_features_gate_every_item_of_a_connector() {
    let mut builder = Builder::new();
    builder
        .spec(root().join("spec/openapi.yaml"))
        .connectors(root().join("spec/connectors"))
        .include_connectors(["s3", "snowflake"]);
    let api = builder.resolve().unwrap().api;
    let render = |cargo_features: bool| {
        let options = emit::Options {
            cargo_features,
            ..emit::Options::new("polytomic")
        };
        let emitted = emit::emit(&api, &options);
        let module = |name: &str| emitted.modules.iter().find(|m| m.name == name).unwrap();
        let connectors = format::module_tokens(module("connectors")).unwrap();
        let connectors = format::format_tokens("connectors", connectors).unwrap();
        let emit::ModuleContent::Source { root: runtime, .. } =
            &module("connectors_runtime").content
        else {
            panic!("the connectors runtime is hand-written source");
        };
        (connectors, runtime.clone())
    };

    let (gated, runtime) = render(true);
    let lines: Vec<&str> = gated.lines().map(str::trim).collect();
    for (id, module, variant) in [("s3", "s3", "S3"), ("snowflake", "snowflake", "Snowflake")] {
        let gate = format!("#[cfg(feature = \"connector-{id}\")]");
        let gated_before = |needle: &str| {
            let at: Vec<usize> = (1..lines.len())
                .filter(|&i| lines[i].starts_with(needle))
                .collect();
            assert!(!at.is_empty(), "no `{needle}`:\n{gated}");
            for i in at {
                assert_eq!(lines[i - 1], gate, "`{needle}` at line {i} is not gated");
            }
        };
        gated_before(&format!("mod {module} {{"));
        gated_before(&format!("pub use {module}::*;"));
        gated_before(&format!("{variant}({variant}ConnectionConfiguration"));
        gated_before(&format!("Some(\"{id}\") =>"));
        gated_before(&format!("Self::{variant}(_) => Some(\"{id}\")"));
        gated_before(&format!("impl From<{variant}ConnectionConfiguration> for"));
        assert!(
            gated.contains(&format!("{gate}\nrt::impl_object!(")),
            "{gated}"
        );
    }
    assert!(runtime.starts_with("#![cfg_attr(not(feature = \"connectors\"), allow(unused))]\n"));

    let (plain, runtime) = render(false);
    assert!(!plain.contains("cfg(feature"), "{plain}");
    assert!(!runtime.contains("feature = \"connectors\""));
}

fn rejects<T: serde::de::DeserializeOwned + std::fmt::Debug>(value: Value) -> String {
    match serde_json::from_value::<T>(value.clone()) {
        Ok(v) => panic!("accepted {value}: {v:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn condition_kinds_behave() {
    use fixture_outputs::connectors::*;
    // Enum switch: each value carries exactly its fields; absence means the default.
    {
        use enum_switch::connectors::*;
        let c: DemoConnectionConfiguration = roundtrip(json!({"auth_mode": "token", "token": "t"}));
        assert!(matches!(c.auth_mode, DemoAuthMode::Token { .. }));
        let c: DemoConnectionConfiguration = serde_json::from_value(json!({"token": "t"})).unwrap();
        assert!(
            matches!(c.auth_mode, DemoAuthMode::Token { .. }),
            "default applies"
        );
        roundtrip::<DemoConnectionConfiguration>(json!({"auth_mode": "none"}));
        // Read from the server, a key of another state is kept aside, not refused.
        let c: DemoConnectionConfiguration = roundtrip(json!({"auth_mode": "none", "token": "t"}));
        assert_eq!(c.undocumented.keys().collect::<Vec<_>>(), ["token"]);
        let c: DemoConnectionConfiguration = roundtrip(json!({"auth_mode": "sso"}));
        assert!(matches!(&c.auth_mode, DemoAuthMode::Other(v) if v.as_str() == "sso"));
    }
    // Boolean switch without default: absent, false and true are three states.
    {
        use bool_switch::connectors::*;
        let c: DemoConnectionConfiguration = roundtrip(json!({}));
        assert_eq!(c.notify, None);
        let c: DemoConnectionConfiguration = roundtrip(json!({"notify": false}));
        assert_eq!(c.notify, Some(DemoNotify::False));
        let c: DemoConnectionConfiguration =
            roundtrip(json!({"notify": true, "queue": "q", "batch": 5}));
        assert_eq!(
            c.notify,
            Some(DemoNotify::True {
                queue: "q".into(),
                batch: Some(5)
            })
        );
        let e = rejects::<DemoConnectionConfiguration>(json!({"notify": true}));
        assert_eq!(e, "missing field `queue` (when notify is true)");
        let c: DemoConnectionConfiguration = roundtrip(json!({"queue": "q"}));
        assert_eq!(c.undocumented.keys().collect::<Vec<_>>(), ["queue"]);
    }
    // Nested AND: the inner switch lives in the outer switch's variant.
    {
        use nested_and::connectors::*;
        let c: DemoConnectionConfiguration =
            roundtrip(json!({"single": true, "directories": false, "table_name": "t"}));
        assert_eq!(
            c.single,
            DemoSingle::True {
                directories: DemoDirectories::False {
                    table_name: Some("t".into())
                }
            }
        );
        let e =
            rejects::<DemoConnectionConfiguration>(json!({"single": true, "directories": true}));
        assert_eq!(
            e,
            "missing field `glob` (when single is true and directories is true)"
        );
        let c: DemoConnectionConfiguration = roundtrip(json!({"single": false, "glob": "x"}));
        assert_eq!(c.undocumented.keys().collect::<Vec<_>>(), ["glob"]);
    }
    // OR with `contains`: the field exists under either disjunct, and nowhere else.
    {
        use or_contains::connectors::*;
        roundtrip::<DemoConnectionConfiguration>(
            json!({"many": false, "format": "csv", "skip_lines": 1}),
        );
        roundtrip::<DemoConnectionConfiguration>(
            json!({"many": true, "formats": ["json", "csv"], "skip_lines": 1}),
        );
        for wire in [
            json!({"many": false, "format": "json", "skip_lines": 1}),
            json!({"many": true, "formats": ["json"], "skip_lines": 1}),
        ] {
            let c: DemoConnectionConfiguration = roundtrip(wire);
            assert_eq!(c.undocumented.keys().collect::<Vec<_>>(), ["skip_lines"]);
        }
        // Built by hand, a `contains` condition is checked when writing.
        let bad = DemoConnectionConfiguration {
            many: DemoMany::True {
                formats: Some(vec![DemoFormatsItem::Json]),
                skip_lines: Some(1),
            },
            undocumented: Default::default(),
        };
        let e = serde_json::to_value(&bad).unwrap_err().to_string();
        assert_eq!(
            e,
            "field `skip_lines` is only allowed when formats contains csv (when many is true)"
        );
    }
    // One field declared in two sections: required in one, optional in the other.
    {
        use per_section::connectors::*;
        let c: DemoConnectionConfiguration = roundtrip(json!({"auth_method": "oauth"}));
        assert!(matches!(
            c.auth_method,
            DemoAuthMethod::Oauth { client_id: None }
        ));
        assert_eq!(
            rejects::<DemoConnectionConfiguration>(json!({"auth_method": "client_credentials"})),
            "missing field `client_id` (when auth_method is client_credentials)"
        );
    }
    // Read-only properties exist only in the response type, under their conditions.
    {
        use read_only::connectors::*;
        let r: DemoConnectionConfigurationResponse = roundtrip(
            json!({"mode": "role", "role_arn": "arn", "external_id": "x", "created_by": "ada"}),
        );
        assert_eq!(
            r.mode,
            DemoModeResponse::Role {
                role_arn: "arn".into(),
                external_id: Some("x".into())
            }
        );
        let c: DemoConnectionConfiguration =
            roundtrip(json!({"mode": "role", "role_arn": "arn", "external_id": "x"}));
        assert_eq!(c.undocumented.keys().collect::<Vec<_>>(), ["external_id"]);
        let r: DemoConnectionConfigurationResponse =
            roundtrip(json!({"mode": "user", "external_id": "x"}));
        assert_eq!(r.undocumented.keys().collect::<Vec<_>>(), ["external_id"]);
    }
    // Value types: enums with labels, arrays, maps, numbers, free-form and nested objects.
    {
        use values_and_objects::connectors::*;
        let c: DemoConnectionConfiguration = roundtrip(json!({
            "region": "eu", "ports": [1], "tags": {"a": "b"}, "ratio": 1.5,
            "extra": {"x": null}, "headers": [{"name": "n", "value": "v"}],
            "auth": {"basic": {"user": "u"}}
        }));
        assert_eq!(c.region, Some(DemoRegion::Eu));
        assert_eq!(c.auth.as_ref().unwrap().basic.as_ref().unwrap().user, "u");
        let e = rejects::<DemoConnectionConfiguration>(json!({"auth": {"basic": {}}}));
        assert_eq!(e, "in `auth.basic`: missing field `user`");
        let e = rejects::<DemoConnectionConfiguration>(json!({"ports": ["80"]}));
        assert_eq!(e, "in `ports.0`: expected an integer, found a string");
        assert!(
            !format!("{c:?}").contains("\"v\""),
            "sensitive nested values are redacted"
        );
    }
}

/// `(connector type, area, round trip)` for each listed area type, the connector type
/// taken from the type's area trait.
macro_rules! area_round_trips {
    ($($area:ident via $tr:ident: [$($ty:ident),* $(,)?]),* $(,)?) => {
        vec![$($(
            (
                <$ty as $tr>::CONNECTOR_TYPE,
                TableArea::$area,
                reserialize::<$ty> as fn(&Value) -> Value,
            ),
        )*)*]
    };
}

#[test]
fn every_table_example_roundtrips() {
    let dir = root().join("spec/connectors");
    let tables = tables::load_all(&load::connector_files(&dir, None).unwrap()).unwrap();
    assert_eq!(tables.len(), 200, "every imported connector has a table");
    // The area types whose tables have an example; each names its connector type.
    let typed_areas = area_round_trips! {
        Model via ModelConfiguration: [
            S3ModelConfiguration,
            IroncladModelConfiguration,
            SnowflakeModelConfiguration,
            PostgreSqlModelConfiguration,
            AzureSqlModelConfiguration,
            MicrosoftSqlServerModelConfiguration,
            GoogleCloudPostgreSqlModelConfiguration,
            GoogleCloudStorageModelConfiguration,
            ClickHouseModelConfiguration,
            DropboxModelConfiguration,
            AirtableModelConfiguration,
            MotherDuckModelConfiguration,
            HttpApiModelConfiguration,
            GoogleSheetsModelConfiguration,
        ],
        Target via TargetConfiguration: [
            S3TargetConfiguration,
            SnowflakeTargetConfiguration,
            PostgreSqlTargetConfiguration,
            AzureSqlTargetConfiguration,
            MicrosoftSqlServerTargetConfiguration,
            GoogleCloudPostgreSqlTargetConfiguration,
            GoogleCloudStorageTargetConfiguration,
            ClickHouseTargetConfiguration,
            DropboxTargetConfiguration,
            WebhookTargetConfiguration,
        ],
        BulkSource via BulkSourceConfiguration: [
            PostgreSqlBulkSourceConfiguration,
            GoogleCloudPostgreSqlBulkSourceConfiguration,
        ],
        BulkDestination via BulkDestinationConfiguration: [
            S3BulkDestinationConfiguration,
            SnowflakeBulkDestinationConfiguration,
            AzureSqlBulkDestinationConfiguration,
            GoogleCloudPostgreSqlBulkDestinationConfiguration,
            GoogleCloudStorageBulkDestinationConfiguration,
            AirtableBulkDestinationConfiguration,
        ],
    };
    let mut checked = 0;
    for (id, area, example) in resolve::connectors::examples(&tables) {
        let back = match (id.as_str(), area) {
            (_, TableArea::Connection) => {
                let typed = ConnectionConfiguration::from_parts(Some(id.clone()), example.clone())
                    .unwrap_or_else(|e| panic!("{id}: {e}\n{example:#}"));
                // Reading is lenient: the example must also use only documented keys.
                assert!(
                    typed.undocumented().is_some_and(|u| u.is_empty()),
                    "{id}: the example is untyped or has undocumented keys: {typed:?}"
                );
                typed.configuration().unwrap()
            }
            (id, area) => typed_areas
                .iter()
                .find(|(t, a, _)| *t == id && *a == area)
                .map(|(_, _, reserialize)| reserialize(&example))
                .unwrap_or_else(|| panic!("add a round trip for the {area:?} example of `{id}`")),
        };
        assert_eq!(back, example, "{id} {area:?}");
        checked += 1;
    }
    // 109 today: the importer writes an example where the schema documents every
    // required field, and S3 has its four hand-written ones.
    assert!(checked >= 100, "only {checked} examples");
}

/// MotherDuck's bulk sync destination, as the current guides page lists it: typed, with
/// `advanced` any object (its keys are not listed).
#[test]
fn motherduck_bulk_destination_is_typed() {
    use polytomic::connectors::MotherDuckBulkDestinationConfiguration;
    let value = json!({
        "advanced": {"truncate_existing": true},
        "schema": "analytics",
        "mirror_schemas": false
    });
    let typed: MotherDuckBulkDestinationConfiguration =
        serde_json::from_value(value.clone()).unwrap();
    assert!(typed.undocumented.is_empty(), "{typed:?}");
    assert_eq!(typed.schema.as_deref(), Some("analytics"));
    assert_eq!(typed.mirror_schemas, Some(false));
    assert_eq!(serde_json::to_value(&typed).unwrap(), value);
}

fn reserialize<
    T: serde::de::DeserializeOwned + serde::Serialize + polytomic::connectors_runtime::Object,
>(
    v: &Value,
) -> Value {
    let typed = serde_json::from_value::<T>(v.clone()).unwrap();
    assert!(typed.undocumented().is_empty(), "undocumented keys in {v}");
    serde_json::to_value(typed).unwrap()
}

#[test]
fn every_connector_is_in_the_union() {
    let index: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(root().join("../shared/reference/connection-types/_index.json"))
            .unwrap_or_else(|_| "[]".into()),
    )
    .unwrap();
    let dir = root().join("spec/connectors");
    let mut ids: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !tables::is_auxiliary(p))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    assert_eq!(ids.len(), 200);
    for i in &index {
        assert!(
            ids.contains(&i["id"].as_str().unwrap().to_owned()),
            "{i} has a table"
        );
    }
    for id in &ids {
        // A known type is read by its own variant (which may reject `{}`), never `Other`.
        let read = ConnectionConfiguration::from_parts(Some(id.clone()), json!({}));
        assert!(
            !matches!(read, Ok(ConnectionConfiguration::Other { .. })),
            "{id}"
        );
    }
}

fn s3_seed() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("s3_seed_create_connection.json")).unwrap(),
    )
    .unwrap()
}

#[test]
fn s3_seed_example_roundtrips_exactly() {
    let request: CreateConnectionRequestSchema = roundtrip(s3_seed());
    let ConnectionConfiguration::S3(c) = &request.configuration else {
        panic!("not typed as S3: {:?}", request.configuration);
    };
    assert_eq!(
        c.auth_mode,
        S3AuthMode::AccessKeyAndSecret {
            aws_access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            aws_secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into()),
        }
    );
    assert_eq!(
        c.enable_event_notifications,
        Some(S3EnableEventNotifications::False)
    );
    assert_eq!(c.is_single_table, S3IsSingleTable::False);
    // The configuration alone round-trips too.
    roundtrip::<S3ConnectionConfiguration>(s3_seed()["configuration"].clone());
}

#[test]
fn s3_secrets_are_redacted_in_debug() {
    let request: CreateConnectionRequestSchema = serde_json::from_value(s3_seed()).unwrap();
    let debug = format!("{request:?}");
    assert!(!debug.contains("wJalrXUtnFEMI"), "{debug}");
    assert!(
        debug.contains("aws_secret_access_key: <redacted>"),
        "{debug}"
    );
    assert!(
        debug.contains("AKIAIOSFODNN7EXAMPLE"),
        "non-sensitive values still print"
    );
}

fn s3(config: Value) -> Result<S3ConnectionConfiguration, String> {
    let mut base = json!({"s3_bucket_name": "s3://b", "s3_bucket_region": "us-east-1"});
    for (k, v) in config.as_object().unwrap() {
        base[k] = v.clone();
    }
    serde_json::from_value(base).map_err(|e| e.to_string())
}

#[test]
fn s3_rejects_configurations_missing_what_the_docs_require() {
    let cases = [
        (json!({"auth_mode": "iam_role"}), "missing field `iam_role_arn` (when auth_mode is iam_role)"),
        (
            json!({"auth_mode": "iam_role", "iam_role_arn": "r", "enable_event_notifications": true}),
            "missing field `event_queue_arn` (when enable_event_notifications is true)",
        ),
        (
            json!({"auth_mode": "iam_role", "iam_role_arn": "r", "is_single_table": true, "is_directory_snapshot": true}),
            "missing field `directory_glob_pattern` (when is_single_table is true and is_directory_snapshot is true)",
        ),
        (
            json!({"auth_mode": "iam_role", "iam_role_arn": 7}),
            "in `iam_role_arn`: expected a string, found a number (when auth_mode is iam_role)",
        ),
    ];
    for (config, expected) in cases {
        assert_eq!(s3(config.clone()).unwrap_err(), expected, "{config}");
    }
}

/// What the server sends is never refused for what the docs do not list: keys of another
/// state, keys nobody documents, new values of an enum or a switch with settings of their
/// own. They are kept and written back unchanged, so a read-modify-write loses nothing.
#[test]
fn s3_keeps_what_the_docs_do_not_list_and_writes_it_back() {
    // Switches with a documented default are written out, so the base says them.
    let base = json!({"is_single_table": false, "s3_bucket_name": "s3://b", "s3_bucket_region": "us-east-1"});
    let with = |extra: Value| {
        let mut v = base.clone();
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    };
    let cases = [
        (
            json!({"auth_mode": "iam_role", "iam_role_arn": "r", "aws_access_key_id": "a"}),
            vec!["aws_access_key_id"],
        ),
        (
            json!({"auth_mode": "iam_role", "iam_role_arn": "r", "event_queue_arn": "q"}),
            vec!["event_queue_arn"],
        ),
        (
            json!({"auth_mode": "iam_role", "iam_role_arn": "r", "is_single_table": true,
                   "is_directory_snapshot": false, "single_table_file_format": "json", "skip_lines": 1}),
            vec!["skip_lines"],
        ),
        (
            json!({"auth_mode": "iam_role", "iam_role_arn": "r", "kms_key_arn": "k"}),
            vec!["kms_key_arn"],
        ),
        // A new authentication mode, with a setting of its own.
        (
            json!({"auth_mode": "web_identity", "web_identity_token_file": "/t"}),
            vec!["web_identity_token_file"],
        ),
    ];
    for (extra, kept) in cases {
        let wire = with(extra);
        let c: S3ConnectionConfiguration =
            serde_json::from_value(wire.clone()).unwrap_or_else(|e| panic!("{wire}: {e}"));
        assert_eq!(c.undocumented.keys().collect::<Vec<_>>(), kept, "{wire}");
        assert_eq!(serde_json::to_value(&c).unwrap(), wire);
    }
    let c: S3ConnectionConfiguration = serde_json::from_value(with(
        json!({"auth_mode": "web_identity", "web_identity_token_file": "/t"}),
    ))
    .unwrap();
    let S3AuthMode::Other(mode) = &c.auth_mode else {
        panic!("{c:?}");
    };
    assert_eq!(mode.as_str(), "web_identity");
    // An undocumented enum value is kept as well, and still cannot be parsed from text.
    let c: S3ConnectionConfiguration = serde_json::from_value(with(json!({
        "auth_mode": "iam_role", "iam_role_arn": "r", "is_single_table": true,
        "single_table_file_format": "xml"
    })))
    .unwrap();
    assert!(
        matches!(
            &c.is_single_table,
            S3IsSingleTable::True { is_directory_snapshot: S3IsDirectorySnapshot::False {
                single_table_file_format: S3SingleTableFileFormat::Other(v), ..
            }} if v.as_str() == "xml"
        ),
        "{c:?}"
    );
    // Built in code, only documented values exist: text parses only into those.
    assert!("xml".parse::<S3TargetFormat>().is_err());
    assert_eq!(
        "json-doc".parse::<S3TargetFormat>().ok(),
        Some(S3TargetFormat::JsonDoc)
    );
}

/// The API redacts secrets: a response without `aws_secret_access_key` decodes, the
/// secret reads as redacted, and writing the configuration back leaves it out (so the
/// server keeps the one it has).
#[test]
fn s3_secrets_may_be_absent_in_responses() {
    let wire = json!({"auth_mode": "access_key_and_secret", "aws_access_key_id": "a",
                      "is_single_table": false,
                      "s3_bucket_name": "s3://b", "s3_bucket_region": "us-east-1"});
    let c: S3ConnectionConfiguration = serde_json::from_value(wire.clone()).unwrap();
    let S3AuthMode::AccessKeyAndSecret {
        aws_secret_access_key,
        ..
    } = &c.auth_mode
    else {
        panic!("{c:?}");
    };
    assert!(aws_secret_access_key.is_redacted());
    assert_eq!(aws_secret_access_key.expose(), None);
    assert_eq!(serde_json::to_value(&c).unwrap(), wire);
}

#[test]
fn s3_accepts_what_the_docs_allow() {
    let c = s3(json!({"auth_mode": "iam_role", "iam_role_arn": "r",
                      "is_single_table": true, "single_table_file_format": "csv", "skip_lines": 2}))
    .unwrap();
    // auth_mode is absent: the documented default applies, and its fields are required.
    assert!(s3(json!({})).unwrap_err().contains("aws_access_key_id"));
    assert_eq!(
        c.is_single_table,
        S3IsSingleTable::True {
            is_directory_snapshot: S3IsDirectorySnapshot::False {
                single_table_file_format: S3SingleTableFileFormat::Csv {
                    skip_lines: Some(2)
                },
                single_table_name: None,
            }
        }
    );
    let c = s3(json!({"auth_mode": "iam_role", "iam_role_arn": "arn:aws:iam::1:role/r",
                      "is_single_table": true, "is_directory_snapshot": true, "directory_glob_pattern": "*/x",
                      "single_table_file_formats": ["json", "csv"], "skip_lines": 1}))
    .unwrap();
    let S3IsSingleTable::True {
        is_directory_snapshot: S3IsDirectorySnapshot::True { skip_lines, .. },
    } = c.is_single_table
    else {
        panic!("{c:?}")
    };
    assert_eq!(skip_lines, Some(1));
}

#[test]
fn s3_builds_and_serializes_to_the_flat_wire_object() {
    let config = S3ConnectionConfiguration {
        auth_mode: S3AuthMode::IamRole {
            iam_role_arn: "arn:aws:iam::1:role/r".into(),
        },
        csv_has_headers: None,
        enable_event_notifications: Some(S3EnableEventNotifications::True {
            event_queue_arn: "arn:q".into(),
        }),
        is_single_table: S3IsSingleTable::False,
        s3_bucket_name: "s3://b".into(),
        s3_bucket_region: "us-east-1".into(),
        undocumented: Default::default(),
    };
    let request = CreateConnectionRequestSchema {
        configuration: config.into(),
        name: "S3".into(),
        healthcheck_interval: None,
        organization_id: None,
        policies: None,
        redirect_url: None,
        validate: None,
    };
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"name": "S3", "type": "s3", "configuration": {
            "auth_mode": "iam_role", "iam_role_arn": "arn:aws:iam::1:role/r",
            "enable_event_notifications": true, "event_queue_arn": "arn:q",
            "is_single_table": false, "s3_bucket_name": "s3://b", "s3_bucket_region": "us-east-1"
        }})
    );
}

#[test]
fn responses_carry_read_only_properties_and_unknown_types() {
    let body = json!({
        "id": "c1", "name": "S3",
        "type": {"id": "s3", "name": "S3"},
        "configuration": {"auth_mode": "access_key_and_secret", "aws_access_key_id": "a",
                          "aws_secret_access_key": "****", "aws_user": "arn:aws:iam::1:user/u",
                          "is_single_table": false, "s3_bucket_name": "s3://b", "s3_bucket_region": "eu-west-1"}
    });
    let r: ConnectionResponseSchema = roundtrip(body);
    let Some(ConnectionConfigurationResponse::S3(c)) = &r.configuration else {
        panic!("{r:?}");
    };
    let S3AuthModeResponse::AccessKeyAndSecret { aws_user, .. } = &c.auth_mode else {
        panic!("{c:?}");
    };
    assert_eq!(aws_user.as_deref(), Some("arn:aws:iam::1:user/u"));
    // A response without auth_mode gets the documented default.
    let r: ConnectionResponseSchema = serde_json::from_value(json!({
        "type": {"id": "s3"},
        "configuration": {"aws_access_key_id": "a", "aws_secret_access_key": "****",
                          "s3_bucket_name": "s3://b", "s3_bucket_region": "eu-west-1"}
    }))
    .unwrap();
    let Some(ConnectionConfigurationResponse::S3(c)) = &r.configuration else {
        panic!()
    };
    assert!(matches!(
        c.auth_mode,
        S3AuthModeResponse::AccessKeyAndSecret { .. }
    ));
    // A connector without a table keeps its raw configuration.
    let r: ConnectionResponseSchema =
        roundtrip(json!({"type": {"id": "brand_new"}, "configuration": {"k": [1]}}));
    let Some(ConnectionConfigurationResponse::Other(raw)) = &r.configuration else {
        panic!("{r:?}");
    };
    assert_eq!(raw.connector_type(), Some("brand_new"));
    assert_eq!(raw.configuration(), &json!({"k": [1]}));
    // An S3 configuration that breaks its table (the server left out a setting the docs
    // require) does not fail the response: it is kept raw, says why, and is written back
    // as it came. What a user sends is still checked.
    let wire = json!({"auth_mode": "iam_role", "s3_bucket_name": "b", "s3_bucket_region": "r"});
    let body = json!({"type": {"id": "s3"}, "configuration": wire});
    let r: ConnectionResponseSchema = roundtrip(body);
    let Some(ConnectionConfigurationResponse::Other(raw)) = &r.configuration else {
        panic!("{r:?}");
    };
    assert_eq!(raw.connector_type(), Some("s3"));
    assert_eq!(raw.configuration(), &wire);
    assert_eq!(
        raw.mismatch().map(ToString::to_string).as_deref(),
        Some("missing field `iam_role_arn` (when auth_mode is iam_role)")
    );
    let e = ConnectionConfiguration::from_parts(Some("s3".into()), wire).unwrap_err();
    assert!(
        e.to_string().contains("missing field `iam_role_arn`"),
        "{e}"
    );
    // A raw configuration made by hand, or of a type without a table, has no mismatch.
    assert!(RawConfiguration::unchecked("s3", json!({}))
        .mismatch()
        .is_none());
}

#[test]
fn untyped_fields_get_typed_setters_and_getters() {
    let mut target: Target = serde_json::from_value(json!({"connection_id": "c1"})).unwrap();
    target
        .set_configuration(&S3TargetConfiguration {
            format: Some(S3TargetFormat::JsonDoc),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        serde_json::to_value(&target).unwrap(),
        json!({"connection_id": "c1", "configuration": {"format": "json-doc"}})
    );
    let back: Option<S3TargetConfiguration> = target.configuration_as().unwrap();
    assert_eq!(back.unwrap().format, Some(S3TargetFormat::JsonDoc));
    let map: serde_json::Map<String, Value> = S3BulkDestinationConfiguration {
        format: Some("csv".parse().unwrap()),
        subfolder: None,
        undocumented: Default::default(),
    }
    .try_into()
    .unwrap();
    assert_eq!(Value::Object(map), json!({"format": "csv"}));
    assert_eq!(
        <S3ModelConfiguration as ModelConfiguration>::CONNECTOR_TYPE,
        "s3"
    );
}

#[test]
fn unknown_connection_types_keep_raw_json() {
    let body = json!({"name": "x", "type": "brand_new", "configuration": {"a": 1}});
    let request: CreateConnectionRequestSchema = roundtrip(body);
    assert_eq!(request.configuration.connector_type(), Some("brand_new"));
    let e: ConfigError =
        ConnectionConfiguration::from_parts(Some("s3".into()), json!([])).unwrap_err();
    assert_eq!(e.to_string(), "expected an object, found an array");
}

#[test]
fn invalid_tables_are_reported_with_file_line_and_column() {
    let mut config = Builder::new();
    config
        .spec(fixtures().join("openapi.yaml"))
        .connectors(fixtures().join("invalid"));
    let message = config.resolve().unwrap_err().to_string();
    let file = fixtures().join("invalid/demo.yaml");
    let at = |line: usize, col: usize| format!("{}:{line}:{col}: ", file.display());
    let expected = [
        format!("{}unknown key `requird` in a field", at(9, 5)),
        format!("{}`iam_rol` is not an accepted value of `auth_mode`", at(11, 5)),
        format!("{}`bucket` has type `string` and no accepted values", at(14, 5)),
        format!("{}condition `region is eu` tests `region`, which is not a field here", at(17, 5)),
        format!("{}condition `auth_mode is access_key AND auth_mode is iam_role` (for `never`) can never hold", at(20, 5)),
    ];
    for e in expected {
        assert!(message.contains(&e), "missing {e:?} in\n{message}");
    }
    assert!(message.contains("did you mean `required`?"), "{message}");
    assert!(message.contains("did you mean `iam_role`?"), "{message}");
}

#[test]
fn bindings_are_checked_against_the_spec() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(
        fixtures().join("bool_switch/demo.yaml"),
        dir.join("demo.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("_bindings.yaml"),
        "connection:\n- schema: Nope\n  field: configuration\n  connector_type: type\n",
    )
    .unwrap();
    let mut config = Builder::new();
    config
        .spec(root().join("spec/openapi.yaml"))
        .connectors(dir);
    let message = config.resolve().unwrap_err().to_string();
    assert!(
        message.contains("_bindings.yaml:2:3: schema `Nope` is not a component schema"),
        "{message}"
    );
}

/// Re-running the importer over every table changes none of them: hand-written content
/// (conditions, areas, notes) is kept, and a transcribed table is not filled from the
/// schema (what its docs page leaves out stays out).
#[test]
fn every_table_survives_reimport_unchanged() {
    let schemas_dir = root().join("../shared/reference/connection-types");
    let mut schemas: Vec<PathBuf> = std::fs::read_dir(&schemas_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", schemas_dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| p.file_name().is_none_or(|n| n != "_index.json"))
        .collect();
    schemas.sort();
    assert_eq!(schemas.len(), 200);
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("spec/connectors")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, tmp.path().join(path.file_name().unwrap())).unwrap();
    }
    let report = polytomic_codegen::import::import(&schemas, tmp.path()).unwrap();
    assert!(
        report.written.is_empty(),
        "import rewrote {:?}",
        report.written
    );
    assert_eq!(report.unchanged.len(), 200);
}

#[test]
fn loading_keeps_the_seed_page_structure() {
    let t = load::tables::load(&root().join("spec/connectors/s3.yaml")).unwrap();
    let kinds: Vec<TableArea> = t.areas.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            TableArea::Connection,
            TableArea::ReadOnly,
            TableArea::Model,
            TableArea::Target,
            TableArea::BulkDestination
        ]
    );
    let supports = t.supports.unwrap();
    assert!(
        supports.models
            && supports.model_sync_destination
            && supports.bulk_sync_source
            && supports.bulk_sync_destination
    );
}

#[test]
fn constructors_take_the_required_settings_and_leave_the_rest_absent() {
    let s3 = S3ConnectionConfiguration::new(
        S3AuthMode::IamRole {
            iam_role_arn: "arn:aws:iam::1:role/r".into(),
        },
        "s3://b",
        "us-east-1",
    );
    // A switch whose documented default holds no settings starts there.
    assert_eq!(s3.is_single_table, S3IsSingleTable::False);
    let request = CreateConnectionRequestSchema::new(s3.into(), "S3");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"name": "S3", "type": "s3", "configuration": {
            "auth_mode": "iam_role", "iam_role_arn": "arn:aws:iam::1:role/r",
            "is_single_table": false, "s3_bucket_name": "s3://b", "s3_bucket_region": "us-east-1"
        }})
    );
    // Sensitive required settings are wrapped, so they stay out of `Debug` output.
    let mut snowflake = SnowflakeConnectionConfiguration::new("acct", "user", "db");
    snowflake.password = Some("hunter2".into());
    assert!(!format!("{snowflake:?}").contains("hunter2"));
}

/// Ironclad, transcribed with its conditions: each authentication method carries exactly
/// its documented fields, the documented example round-trips, and a configuration with
/// both methods' fields read from the server keeps the other method's aside.
#[test]
fn ironclad_authentication_methods_carry_their_fields() {
    let c: IroncladConnectionConfiguration = roundtrip(json!({
        "environment": "prod", "auth_method": "api_key", "api_key": "k"
    }));
    let IroncladAuthMethod::ApiKey { api_key } = &c.auth_method else {
        panic!("{c:?}");
    };
    assert_eq!(api_key.expose().map(String::as_str), Some("k"));
    let e = serde_json::from_value::<IroncladConnectionConfiguration>(json!({
        "environment": "prod", "auth_method": "oauth", "client_secret": "s"
    }))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "missing field `client_id` (when auth_method is oauth)"
    );
    let built = IroncladConnectionConfiguration::new(
        "prod".parse().unwrap(),
        IroncladAuthMethod::Oauth {
            client_id: "ironclad".into(),
            client_secret: "secret".into(),
            user_as_email: "email@domain.com".into(),
        },
    );
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"environment": "prod", "auth_method": "oauth", "client_id": "ironclad",
               "client_secret": "secret", "user_as_email": "email@domain.com"})
    );
}

/// Salesforce's client credentials exist (and are required) only in the modes that send
/// them; the API's default browser mode needs only the domain.
#[test]
fn salesforce_connect_modes_carry_their_credentials() {
    // The create-connection walkthrough sends only the domain (the API's default mode is
    // browser), and so does `new`.
    let built = SalesforceConnectionConfiguration::new("acme.my.salesforce.com");
    assert!(built.connect_mode.is_none());
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"domain": "acme.my.salesforce.com"})
    );

    let c: SalesforceConnectionConfiguration = roundtrip(json!({
        "connect_mode": "clientcredentials", "domain": "d", "client_id": "i", "client_secret": "s"
    }));
    let Some(SalesforceConnectMode::Clientcredentials { client_id, .. }) = &c.connect_mode else {
        panic!("{c:?}");
    };
    assert_eq!(client_id.expose().map(String::as_str), Some("i"));
    // Read from the server, a credential may be redacted (left out); it is not written
    // back, so the server keeps the one it has.
    let wire = json!({"connect_mode": "api", "domain": "d", "client_id": "i"});
    let c: SalesforceConnectionConfiguration = serde_json::from_value(wire.clone()).unwrap();
    let Some(SalesforceConnectMode::Api { client_secret, .. }) = &c.connect_mode else {
        panic!("{c:?}");
    };
    assert!(client_secret.is_redacted());
    assert_eq!(serde_json::to_value(&c).unwrap(), wire);
    // Credentials the browser mode does not take, read from the server, are kept aside
    // (not typed as the mode's) and written back as they came.
    let wire = json!({"connect_mode": "browser", "domain": "d", "client_secret": "s"});
    let c: SalesforceConnectionConfiguration = serde_json::from_value(wire.clone()).unwrap();
    assert!(matches!(
        c.connect_mode,
        Some(SalesforceConnectMode::Browser)
    ));
    assert_eq!(c.undocumented.keys().collect::<Vec<_>>(), ["client_secret"]);
    assert_eq!(serde_json::to_value(&c).unwrap(), wire);
}

/// An area the connector supports but whose docs list no settings still gets a named type
/// (any JSON object), so it can be set through the typed setters like any other.
#[test]
fn supported_areas_without_documented_settings_are_free_form() {
    let mut settings = serde_json::Map::new();
    settings.insert("object".into(), json!("contracts"));
    settings.insert("batch".into(), json!({"size": 10}));
    let source = IroncladBulkSourceConfiguration { settings };
    let back: IroncladBulkSourceConfiguration =
        roundtrip(json!({"object": "contracts", "batch": {"size": 10}}));
    assert_eq!(back, source);
    assert_eq!(
        <IroncladBulkSourceConfiguration as BulkSourceConfiguration>::CONNECTOR_TYPE,
        "ironclad"
    );
    assert_eq!(
        <S3BulkSourceConfiguration as BulkSourceConfiguration>::CONNECTOR_TYPE,
        "s3"
    );
}

/// Azure Blob Storage's credentials belong to the authentication method that uses them;
/// `client_id` is required with client credentials and optional (a custom OAuth app)
/// with OAuth.
#[test]
fn azure_blob_authentication_methods_carry_their_fields() {
    let c: AzureBlobStorageConnectionConfiguration = roundtrip(json!({
        "auth_method": "client_credentials", "account_name": "a", "container_name": "c",
        "tenant_id": "t", "client_id": "i", "client_secret": "s"
    }));
    let AzureBlobStorageAuthMethod::ClientCredentials { client_id, .. } = &c.auth_method else {
        panic!("{c:?}");
    };
    assert_eq!(client_id, "i");
    let e = serde_json::from_value::<AzureBlobStorageConnectionConfiguration>(json!({
        "auth_method": "client_credentials", "account_name": "a", "container_name": "c",
        "tenant_id": "t"
    }))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "missing field `client_id` (when auth_method is client_credentials)"
    );
    let c: AzureBlobStorageConnectionConfiguration = roundtrip(json!({
        "auth_method": "oauth", "account_name": "a", "container_name": "c"
    }));
    assert!(matches!(
        c.auth_method,
        AzureBlobStorageAuthMethod::Oauth {
            client_id: None,
            client_secret: None,
            ..
        }
    ));
}

/// The docs page's own example leaves `auth_method` empty and sets the settings of all
/// three methods. Read as server data it decodes, keeps what the empty method does not
/// take, and writes back byte for byte.
#[test]
fn azure_blob_docs_example_reads_as_server_data() {
    let wire = json!({
        "access_key": "abcdefghijklmnopqrstuvwxyz0123456789/+ABCDEabcdefghijklmnopqrstuvwxyz0123456789/+ABCDE==",
        "account_name": "account", "auth_method": "", "client_id": "", "client_secret": "",
        "container_name": "container", "directory_glob_pattern": "",
        "is_directory_snapshot": false, "is_single_table": false,
        "oauth_refresh_token": "dasfdasz62px8lqeoakuea2ccl4rxm13i6tbyorxhu1i20kc8ruvksmzxq",
        "single_table_file_format": "csv", "single_table_name": "collection",
        "skip_lines": 0, "tenant_id": ""
    });
    let c: AzureBlobStorageConnectionConfiguration = serde_json::from_value(wire.clone()).unwrap();
    assert!(
        matches!(&c.auth_method, AzureBlobStorageAuthMethod::Other(m) if m.as_str().is_empty())
    );
    let mut kept: Vec<_> = c.undocumented.keys().collect();
    kept.sort_unstable();
    assert_eq!(
        kept,
        [
            "access_key",
            "client_id",
            "client_secret",
            "oauth_refresh_token",
            "tenant_id"
        ]
    );
    assert_eq!(serde_json::to_value(&c).unwrap(), wire);
}

/// SFTP takes the password or the private key its `auth_mode` names, nothing else.
#[test]
fn sftp_auth_modes_carry_their_secret() {
    let built = SftpConnectionConfiguration::new(SftpAuthMode::Password {
        ssh_password: "hunter2".into(),
    });
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"auth_mode": "password", "ssh_password": "hunter2"})
    );
    assert!(!format!("{built:?}").contains("hunter2"));
    // The server redacts the secret: read back it is absent, and not written.
    let c: SftpConnectionConfiguration = roundtrip(json!({"auth_mode": "password"}));
    let SftpAuthMode::Password { ssh_password } = &c.auth_mode else {
        panic!("{c:?}");
    };
    assert!(ssh_password.is_redacted());
    // A collection name belongs to single-table mode; elsewhere it is kept aside.
    let wire = json!({"auth_mode": "private_key", "ssh_private_key": "k",
                      "is_single_table": false, "single_table_name": "t"});
    let c: SftpConnectionConfiguration = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(
        c.undocumented.keys().collect::<Vec<_>>(),
        ["single_table_name"]
    );
    assert_eq!(serde_json::to_value(&c).unwrap(), wire);
}

/// Google Cloud Storage and Cloudflare R2 document S3's single-table shape: a directory
/// snapshot needs its glob path, and `skip_lines` exists only where CSV files can be.
#[test]
fn bucket_connectors_share_the_single_table_sections() {
    let e = serde_json::from_value::<GoogleCloudStorageConnectionConfiguration>(json!({
        "bucket": "b", "service_account": "{}", "is_single_table": true,
        "is_directory_snapshot": true
    }))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "missing field `directory_glob_pattern` (when is_single_table is true and is_directory_snapshot is true)"
    );
    let c: CloudflareR2ConnectionConfiguration = roundtrip(json!({
        "account_id": "a", "aws_access_key_id": "k", "aws_secret_access_key": "s",
        "bucket_name": "b", "is_single_table": true, "is_directory_snapshot": true,
        "directory_glob_pattern": "*/", "single_table_file_formats": ["csv"], "skip_lines": 1
    }));
    assert!(matches!(
        &c.is_single_table,
        CloudflareR2IsSingleTable::True {
            is_directory_snapshot: CloudflareR2IsDirectorySnapshot::True {
                skip_lines: Some(1),
                ..
            }
        }
    ));
    // Built in code, `skip_lines` beside formats without CSV is refused before sending.
    let CloudflareR2IsSingleTable::True {
        is_directory_snapshot,
    } = c.is_single_table
    else {
        unreachable!()
    };
    let CloudflareR2IsDirectorySnapshot::True {
        directory_glob_pattern,
        ..
    } = is_directory_snapshot
    else {
        unreachable!()
    };
    let mut bad = CloudflareR2ConnectionConfiguration::new("a", "k", "s", "b");
    bad.is_single_table = CloudflareR2IsSingleTable::True {
        is_directory_snapshot: CloudflareR2IsDirectorySnapshot::True {
            single_table_file_formats: Some(vec![CloudflareR2SingleTableFileFormatsItem::Json]),
            directory_glob_pattern,
            skip_lines: Some(1),
        },
    };
    let e = serde_json::to_value(&bad).unwrap_err().to_string();
    assert!(
        e.contains("`skip_lines` is only allowed when single_table_file_formats contains csv"),
        "{e}"
    );
}

/// ClickHouse's staging settings follow its cloud provider, and the AWS ones follow the
/// AWS authentication method nested under it.
#[test]
fn clickhouse_staging_settings_follow_the_cloud_provider() {
    let mut built = ClickHouseConnectionConfiguration::new("ch.example.com", 9440, "default");
    built.cloud_provider = Some(ClickHouseCloudProvider::Aws {
        auth_mode: ClickHouseAuthMode::IamRole {
            iam_role_arn: "arn:aws:iam::1:role/r".into(),
        },
        s3_bucket_name: "staging".into(),
        s3_bucket_region: "us-east-1".into(),
    });
    let wire = serde_json::to_value(&built).unwrap();
    assert_eq!(
        wire,
        json!({"cloud_provider": "aws", "auth_mode": "iam_role",
               "iam_role_arn": "arn:aws:iam::1:role/r", "s3_bucket_name": "staging",
               "s3_bucket_region": "us-east-1", "hostname": "ch.example.com",
               "port": 9440, "username": "default"})
    );
    let back: ClickHouseConnectionConfiguration = roundtrip(wire);
    assert_eq!(back, built);
    // The AWS method's default applies when the server leaves it out.
    let c: ClickHouseConnectionConfiguration = serde_json::from_value(json!({
        "hostname": "h", "port": 1, "username": "u", "cloud_provider": "aws",
        "s3_bucket_name": "b", "s3_bucket_region": "r", "aws_access_key_id": "k"
    }))
    .unwrap();
    assert!(matches!(
        &c.cloud_provider,
        Some(ClickHouseCloudProvider::Aws {
            auth_mode: ClickHouseAuthMode::AccessKeyAndSecret { aws_access_key_id, .. },
            ..
        }) if aws_access_key_id == "k"
    ));
    let e = serde_json::from_value::<ClickHouseConnectionConfiguration>(json!({
        "hostname": "h", "port": 1, "username": "u", "cloud_provider": "azure",
        "azure_access_key": "k", "azure_account_name": "a"
    }))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "missing field `container_name` (when cloud_provider is azure)"
    );
}

/// A webhook's credentials follow its `auth_method`; the default (a Polytomic-made
/// secret, read-only) takes none, so `new` needs only the URL.
#[test]
fn webhook_auth_methods_carry_their_credentials() {
    let built = WebhookConnectionConfiguration::new("https://example.com/hook");
    assert!(matches!(
        built.auth_method,
        WebhookAuthMethod::PolytomicSecret
    ));
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"url": "https://example.com/hook", "auth_method": "polytomic_secret"})
    );
    let c: WebhookConnectionConfiguration = roundtrip(json!({
        "url": "u", "auth_method": "basic", "basic": {"username": "a", "password": "b"}
    }));
    let WebhookAuthMethod::Basic { basic } = &c.auth_method else {
        panic!("{c:?}");
    };
    assert_eq!(basic.username.as_deref(), Some("a"));
    let e = serde_json::from_value::<WebhookConnectionConfiguration>(json!({
        "url": "u", "auth_method": "query"
    }))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "missing field `query` (when auth_method is query)"
    );
    // The secret Polytomic makes is read back only in its own state.
    let r: WebhookConnectionConfigurationResponse =
        roundtrip(json!({"url": "u", "auth_method": "polytomic_secret", "secret": "s"}));
    let WebhookAuthMethodResponse::PolytomicSecret { secret } = &r.auth_method else {
        panic!("{r:?}");
    };
    assert_eq!(
        secret.as_ref().and_then(|s| s.expose()).map(String::as_str),
        Some("s")
    );
}
