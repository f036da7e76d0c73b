//! The table at any size: a site of 10,000 routes (small bodies, a thousand
//! redirects) goes through the build's own last steps (`render::table`,
//! `codegen::generate`), and the source it generates compiles with rustc
//! into a program that holds exactly the packed bytes; the bytes read back
//! as the 10,000 routes, every identical header value stored once. The
//! generated source is the same few lines whatever the site's size: no
//! route, body or header value is Rust, so nothing in it costs rustc or
//! the const evaluator per route (what made a 2,132-route table fail).

use render::output::codegen::{generate, ObjectFormat};
use render::output::encode::Effort;
use render::output::table::Codings;
use render::{CachePolicy, Route, Site};
use std::process::Command;
use std::time::Instant;

const ROUTES: usize = 10_000;

/// Posts, tag pages and images, as a large blog has them; every page has
/// one of three policies' worth of inline style, so policies repeat.
fn site(routes: usize) -> Site {
    let route = |i: usize| {
        let (path, content_type, body) = match i % 4 {
            0 | 1 => (
                format!("/posts/post-{i:05}/"),
                "text/html; charset=utf-8",
                format!("<p style=\"margin:{}em\">post {i}</p>", i % 3).into_bytes(),
            ),
            2 => (
                format!("/tags/tag-{i:05}/"),
                "text/html; charset=utf-8",
                format!("<h1>tag {i}</h1>").into_bytes(),
            ),
            _ => (
                format!("/posts/post-{:05}/figure.png", i - 3),
                "image/png",
                format!("PNG {i}").into_bytes(),
            ),
        };
        Route {
            path,
            content_type: content_type.into(),
            body: body.into(),
            cache: CachePolicy::Revalidate,
            ranges: false,
        }
    };
    let mut all: Vec<Route> = (0..routes).map(route).collect();
    all.sort_by(|a, b| a.path.cmp(&b.path));
    Site {
        routes: all,
        not_found: route(0),
        last_modified: None,
        warnings: vec![],
        aliases: (0..1000)
            .map(|i| {
                (
                    format!("/{i}/old.html"),
                    format!("/posts/post-{:05}/", i * 4),
                )
            })
            .collect(),
        search: None,
    }
}

#[test]
fn ten_thousand_routes_compile_and_read_back_with_shared_header_values() {
    let dir = std::env::temp_dir().join(format!("phasespace-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let start = Instant::now();
    let table = render::table(
        &site(ROUTES),
        "https://blog.example.org",
        Codings::Compressed(Effort::Quick),
        &mut render::Cache::new(b"test"),
    );
    let packed_path = dir.join("site.bin");
    let generated = generate(&table, packed_path.to_str().unwrap(), ObjectFormat::Elf).unwrap();
    println!(
        "{ROUTES} routes: table and pack in {:.2?}, {} bytes packed, source {} bytes",
        start.elapsed(),
        generated.packed.len(),
        generated.rust.len()
    );
    // The source does not grow with the site.
    let small = render::table(
        &site(8),
        "https://blog.example.org",
        Codings::Compressed(Effort::Quick),
        &mut render::Cache::new(b"test"),
    );
    let small = generate(&small, packed_path.to_str().unwrap(), ObjectFormat::Elf).unwrap();
    assert!(
        generated.rust.len().abs_diff(small.rust.len()) < 16,
        "8 routes: {} bytes of source, {ROUTES}: {}",
        small.rust.len(),
        generated.rust.len()
    );

    std::fs::write(&packed_path, &generated.packed).unwrap();
    std::fs::write(dir.join("site.rs"), &generated.rust).unwrap();
    // A program that includes the source as src/main.rs does, and writes
    // the bytes it holds.
    std::fs::write(
        dir.join("main.rs"),
        "#![deny(unsafe_code)]\nmod site { include!(\"site.rs\"); }\n\
         fn main() { use std::io::Write; std::io::stdout().write_all(site::packed()).unwrap(); }\n",
    )
    .unwrap();
    let start = Instant::now();
    let rustc = Command::new("rustc")
        .args(["--edition", "2021", "-o"])
        .arg(dir.join("probe"))
        .arg(dir.join("main.rs"))
        .output()
        .expect("rustc runs");
    assert!(
        rustc.status.success(),
        "{}",
        String::from_utf8_lossy(&rustc.stderr)
    );
    println!("rustc of the generated source: {:.2?}", start.elapsed());
    let held = Command::new(dir.join("probe")).output().unwrap().stdout;
    assert!(
        held == generated.packed,
        "the program holds the packed bytes"
    );

    let unpacked = pack::unpack(&held).unwrap();
    assert_eq!(unpacked.routes.len(), ROUTES);
    assert_eq!(unpacked.redirects.len(), table.redirects.len());
    for (route, entry) in unpacked.routes.iter().zip(&table.routes) {
        assert_eq!(route.path, entry.path);
        assert_eq!(route.identity.bytes, entry.identity.bytes);
        assert_eq!(route.csp, entry.csp);
    }
    // Each distinct header value is in the bytes once: every route that
    // carries it points at the same place.
    let routes = &unpacked.routes;
    assert_eq!(places(routes, |r| r.content_type), 2);
    assert_eq!(places(routes, |r| r.cache_control), 1);
    assert!(
        places(routes, |r| r.csp) <= 5,
        "three page policies and the bare one"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// How many distinct values `value` takes over `routes`, failing if one
/// value is stored at two places.
fn places<'a>(routes: &[pack::Route<'a>], value: impl Fn(&pack::Route<'a>) -> &'a str) -> usize {
    let mut by_value = std::collections::HashMap::<&str, *const u8>::new();
    for route in routes {
        let v = value(route);
        let at = by_value.entry(v).or_insert(v.as_ptr());
        assert_eq!(*at, v.as_ptr(), "{v} stored twice");
    }
    by_value.len()
}
