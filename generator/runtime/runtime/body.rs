//! Request and response bodies other than JSON: binary, forms, downloads.

use super::*;

/// A response body being received (see [`Request::download`]).
#[derive(Debug)]
pub struct Download {
    pub(super) response: Option<reqwest::Response>,
    /// A body that arrived whole, handed out as one chunk.
    pub(super) rest: Option<Vec<u8>>,
}

impl Download {
    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.response.as_ref().map_or(200, |r| r.status().as_u16())
    }

    /// Every header of the response (empty for a body that arrived whole).
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        self.response.as_ref().map(|r| r.headers())
    }

    /// The media type the server announced.
    pub fn content_type(&self) -> Option<&str> {
        self.response
            .as_ref()?
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    /// The body's length, when the server announced it.
    pub fn content_length(&self) -> Option<u64> {
        match &self.response {
            Some(r) => r.content_length(),
            None => self.rest.as_ref().map(|b| b.len() as u64),
        }
    }

    /// The next piece of the body as it arrives; `None` once it is complete.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, Error<std::convert::Infallible>> {
        if let Some(rest) = self.rest.take() {
            return Ok(Some(rest));
        }
        let Some(response) = &mut self.response else {
            return Ok(None);
        };
        response
            .chunk()
            .await
            .map(|c| c.map(Vec::from))
            .map_err(|e| {
                if e.is_timeout() {
                    Error::Timeout(e)
                } else {
                    Error::Transport(e)
                }
            })
    }

    /// Reads the rest of the body into memory.
    pub async fn bytes(mut self) -> Result<Vec<u8>, Error<std::convert::Infallible>> {
        let mut out = Vec::new();
        while let Some(chunk) = self.chunk().await? {
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }
}

/// A form body from a JSON object (see [`Request::form`]).
pub(super) fn form_encode(value: &serde_json::Value) -> Result<Vec<u8>, String> {
    use serde_json::Value;
    let serde_json::Value::Object(map) = value else {
        return Err("a form body must be an object".to_owned());
    };
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    // The URL type's query serializer is the form encoder (spaces as `+`).
    let mut url = reqwest::Url::parse("http://form.invalid/").map_err(|e| e.to_string())?;
    {
        let mut pairs = url.query_pairs_mut();
        for (key, v) in map {
            match v {
                Value::Null => {}
                Value::Array(items) => {
                    for item in items {
                        pairs.append_pair(key, &text(item));
                    }
                }
                other => {
                    pairs.append_pair(key, &text(other));
                }
            }
        }
    }
    Ok(url.query().unwrap_or("").as_bytes().to_vec())
}

/// A binary request body: bytes in memory (`&[u8]`, `Vec<u8>`, ...), or a stream of
/// chunks read as the request is sent ([`BinaryBody::stream`]), for uploads too large to
/// hold. A streamed request is sent once and never retried.
pub struct BinaryBody(pub(super) BinaryInner);

pub(super) enum BinaryInner {
    Bytes(Vec<u8>),
    Stream(reqwest::Body),
}

impl BinaryBody {
    /// A body read from `chunks` as it is sent (e.g. a file through
    /// `tokio_util::io::ReaderStream`).
    pub fn stream<S, C, E>(chunks: S) -> Self
    where
        S: futures_core::Stream<Item = Result<C, E>> + Send + 'static,
        bytes::Bytes: From<C>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        BinaryBody(BinaryInner::Stream(reqwest::Body::wrap_stream(chunks)))
    }
}

impl fmt::Debug for BinaryBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            BinaryInner::Bytes(b) => write!(f, "BinaryBody({} bytes)", b.len()),
            BinaryInner::Stream(_) => f.write_str("BinaryBody(stream)"),
        }
    }
}

impl From<Vec<u8>> for BinaryBody {
    fn from(bytes: Vec<u8>) -> Self {
        BinaryBody(BinaryInner::Bytes(bytes))
    }
}

impl From<&[u8]> for BinaryBody {
    fn from(bytes: &[u8]) -> Self {
        BinaryBody(BinaryInner::Bytes(bytes.to_vec()))
    }
}

impl From<&Vec<u8>> for BinaryBody {
    fn from(bytes: &Vec<u8>) -> Self {
        BinaryBody(BinaryInner::Bytes(bytes.clone()))
    }
}

impl<const N: usize> From<&[u8; N]> for BinaryBody {
    fn from(bytes: &[u8; N]) -> Self {
        BinaryBody(BinaryInner::Bytes(bytes.to_vec()))
    }
}

impl From<Binary> for BinaryBody {
    fn from(bytes: Binary) -> Self {
        BinaryBody(BinaryInner::Bytes(bytes.0))
    }
}

/// The bytes of a binary response body (or any body read as bytes).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Binary(pub Vec<u8>);

impl Binary {
    /// The bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl std::ops::Deref for Binary {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Binary;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Binary, E> {
                Ok(Binary(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Binary, E> {
                Ok(Binary(v))
            }
        }
        d.deserialize_byte_buf(Visitor)
    }
}

#[cfg(test)]
#[path = "body/tests.rs"]
mod tests;
