//! `render::inputs::read` on a real directory: what build.rs hands to
//! `build_site`, found the way build.rs finds it.

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
    assert_eq!(found.post_files[0].content, b"png");
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
fn the_renderer_is_this_executable() {
    use sha2::Digest;
    let exe = fs::read(std::env::current_exe().unwrap()).unwrap();
    assert_eq!(
        inputs::renderer().unwrap(),
        sha2::Sha256::digest(exe).to_vec()
    );
}
