//! States the docs forbid do not compile (trybuild); the allowed one does.

#[test]
fn forbidden_s3_states_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.pass("fixtures/connectors/ui/iam_role_with_arn.rs");
    t.compile_fail("fixtures/connectors/ui/iam_role_without_arn.rs");
    t.compile_fail("fixtures/connectors/ui/access_key_field_under_iam_role.rs");
    t.compile_fail("fixtures/connectors/ui/undocumented_value_cannot_be_built.rs");
    t.compile_fail("fixtures/connectors/ui/ironclad_oauth_without_secret.rs");
    t.compile_fail("fixtures/connectors/ui/salesforce_api_mode_without_secret.rs");
    t.compile_fail("fixtures/connectors/ui/unknown_type_cannot_be_built_by_accident.rs");
}
