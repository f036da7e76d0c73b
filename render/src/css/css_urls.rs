//! The `url(…)` references inside a stylesheet, found with a real CSS
//! tokenizer (so comments and strings are not mistaken for references) and
//! rewritten by a caller-supplied map. Knows nothing about which files
//! exist or how they are named: `assets` decides that.

use anyhow::{anyhow, Result};
use cssparser::{serialize_string, ParseError, Parser, Token};

/// One `url(…)` in the source: its byte span, its (unescaped) value and
/// the 1-based line it starts on.
struct Reference {
    span: std::ops::Range<usize>,
    url: String,
    line: u32,
}

/// `css` with every `url(…)` whose value `map` replaces rewritten to
/// `url("new")`; references `map` answers `None` for are left as written.
/// An error from `map` becomes `path:line: url(value): error`.
pub fn rewrite(
    path: &str,
    css: &str,
    mut map: impl FnMut(&str) -> Result<Option<String>>,
) -> Result<String> {
    let mut parser = Parser::new(css);
    let mut references = Vec::new();
    collect(&mut parser, &mut references);

    let mut out = String::with_capacity(css.len());
    let mut copied = 0;
    for reference in references {
        let replacement = map(&reference.url)
            .map_err(|e| anyhow!("{path}:{}: url({}): {e}", reference.line, reference.url))?;
        if let Some(new) = replacement {
            out.push_str(&css[copied..reference.span.start]);
            out.push_str("url(");
            serialize_string(&new, &mut out).expect("writing to a String cannot fail");
            out.push(')');
            copied = reference.span.end;
        }
    }
    out.push_str(&css[copied..]);
    Ok(out)
}

/// Walks every token, descending into blocks and functions, and records
/// each `url(bare)` and `url("quoted")`.
fn collect(parser: &mut Parser, found: &mut Vec<Reference>) {
    loop {
        let start = parser.position().byte_index();
        let line = parser.current_source_location().line + 1;
        let token = match parser.next_including_whitespace_and_comments() {
            Ok(token) => token.clone(),
            Err(_) => return, // end of input or of the enclosing block
        };
        match token {
            Token::UnquotedUrl(url) => found.push(Reference {
                span: start..parser.position().byte_index(),
                url: url.to_string(),
                line,
            }),
            Token::Function(name) if name.eq_ignore_ascii_case("url") => {
                let quoted = parser.parse_nested_block(|p| {
                    let url = p.expect_string()?.to_string();
                    Ok::<_, ParseError<()>>(url)
                });
                // Anything but one string inside is not a reference we can read.
                if let Ok(url) = quoted {
                    found.push(Reference {
                        span: start..parser.position().byte_index(),
                        url,
                        line,
                    });
                }
            }
            Token::Function(_)
            | Token::ParenthesisBlock
            | Token::SquareBracketBlock
            | Token::CurlyBracketBlock => {
                let _ = parser.parse_nested_block(|p| {
                    collect(p, found);
                    Ok::<_, ParseError<()>>(())
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rewrites every reference to `NEW(old)`.
    fn upper(css: &str) -> String {
        rewrite("t.css", css, |url| Ok(Some(format!("NEW({url})")))).unwrap()
    }

    #[test]
    fn bare_and_quoted_references_are_rewritten() {
        assert_eq!(
            upper("a{background:url(/a.png)}"),
            "a{background:url(\"NEW(/a.png)\")}"
        );
        assert_eq!(
            upper("@font-face{src:url( \"/f.woff2\" ) format(\"woff2\"),url('x')}"),
            "@font-face{src:url(\"NEW(/f.woff2)\") format(\"woff2\"),url(\"NEW(x)\")}"
        );
        assert_eq!(upper("a{b:URL(x)}"), "a{b:url(\"NEW(x)\")}");
    }

    #[test]
    fn nested_functions_and_at_rules_are_searched() {
        assert_eq!(
            upper("@media (min-width:1px){a{b:image-set(url(x) 1x)}}"),
            "@media (min-width:1px){a{b:image-set(url(\"NEW(x)\") 1x)}}"
        );
        assert_eq!(upper("@import url(a.css);"), "@import url(\"NEW(a.css)\");");
    }

    #[test]
    fn comments_and_strings_are_not_references() {
        let css = "/* url(gone.png) */ a::before{content:\"url(x)\"}";
        assert_eq!(upper(css), css);
    }

    #[test]
    fn escapes_are_read_and_written() {
        assert_eq!(upper(r"a{b:url(a\)b)}"), "a{b:url(\"NEW(a)b)\")}");
        assert_eq!(
            rewrite("t.css", "a{b:url(x)}", |_| Ok(Some("q\"b\\".into()))).unwrap(),
            r#"a{b:url("q\"b\\")}"#
        );
    }

    #[test]
    fn none_leaves_the_reference_as_written() {
        let css = "a{b:url( data:x ); c:url(\"y\")}";
        assert_eq!(rewrite("t.css", css, |_| Ok(None)).unwrap(), css);
    }

    #[test]
    fn an_error_names_file_line_and_reference() {
        let err = rewrite("static/s.css", "a{}\n\nb{c:url(/nope)}", |_| {
            Err(anyhow!("no such file"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "static/s.css:3: url(/nope): no such file");
    }
}
