//! Shortcodes: the calls Zola and Hugo posts write in their markdown
//! (`{{ youtube(id="…") }}`, `{{< figure src="…" >}}`), drawn at build time
//! into plain markdown before pulldown-cmark reads the post. Each engine's
//! syntax is read by its own module (`zola`, `hugo`) into one `Call`;
//! `draw` says what each known shortcode becomes: a figure is a markdown
//! image with a title, `highlight` a fenced code block, `ref` Zola's
//! `@/…` link, and an embedded frame (a video, a gist, a post) a link card
//! that makes no request to another host.
//!
//! The pass keeps the post's lines: a shortcode's replacement holds as
//! many line breaks as the shortcode did (padded with line breaks after
//! it when it draws fewer), so that every later `file:line` still names
//! the source line. (So a shortcode written over several lines in the
//! middle of a paragraph ends that paragraph; written on its own, as
//! figures and embeds are, it changes nothing.) Shortcodes inside code (fenced, indented or inline) are text and
//! left alone; the engines' ways of writing a shortcode as text
//! (`{{/* … */}}`, `{{</* … */>}}`) become that text everywhere, code
//! included, as they do in Zola and Hugo. It stops at markdown: images,
//! code blocks and links are the markdown passes' work.

mod draw;
mod hugo;
mod zola;

use pulldown_cmark::{Event, Parser, Tag};
use std::ops::Range;

/// A post's markdown with its shortcodes drawn, every shortcode that
/// could not be, and the warnings of those drawn, by the byte offset where
/// each starts in the source.
#[derive(Debug, PartialEq)]
pub(crate) struct Expanded {
    pub markdown: String,
    pub problems: Vec<(usize, String)>,
    pub warnings: Vec<(usize, String)>,
}

/// Which engine's syntax a call was written in; the same name can mean
/// different arguments in each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Syntax {
    Zola,
    Hugo,
}

/// A shortcode call as written: its name, its arguments in order (named
/// or not) with their values as text, and its body when it has one.
#[derive(Debug, PartialEq)]
pub(super) struct Call<'s> {
    pub syntax: Syntax,
    pub name: &'s str,
    pub args: Vec<Arg>,
    pub body: Option<&'s str>,
}

/// An argument: its name (none when given by its place) and its value as
/// text.
pub(super) type Arg = (Option<String>, String);

/// What an engine's reader found where a `{{` or `{%` starts.
#[derive(Debug, PartialEq)]
pub(super) enum Found<'s> {
    /// A call, which ends (body and closing tag included) at byte `end`.
    Call { call: Call<'s>, end: usize },
    /// A call written to be shown as text: that text, ending at `end`.
    Literal { text: String, end: usize },
}

/// `source` with every shortcode outside code drawn (`draw`), line for
/// line. A shortcode that cannot be drawn is left out (its line breaks
/// kept) and named in `problems`.
pub(crate) fn expand(source: &str) -> Expanded {
    // Most posts hold no shortcode: they cost one search, not a parse.
    let code = match next_opening(source, 0) {
        Some(_) => code_ranges(source),
        None => Vec::new(),
    };
    let mut markdown = String::with_capacity(source.len());
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(start) = next_opening(source, from) {
        let in_code = code.iter().any(|range| range.contains(&start));
        let found = [zola::read, hugo::read]
            .iter()
            .find_map(|read| read(source, start))
            .filter(|found| !in_code || matches!(found, Ok(Found::Literal { .. })));
        let Some(found) = found else {
            from = start + 2;
            continue;
        };
        markdown.push_str(&source[copied..start]);
        let (drawn, end) = match found {
            Ok(Found::Literal { text, end }) => (Ok(text), end),
            Ok(Found::Call { call, end }) => {
                let mut drawn_warnings = Vec::new();
                let drawn = draw::draw(&call, &mut drawn_warnings);
                warnings.extend(drawn_warnings.into_iter().map(|w| (start, w)));
                (drawn, end)
            }
            Err((message, end)) => (Err(message), end),
        };
        let drawn = drawn.unwrap_or_else(|message| {
            problems.push((start, message));
            String::new()
        });
        markdown.push_str(&drawn);
        let missing = line_breaks(&source[start..end]).saturating_sub(line_breaks(&drawn));
        markdown.extend(std::iter::repeat_n('\n', missing));
        copied = end;
        from = end;
    }
    markdown.push_str(&source[copied..]);
    Expanded {
        markdown,
        problems,
        warnings,
    }
}

/// Where the next `{{` or `{%` at or after `from` starts.
fn next_opening(source: &str, from: usize) -> Option<usize> {
    let rest = source.get(from..)?;
    ["{{", "{%"]
        .iter()
        .filter_map(|open| rest.find(open))
        .min()
        .map(|at| from + at)
}

fn line_breaks(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

/// The byte ranges of `source` that markdown reads as code: code blocks
/// and inline code spans.
fn code_ranges(source: &str) -> Vec<Range<usize>> {
    Parser::new(source)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => Some(range),
            _ => None,
        })
        .collect()
}

/// How an engine's reader reports a call it cannot read: the message and
/// where the call ends, so reading goes on after it.
pub(super) type Unreadable = (String, usize);

/// The shared grammar of both engines' argument lists.
pub(super) mod scan {
    /// `[A-Za-z_][A-Za-z0-9_]*` at the start of `text`: its length.
    pub fn ident(text: &str) -> usize {
        let mut chars = text.char_indices();
        match chars.next() {
            Some((_, c)) if c.is_ascii_alphabetic() || c == '_' => {}
            _ => return 0,
        }
        chars
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
            .map_or(text.len(), |(i, _)| i)
    }

    /// The length of the spaces, tabs and line breaks at the start of
    /// `text`.
    pub fn space(text: &str) -> usize {
        text.len() - text.trim_start_matches([' ', '\t', '\r', '\n']).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(source: &str) -> String {
        let out = expand(source);
        assert_eq!(out.problems, [], "{source:?}");
        out.markdown
    }

    #[test]
    fn text_without_shortcodes_is_kept_byte_for_byte() {
        for text in [
            "plain *text*\n",
            "a `{{closure}}` and {{ x }} and {% raw %}\n",
            "Tera {{ page.title }} and {% if x %}y{% endif %}\n",
            "",
        ] {
            assert_eq!(expanded(text), text);
        }
    }

    #[test]
    fn both_engines_are_drawn_in_one_post() {
        let out = expanded(
            "A {{ youtube(id=\"abc\") }} and {{< vimeo 42 >}}.\n\nSee [it]({{< ref \"a.md\" >}}).\n",
        );
        assert!(out.contains("youtube.com/watch?v=abc"), "{out}");
        assert!(out.contains("vimeo.com/42"), "{out}");
        assert!(out.contains("[it](@/a.md)"), "{out}");
    }

    #[test]
    fn every_line_stays_where_it_was() {
        let source = "one\n{{< figure src=\"a.png\"\n    alt=\"A\"\n    caption=\"C\" >}}\nfour {{< nope >}}\nfive\n";
        let out = expand(source);
        assert_eq!(out.markdown.lines().count(), source.lines().count());
        assert_eq!(out.markdown.lines().nth(5), Some("five"));
        assert_eq!(out.problems.len(), 1);
        assert_eq!(crate::source::line_at(source, out.problems[0].0), 5);
    }

    #[test]
    fn shortcodes_in_code_are_text() {
        for source in [
            "```\n{{< youtube abc >}}\n{{ youtube(id=\"x\") }}\n```\n",
            "    {{< nope >}}\n",
            "Write `{{< youtube abc >}}` or ``{{ vimeo(id=\"1\") }}``.\n",
        ] {
            assert_eq!(expanded(source), source);
        }
    }

    #[test]
    fn shortcodes_written_as_text_are_shown_as_text_in_code_too() {
        assert_eq!(
            expanded("```\n{{</* youtube abc */>}}\n{{/* youtube(id=\"x\") */}}\n```\n"),
            "```\n{{< youtube abc >}}\n{{ youtube(id=\"x\") }}\n```\n"
        );
        assert_eq!(
            expanded("{%/* figure(src=\"a\") */%}c{%/* end */%}"),
            "{% figure(src=\"a\") %}c{% end %}"
        );
    }

    #[test]
    fn every_problem_is_named_at_its_start_and_the_rest_drawn() {
        let source = "{{< nope >}}\n\n{{< vimeo 1 >}}\n\n{{ nada(a=1) }}\n";
        let out = expand(source);
        let lines: Vec<usize> = out
            .problems
            .iter()
            .map(|(at, _)| crate::source::line_at(source, *at))
            .collect();
        assert_eq!(lines, [1, 5]);
        assert!(out.markdown.contains("vimeo.com/1"));
    }
}
