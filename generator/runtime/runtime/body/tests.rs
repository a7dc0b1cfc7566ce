//! Binary bodies.

use super::*;

#[test]
fn binary_bodies_come_from_bytes_or_a_stream() {
    let v = vec![1u8, 2, 3];
    for body in [
        BinaryBody::from(v.clone()),
        BinaryBody::from(&v),
        BinaryBody::from(&v[..]),
        BinaryBody::from(&[1u8, 2, 3]),
    ] {
        assert_eq!(format!("{body:?}"), "BinaryBody(3 bytes)");
    }
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(vec![1])];
    let streamed = BinaryBody::stream(futures_util::stream::iter(chunks));
    assert_eq!(format!("{streamed:?}"), "BinaryBody(stream)");
}
