//! Any bytes as an OpenAPI document: loading must return a document or diagnostics,
//! and the diagnostics must render (plain and with a snippet) without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use polytomic_codegen::load::openapi;
use polytomic_codegen::Error;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Err(Error::Input(diags)) = openapi::parse_bytes(Path::new("fuzz.yaml"), data.to_vec())
    {
        let text = String::from_utf8_lossy(data);
        for d in &diags {
            let _ = d.to_string();
            let _ = d.render_fancy(Some(&text), false);
        }
    }
});
