//! Shared by the renderer's tests: small sites held in memory, built the
//! way build.rs builds the real one.

#![allow(dead_code)] // each test crate uses its own part of this module

use bytes::Bytes;
use render::{build_site, Inputs, Settings, Site, Source};

pub const BASE_URL: &str = "https://blog.example";

pub fn settings() -> Settings {
    let toml = format!(
        "title = \"phase space\"\nauthor = \"A\"\ntagline = \"T\"\nbase_url = \"{BASE_URL}\"\n"
    );
    Settings::parse("site.toml", &toml, |_| None).expect("the tests' settings read")
}

/// `posts/<name>.md` with a title, a date and more front matter.
pub fn post(name: &str, date: &str, extra: &str, body: &str) -> Source<String> {
    source(&format!("posts/{name}.md"), name, date, extra, body)
}

/// A post at `path` (`posts/<name>.md` or `posts/<name>/index.md`).
pub fn source(path: &str, title: &str, date: &str, extra: &str, body: &str) -> Source<String> {
    Source {
        path: path.into(),
        content: format!("+++\ntitle = \"{title}\"\ndate = {date}\n{extra}+++\n{body}"),
    }
}

/// The static files every page links to, sorted, each holding its name
/// but the favicon, which `/favicon.ico` is drawn from (`FAVICON_SVG`),
/// and the stylesheet, which sets the column images are sized to
/// (`STYLE_CSS`).
/// No fonts: these stylesheets declare none, so pages preload none, and a
/// name standing in for a font's bytes would be no woff2 (`fonts.rs` tests
/// the real fonts).
pub const STATICS: &[&str] = &["favicon.svg", "katex/katex.min.css", "style.css"];

/// A favicon as small as SVG allows: a red disc.
pub const FAVICON_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="3" fill="#94311a"/></svg>"##;

pub fn inputs(posts: Vec<Source<String>>) -> Inputs {
    Inputs {
        settings: settings(),
        posts,
        post_files: vec![],
        statics: STATICS
            .iter()
            .map(|&path| Source {
                path: path.to_string(),
                content: Bytes::from_static(match path {
                    "favicon.svg" => FAVICON_SVG.as_bytes(),
                    "style.css" => STYLE_CSS.as_bytes(),
                    _ => path.as_bytes(),
                }),
            })
            .collect(),
        include_drafts: false,
        fonts: render::Fonts::Subset,
    }
}

/// The body of the route at `path`, as text.
pub fn body(site: &Site, path: &str) -> String {
    let route = site
        .routes
        .iter()
        .find(|r| r.path == path)
        .unwrap_or_else(|| panic!("the site has a route {path}"));
    String::from_utf8(route.body.to_vec()).expect("the body is UTF-8 text")
}

/// The error `build_site` fails with.
pub fn error(inputs: &Inputs) -> String {
    build_site(inputs).expect_err("the build fails").to_string()
}

/// The column the test stylesheet sets (`STYLE_CSS`), in CSS pixels.
pub const COLUMN: u32 = 320;

/// The site stylesheet in tests: no fonts, and a column images are sized
/// to (`COLUMN`).
pub const STYLE_CSS: &str = "body { max-width: 20rem; }";

/// A PNG `width` × `height` that looks like a screenshot: a light page
/// with lines of dark "text" and a coloured box.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let text = (y / 3) % 4 == 1 && (x / 5 + y / 12) % 7 != 0;
        let boxed = x > width / 2 && y > height / 2;
        image::Rgb(match (text, boxed) {
            (true, _) => [30, 28, 26],
            (false, true) => [40 + (x % 60) as u8, 90, 160],
            (false, false) => [250, 248, 244],
        })
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("a PNG in memory is written");
    bytes.into_inner()
}
