//! A post's markdown as the importer reads it: pulldown-cmark with the
//! extensions the build enables and front matter blocks skipped, each
//! event with where it starts, and which events are code. Only reading:
//! the importer never re-renders a post.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// An event of `text`, the bytes it spans, and whether it is inside a
/// code block.
pub struct Located<'a> {
    pub event: Event<'a>,
    pub range: Range<usize>,
    pub in_code: bool,
}

pub fn events(text: &str) -> Vec<Located<'_>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_MATH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut in_code = false;
    Parser::new_ext(text, options)
        .into_offset_iter()
        .map(|(event, range)| {
            match &event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                _ => {}
            }
            Located {
                event,
                range,
                in_code,
            }
        })
        .collect()
}

/// The 1-based line of byte `offset` in `text`.
pub fn line(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}
