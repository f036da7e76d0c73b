//! `phasespace-import` on small Zola, Hugo and Jekyll blogs written here,
//! each into an empty site: where every post and file lands, the old
//! address each post gets as an alias in its own front matter syntax (and
//! none where the post names its own), each section's address redirected to
//! the archive in the site's site.toml, every other byte as written, and the
//! `file:line` notes of what is not carried; images on other hosts
//! downloaded beside their post from a loopback server, or reported.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh directory under the system's temporary directory, removed when
/// dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("import-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("the temporary directory is writable");
        TempDir(dir)
    }

    fn write(&self, path: &str, bytes: &[u8]) {
        let path = self.0.join(path);
        fs::create_dir_all(path.parent().expect("a file has a directory"))
            .expect("the temporary directory is writable");
        fs::write(path, bytes).expect("the temporary directory is writable");
    }

    fn read(&self, path: &str) -> String {
        fs::read_to_string(self.0.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn has(&self, path: &str) -> bool {
        self.0.join(path).is_file()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The importer cargo built for this test, beside the test's own `deps/`
/// directory. (`env!("CARGO_BIN_EXE_phasespace-import")` is not seen:
/// rustc runs through scripts/rustc-remap.sh, and `sh` drops environment
/// variables whose names hold a `-`.)
fn importer() -> PathBuf {
    let test = std::env::current_exe().expect("the test knows its path");
    let profile = test
        .parent()
        .and_then(Path::parent)
        .expect("tests run from target/<profile>/deps");
    profile.join("phasespace-import")
}

/// Runs the importer on `blog` into `site`; its printed lines.
fn import(blog: &Path, site: &Path, flags: &[&str]) -> Vec<String> {
    let output = Command::new(importer())
        .arg(blog)
        .arg(site)
        .args(flags)
        .output()
        .expect("the importer runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("the importer prints UTF-8")
        .lines()
        .map(str::to_string)
        .collect()
}

fn has_line(lines: &[String], expected: &str) -> bool {
    lines.iter().any(|l| l == expected)
}

#[test]
fn zola_posts_bundles_and_static_files_land_with_section_addresses_as_aliases_and_names_kept_apart()
{
    let blog = TempDir::new("zola-blog");
    let site = TempDir::new("zola-site");
    blog.write("config.toml", b"base_url = \"https://z.example\"\n");
    blog.write("content/_index.md", b"+++\ntitle = \"Blog\"\n+++\n");
    let first = "+++\ntitle = \"First\"\ndate = 2020-01-02\n[extra]\nx = 1\n+++\n\nText.\n\n![remote](https://img.example/a.png)\n";
    blog.write("content/2020-01-02-First-Post.md", first.as_bytes());
    blog.write("content/notes/_index.md", b"+++\ntitle = \"Notes\"\n+++\n");
    let kept = "+++\ntitle = \"Kept\"\npath = \"notes/old/kept\"\n+++\nAs written.\n";
    blog.write("content/notes/kept.md", kept.as_bytes());
    blog.write(
        "content/kept.md",
        b"+++\ntitle = \"Another\"\n+++\nSee [kept](@/notes/kept.md#top) and [b](@/notes/bundle/index.md).\n",
    );
    blog.write(
        "content/notes/bundle/index.md",
        b"+++\ntitle = \"B\"\n+++\n![fig](fig.png)\n",
    );
    blog.write("content/notes/bundle/fig.png", b"png bytes");
    blog.write("static/logo.svg", b"<svg/>");
    blog.write("templates/index.html", b"{{ page }}");
    site.write("site.toml", SITE_TOML.as_bytes());
    // A page its template draws (a redirect to the newest post): no post.
    blog.write(
        "content/notes/latest.md",
        b"+++\naliases = [\"/notes/newest/\"]\ntemplate = \"latest.html\"\n+++\n",
    );

    let lines = import(&blog.0, &site.0, &[]);

    assert_eq!(
        site.read("posts/2020-01-02-First-Post.md"),
        first.replacen("+++\n", "+++\naliases = [\"/first-post/\"]\n", 1)
    );
    assert_eq!(
        site.read("posts/notes-kept.md"),
        kept,
        "a post with its own path is left as written"
    );
    assert!(site
        .read("posts/kept.md")
        .contains("aliases = [\"/kept/\"]"));
    // `@/` links to posts whose section the import flattened, or renamed.
    assert!(
        site.read("posts/kept.md")
            .contains("See [kept](@/notes-kept.md#top) and [b](@/bundle/index.md)."),
        "{}",
        site.read("posts/kept.md")
    );
    assert!(site
        .read("posts/bundle/index.md")
        .starts_with("+++\naliases = [\"/notes/bundle/\"]\ntitle = \"B\"\n"));
    assert_eq!(site.read("posts/bundle/fig.png"), "png bytes");
    assert_eq!(site.read("static/logo.svg"), "<svg/>");
    assert!(!site.has("posts/_index.md") && !site.has("posts/index.html"));
    assert!(!site.has("posts/latest.md") && !site.has("posts/notes-latest.md"));
    assert!(
        has_line(
            &lines,
            "content/notes/latest.md: not carried: a page with neither a title nor a date, which \
             Zola drew with a template of its own, is no post (its `aliases` with it)"
        ),
        "{lines:#?}"
    );
    assert!(has_line(&lines, "content/2020-01-02-First-Post.md:10: image on another host not carried (--fetch-images downloads it): https://img.example/a.png"), "{lines:#?}");
    assert!(
        has_line(
            &lines,
            "content/_index.md: not carried: a section's own page"
        ),
        "{lines:#?}"
    );
    assert!(
        has_line(
            &lines,
            "content/notes/kept.md: carried as posts/notes-kept.md: another post has its name"
        ),
        "{lines:#?}"
    );
    assert!(
        has_line(
            &lines,
            "templates/: not carried: the engine's templates (this site draws its own pages)"
        ),
        "{lines:#?}"
    );
    assert_eq!(
        lines.last().map(String::as_str),
        Some(
            "Zola blog: 4 posts, 7 files, 3 old addresses written as aliases, \
             1 section addresses redirected to the archive, 0 images downloaded"
        )
    );
    // The section's address leads to the archive, in the site's own
    // site.toml, the rest of which is kept.
    assert_eq!(
        site.read("site.toml"),
        format!(
            "{SITE_TOML}\n# Old addresses that are no post's (the sections' own pages of the\n\
             # blog imported), each a permanent redirect to a page of this site.\n\
             [redirects]\n\"/notes/\" = \"/archive/\"\n"
        )
    );
}

/// The site.toml of the site a blog is imported into.
const SITE_TOML: &str =
    "title = \"t\"\nauthor = \"a\"\ntagline = \"g\"\nbase_url = \"https://x.example\"\n";

#[test]
fn hugo_bundles_and_section_files_move_and_permalinks_become_aliases() {
    let blog = TempDir::new("hugo-blog");
    let site = TempDir::new("hugo-site");
    blog.write(
        "hugo.toml",
        b"baseURL = \"https://h.example/\"\n[permalinks]\nnotes = \"/:year/:month/:slug/\"\n",
    );
    blog.write("content/about.md", b"---\ntitle: About\n---\nMe.\n");
    blog.write("content/posts/_index.md", b"---\ntitle: Posts\n---\n");
    let plain =
        "---\ntitle: \"Plain\"\ndate: 2021-03-04\n---\nServed at /posts/plain/ there and here.\n";
    blog.write("content/posts/plain.md", plain.as_bytes());
    let moved = "---\ntitle: Moved\nurl: /somewhere/\n---\n";
    blog.write("content/posts/moved.md", moved.as_bytes());
    blog.write(
        "content/notes/trip/index.md",
        b"+++\ntitle = \"Trip\"\ndate = 2021-05-06T10:00:00+02:00\nslug = \"The Trip\"\n+++\n![photo](photo.jpg)\n",
    );
    blog.write("content/notes/trip/photo.jpg", b"jpeg bytes");
    blog.write("content/images/diagram.png", b"diagram");
    blog.write("static/css/x.css", b"p{}");

    let lines = import(&blog.0, &site.0, &[]);

    assert_eq!(
        site.read("posts/plain.md"),
        plain,
        "its address is the same here"
    );
    assert_eq!(site.read("posts/moved.md"), moved, "it names its own url");
    assert!(site
        .read("posts/trip/index.md")
        .starts_with("+++\naliases = [\"/2021/05/the-trip/\"]\ntitle = \"Trip\"\n"));
    assert_eq!(site.read("posts/trip/photo.jpg"), "jpeg bytes");
    assert_eq!(site.read("static/images/diagram.png"), "diagram");
    assert_eq!(site.read("static/css/x.css"), "p{}");
    assert!(!site.has("posts/about.md"));
    assert!(
        has_line(
            &lines,
            "content/about.md: not carried: a page at the top of content/, not a post"
        ),
        "{lines:#?}"
    );
    assert!(
        has_line(
            &lines,
            "content/posts/_index.md: not carried: a section's own page"
        ),
        "{lines:#?}"
    );
    assert_eq!(
        lines.last().map(String::as_str),
        Some(
            "Hugo blog: 3 posts, 6 files, 1 old addresses written as aliases, \
             0 section addresses redirected to the archive, 0 images downloaded"
        )
    );
    // With no site.toml to write it in, the section's redirect is a note.
    assert!(
        has_line(
            &lines,
            "site.toml: not written (the site has no site.toml): add `\"/posts/\" = \"/archive/\"` \
             under [redirects], so that the section's address answers"
        ),
        "{lines:#?}"
    );
}

#[test]
fn jekyll_posts_and_assets_move_with_the_permalink_scheme_and_post_url_links() {
    let blog = TempDir::new("jekyll-blog");
    let site = TempDir::new("jekyll-site");
    blog.write(
        "_config.yml",
        b"title: J\npermalink: /blog/:categories/:year/:title.html\n",
    );
    blog.write(
        "_posts/2016-05-31-rl.markdown",
        b"---\nlayout: post\ntitle: RL\ncategories: ML\n---\n\nSee [the old one]({% post_url 2015-01-01-old %}).\n\n{% include figure.html %}\n\n<img src=\"/assets/fig.png\">\n",
    );
    blog.write(
        "_posts/2015-01-01-old.md",
        b"---\ntitle: Old\n---\nNo date but the file name's.\n",
    );
    let own = "---\ntitle: Own\npermalink: /own/\n---\n";
    blog.write("_posts/2014-01-01-own.md", own.as_bytes());
    blog.write("assets/fig.png", b"png");
    blog.write("about.md", b"---\nlayout: page\n---\n");
    blog.write("_layouts/post.html", b"{{ content }}");

    let lines = import(&blog.0, &site.0, &[]);

    assert_eq!(
        site.read("posts/2016-05-31-rl.markdown"),
        "---\naliases: [\"/blog/ml/2016/rl.html\"]\nlayout: post\ntitle: RL\ncategories: ML\n---\n\nSee [the old one](/blog/2015/old.html).\n\n{% include figure.html %}\n\n<img src=\"/assets/fig.png\">\n"
    );
    assert!(site
        .read("posts/2015-01-01-old.md")
        .starts_with("---\naliases: [\"/blog/2015/old.html\"]\ntitle: Old\n"));
    assert_eq!(site.read("posts/2014-01-01-own.md"), own);
    assert_eq!(site.read("static/assets/fig.png"), "png");
    assert!(has_line(&lines, "_posts/2016-05-31-rl.markdown:9: not carried: Liquid `{% include figure.html %}` (nothing here runs Liquid)"), "{lines:#?}");
    assert!(
        has_line(
            &lines,
            "_layouts/: not carried: the engine's templates (this site draws its own pages)"
        ),
        "{lines:#?}"
    );
    assert!(
        has_line(&lines, "about.md: not carried: a page, not a post"),
        "{lines:#?}"
    );
}

/// A loopback HTTP server that answers `/fig.png` with a PNG's bytes and
/// anything else with 404, for `requests` requests.
fn image_server(requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let address = listener.local_addr().expect("a bound address");
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.expect("a connection");
            let mut request_line = String::new();
            let mut reader = BufReader::new(stream.try_clone().expect("a socket"));
            reader.read_line(&mut request_line).expect("a request");
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let response: Vec<u8> = if request_line.starts_with("GET /pics/fig.png ") {
                [&b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 9\r\nConnection: close\r\n\r\n"[..], b"png bytes"].concat()
            } else {
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
            };
            stream
                .write_all(&response)
                .expect("the importer reads the answer");
        }
    });
    format!("http://{address}")
}

#[test]
fn images_on_other_hosts_are_downloaded_beside_their_post_once_or_reported() {
    let host = image_server(2);
    let blog = TempDir::new("fetch-blog");
    let site = TempDir::new("fetch-site");
    blog.write("_config.yml", b"permalink: pretty\n");
    blog.write(
        "_posts/2020-01-01-x.md",
        format!("---\ntitle: X\n---\n![a]({host}/pics/fig.png)\n\nAgain: ![b]({host}/pics/fig.png)\n\n<img alt=\"gone\" src=\"{host}/missing.png\">\n").as_bytes(),
    );

    let lines = import(&blog.0, &site.0, &["--fetch-images"]);

    assert_eq!(
        site.read("posts/2020-01-01-x/index.md"),
        format!("---\naliases: [\"/2020/01/01/x/\"]\ntitle: X\n---\n![a](fig.png)\n\nAgain: ![b](fig.png)\n\n<img alt=\"gone\" src=\"{host}/missing.png\">\n")
    );
    assert_eq!(site.read("posts/2020-01-01-x/fig.png"), "png bytes");
    assert!(!site.has("posts/2020-01-01-x.md"));
    let missing = lines
        .iter()
        .find(|l| l.starts_with("_posts/2020-01-01-x.md:8: image on another host not carried: "))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(missing.contains("404"), "{missing}");
    assert!(
        lines
            .last()
            .is_some_and(|l| l.ends_with("1 images downloaded")),
        "{lines:#?}"
    );
}
