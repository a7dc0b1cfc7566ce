//! Any bytes as a connector table (`fuzz.yaml`, so `connector: fuzz`): loading must
//! return a table or diagnostics that render without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use polytomic_codegen::load::tables;
use polytomic_codegen::Error;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(Error::Input(diags)) = tables::parse(Path::new("fuzz.yaml"), text.to_owned()) {
        for d in &diags {
            let _ = d.to_string();
            let _ = d.render_fancy(Some(text), false);
        }
    }
});
