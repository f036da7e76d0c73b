//! Whether the pages were built for an address only the reader's own
//! machine answers (a loopback base URL), and the warning that says so.
//! Pure and self-contained: build.rs includes this file too (`#[path]`), so
//! the server, `export` and the shipping build say the same thing.

use std::net::{IpAddr, SocketAddr};

/// Whether serving on `listen` pages built for `base_url` deserves the
/// start-up warning: other machines can reach the server, but the pages'
/// absolute links (feed, sitemap, canonical, Open Graph) point at loopback.
pub fn warn_at_start(listen: SocketAddr, base_url: &str) -> bool {
    !listen.ip().to_canonical().is_loopback() && is_loopback(base_url)
}

/// Whether the host of `base_url` (`scheme://host[:port][/path]`) is
/// loopback: `localhost` or a name under it (RFC 6761), 127.0.0.0/8, `[::1]`.
pub fn is_loopback(base_url: &str) -> bool {
    let host = host(base_url).trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.to_canonical().is_loopback())
}

/// The warning, without a prefix (the caller's: `phasespace: warning:` or
/// `cargo:warning=`).
pub fn warning(base_url: &str) -> String {
    format!(
        "pages were built for {base_url}, so feeds, the sitemap and canonical links \
         point readers at their own machine; set base_url in site.toml or \
         PHASESPACE_BASE_URL at build time"
    )
}

/// The host of `scheme://[user@]host[:port][/path]`, without brackets.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for (url, loopback) in [
            ("http://127.0.0.1:8080", true),
            ("http://127.0.0.1", true),
            ("http://127.1.2.3:80/blog", true),
            ("http://localhost:8080", true),
            ("https://LOCALHOST./", true),
            ("http://blog.localhost", true),
            ("http://[::1]:8080/", true),
            ("http://[::1]", true),
            ("http://[::ffff:127.0.0.1]:8080", true),
            ("http://user@127.0.0.1:8080", true),
            ("https://blog.example.org", false),
            ("https://blog.example.org:8443/phase", false),
            ("https://localhost.example.org", false),
            ("https://mylocalhost", false),
            ("http://128.0.0.1", false),
            ("http://192.168.1.10:8080", false),
            ("http://[2001:db8::1]:8080", false),
            ("http://[::2]", false),
            ("https://example.org/127.0.0.1", false),
            ("https://127.0.0.1.example.org", false),
        ] {
            assert_eq!(is_loopback(url), loopback, "{url}");
        }
    }

    #[test]
    fn warns_when_others_can_reach_pages_built_for_loopback() {
        let local = "http://127.0.0.1:8080";
        let public = "https://blog.example.org";
        for (listen, base_url, warn) in [
            ("0.0.0.0:80", local, true),
            ("[::]:80", local, true),
            ("192.168.1.10:8080", local, true),
            ("[2001:db8::1]:443", "http://localhost:8080", true),
            ("0.0.0.0:80", "http://[::1]:8080", true),
            ("127.0.0.1:8080", local, false),
            ("127.0.0.2:8080", local, false),
            ("[::1]:8080", local, false),
            ("[::ffff:127.0.0.1]:8080", local, false),
            ("0.0.0.0:80", public, false),
            ("[::]:443", public, false),
            ("127.0.0.1:8080", public, false),
        ] {
            let addr: SocketAddr = listen.parse().unwrap();
            assert_eq!(warn_at_start(addr, base_url), warn, "{listen} {base_url}");
        }
    }

    #[test]
    fn the_warning_names_the_address_and_both_settings() {
        let line = warning("http://127.0.0.1:8080");
        assert!(line.starts_with("pages were built for http://127.0.0.1:8080, "));
        assert!(line.contains("base_url in site.toml"));
        assert!(line.contains("PHASESPACE_BASE_URL"));
        assert!(!line.contains('\n'));
    }
}
