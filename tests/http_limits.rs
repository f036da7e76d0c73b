//! Limits and life cycle on a real socket: a reader is answered promptly
//! while a thousand slow clients hold connections; slow headers, idle
//! keep-alive, silent and idle HTTP/2 connections are all closed within
//! their timeouts; SIGTERM lets a request in flight finish, then exits 0.

mod common;

use common::{status_of, Server};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The server closes a silent connection after 5–6 s and gives up on
/// headers after 5 s; this allows for a loaded machine.
const CLOSED_WITHIN: Duration = Duration::from_secs(9);

/// Slow clients held open at once.
const SLOW_CLIENTS: usize = 1000;

/// Waits until the server closes `stream`; how long that took.
fn time_until_closed(mut stream: TcpStream) -> Duration {
    let start = Instant::now();
    stream
        .set_read_timeout(Some(CLOSED_WITHIN + Duration::from_secs(5)))
        .unwrap();
    let mut sink = Vec::new();
    let _ = stream.read_to_end(&mut sink); // EOF or reset: closed
    start.elapsed()
}

#[test]
fn a_reader_is_answered_promptly_while_a_thousand_slow_clients_wait() {
    // The test holds a socket per slow client too.
    rlimit::increase_nofile_limit(u64::MAX).expect("the open-file limit can be read");
    let (soft, _) = rlimit::Resource::NOFILE.get().unwrap();
    assert!(
        soft > SLOW_CLIENTS as u64 + 100,
        "the test needs more than {SLOW_CLIENTS} open files; the hard limit is {soft}"
    );
    let server = Server::start();
    let slow: Vec<TcpStream> = (0..SLOW_CLIENTS)
        .map(|_| {
            let mut stream = TcpStream::connect(server.addr()).expect("the server accepts");
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: slo")
                .unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300)); // all accepted, all waiting

    let start = Instant::now();
    let (status, _, body) = common::get(&server.url("/"));
    let waited = start.elapsed();
    assert_eq!(status, 200);
    assert!(!body.is_empty());
    assert!(waited < Duration::from_secs(1), "answered after {waited:?}");

    drop(slow);
}

#[test]
fn slow_headers_and_idle_or_silent_connections_are_closed() {
    let server = Server::start();
    let addr = server.addr().to_string();

    // Headers trickled two bytes a second.
    let trickle = {
        let addr = addr.clone();
        std::thread::spawn(move || {
            let mut stream = TcpStream::connect(&addr).unwrap();
            let start = Instant::now();
            for byte in b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa" {
                if stream.write_all(&[*byte]).is_err() {
                    break;
                }
                if start.elapsed() > CLOSED_WITHIN + Duration::from_secs(3) {
                    panic!("a trickling client was never cut off");
                }
                std::thread::sleep(Duration::from_millis(500));
            }
            start.elapsed()
        })
    };
    // A keep-alive connection left idle after one response.
    let mut idle = TcpStream::connect(&addr).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut answer = [0; 512];
    let n = idle.read(&mut answer).unwrap();
    assert_eq!(status_of(&String::from_utf8_lossy(&answer[..n])), 200);
    // A connection that never sends a byte.
    let silent = TcpStream::connect(&addr).unwrap();

    // An HTTP/2 connection left idle after one response.
    let h2 = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(idle_http2(addr))
    });

    let idle = std::thread::spawn(move || time_until_closed(idle));
    let silent = std::thread::spawn(move || time_until_closed(silent));
    for (what, waited) in [
        ("idle keep-alive", idle.join().unwrap()),
        ("silent", silent.join().unwrap()),
        ("idle HTTP/2", h2.join().unwrap()),
    ] {
        assert!(
            waited < CLOSED_WITHIN,
            "{what} connection open for {waited:?}"
        );
        assert!(
            waited >= Duration::from_secs(4),
            "{what}: closed before it was idle"
        );
    }
    let trickled = trickle.join().unwrap();
    assert!(
        trickled < CLOSED_WITHIN,
        "trickling client cut off after {trickled:?}"
    );
}

/// Opens an HTTP/2 connection, makes one request, then waits until the
/// server closes the connection (with a GOAWAY, not an error).
async fn idle_http2(addr: String) -> Duration {
    use hyper_util::rt::{TokioExecutor, TokioIo};
    type Body = http_body_util::Empty<bytes::Bytes>;
    let stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let (mut sender, connection) = hyper::client::conn::http2::handshake::<_, _, Body>(
        TokioExecutor::new(),
        TokioIo::new(stream),
    )
    .await
    .unwrap();
    let connection = tokio::spawn(connection);
    let request = hyper::Request::get(format!("http://{addr}/healthz"))
        .body(Body::new())
        .unwrap();
    assert_eq!(sender.send_request(request).await.unwrap().status(), 200);
    let start = Instant::now();
    tokio::time::timeout(CLOSED_WITHIN, connection)
        .await
        .expect("the server closes an idle HTTP/2 connection")
        .unwrap()
        .expect("with a GOAWAY, not an error");
    start.elapsed()
}

#[test]
fn sigterm_lets_a_request_in_flight_finish_then_exits_zero() {
    let mut server = Server::start();
    let mut in_flight = TcpStream::connect(server.addr()).unwrap();
    in_flight
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300)); // read by the server
    let idle = TcpStream::connect(server.addr()).unwrap();
    std::thread::sleep(Duration::from_millis(100));

    server.terminate();
    std::thread::sleep(Duration::from_millis(300));
    // No new connections once shutdown began.
    assert!(
        TcpStream::connect(server.addr()).is_err(),
        "the listener is closed"
    );
    // The request in flight is answered in full.
    in_flight.write_all(b"Accept-Encoding: br\r\n\r\n").unwrap();
    in_flight
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut answer = Vec::new();
    in_flight
        .read_to_end(&mut answer)
        .expect("the server answers, then closes");
    let text = String::from_utf8_lossy(&answer);
    assert_eq!(status_of(&text), 200, "{text:.300}");
    let head_end = text.find("\r\n\r\n").expect("a complete head") + 4;
    let length: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .expect("Content-Length")
        .parse()
        .unwrap();
    assert_eq!(answer.len() - head_end, length, "the whole body");
    drop(idle);

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
}
