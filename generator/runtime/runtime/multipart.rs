//! `multipart/form-data` request bodies: the parts generated form types produce, and the
//! reqwest form each attempt sends. Copied only into crates whose spec sends such bodies.

use super::*;

/// A file to upload as one part of a multipart body: its bytes, and optionally the file
/// name and media type the part announces.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    data: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file part of these bytes (sent as `application/octet-stream` unless
    /// [`FilePart::content_type`] says otherwise).
    pub fn new(data: impl Into<Vec<u8>>) -> Self {
        FilePart {
            data: data.into(),
            ..FilePart::default()
        }
    }

    /// Reads a file from disk; its name becomes the part's file name.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let data = std::fs::read(path)?;
        let mut part = FilePart::new(data);
        part.file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Ok(part)
    }

    /// The file name the part announces (`filename=` in its `Content-Disposition`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's media type, e.g. `image/png`.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }

    /// The bytes.
    pub fn data(&self) -> &[u8] {
        &self.data
    }
}

/// A multipart request body: generated form types implement this.
pub trait MultipartForm {
    /// The parts, in field order; an error when a value cannot be written.
    fn parts(&self) -> Result<Vec<Part>, String>;
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    name: String,
    value: PartValue,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum PartValue {
    Text(String),
    Json(String),
    File(FilePart),
}

impl Part {
    /// A file part named `name`.
    #[doc(hidden)]
    pub fn file(name: &str, file: &FilePart) -> Part {
        Part {
            name: name.to_owned(),
            value: PartValue::File(file.clone()),
        }
    }

    /// The parts of a plain field: a string or number as text, a list as one part per
    /// item, an object as JSON (OpenAPI's default encoding for multipart fields); `null`
    /// sends nothing.
    #[doc(hidden)]
    pub fn value<V: Serialize + ?Sized>(
        parts: &mut Vec<Part>,
        name: &str,
        value: &V,
    ) -> Result<(), String> {
        use serde_json::Value;
        let value = serde_json::to_value(value).map_err(|e| format!("{name}: {e}"))?;
        let one = |v: Value| match v {
            Value::String(s) => PartValue::Text(s),
            v @ (Value::Object(_) | Value::Array(_)) => PartValue::Json(v.to_string()),
            other => PartValue::Text(other.to_string()),
        };
        let values = match value {
            Value::Null => Vec::new(),
            Value::Array(items) => items.into_iter().map(one).collect(),
            other => vec![one(other)],
        };
        parts.extend(values.into_iter().map(|value| Part {
            name: name.to_owned(),
            value,
        }));
        Ok(())
    }
}

/// The reqwest form for one attempt (a form is consumed by sending it).
pub(super) fn multipart_form(parts: &[Part]) -> reqwest::multipart::Form {
    use reqwest::multipart;
    parts.iter().fold(multipart::Form::new(), |form, p| {
        let part = match &p.value {
            PartValue::Text(t) => multipart::Part::text(t.clone()),
            PartValue::Json(j) => multipart::Part::text(j.clone())
                .mime_str("application/json")
                .unwrap_or_else(|_| multipart::Part::text(j.clone())),
            PartValue::File(f) => {
                let mut part = multipart::Part::bytes(f.data.clone());
                if let Some(name) = &f.file_name {
                    part = part.file_name(name.clone());
                }
                let media = f
                    .content_type
                    .as_deref()
                    .unwrap_or("application/octet-stream");
                // A media type reqwest cannot parse is sent as plain bytes.
                match part.mime_str(media) {
                    Ok(p) => p,
                    Err(_) => {
                        let mut p = multipart::Part::bytes(f.data.clone());
                        if let Some(name) = &f.file_name {
                            p = p.file_name(name.clone());
                        }
                        p
                    }
                }
            }
        };
        form.part(p.name.clone(), part)
    })
}

#[cfg(test)]
#[path = "multipart/tests.rs"]
mod tests;
