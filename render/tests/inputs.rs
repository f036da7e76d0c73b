//! `render::inputs::read` on a real directory: what build.rs hands to
//! `build_site`, found the way build.rs finds it; and `reread`, the
//! preview's after a save: the files named read again, the others kept.

use render::inputs;
use std::fs;
use std::path::{Path, PathBuf};

/// A fresh directory under the system's temporary directory, removed when
/// dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("render-inputs-{name}-{}", std::process::id()));
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

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const SITE: &[u8] =
    b"title = \"t\"\nauthor = \"a\"\ntagline = \"l\"\nbase_url = \"https://blog.example\"\n";

fn paths<T>(sources: &[render::Source<T>]) -> Vec<&str> {
    sources.iter().map(|s| s.path.as_str()).collect()
}

#[test]
fn posts_files_beside_them_and_static_files_sorted_hidden_and_section_files_skipped() {
    let root = TempDir::new("found");
    root.write("site.toml", SITE);
    root.write("posts/b.md", b"+++\n");
    root.write("posts/a.md", b"+++\n");
    root.write("posts/c/index.md", b"+++\n");
    root.write("posts/c/fig.png", b"png");
    root.write("posts/.a.md.swp", b"");
    root.write("posts/_index.md", b"+++\nsort_by = \"date\"\n+++\n");
    root.write("posts/d.markdown", b"---\n");
    root.write("static/style.css", b"body{}");
    root.write("static/fonts/serif.woff2", b"font");
    let found = inputs::read(root.path(), |_| None).unwrap();
    assert_eq!(
        paths(&found.posts),
        [
            "posts/a.md",
            "posts/b.md",
            "posts/c/index.md",
            "posts/d.markdown"
        ]
    );
    assert_eq!(found.posts[0].content, "+++\n");
    assert_eq!(paths(&found.post_files), ["posts/c/fig.png"]);
    assert_eq!(found.post_files[0].content, &b"png"[..]);
    assert_eq!(paths(&found.statics), ["fonts/serif.woff2", "style.css"]);
    assert_eq!(found.settings.base_url, "https://blog.example");
    assert!(!found.include_drafts);
}

#[test]
fn environment_overrides_settings_and_asks_for_drafts() {
    let root = TempDir::new("env");
    root.write("site.toml", SITE);
    let env = |var: &str| match var {
        "PHASESPACE_BASE_URL" => Some("https://other.example/".to_string()),
        "PHASESPACE_DRAFTS" => Some("1".to_string()),
        _ => None,
    };
    let found = inputs::read(root.path(), env).unwrap();
    assert_eq!(found.settings.base_url, "https://other.example");
    assert!(found.include_drafts);
    assert!(found.posts.is_empty() && found.statics.is_empty());
    assert!(inputs::env_vars().any(|v| v == "PHASESPACE_DRAFTS"));
    assert!(inputs::env_vars().any(|v| v == "PHASESPACE_BASE_URL"));
}

#[test]
fn unreadable_inputs_are_named() {
    let root = TempDir::new("bad");
    let error = |root: &TempDir| {
        format!(
            "{:#}",
            inputs::read(root.path(), |_| None)
                .err()
                .expect("the read fails")
        )
    };
    assert!(
        error(&root).starts_with("site.toml: cannot read"),
        "{}",
        error(&root)
    );
    root.write("site.toml", SITE);
    root.write("posts/a.md", b"\xff\xfe not UTF-8");
    assert!(
        error(&root).starts_with("posts/a.md: cannot read as UTF-8 text"),
        "{}",
        error(&root)
    );
}

#[test]
fn a_reread_reads_the_changed_files_and_the_lists_and_keeps_the_rest() {
    let root = TempDir::new("reread");
    root.write("site.toml", SITE);
    root.write("posts/a.md", b"a1");
    root.write("posts/b.md", b"b1");
    root.write("posts/c/index.md", b"c1");
    root.write("posts/c/fig.png", b"png1");
    root.write("static/style.css", b"css1");
    let first = inputs::read(root.path(), |_| None).unwrap();
    // Changed on disk, but not named: kept as read (the watcher names
    // every change, so only a file it missed could differ).
    root.write("posts/a.md", b"a2");
    root.write("posts/b.md", b"b2");
    root.write("posts/c/fig.png", b"png2");
    root.write("static/style.css", b"css2");
    root.write("posts/new.md", b"new");
    fs::remove_file(root.path().join("posts/c/index.md")).unwrap();
    let named = [root.path().join("posts/b.md"), root.path().join("static")];
    let second = inputs::reread(root.path(), first, &named, |_| None).unwrap();
    let contents: Vec<(&str, &str)> = second
        .posts
        .iter()
        .map(|s| (s.path.as_str(), s.content.as_str()))
        .collect();
    assert_eq!(
        contents,
        [
            ("posts/a.md", "a1"),
            ("posts/b.md", "b2"),
            ("posts/new.md", "new")
        ]
    );
    assert_eq!(second.post_files[0].content, &b"png1"[..]);
    assert_eq!(
        second.statics[0].content,
        &b"css2"[..],
        "under a named directory"
    );
    // A change to site.toml reads everything again, settings included.
    root.write("site.toml", &[SITE, b"# edited\n"].concat());
    let named = [root.path().join("site.toml")];
    let third = inputs::reread(root.path(), second, &named, |_| None).unwrap();
    assert_eq!(third.posts[0].content, "a2");
    assert_eq!(third.post_files[0].content, &b"png2"[..]);
}

#[test]
fn the_renderer_is_this_executable() {
    use sha2::Digest;
    let exe = fs::read(std::env::current_exe().unwrap()).unwrap();
    assert_eq!(
        inputs::renderer().unwrap(),
        sha2::Sha256::digest(exe).to_vec()
    );
}
