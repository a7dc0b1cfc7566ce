//! Specs off the shelf, end to end: parameter styles on the wire (exact query strings
//! against a loopback server), setters named after the runtime's own methods, OpenAPI 3.1
//! constructs round-tripped through their generated types, 3.1 webhooks decoded, and a
//! Swagger 2.0 document's client talking to a server.

use serde_json::json;

mod support;
use support::{roundtrip, Reply, Server};

/// A client of one fixture (each has its own runtime, built with its spec) for `server`.
macro_rules! client {
    ($fixture:ident, $server:expr) => {
        fixture_outputs::openapi::$fixture::Client::builder()
            .base_url($server.url())
            .build()
            .unwrap()
    };
}

/// The query of the only request the server received, decoded pair by pair (so the
/// assertions read as the values, not their percent-encoding).
fn query_pairs(server: &Server) -> Vec<(String, String)> {
    let received = server.received();
    assert_eq!(received.len(), 1);
    let target = &received[0].target;
    let query = target.split_once('?').map_or("", |(_, q)| q);
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

mod styles {
    use super::*;
    use fixture_outputs::openapi::param_styles::models::{
        Filter, FilterCustomer, FilterStatus, ListChargesCreated, ListChargesWhere, Page, Range,
    };

    #[tokio::test]
    async fn deep_objects_with_nested_objects_and_unions() {
        let server = Server::always(Reply::json(200, json!({}))).await;
        client!(param_styles, &server)
            .list_charges()
            .created(ListChargesCreated::Range(Range {
                gte: Some(10),
                lt: Some(20),
            }))
            .filter(Filter {
                customer: Some(FilterCustomer {
                    email: Some("a@b.c".into()),
                }),
                status: Some(FilterStatus::Paid),
            })
            .await
            .unwrap();
        let mut got = query_pairs(&server);
        got.sort();
        assert_eq!(
            got,
            pairs(&[
                ("created[gte]", "10"),
                ("created[lt]", "20"),
                ("filter[customer][email]", "a@b.c"),
                ("filter[status]", "paid"),
            ])
        );
    }

    #[tokio::test]
    async fn a_union_member_that_is_a_plain_value_is_one_value() {
        let server = Server::always(Reply::json(200, json!({}))).await;
        client!(param_styles, &server)
            .list_charges()
            .created(ListChargesCreated::Integer(123))
            .await
            .unwrap();
        assert_eq!(server.received()[0].target, "/charges?created=123");
    }

    #[tokio::test]
    async fn form_delimited_and_exploded_values() {
        let server = Server::always(Reply::json(200, json!({}))).await;
        let list = ["a".to_owned(), "b".to_owned()];
        client!(param_styles, &server)
            .list_charges()
            .ids(&list)
            .tags(&list)
            .fields(&list)
            .states(&list)
            .page(Page {
                limit: Some(5),
                offset: Some(10),
            })
            .await
            .unwrap();
        let mut got = query_pairs(&server);
        got.sort();
        assert_eq!(
            got,
            pairs(&[
                ("fields", "a|b"),
                ("ids", "a,b"),
                // An exploded object: its fields are the query's own keys.
                ("limit", "5"),
                ("offset", "10"),
                ("states", "a"),
                ("states", "b"),
                ("tags", "a b"),
            ])
        );
    }

    #[tokio::test]
    async fn an_object_header_and_a_content_parameter() {
        let server = Server::always(Reply::json(200, json!({}))).await;
        client!(param_styles, &server)
            .list_charges()
            .x_filter(Page {
                limit: Some(5),
                offset: None,
            })
            .where_(ListChargesWhere {
                name: Some("x y".into()),
            })
            .await
            .unwrap();
        assert_eq!(server.received()[0].header("X-Filter"), Some("limit,5"));
        assert_eq!(
            query_pairs(&server),
            pairs(&[("where", r#"{"name":"x y"}"#)])
        );
    }

    #[tokio::test]
    async fn simple_label_and_matrix_path_parameters() {
        let server = Server::always(Reply::json(200, json!({}))).await;
        let owner = uuid::Uuid::from_u128(7);
        client!(param_styles, &server)
            .get_point(owner, &[1, 2], &[3, 4], &[5, 6])
            .await
            .unwrap();
        assert_eq!(
            server.received()[0].target,
            format!("/points/1,2/.3,4/;matrix=5;matrix=6/.{owner}")
        );
    }

    #[tokio::test]
    async fn setters_named_after_request_methods_are_the_parameters() {
        let server = Server::always(Reply::json(200, json!({}))).await;
        client!(param_styles, &server)
            .get_files()
            .download_param(true)
            .form_param("f")
            .send_param("s")
            .header_param("h")
            .query_param("q")
            .timeout_param(3)
            .json_param("j")
            .multipart_param("m")
            .options_param("o")
            .max_attempts_param(2)
            .body_param("b")
            .stream_param("st")
            .into_future_param("i")
            .set_query_styled_param("x")
            .await
            .unwrap();
        assert_eq!(
            server.received()[0].target,
            "/files?download=true&form=f&send=s&header=h&query=q&timeout=3&json=j\
             &multipart=m&options=o&max_attempts=2&body=b&stream=st&into_future=i\
             &set_query_styled=x"
        );
    }
}

mod openapi31 {
    use super::*;
    use fixture_outputs::openapi::openapi31::models::{Family, Pet, PetAge, PetKind};
    use fixture_outputs::openapi::openapi31::webhooks::Webhook;

    fn pet() -> serde_json::Value {
        json!({"id": "p1", "name": "Rex", "kind": "pet"})
    }

    fn with(field: &str, value: serde_json::Value) -> serde_json::Value {
        let mut p = pet();
        p[field] = value;
        p
    }

    #[test]
    fn null_in_a_type_list_is_a_nullable_field() {
        let p: Pet = roundtrip(with("name", json!(null)));
        assert_eq!(p.name, None);
        let p: Pet = roundtrip(pet());
        assert_eq!(p.name.as_deref(), Some("Rex"));
    }

    #[test]
    fn a_null_union_member_keeps_absent_null_and_a_value_apart() {
        let p: Pet = roundtrip(pet());
        assert_eq!(p.owner, None);
        let p: Pet = roundtrip(with("owner", json!(null)));
        assert_eq!(p.owner, Some(None));
        let p: Pet = roundtrip(with("owner", json!({"name": "Ana"})));
        assert_eq!(
            p.owner.flatten().and_then(|o| o.name).as_deref(),
            Some("Ana")
        );
    }

    #[test]
    fn const_several_types_and_ref_siblings() {
        let p: Pet = roundtrip(with("age", json!(3)));
        assert_eq!(p.kind, PetKind::Pet);
        assert_eq!(p.age, Some(PetAge::Integer(3)));
        let p: Pet = roundtrip(with("age", json!("three")));
        assert_eq!(p.age, Some(PetAge::String("three".into())));
        let p: Pet = roundtrip(with("best_friend", json!({"name": "Bo"})));
        assert!(p.best_friend.is_some());
        // A value `const` does not list is kept, not refused (responses are open).
        let p: Pet = roundtrip(with("kind", json!("robot")));
        assert_eq!(p.kind, PetKind::Unknown("robot".into()));
    }

    #[test]
    fn bounds_base64_maps_and_dynamic_refs() {
        let p: Pet = roundtrip(with("weight", json!(12.5)));
        assert_eq!(p.weight, Some(12.5));
        let p: Pet = roundtrip(with("photo", json!("aGVsbG8=")));
        assert_eq!(p.photo.as_deref(), Some("aGVsbG8="));
        let p: Pet = roundtrip(with("labels", json!({"color": "brown"})));
        assert_eq!(p.labels.unwrap()["color"], "brown");
        let family = json!({"name": "a", "children": [{"name": "b", "children": []}]});
        let f: Family = roundtrip(family);
        assert_eq!(f.children.unwrap()[0].name.as_deref(), Some("b"));
    }

    #[test]
    fn defs_reached_by_a_ref_are_a_type() {
        use fixture_outputs::openapi::openapi31::models::Shelter;
        let s: Shelter = roundtrip(json!({"address": {"city": "Oslo"}}));
        assert!(s.address.is_some());
    }

    #[test]
    fn webhooks_decode_by_name_and_by_their_type() {
        let adopted = json!({"type": "pet.adopted", "pet": pet()});
        let bytes = serde_json::to_vec(&adopted).unwrap();
        let by_name = Webhook::from_name("pet.adopted", &bytes).unwrap();
        let by_body = Webhook::from_body(&bytes).unwrap();
        assert_eq!(by_name, by_body);
        let Webhook::PetAdopted(payload) = by_body else {
            panic!("{by_name:?}")
        };
        assert_eq!(payload.pet.id, "p1");
        let lost = json!({"type": "pet.lost", "pet_id": "p2", "last_seen": null});
        let hook = Webhook::from_body(&serde_json::to_vec(&lost).unwrap()).unwrap();
        assert_eq!(hook.name(), "pet.lost");
        assert!(matches!(hook, Webhook::PetLost(_)));
        assert_eq!(Webhook::NAMES, ["pet.adopted", "pet.lost"]);
    }

    #[test]
    fn an_unknown_webhook_is_kept_whole() {
        let body = json!({"type": "pet.found", "pet_id": "p3"});
        let bytes = serde_json::to_vec(&body).unwrap();
        assert_eq!(
            Webhook::from_body(&bytes).unwrap(),
            Webhook::Unknown {
                name: "pet.found".into(),
                body: body.clone()
            }
        );
        assert_eq!(
            Webhook::from_name("pet.found", &bytes).unwrap().name(),
            "pet.found"
        );
    }

    #[tokio::test]
    async fn an_operation_without_responses_succeeds_on_any_2xx() {
        let server = Server::always(Reply::json(201, json!({}))).await;
        let rex: Pet = serde_json::from_value(pet()).unwrap();
        client!(openapi31, &server)
            .create_modern_pet()
            .body(&rex)
            .await
            .unwrap();
        let received = server.received();
        let sent: serde_json::Value = serde_json::from_slice(&received[0].body).unwrap();
        assert_eq!(sent, pet());
    }
}

mod swagger2 {
    use super::*;
    use fixture_outputs::openapi::swagger2_petstore_mini::models::{
        ListPetsStatusItem, UpdatePetWithFormRequest,
    };

    #[tokio::test]
    async fn collection_formats_become_styles() {
        let server = Server::always(Reply::json(200, json!([]))).await;
        client!(swagger2_petstore_mini, &server)
            .pets()
            .list_pets()
            .tags(&["a".into(), "b".into()])
            .status(&[ListPetsStatusItem::Available, ListPetsStatusItem::Sold])
            .await
            .unwrap();
        // `multi` repeats the key; the default `csv` joins with commas.
        assert_eq!(
            query_pairs(&server),
            pairs(&[("tags", "a"), ("tags", "b"), ("status", "available,sold")])
        );
    }

    #[tokio::test]
    async fn form_data_parameters_are_a_form_body() {
        let server = Server::always(Reply::raw(200, "")).await;
        let mut form = UpdatePetWithFormRequest::new("Rex");
        form.nicknames = Some(vec!["R".into(), "X".into()]);
        client!(swagger2_petstore_mini, &server)
            .pets()
            .update_pet_with_form(7, &form)
            .await
            .unwrap();
        let received = &server.received()[0];
        assert_eq!(received.target, "/pets/7");
        assert_eq!(
            received.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            String::from_utf8_lossy(&received.body),
            "name=Rex&nicknames=R&nicknames=X"
        );
    }
}
