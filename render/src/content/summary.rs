//! A post's summary as Zola, Hugo and Jekyll writers mark it: the body up
//! to a `<!-- more -->` comment (Hugo writes `<!--more-->`), as plain text
//! with the markdown's words and none of its markup, for the home page and
//! for feed readers when the post has no description. Pure; where the
//! summary is shown is `pages`'.

use crate::content::post::Post;
use pulldown_cmark::{Event, Parser, TagEnd};

/// The plain text of `post`'s body before its `<!-- more -->`, if it has
/// one and any text comes before it.
pub fn summary(post: &Post) -> Option<String> {
    let before = &post.body[..more(&post.body)?];
    let mut text = String::new();
    for event in Parser::new(before) {
        match event {
            Event::Text(words) | Event::Code(words) => text.push_str(&words),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// The byte offset of the first `<!-- more -->` in `body`.
fn more(body: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(start) = body[from..].find("<!--").map(|i| from + i) {
        let rest = &body[start + "<!--".len()..];
        let end = rest.find("-->")?;
        if rest[..end].trim() == "more" {
            return Some(start);
        }
        from = start + "<!--".len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn of(body: &str) -> Option<String> {
        let source = Source {
            path: "posts/a.md".into(),
            content: format!("+++\ntitle = \"t\"\ndate = 2026-01-01\n+++\n{body}"),
        };
        summary(&crate::content::post::parse(&source).unwrap().0)
    }

    #[test]
    fn the_words_before_more_without_their_markup() {
        assert_eq!(
            of("## Why\n\nA *bold* claim with `code`\nand a [link](x/).\n\n<!-- more -->\n\nThe rest.\n"),
            Some("Why A bold claim with code and a link.".into())
        );
        assert_eq!(of("Short.<!--more-->Rest.\n"), Some("Short.".into()));
    }

    #[test]
    fn no_marker_or_nothing_before_it_is_no_summary() {
        assert_eq!(of("No marker.\n\n<!-- a comment -->\n"), None);
        assert_eq!(of("<!-- more -->\nAll after.\n"), None);
    }
}
