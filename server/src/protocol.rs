//! Which HTTP a connection speaks, decided before hyper reads a byte: over
//! TLS, what ALPN agreed; over cleartext, whether the client opens with
//! HTTP/2's connection preface (prior knowledge, RFC 9113 §3.3), seen with
//! `peek` so the bytes stay in the socket for hyper to read.
//!
//! hyper-util's `auto` builder can find this out itself, but it reads the
//! first bytes and hands them back through a wrapper, which makes hyper's
//! HTTP/1.1 read buffer grow from 8 to 16 KiB on every connection
//! (measured with heaptrack: 16 MiB of 32 at a thousand connections).

use std::time::Duration;
use tokio::net::TcpStream;

/// The two protocols the site speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Version {
    Http1,
    Http2,
}

/// HTTP/2's preface starts with the method `PRI`, which RFC 9113 reserved
/// so that no HTTP/1.1 request can begin the same way.
const PREFACE_METHOD: &[u8] = b"PRI";

/// How long to wait before looking again when the client has sent only
/// part of `PRI` (clients send the whole preface at once; this is for the
/// rare split and the hostile dribble, which idle timeout ends).
const RETRY: Duration = Duration::from_millis(10);

/// The protocol that the connection's first bytes announce, or `None`
/// while they could still be either.
pub(crate) fn classify(first: &[u8]) -> Option<Version> {
    if first.starts_with(PREFACE_METHOD) {
        Some(Version::Http2)
    } else if first.is_empty() || PREFACE_METHOD.starts_with(first) {
        None
    } else {
        Some(Version::Http1)
    }
}

/// The protocol a TLS connection agreed on by ALPN (HTTP/1.1 when the
/// client named none).
pub(crate) fn from_alpn(protocol: Option<&[u8]>) -> Version {
    match protocol {
        Some(b"h2") => Version::Http2,
        _ => Version::Http1,
    }
}

/// Waits for a cleartext client's first bytes and classifies them without
/// consuming them. A closed or failing socket counts as HTTP/1.1: hyper
/// then finds it closed and ends the connection.
pub(crate) async fn sniff(stream: &TcpStream) -> Version {
    let mut first = [0; PREFACE_METHOD.len()];
    loop {
        match stream.peek(&mut first).await {
            Ok(0) | Err(_) => return Version::Http1,
            Ok(n) => match classify(&first[..n]) {
                Some(version) => return version,
                None => tokio::time::sleep(RETRY).await,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bytes_decide_the_protocol() {
        let cases: &[(&[u8], Option<Version>)] = &[
            (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Some(Version::Http2)),
            (b"PRI", Some(Version::Http2)),
            (b"GET / HTTP/1.1\r\n", Some(Version::Http1)),
            // Other methods that start like the preface are HTTP/1.1.
            (b"POST /", Some(Version::Http1)),
            (b"PUT /", Some(Version::Http1)),
            (b"PATCH /", Some(Version::Http1)),
            (b"PR!", Some(Version::Http1)),
            // Garbage is HTTP/1.1's to refuse with 400.
            (b"\x16\x03\x01", Some(Version::Http1)),
            (b"", None),
            (b"P", None),
            (b"PR", None),
        ];
        for (first, expected) in cases {
            assert_eq!(
                classify(first),
                *expected,
                "{:?}",
                String::from_utf8_lossy(first)
            );
        }
    }

    #[test]
    fn alpn_decides_over_tls() {
        assert_eq!(from_alpn(Some(b"h2")), Version::Http2);
        assert_eq!(from_alpn(Some(b"http/1.1")), Version::Http1);
        assert_eq!(from_alpn(None), Version::Http1);
    }

    #[tokio::test]
    async fn sniffing_leaves_the_bytes_in_the_socket() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (mut server, _) = listener.accept().await.unwrap();
        // The method arrives split: the first look cannot decide.
        client.write_all(b"PR").await.unwrap();
        let sniffing = tokio::spawn(async move {
            let version = sniff(&server).await;
            let mut preface = [0; 24];
            server.read_exact(&mut preface).await.unwrap();
            (version, preface)
        });
        tokio::time::sleep(Duration::from_millis(30)).await;
        client
            .write_all(b"I * HTTP/2.0\r\n\r\nSM\r\n\r\n")
            .await
            .unwrap();
        let (version, preface) = sniffing.await.unwrap();
        assert_eq!(version, Version::Http2);
        assert_eq!(&preface, b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    }
}
