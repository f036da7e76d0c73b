//! A rendered body → the text a reader searches: its prose, and apart
//! from it its code blocks; without KaTeX's output (the TeX and the
//! glyphs it draws), and with a space wherever a block ends, so that the
//! last word of one list item does not run into the first of the next.

use scraper::{ElementRef, Html, Node};

/// A body's words, as text.
pub struct Text {
    pub prose: String,
    pub code: String,
}

/// Elements that sit inside a line of text: no space around them.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// The text of the body `html`.
pub fn of(html: &str) -> Text {
    let fragment = Html::parse_fragment(html);
    let mut text = Text {
        prose: String::new(),
        code: String::new(),
    };
    walk(fragment.root_element(), &mut text, false);
    text
}

fn walk(element: ElementRef, text: &mut Text, in_code: bool) {
    for child in element.children() {
        match child.value() {
            Node::Text(words) => {
                let out = if in_code {
                    &mut text.code
                } else {
                    &mut text.prose
                };
                out.push_str(words);
            }
            Node::Element(e) => {
                if e.classes()
                    .any(|class| class == "katex" || class == "katex-display")
                {
                    continue;
                }
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                let name = e.name();
                let code = in_code || name == "pre";
                let block = !INLINE.contains(&name);
                walk(child, text, code);
                if block {
                    let out = if code {
                        &mut text.code
                    } else {
                        &mut text.prose
                    };
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_and_code_are_apart_and_math_is_left_out() {
        let text = of(
            "<h2 id=\"a\">Keys</h2><p>A <em>cache</em> of <code>kv</code>.</p>\
             <ul><li>one</li><li>two</li></ul>\
             <pre><code><span class=\"hl-k\">fn</span> main() {}</code></pre>\
             <p>Math <span class=\"katex\"><span>x^2</span></span> here &amp; there</p>",
        );
        let prose: Vec<&str> = text.prose.split_whitespace().collect();
        assert_eq!(
            prose,
            ["Keys", "A", "cache", "of", "kv.", "one", "two", "Math", "here", "&", "there"]
        );
        assert_eq!(text.code.trim(), "fn main() {}");
    }
}
