//! The binary's command line: a bind failure as one clear line, the
//! address from the environment, the health check and export. (A clean
//! exit on SIGTERM, with a request in flight, is in `http_limits`.) And
//! the site's own address: `--version` names it, and a server others can
//! reach, or an export, warns when the pages were built for loopback.

mod common;

use common::Server;
use std::io::Read;
use std::process::Command;

#[test]
fn bind_failure_is_one_line_and_nonzero_exit() {
    let server = Server::start();
    let output = Command::new(env!("CARGO_BIN_EXE_phasespace"))
        .args(["--listen", server.addr()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("phasespace: cannot listen on {}: ", server.addr())),
        "{stderr}"
    );
}

#[test]
fn environment_variable_sets_the_address() {
    let output = Command::new(env!("CARGO_BIN_EXE_phasespace"))
        .env("PHASESPACE_LISTEN", "not-an-address")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("\"not-an-address\" is not an address"));
}

#[test]
fn healthcheck_exits_0_against_a_running_server_and_1_without_one() {
    let server = Server::start();
    let check = |listen: &str| {
        Command::new(env!("CARGO_BIN_EXE_phasespace"))
            .args(["healthcheck", "--listen", listen])
            .output()
            .unwrap()
    };
    assert_eq!(check(server.addr()).status.code(), Some(0));
    let port = server.addr().rsplit(':').next().unwrap().to_string();
    // The server listens on 127.0.0.1; the check reaches 0.0.0.0 there too.
    assert_eq!(check(&format!("0.0.0.0:{port}")).status.code(), Some(0));
    drop(server);
    let failed = check(&format!("127.0.0.1:{port}"));
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8(failed.stderr)
        .unwrap()
        .starts_with("phasespace: unhealthy: "));
}

#[test]
fn export_writes_every_route_with_codings_and_a_headers_file() {
    let dir = common::TempDir::new("export");
    let output = Command::new(env!("CARGO_BIN_EXE_phasespace"))
        .arg("export")
        .arg(&dir.0)
        .output()
        .unwrap();
    assert!(output.status.success());
    // The tests' build uses site.toml's local address: export, which
    // exists to publish, says so.
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr, format!("{}\n", loopback_warning()));
    let post = dir.0.join("posts/do-i-dare/index.html");
    let page = std::fs::read_to_string(&post).unwrap();
    assert!(page.contains("Disturb the universe?"));
    // A static host answers no search: the pages hold no form, and so no
    // stored coding (which would hold it); the feed keeps its codings.
    assert!(!page.contains("role=\"search\""), "{page:.2000}");
    assert!(!page.contains("action=\"/search\""));
    assert!(!dir.0.join("posts/do-i-dare/index.html.br").exists());
    assert!(!dir.0.join("posts/do-i-dare/index.html.gz").exists());
    assert!(dir.0.join("feed.xml.br").exists());
    assert!(!dir.0.join("search").exists() && !dir.0.join("search.html").exists());
    assert!(dir.0.join("404.html").exists());
    let headers = std::fs::read_to_string(dir.0.join("_headers")).unwrap();
    let block = headers
        .split("\n/")
        .find(|block| block.starts_with("posts/do-i-dare/\n"))
        .expect("the post has a block in _headers");
    assert!(block.contains("\n  cache-control: no-cache\n"), "{block}");
    assert!(
        block.contains("\n  content-security-policy: default-src 'none'"),
        "{block}"
    );
    assert!(!block.contains("unsafe-hashes"), "{block}");
    // Every route exported is in _headers, and nothing else is.
    let exported = common::routes();
    let blocks = headers.lines().filter(|l| l.starts_with('/')).count();
    assert_eq!(blocks, exported.len(), "{headers:.400}");
}

#[test]
fn export_as_served_keeps_the_search_form_and_every_coding() {
    let dir = common::TempDir::new("export-as-served");
    let status = Command::new(env!("CARGO_BIN_EXE_phasespace"))
        .args(["export", "--as-served"])
        .arg(&dir.0)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let page = std::fs::read_to_string(dir.0.join("posts/do-i-dare/index.html")).unwrap();
    assert!(page.contains("<form class=\"site-search\" role=\"search\""));
    assert!(dir.0.join("posts/do-i-dare/index.html.br").exists());
    assert!(dir.0.join("posts/do-i-dare/index.html.gz").exists());
}

/// The start-up warning for the address the tests' binary was built for
/// (site.toml's local default).
fn loopback_warning() -> String {
    format!(
        "phasespace: warning: pages were built for {}, so feeds, the sitemap and \
         canonical links point readers at their own machine; set base_url in \
         site.toml or PHASESPACE_BASE_URL at build time",
        built_for()
    )
}

/// The base URL `--version` reports.
fn built_for() -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_phasespace"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let (_, rest) = stdout
        .split_once(", built for ")
        .unwrap_or_else(|| panic!("{stdout}"));
    rest.trim_end().strip_suffix(')').unwrap().to_string()
}

#[test]
fn version_prints_the_base_url_the_pages_were_built_for() {
    let base_url = built_for();
    assert!(base_url.starts_with("http"), "{base_url}");
    // The pages were built for that address: the home page says so too.
    let server = Server::start();
    let (_, _, home) = common::get(&server.url("/"));
    assert!(
        home.contains(&format!("<link rel=\"canonical\" href=\"{base_url}/\"")),
        "{home:.600}"
    );
}

/// Everything the server wrote to stderr from start to a clean SIGTERM.
fn stderr_of_server_on(listen: &str) -> String {
    let mut server = Server::start_with(&["--listen", listen]);
    let mut stderr = server.child.stderr.take().unwrap();
    server.terminate();
    server.child.wait().unwrap();
    let mut text = String::new();
    stderr.read_to_string(&mut text).unwrap();
    text
}

#[test]
fn a_server_others_can_reach_warns_once_that_pages_point_at_loopback() {
    let stderr = stderr_of_server_on("0.0.0.0:0");
    assert_eq!(stderr, format!("{}\n", loopback_warning()));
}

#[test]
fn a_loopback_server_does_not_warn() {
    assert_eq!(stderr_of_server_on("127.0.0.1:0"), "");
}
