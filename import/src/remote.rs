//! Images on other hosts in a post: markdown images and raw-HTML `<img
//! src>` whose address is absolute, each with its line; and the local
//! file name each gets when it is downloaded beside the post. Finding and
//! naming only: downloading is the shell's.

use crate::markdown::{self, Located};
use pulldown_cmark::{Event, Tag};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// An image on another host, at its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    pub url: String,
    pub line: usize,
}

static IMG_SRC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<img\b[^>]*?\bsrc\s*=\s*["']?((?:https?:)?//[^"'\s>]+)"#)
        .expect("the pattern is valid")
});

fn is_remote(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//")
}

/// Every image on another host in `text`, in order.
pub fn images(text: &str) -> Vec<Remote> {
    let mut found = Vec::new();
    for Located { event, range, .. } in markdown::events(text) {
        let start = range.start;
        match event {
            Event::Start(Tag::Image { dest_url, .. }) if is_remote(&dest_url) => {
                found.push(Remote {
                    url: dest_url.to_string(),
                    line: markdown::line(text, start),
                });
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for m in IMG_SRC.captures_iter(&html) {
                    let url = m.get(1).expect("the pattern has a group");
                    let before = html[..url.start()].matches('\n').count();
                    found.push(Remote {
                        url: url.as_str().to_string(),
                        line: markdown::line(text, start) + before,
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// The file name an image downloaded from `url` gets beside its post: the
/// URL's last segment in the characters a file beside a post may use, with
/// the extension of its `content_type` when it has no image extension,
/// unique among `taken`.
pub fn file_name(url: &str, content_type: &str, taken: &BTreeSet<String>) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let safe: String = last
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' => c,
            '.' => '.',
            _ => '-',
        })
        .collect();
    let (stem, ext) = match safe.rsplit_once('.') {
        Some((stem, ext)) if IMAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) => {
            (stem.to_string(), ext.to_string())
        }
        _ => (safe.clone(), extension_of(content_type).to_string()),
    };
    let stem = if stem.trim_matches(['-', '.']).is_empty() {
        "image".to_string()
    } else {
        stem
    };
    let mut candidate = format!("{stem}.{ext}");
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    candidate
}

const IMAGE_EXTENSIONS: [&str; 7] = ["png", "jpg", "jpeg", "gif", "webp", "svg", "avif"];

/// The file extension of an image's `Content-Type`.
fn extension_of(content_type: &str) -> &'static str {
    match content_type.split(';').next().unwrap_or("").trim() {
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/svg+xml" => "svg",
        "image/avif" => "avif",
        _ => "png",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_raw_html_images_on_other_hosts_with_their_lines() {
        let text = "+++\ntitle = \"t\"\n+++\n\n![a](https://x.org/a.png)\n![b](local.png)\n\n<div>\n<img alt=\"c\" src=\"http://y.org/c.jpg\">\n</div>\n\n```\n![d](https://z.org/d.png)\n```\n";
        assert_eq!(
            images(text),
            [
                Remote {
                    url: "https://x.org/a.png".into(),
                    line: 5
                },
                Remote {
                    url: "http://y.org/c.jpg".into(),
                    line: 9
                },
            ]
        );
    }

    #[test]
    fn downloaded_files_are_named_after_the_url_and_never_twice_alike() {
        let taken = BTreeSet::from(["a.png".to_string()]);
        assert_eq!(
            file_name("https://x.org/p/a.png?w=640", "image/png", &taken),
            "a-2.png"
        );
        assert_eq!(
            file_name("https://x.org/b%20c.jpg", "image/jpeg", &taken),
            "b-20c.jpg"
        );
        assert_eq!(
            file_name("https://x.org/render?id=3", "image/jpeg", &taken),
            "render.jpg"
        );
    }
}
