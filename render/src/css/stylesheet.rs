//! A stylesheet read as a flat list of blocks: each `selector { … }` with
//! its `property: value` declarations and the line its selector is on,
//! blocks nested in `@media` and other at-rules included. Enough for the
//! questions the renderer asks of the site's stylesheets (which layout
//! features they turn on, which font face draws which text); not a CSS
//! parser: a string holding a brace or a semicolon is not understood.

/// One block of declarations and the selector (or at-rule) before it.
pub struct Block {
    pub selector: String,
    /// The 1-based line the selector ends on.
    pub line: usize,
    pub declarations: Vec<(String, String)>,
}

impl Block {
    /// The values `property` is given here, in order.
    pub fn get<'a>(&'a self, property: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.declarations
            .iter()
            .filter(move |(p, _)| p == property)
            .map(|(_, value)| value.as_str())
    }

    /// Whether this block is an `@font-face` rule.
    pub fn is_font_face(&self) -> bool {
        self.selector.eq_ignore_ascii_case("@font-face")
    }
}

/// The blocks of `css`, comments taken out: the text between a `{` and the
/// `}` that closes it with no `{` between, with what came before that `{`
/// as its selector.
pub fn blocks(css: &str) -> Vec<Block> {
    let css = without_comments(css);
    let mut blocks = Vec::new();
    let mut selector = ("", 0);
    let mut rest = css.as_str();
    while let Some(at) = rest.find(['{', '}']) {
        let text = &rest[..at];
        let offset = css.len() - rest.len() + at;
        if rest[at..].starts_with('{') {
            selector = (text.trim(), offset);
        } else if !selector.0.is_empty() {
            blocks.push(Block {
                selector: selector.0.to_string(),
                line: crate::source::line_at(&css, selector.1),
                declarations: declarations(text),
            });
            selector = ("", 0);
        }
        rest = &rest[at + 1..];
    }
    blocks
}

/// `property: value` pairs, properties lower-cased (custom properties kept
/// as written: they are case-sensitive).
fn declarations(block: &str) -> Vec<(String, String)> {
    block
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(property, value)| {
            let property = property.trim();
            let property = if property.starts_with("--") {
                property.to_string()
            } else {
                property.to_ascii_lowercase()
            };
            (property, value.trim().to_string())
        })
        .collect()
}

/// `css` with each `/* … */` comment blanked out, its line breaks kept, so
/// that offsets still fall on the same lines.
fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let comment_len = rest[start + 2..]
            .find("*/")
            .map_or(rest.len() - start, |end| end + 4);
        let comment = &rest[start..start + comment_len];
        out.extend(comment.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        rest = &rest[start + comment_len..];
    }
    out.push_str(rest);
    out
}

/// `value` itself, then every value any block gives a custom property
/// `value` names in `var(--name)` (one step; every block's, since which
/// one applies depends on the element).
pub fn with_vars<'a>(blocks: &'a [Block], value: &'a str) -> Vec<&'a str> {
    let mut values = vec![value];
    for var in value.split("var(").skip(1) {
        let name = var.split([')', ',']).next().unwrap_or("").trim();
        values.extend(blocks.iter().flat_map(|b| b.get(name)));
    }
    values
}

/// A family name without its quotes.
pub fn unquote(name: &str) -> String {
    name.trim().trim_matches(['"', '\'']).to_string()
}

/// Whether `family` is in the comma-separated `value` of `font-family`, a
/// custom property, or `font` (whose first item begins with the size).
pub fn in_family_list(value: &str, family: &str) -> bool {
    value.split(',').map(str::trim).any(|item| {
        unquote(item) == family
            || [
                format!("\"{family}\""),
                format!("'{family}'"),
                format!(" {family}"),
            ]
            .iter()
            .any(|end| item.ends_with(end.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_inside_media_queries_are_read() {
        let css =
            "a { color: red } @media (min-width: 40em) { html { font-size: 1px; } b { x: y } }";
        let selectors: Vec<String> = blocks(css).into_iter().map(|b| b.selector).collect();
        assert_eq!(selectors, ["a", "html", "b"]);
        let css = "/* @font-face { src: x } */ @font-face /* a face */ { src: y }";
        let block = &blocks(css)[0];
        assert!(block.is_font_face());
        assert_eq!(block.get("src").collect::<Vec<_>>(), ["y"]);
    }

    #[test]
    fn each_block_knows_its_selector_s_line() {
        let css = "/* one\n   two */\na { b: c }\n\n@media print {\n  em,\n  i { d: e }\n}";
        let lines: Vec<(String, usize)> = blocks(css)
            .into_iter()
            .map(|b| (b.selector, b.line))
            .collect();
        assert_eq!(lines, [("a".into(), 3), ("em,\n  i".into(), 7)]);
    }

    #[test]
    fn an_unclosed_comment_runs_to_the_end() {
        assert!(blocks("a { b: c } /* d { e: f }").len() == 1);
    }

    #[test]
    fn custom_properties_are_followed_one_step() {
        let blocks =
            blocks(":root { --a: \"A\", serif } .x { --a: \"B\" } p { font-family: var(--a) }");
        let values = with_vars(&blocks, "var(--a)");
        assert_eq!(values, ["var(--a)", "\"A\", serif", "\"B\""]);
    }

    #[test]
    fn family_lists() {
        assert!(in_family_list(
            "\"Source Serif 4\", Georgia, serif",
            "Source Serif 4"
        ));
        assert!(in_family_list("italic 1em/1.2 Mono, monospace", "Mono"));
        assert!(!in_family_list("\"Mono Fallback\", monospace", "Mono"));
    }
}
