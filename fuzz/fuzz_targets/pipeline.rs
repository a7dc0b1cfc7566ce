//! The whole pipeline: load → resolve → emit → format. The input is an OpenAPI
//! document, optionally followed by a line `#---table---` and a connector table
//! (`connector: fuzz`) that is resolved against it. Every outcome must be generated
//! code or an input error; an `Error::Internal` (code that does not parse) is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use polytomic_codegen::load::{self, openapi, tables};
use polytomic_codegen::{emit, format, resolve, Error};
use std::path::Path;

const SEPARATOR: &str = "\n#---table---\n";

fn run(spec: &[u8], table: Option<&str>) -> Result<(), Error> {
    let spec = openapi::parse_bytes(Path::new("spec.yaml"), spec.to_vec())?;
    let mut inputs = load::Inputs::spec_only(spec);
    if let Some(table) = table {
        inputs.tables.push(tables::parse(Path::new("fuzz.yaml"), table.to_owned())?);
    }
    let api = resolve::resolve(&inputs, &Default::default())?.api;
    format::tree(&emit::emit(&api, &emit::Options::new("polytomic")), format::HEADER).map(|_| ())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (spec, table) = match text.split_once(SEPARATOR) {
        Some((spec, table)) => (spec.as_bytes(), Some(table)),
        None => (data, None),
    };
    if let Err(Error::Internal { module, message }) = run(spec, table) {
        panic!("generated code for {module} does not parse: {message}");
    }
});
