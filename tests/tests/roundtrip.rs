//! JSON examples through generated types: deserialize, serialize, compare as JSON values.
//! Fixture types come from the compiled fixture outputs (crate `fixture-outputs`); seed examples
//! (the public docs' request and response bodies) go through the real SDK.

use fixture_outputs::openapi as fixtures;

mod support;
use serde_json::{json, Value};
use std::path::Path;
use support::roundtrip;

#[test]
fn objects_keep_absent_fields_absent() {
    use fixtures::objects::models::*;
    let user: User = roundtrip(json!({"id": "u1", "name": "Ada"}));
    assert_eq!(user.email, None);
    let user: User = roundtrip(json!({
        "id": "u1", "name": "Ada", "age": 36,
        "address": {"city": "London"}, "tags": ["a"], "scores": [{"value": 1.5}]
    }));
    assert_eq!(user.address.unwrap().city, "London");
    assert!(
        serde_json::from_value::<User>(json!({"id": "u1"})).is_err(),
        "name is required"
    );
}

#[test]
fn enums_keep_unknown_values() {
    use fixtures::enums::models::*;
    let job: Job = roundtrip(json!({"frequency": "15m", "state": "done"}));
    assert_eq!(job.frequency, Frequency::V15m);
    let job: Job = roundtrip(json!({"frequency": "weekly"}));
    assert_eq!(job.frequency, Frequency::UnknownValue("weekly".into()));
    // A wire value literally called "unknown" keeps its own variant.
    let job: Job = roundtrip(json!({"frequency": "unknown"}));
    assert_eq!(job.frequency, Frequency::Unknown);
    assert_eq!(Frequency::JsonDoc.to_string(), "json-doc");
}

#[test]
fn all_of_merges_members() {
    use fixtures::allof::models::*;
    let w: Widget = roundtrip(json!({
        "id": "248df4b7-aa70-47b8-a036-33ac447e668d",
        "created_at": "2024-01-15T09:30:00Z",
        "name": "w", "color": "red"
    }));
    assert_eq!(w.name, "w");
    let d: Described = roundtrip(json!({"name": "n"}));
    assert_eq!(d, Named::new("n"));
}

#[test]
fn discriminated_unions_are_tagged() {
    use fixtures::oneof_discriminator::models::*;
    let p: Pet = roundtrip(json!({"kind": "good-dog", "bark": true}));
    assert_eq!(
        p,
        Pet::GoodDog(Dog {
            bark: Some(true),
            ..Default::default()
        })
    );
    let p: Pet = roundtrip(json!({"kind": "cat", "lives": 9}));
    assert_eq!(p, Pet::Cat(Cat::new(9)));
    assert!(serde_json::from_value::<Pet>(json!({"kind": "cat"})).is_err());
}

#[test]
fn untagged_unions_try_members_in_order() {
    use fixtures::unions::models::*;
    let s: SchemaItem = roundtrip(json!("users"));
    assert_eq!(s, SchemaItem::String("users".into()));
    let s: SchemaItem = roundtrip(json!({"id": "users", "enabled": false}));
    assert!(matches!(s, SchemaItem::SchemaConfig(_)));
    assert!(matches!(roundtrip::<Value_>(json!(3)), Value_::Integer(3)));
    assert!(matches!(roundtrip::<Value_>(json!(3.5)), Value_::Number(_)));
    assert!(matches!(
        roundtrip::<Value_>(json!(["a"])),
        Value_::Array(_)
    ));
    assert!(matches!(
        roundtrip::<Value_>(json!({"inner": "x"})),
        Value_::ValueVariant3(_)
    ));
}

#[test]
fn nullable_distinguishes_absent_null_and_value() {
    use fixtures::nullable::models::*;
    let s: Sync = roundtrip(json!({"name": "a", "organization_id": null}));
    assert_eq!((s.filters, s.value), (None, None));
    let s: Sync = roundtrip(
        json!({"name": "a", "organization_id": null, "filters": null, "value": null, "note": null}),
    );
    assert_eq!(s.filters, Some(None));
    assert_eq!(s.value, Some(Value::Null));
    assert_eq!(s.note, Some(None));
    let s: Sync = roundtrip(
        json!({"name": "a", "organization_id": "248df4b7-aa70-47b8-a036-33ac447e668d", "filters": ["x"], "value": {"k": 1}}),
    );
    assert_eq!(s.filters, Some(Some(vec!["x".to_owned()])));
}

#[test]
fn maps_and_free_form_objects() {
    use fixtures::maps::models::*;
    let s: Settings = roundtrip(json!({
        "labels": {"a": "b"}, "limits": {"x": {"max": 3}},
        "anything": {"n": [1, {"deep": null}]}, "free": {}, "any": [1, "two"]
    }));
    assert_eq!(s.labels.unwrap()["a"], "b");
    let e: Extensible = roundtrip(json!({"id": "e", "x": 1, "y": 2}));
    assert_eq!(e.additional_properties.len(), 2);
}

#[test]
fn recursive_types_nest() {
    use fixtures::recursive::models::*;
    // Constructors take required fields only (boxed ones unboxed) and leave the rest absent.
    assert_eq!(
        serde_json::to_value(Node::new("leaf")).unwrap(),
        json!({"name": "leaf"})
    );
    let not = Not::new(Expr::Not(Box::new(Not::new(Expr::String("x".into())))));
    assert_eq!(
        serde_json::to_value(not).unwrap(),
        json!({"inner": {"inner": "x"}})
    );
    let n: Node = roundtrip(
        json!({"name": "leaf", "parent": {"name": "root", "children": [{"name": "sibling"}]}}),
    );
    assert_eq!(n.parent.unwrap().name, "root");
    let e: Expr = roundtrip(json!({"inner": {"inner": "x"}}));
    assert!(matches!(e, Expr::Not(_)));
}

#[test]
fn formats_map_to_real_types() {
    use fixtures::formats::models::*;
    let f: Formats = roundtrip(json!({
        "id": "248df4b7-aa70-47b8-a036-33ac447e668d", "at": "2024-01-15T09:30:00Z",
        "day": "2024-01-15", "small": 1, "big": 9007199254740993_i64, "ratio": 0.5,
        "precise": 0.1, "flag": true, "text": "a@b.c"
    }));
    assert_eq!(f.big, 9007199254740993);
    assert_eq!(f.at.timestamp(), 1705311000);
    assert!(serde_json::from_value::<Formats>(json!({
        "id": "not-a-uuid", "at": "2024-01-15T09:30:00Z", "day": "2024-01-15", "small": 1,
        "big": 1, "ratio": 0.5, "precise": 0.1, "flag": true, "text": ""
    }))
    .is_err());
}

#[test]
fn odd_names_keep_wire_names() {
    use fixtures::names::models::*;
    let t: Type = roundtrip(
        json!({"type": "t", "ref": "r", "self": "s", "3d": true, "x-request-id": "x", "a.b": "ab", "fooBar": 1.to_string(), "foo_bar": "2", "Error": "e"}),
    );
    assert_eq!(
        (t.type_.as_deref(), t.foo_bar2.as_deref()),
        (Some("t"), Some("2"))
    );
    assert_eq!(Type2::from("a b".to_owned()), Type2::AB);
    assert_eq!(Type2::AB2.as_str(), "A_B");
}

/// Every documented JSON example in the seeds, through the SDK type the docs name.
#[test]
fn seed_examples_roundtrip() {
    use polytomic::models::*;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let manifest: Vec<serde_yaml::Value> =
        serde_yaml::from_str(&std::fs::read_to_string(dir.join("manifest.yaml")).unwrap()).unwrap();
    assert!(manifest.len() >= 7);
    for entry in manifest {
        let file = entry["file"].as_str().unwrap();
        let schema = entry["schema"].as_str().unwrap();
        let value: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap();
        match schema {
            "CreateSyncRequest" => drop(roundtrip::<CreateSyncRequest>(value)),
            "SyncResponseEnvelope" => drop(roundtrip::<SyncResponseEnvelope>(value)),
            "GetSyncSourceMetaEnvelope" => drop(roundtrip::<GetSyncSourceMetaEnvelope>(value)),
            "CreateConnectionRequestSchema" => {
                drop(roundtrip::<CreateConnectionRequestSchema>(value))
            }
            "CreateModelRequest" => drop(roundtrip::<CreateModelRequest>(value)),
            other => panic!("{file}: no round-trip test for schema {other}; add it here"),
        }
    }
}

#[test]
fn unsigned_formats_hold_the_full_unsigned_range() {
    use fixtures::constraints::models::*;
    let c: Counters = roundtrip(json!({
        "bytes": u64::MAX, "tiny": 255, "short": 65535, "medium": u32::MAX
    }));
    assert_eq!(c.bytes, u64::MAX);
    assert!(serde_json::from_value::<Counters>(json!({"bytes": -1})).is_err());
    assert!(serde_json::from_value::<Counters>(json!({"bytes": 1, "tiny": 256})).is_err());
}

#[test]
fn constrained_strings_are_checked_when_built_and_decoded() {
    use fixtures::constraints::models::*;
    let sid = "AC0123456789abcdef0123456789abcdef";
    let a: Account = roundtrip(json!({"sid": sid, "slug": "s", "nickname": "toolong"}));
    assert_eq!(a.sid.as_str(), sid);
    assert_eq!(AccountSid::new(sid).unwrap().to_string(), sid);
    let err = AccountSid::new("AC123").unwrap_err();
    assert_eq!(err.type_name(), "AccountSid");
    assert_eq!(
        err.to_string(),
        "invalid AccountSid: the value must have at least 34 characters"
    );
    // Right length, wrong alphabet: the pattern catches it.
    let err = AccountSid::try_from("XX0123456789abcdef0123456789abcdef").unwrap_err();
    assert!(err.constraint().contains("pattern"), "{err}");
    let err = serde_json::from_value::<Account>(json!({"sid": "nope"})).unwrap_err();
    assert!(err.to_string().contains("invalid AccountSid"), "{err}");
    assert!(Slug::new("").is_err());
    assert!("x".parse::<Slug>().is_ok());
    // A pattern the engine cannot run is documented and left unchecked (plain String).
    let p: Password = "no digits at all".to_owned();
    let _: Account = roundtrip(json!({"sid": sid, "password": p}));
}

#[test]
fn constrained_numbers_are_checked_with_inclusive_and_exclusive_bounds() {
    use fixtures::constraints::models::*;
    assert_eq!(PageSize::new(1).unwrap().get(), 1);
    assert_eq!(PageSize::new(1000).unwrap().get(), 1000);
    assert_eq!(
        PageSize::new(0).unwrap_err().constraint(),
        "must be at least 1"
    );
    assert_eq!(
        PageSize::new(1001).unwrap_err().constraint(),
        "must be at most 1000"
    );
    assert!(Ratio::new(0.0).is_err(), "exclusive minimum");
    assert!(Ratio::new(1.0).is_ok(), "inclusive maximum");
    assert!(Ratio::new(1.5).is_err());
    assert!(Offset::new(0).is_err(), "exclusive maximum");
    assert_eq!(Offset::new(-1).unwrap().get(), -1);
    let a: Account = roundtrip(json!({
        "sid": "AC0123456789abcdef0123456789abcdef", "ratio": 0.25, "offset": -3
    }));
    assert_eq!(a.ratio.map(Ratio::get), Some(0.25));
    assert!(serde_json::from_value::<Account>(json!({
        "sid": "AC0123456789abcdef0123456789abcdef", "ratio": 2.0
    }))
    .is_err());
}

#[test]
fn one_value_enum_members_are_tagged_by_that_property() {
    use fixtures::real_world::models::*;
    let id = "248df4b7-aa70-47b8-a036-33ac447e668d";
    let attached: DiskState = roundtrip(json!({"state": "attached", "instance": id}));
    assert!(matches!(attached, DiskState::Attached(ref a) if a.instance.to_string() == id));
    // The second member is not swallowed by the first one's open enum.
    let detached: DiskState = roundtrip(json!({"state": "detached"}));
    assert_eq!(detached, DiskState::Detached(DiskDetached::default()));
    assert!(serde_json::from_value::<DiskState>(json!({"state": "attached"})).is_err());
}

#[test]
fn type_object_beside_a_discriminated_union_is_the_union() {
    use fixtures::real_world::models::*;
    let i: Indicator = roundtrip(json!({"channel": "APPLE", "to": "x"}));
    assert!(matches!(i, Indicator::Apple(_)));
    let i: Indicator = roundtrip(json!({"channel": "WHATSAPP", "message_id": "m"}));
    assert!(matches!(i, Indicator::Whatsapp(_)));
}

#[test]
fn shared_properties_beside_a_union_are_flattened_together() {
    use fixtures::real_world::models::*;
    let pet: Pet = roundtrip(json!({"name": "Rex", "barks": 3}));
    assert_eq!(pet.name, "Rex");
    assert!(matches!(pet.variant, PetVariant::Dog(Dog { barks: 3, .. })));
    let pet: Pet = roundtrip(json!({"name": "Tom", "meows": true}));
    assert!(matches!(pet.variant, PetVariant::Cat(_)));
    assert!(serde_json::from_value::<Pet>(json!({"meows": true})).is_err());
}

#[test]
fn annotated_refs_and_all_of_cycles_keep_their_types() {
    use fixtures::real_world::models::*;
    let b: Box_ = roundtrip(json!({"size": "large"}));
    assert_eq!(b.size, Some(Some(Size::Large)));
    let b: Box_ = roundtrip(json!({"size": null}));
    assert_eq!(b.size, Some(None));
    let l: Left = roundtrip(json!({"left": "l", "right": "r"}));
    assert_eq!(
        (l.left.as_deref(), l.right.as_deref()),
        (Some("l"), Some("r"))
    );
    let r: Right = roundtrip(json!({"left": "l", "right": "r"}));
    assert_eq!(r.right.as_deref(), Some("r"));
}

#[test]
fn an_unknown_tag_is_kept_whole_and_a_known_tag_must_fit() {
    use fixtures::oneof_discriminator::models::*;
    let p: Pet = roundtrip(json!({"kind": "lizard", "scales": 30, "tail": {"long": true}}));
    match &p {
        Pet::Unknown(map) => assert_eq!(map["scales"], 30),
        other => panic!("expected Unknown, got {other:?}"),
    }
    // A known tag with the wrong fields is still an error, not an unknown value.
    assert!(serde_json::from_value::<Pet>(json!({"kind": "cat", "lives": "nine"})).is_err());
    assert!(serde_json::from_value::<Pet>(json!({"lives": 9})).is_err());
}

#[test]
fn types_from_other_files_are_named_and_recursive_across_files() {
    use fixtures::multi_file::models::*;
    // `Pet` (a root component that only names pets/models/pet.yaml) is that schema;
    // `Owner` (owner.yaml) refers back to it, boxed through the Vec.
    let pet: Pet = roundtrip(json!({
        "id": "6f1c5f7e-59a8-4a0b-9d1c-2f1b7d5f9a11",
        "name": "Rex",
        "owner": {"name": "Ann", "pets": [{
            "id": "0b4d0f2a-3c1e-4d8e-9a57-6c3a1e2b4f70",
            "name": "Tom",
            "owner": {"name": "Ann"},
            "kind": {"kind": "cat", "lives": 9}
        }]},
        "toy": {"squeaks": true},
        "kind": {"kind": "dog", "good": true}
    }));
    assert_eq!(pet.owner.pets.as_ref().map(Vec::len), Some(1));
    assert!(matches!(
        pet.kind,
        Some(PetKind::Dog(Dog {
            good: Some(true),
            ..
        }))
    ));
    // Two files named item.yaml are two types; the second takes its folder's name.
    let order: Item = roundtrip(json!({"sku": "A-1"}));
    assert_eq!(order.sku, "A-1");
    let toy: PetsItem = roundtrip(json!({"squeaks": false}));
    assert_eq!(toy.squeaks, Some(false));
    // The shared error body lives in a JSON file beside the YAML ones.
    let e: Error_ = roundtrip(json!({"message": "no"}));
    assert_eq!(e.message, "no");
}
