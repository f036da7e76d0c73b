//! A soak: two real servers (plain HTTP/1.1 and h2c on one, HTTPS on the
//! other) under a thousand clients at once for `SOAK_SECONDS` (default 30):
//! keep-alive and new connections over HTTP/1.1, h2c and TLS, clients that
//! trickle their headers and clients that send garbage. No answer may be
//! a 5xx, neither server may crash, and each one's memory after the
//! warm-up (half the run, at most a minute) stays within a fifth of
//! what it was then. SIGTERM then drains both, exit 0. Prints its figures.
//! `scripts/soak.sh` runs it for 10 minutes.

mod common;

use bytes::Bytes;
use common::{resident_kib, Server, TempDir};
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::{CertificateDer, ServerName};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Clients at once, unless `SOAK_CONNECTIONS` says otherwise.
const CONNECTIONS: usize = 1000;
/// Requests on a keep-alive connection before it is closed and another
/// opened.
const PER_CONNECTION: usize = 10;

/// What the clients saw, by kind.
#[derive(Default)]
struct Tally {
    answers: AtomicU64,
    server_errors: AtomicU64,
    client_errors: AtomicU64,
    /// Connections that failed where a good client expected none.
    failures: AtomicU64,
    /// Slow and hostile clients the server cut off or answered 4xx.
    rebuffed: AtomicU64,
}

impl Tally {
    fn status(&self, status: u16) {
        self.answers.fetch_add(1, Ordering::Relaxed);
        if status >= 500 {
            self.server_errors.fetch_add(1, Ordering::Relaxed);
        } else if status >= 400 {
            self.client_errors.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// A client's kind, by its number: mostly readers, some slow or hostile.
#[derive(Clone, Copy, Debug)]
enum Kind {
    KeepAlive,
    NewConnections,
    H2c,
    Tls,
    Trickle,
    Garbage,
}

fn kind(i: usize) -> Kind {
    match i % 20 {
        0..=5 => Kind::KeepAlive,
        6..=9 => Kind::NewConnections,
        10..=13 => Kind::H2c,
        14..=16 => Kind::Tls,
        17..=18 => Kind::Trickle,
        _ => Kind::Garbage,
    }
}

/// A small xorshift: which path, how long to think.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }

    /// A pause between a reader's requests: 0.2–1.2 s.
    async fn think(&mut self) {
        tokio::time::sleep(Duration::from_millis(200 + self.roll(1000) as u64)).await;
    }
}

struct Target {
    plain: String,
    tls: String,
    tls_config: Arc<rustls::ClientConfig>,
    paths: Vec<String>,
    until: Instant,
}

type Body = Empty<Bytes>;

fn get(path: &str) -> hyper::Request<Body> {
    hyper::Request::get(path)
        .header("host", "localhost")
        .header("accept-encoding", "br, gzip")
        .body(Body::new())
        .expect("a valid request")
}

/// One connection's way of sending a request.
enum Sender {
    Http1(hyper::client::conn::http1::SendRequest<Body>),
    Http2(hyper::client::conn::http2::SendRequest<Body>),
}

impl Sender {
    async fn send(
        &mut self,
        request: hyper::Request<Body>,
    ) -> hyper::Result<hyper::Response<hyper::body::Incoming>> {
        match self {
            Sender::Http1(sender) => sender.send_request(request).await,
            Sender::Http2(sender) => sender.send_request(request).await,
        }
    }
}

/// Requests over one connection until `PER_CONNECTION` or the end; false
/// if the connection failed.
async fn requests(mut sender: Sender, target: &Target, tally: &Tally, dice: &mut Dice) -> bool {
    for _ in 0..PER_CONNECTION {
        if Instant::now() >= target.until {
            return true;
        }
        let path = &target.paths[dice.roll(target.paths.len())];
        let Ok(response) = sender.send(get(path)).await else {
            return false;
        };
        let status = response.status().as_u16();
        if response.into_body().collect().await.is_err() {
            return false;
        }
        tally.status(status);
        dice.think().await;
    }
    true
}

async fn client(i: usize, target: Arc<Target>, tally: Arc<Tally>) {
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15 ^ (i as u64 + 1).wrapping_mul(0x2545_f491_4f6c_dd1d));
    // Spread the start over the first second.
    tokio::time::sleep(Duration::from_millis(dice.roll(1000) as u64)).await;
    while Instant::now() < target.until {
        let ok = match kind(i) {
            Kind::KeepAlive => http1(&target, &tally, &mut dice, true).await,
            Kind::NewConnections => http1(&target, &tally, &mut dice, false).await,
            Kind::H2c => h2c(&target, &tally, &mut dice).await,
            Kind::Tls => tls(&target, &tally, &mut dice).await,
            Kind::Trickle => {
                trickle(&target).await;
                tally.rebuffed.fetch_add(1, Ordering::Relaxed);
                true
            }
            Kind::Garbage => {
                garbage(&target, &tally).await;
                true
            }
        };
        if !ok {
            tally.failures.fetch_add(1, Ordering::Relaxed);
        }
    }
}

async fn http1(target: &Target, tally: &Tally, dice: &mut Dice, keep_alive: bool) -> bool {
    let Ok(stream) = TcpStream::connect(&target.plain).await else {
        return false;
    };
    let Ok((sender, connection)) =
        hyper::client::conn::http1::handshake::<_, Body>(TokioIo::new(stream)).await
    else {
        return false;
    };
    tokio::spawn(connection);
    if !keep_alive {
        // One request, then a new connection.
        let Ok(response) = Sender::Http1(sender).send(get("/")).await else {
            return false;
        };
        tally.status(response.status().as_u16());
        let ok = response.into_body().collect().await.is_ok();
        dice.think().await;
        return ok;
    }
    requests(Sender::Http1(sender), target, tally, dice).await
}

async fn h2c(target: &Target, tally: &Tally, dice: &mut Dice) -> bool {
    let Ok(stream) = TcpStream::connect(&target.plain).await else {
        return false;
    };
    let Ok((sender, connection)) = hyper::client::conn::http2::handshake::<_, _, Body>(
        TokioExecutor::new(),
        TokioIo::new(stream),
    )
    .await
    else {
        return false;
    };
    tokio::spawn(connection);
    requests(Sender::Http2(sender), target, tally, dice).await
}

async fn tls(target: &Target, tally: &Tally, dice: &mut Dice) -> bool {
    let connector = tokio_rustls::TlsConnector::from(target.tls_config.clone());
    let Ok(tcp) = TcpStream::connect(&target.tls).await else {
        return false;
    };
    let name = ServerName::try_from("localhost").expect("a valid name");
    let Ok(stream) = connector.connect(name, tcp).await else {
        return false;
    };
    let Ok((sender, connection)) =
        hyper::client::conn::http1::handshake::<_, Body>(TokioIo::new(stream)).await
    else {
        return false;
    };
    tokio::spawn(connection);
    requests(Sender::Http1(sender), target, tally, dice).await
}

/// Headers a byte every half second, until the server cuts it off.
async fn trickle(target: &Target) {
    let Ok(mut stream) = TcpStream::connect(&target.plain).await else {
        return;
    };
    for byte in b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaa" {
        if Instant::now() >= target.until || stream.write_all(&[*byte]).await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// A malformed request; the answer must be a 4xx or nothing.
async fn garbage(target: &Target, tally: &Tally) {
    let Ok(mut stream) = TcpStream::connect(&target.plain).await else {
        return;
    };
    let _ = stream
        .write_all(
            b"GET /%zz\x00 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        )
        .await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(3), stream.read_to_end(&mut answer)).await;
    let status = common::status_of(&String::from_utf8_lossy(&answer));
    if status >= 500 {
        tally.server_errors.fetch_add(1, Ordering::Relaxed);
    } else {
        tally.rebuffed.fetch_add(1, Ordering::Relaxed);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
}

fn tls_server(dir: &TempDir) -> (Server, Arc<rustls::ClientConfig>) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let (cert, key) = (dir.0.join("cert.pem"), dir.0.join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let server = Server::start_with(&[
        "--listen",
        "127.0.0.1:0",
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]);
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from(certified.cert.der().to_vec()))
        .unwrap();
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    (server, Arc::new(config))
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn a_thousand_mixed_clients_get_no_5xx_and_memory_stays_flat() {
    let seconds = setting("SOAK_SECONDS", 30);
    let connections = setting("SOAK_CONNECTIONS", CONNECTIONS as u64) as usize;
    rlimit::increase_nofile_limit(u64::MAX).expect("the open-file limit can be raised");
    let dir = TempDir::new("soak");
    let plain = Server::start();
    let (secure, tls_config) = tls_server(&dir);
    let mut paths: Vec<String> = common::routes().into_iter().map(|(path, _)| path).collect();
    paths.extend([
        "/nope".into(),
        "/posts/do-i-dare".into(),
        "/%2e%2e/x".into(),
        "/search?q=cache+typography".into(),
        "/search?q=%22the+rss+feed%22".into(),
        "/search?q=tag:meta&page=2".into(),
        "/search?q=typografy".into(),
    ]);
    let duration = Duration::from_secs(seconds);
    let target = Arc::new(Target {
        plain: plain.addr().to_string(),
        tls: secure.base.trim_start_matches("https://").to_string(),
        tls_config,
        paths,
        until: Instant::now() + duration,
    });
    let tally = Arc::new(Tally::default());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let clients: Vec<_> = (0..connections)
        .map(|i| runtime.spawn(client(i, target.clone(), tally.clone())))
        .collect();

    // Memory once a second, and whether both servers still run.
    let warm_up = (duration / 2).min(Duration::from_secs(60));
    let start = Instant::now();
    let pids = [plain.child.id(), secure.child.id()];
    let mut samples: Vec<(Duration, [u64; 2])> = Vec::new();
    while start.elapsed() < duration {
        std::thread::sleep(Duration::from_secs(1));
        samples.push((start.elapsed(), pids.map(resident_kib)));
    }
    runtime.block_on(async {
        for client in clients {
            client.await.expect("a client task ends without a panic");
        }
    });

    let count = |n: &AtomicU64| n.load(Ordering::Relaxed);
    eprintln!(
        "soak: {seconds} s, {connections} clients: {} answers, {} 4xx, {} 5xx, {} failed connections, {} slow or hostile clients cut off or refused",
        count(&tally.answers),
        count(&tally.client_errors),
        count(&tally.server_errors),
        count(&tally.failures),
        count(&tally.rebuffed),
    );
    let trend: Vec<String> = samples
        .iter()
        .step_by((samples.len() / 10).max(1))
        .map(|(t, kib)| format!("{} s: {}/{}", t.as_secs(), kib[0], kib[1]))
        .collect();
    eprintln!("soak: resident KiB (plain/tls) {}", trend.join(", "));
    for (which, name) in ["plain", "tls"].iter().enumerate() {
        let at_warm = samples
            .iter()
            .filter(|(t, _)| *t <= warm_up)
            .map(|(_, kib)| kib[which])
            .max()
            .expect("samples during the warm-up");
        let later = samples
            .iter()
            .filter(|(t, _)| *t > warm_up)
            .map(|(_, kib)| kib[which])
            .max()
            .unwrap_or(at_warm);
        let last = samples.last().map_or(0, |(_, kib)| kib[which]);
        eprintln!("soak: {name} server resident: {at_warm} KiB most in the warm-up ({warm_up:?}), {later} KiB most after, {last} KiB at the end");
        assert!(
            later <= at_warm + at_warm / 5,
            "{name}: memory grew from {at_warm} to {later} KiB"
        );
    }
    assert!(count(&tally.answers) > 0);
    assert_eq!(count(&tally.server_errors), 0, "5xx answers");
    assert_eq!(
        count(&tally.failures),
        0,
        "good clients' connections failed"
    );

    // Both still run; SIGTERM drains them, exit 0.
    for mut server in [plain, secure] {
        assert!(server.child.try_wait().unwrap().is_none(), "a server died");
        server.terminate();
        let deadline = Instant::now() + Duration::from_secs(12);
        let status = loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "still running after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{status}");
    }
}
