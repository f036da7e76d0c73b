//! Malformed and hostile requests, sent as raw bytes over TCP: each gets a
//! 4xx (never a 500, a hang or a crash), no file is ever served, and the
//! server keeps answering afterwards.

mod common;

use common::{raw, status_of, Server};

/// `(what, raw request, expected status)`.
fn cases() -> Vec<(&'static str, Vec<u8>, u16)> {
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Filler: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    let huge_uri = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(20_000));
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
        (0..200)
            .map(|i| format!("X-{i}: y\r\n"))
            .collect::<String>()
    );
    let long_search = format!(
        "GET /search?q={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(5_000)
    );
    let wordy_search = format!(
        "GET /search?q={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "w+".repeat(50)
    );
    let close = "Host: x\r\nConnection: close\r\n\r\n";
    let request = |line: &str| format!("{line}\r\n{close}").into_bytes();
    vec![
        ("traversal", request("GET /../../etc/passwd HTTP/1.1"), 400),
        (
            "traversal inside",
            request("GET /posts/../../etc/passwd HTTP/1.1"),
            400,
        ),
        (
            "encoded traversal",
            request("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1"),
            400,
        ),
        (
            "encoded slash traversal",
            request("GET /static%2f..%2f..%2fetc HTTP/1.1"),
            400,
        ),
        (
            "absolute-form traversal",
            request("GET http://x/../etc/passwd HTTP/1.1"),
            400,
        ),
        (
            "backslashes",
            request("GET /static\\..\\..\\etc HTTP/1.1"),
            400,
        ),
        (
            "encoded backslashes",
            request("GET /%5c..%5cetc HTTP/1.1"),
            400,
        ),
        (
            "encoded NUL",
            request("GET /index.html%00.css HTTP/1.1"),
            400,
        ),
        ("bad escape", request("GET /posts/%zz/ HTTP/1.1"), 400),
        ("truncated escape", request("GET /posts/%2 HTTP/1.1"), 400),
        (
            "escape of invalid UTF-8",
            request("GET /%ff%fe HTTP/1.1"),
            400,
        ),
        ("unknown method", request("BREW / HTTP/1.1"), 405),
        ("POST", request("POST / HTTP/1.1"), 405),
        ("OPTIONS *", request("OPTIONS * HTTP/1.1"), 405),
        ("CONNECT", request("CONNECT example.org:443 HTTP/1.1"), 405),
        (
            "conflicting Content-Length",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"
                .to_vec(),
            400,
        ),
        (
            "negative Content-Length",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".to_vec(),
            400,
        ),
        ("search past its length", long_search.into_bytes(), 414),
        ("search of too many words", wordy_search.into_bytes(), 400),
        (
            "search with a bad escape",
            request("GET /search?q=%zz HTTP/1.1"),
            400,
        ),
        (
            "search with invalid UTF-8",
            request("GET /search?q=%ff%fe HTTP/1.1"),
            400,
        ),
        (
            "search for a page past the last",
            request("GET /search?q=a&page=99999999999999999999 HTTP/1.1"),
            400,
        ),
        ("search by POST", request("POST /search?q=a HTTP/1.1"), 405),
        ("huge header", huge_header.into_bytes(), 431),
        ("huge URI", huge_uri.into_bytes(), 431),
        ("too many headers", many_headers.into_bytes(), 431),
        (
            "garbage bytes",
            b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n".to_vec(),
            400,
        ),
        ("NUL bytes", b"\0\0\0\0\0\0\0\0\r\n\r\n".to_vec(), 400),
        ("space in path", request("GET /a b HTTP/1.1"), 400),
        ("no path", request("GET HTTP/1.1"), 400),
        ("wrong version", request("GET / HTTP/9.9"), 400),
        (
            "header without colon",
            b"GET / HTTP/1.1\r\nHost x\r\n\r\n".to_vec(),
            400,
        ),
    ]
}

#[test]
fn each_hostile_request_gets_a_4xx_and_the_server_keeps_answering() {
    let mut server = Server::start();
    for (what, bytes, expected) in cases() {
        let answer = raw(server.addr(), &bytes);
        assert_eq!(status_of(&answer), expected, "{what}: {answer:.200}");
        assert!(!answer.contains("root:"), "{what}: no file is ever served");
        let next = raw(
            server.addr(),
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        assert!(next.ends_with("\r\n\r\nok"), "after {what}: {next:.200}");
    }
    let exited = server.child.try_wait().expect("the child can be polled");
    assert_eq!(exited, None, "the process survived every request");
}

#[test]
fn hostile_requests_at_once_do_not_disturb_a_reader() {
    let server = Server::start();
    let addr = server.addr().to_string();
    let attackers: Vec<_> = cases()
        .into_iter()
        .map(|(what, bytes, expected)| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                for _ in 0..5 {
                    assert_eq!(status_of(&raw(&addr, &bytes)), expected, "{what}");
                }
            })
        })
        .collect();
    let (status, _, _) = common::get(&server.url("/"));
    assert_eq!(status, 200);
    for attacker in attackers {
        attacker.join().expect("every hostile request got its 4xx");
    }
}
