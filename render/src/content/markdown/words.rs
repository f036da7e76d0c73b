//! The count of words a reader reads, for the reading time
//! (`content::reading_time`): prose, headings and inline code; an inline
//! formula is one word. Code blocks and display math are looked at rather
//! than read, and an image's alt text is not read at all.

use super::Piece;
use pulldown_cmark::{Event, Tag, TagEnd};

/// The words in `pieces`, the events as pulldown-cmark read them.
pub(super) fn count(pieces: &[Piece]) -> usize {
    let mut prose = Prose::default();
    for event in pieces.iter().filter_map(Piece::event) {
        prose.read(event);
    }
    prose
        .text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count()
}

/// The prose read so far.
#[derive(Default)]
struct Prose {
    /// What a reader reads, a space at every tag: text split by tags is
    /// separate words; adjacent text events are not.
    text: String,
    /// Inside an image, up to the first end of an image.
    in_image: bool,
    in_code_block: bool,
}

impl Prose {
    fn read(&mut self, event: &Event) {
        if self.in_image {
            self.in_image = !matches!(event, Event::End(TagEnd::Image));
            return;
        }
        if !matches!(event, Event::Text(_) | Event::Code(_)) {
            self.text.push(' ');
        }
        match event {
            Event::Start(Tag::Image { .. }) => self.in_image = true,
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Text(_) if self.in_code_block => {}
            Event::Text(text) | Event::Code(text) => self.text.push_str(text),
            Event::InlineMath(_) => self.text.push_str("formula"),
            _ => {}
        }
    }
}
