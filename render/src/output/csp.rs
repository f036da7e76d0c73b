//! The Content-Security-Policy of each response, written at build time.
//!
//! The site ships no script, so everything but styles, images and fonts
//! from the site itself is refused, and no `'unsafe-inline'` is ever
//! granted. The site's own pages carry no inline style: KaTeX's
//! `style="…"` attributes become classes at build time (`math_styles`), so
//! every page gets the bare policy. A style attribute or `<style>` element
//! a writer puts in a post's raw HTML is allowed by its hash, found with a
//! real HTML parser: the SHA-256 of each distinct value, with
//! `'unsafe-hashes'` for attributes.

use base64::Engine;
use scraper::{Html, Selector};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// The policy for a body of `content_type`: HTML pages get hashes of their
/// inline styles; everything else gets `bare()`.
pub fn for_body(content_type: &str, body: &[u8]) -> String {
    let is_html = content_type
        .split(';')
        .next()
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/html"));
    if !is_html {
        return bare();
    }
    policy(&inline_styles(&String::from_utf8_lossy(body)))
}

/// The policy of a response that is no page, or a page without inline
/// styles.
pub fn bare() -> String {
    policy(&InlineStyles::default())
}

/// Distinct inline style text in a page, sorted so the header is stable.
#[derive(Default)]
struct InlineStyles {
    /// Values of `style` attributes.
    attributes: BTreeSet<String>,
    /// Contents of `<style>` elements.
    elements: BTreeSet<String>,
}

/// The CSP source that allows exactly `text` inline: `'sha256-…'`.
pub fn hash_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hash = base64::engine::general_purpose::STANDARD.encode(digest);
    format!("'sha256-{hash}'")
}

/// The policy allowing exactly `styles` inline.
fn policy(styles: &InlineStyles) -> String {
    let mut style_src = String::from("'self'");
    if !styles.attributes.is_empty() {
        style_src.push_str(" 'unsafe-hashes'");
    }
    for text in styles.attributes.union(&styles.elements) {
        style_src.push(' ');
        style_src.push_str(&hash_source(text));
    }
    // `connect-src 'self'`: the page runs no script (`script-src` falls
    // back to 'none'), but tools that fetch from inside it do, such as
    // Lighthouse reading /robots.txt; same-origin only gives nothing away.
    // `form-action 'self'`: the header's search form sends to /search.
    format!(
        "default-src 'none'; style-src {style_src}; img-src 'self'; font-src 'self'; \
         connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Every inline style in `html`, as the browser will see it (entities
/// decoded), since that is what the browser hashes.
fn inline_styles(html: &str) -> InlineStyles {
    let document = Html::parse_document(html);
    let select = |css| Selector::parse(css).expect("a constant, valid selector");
    InlineStyles {
        attributes: document
            .select(&select("[style]"))
            .filter_map(|element| element.value().attr("style"))
            .map(str::to_string)
            .collect(),
        elements: document
            .select(&select("style"))
            .map(|element| element.text().collect())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style_src(policy: &str) -> &str {
        policy
            .split("; ")
            .find_map(|d| d.strip_prefix("style-src "))
            .unwrap()
    }

    #[test]
    fn a_page_without_inline_styles_gets_the_bare_policy() {
        let policy = for_body("text/html; charset=utf-8", b"<p class=x>hi</p>");
        assert_eq!(
            policy,
            "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; \
             connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
        assert!(!policy.contains("unsafe-inline"));
    }

    #[test]
    fn each_distinct_style_attribute_is_hashed_once() {
        let html = br#"<span style="height:0.68em;"></span><span style="height:0.68em;"></span>
                       <span style="top:-3em;">x</span>"#;
        let policy = for_body("text/html", html);
        // Sorted by style text, each as 'sha256-<base64 of its SHA-256>'.
        let hashes: Vec<String> = ["height:0.68em;", "top:-3em;"]
            .iter()
            .map(|s| {
                let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s));
                format!("'sha256-{digest}'")
            })
            .collect();
        assert_eq!(
            style_src(&policy),
            format!("'self' 'unsafe-hashes' {}", hashes.join(" "))
        );
    }

    #[test]
    fn the_hash_is_of_the_decoded_value() {
        let decoded = for_body("text/html", b"<b style=\"content:'&amp;'\">x</b>");
        let plain = policy(&InlineStyles {
            attributes: BTreeSet::from(["content:'&'".to_string()]),
            elements: BTreeSet::new(),
        });
        assert_eq!(decoded, plain);
    }

    #[test]
    fn style_elements_are_hashed_without_unsafe_hashes() {
        let policy = for_body("text/html", b"<style>p{color:red}</style>");
        let src = style_src(&policy);
        assert!(src.starts_with("'self' 'sha256-"), "{src}");
        assert!(!src.contains("unsafe"), "{src}");
    }

    #[test]
    fn other_types_are_not_parsed() {
        let css = for_body("text/css", b"<b style=\"x\">");
        assert_eq!(style_src(&css), "'self'");
    }
}
