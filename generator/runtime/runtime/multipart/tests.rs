//! Multipart parts.

use super::*;
use serde_json::{json, Value};

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
