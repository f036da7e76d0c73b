//! A rule's selector list made to match in a tree without states or boxes,
//! read with a CSS tokenizer in one pass: states (`:hover`,
//! `:focus-visible`…) and pseudo-elements (`::before`, `::marker`…) taken
//! out, so a rule for them counts for the element itself; and, of each
//! selector, what its last compound requires of an element (a class or a
//! name), by which `cascade` files it as browsers file rules. Matching is
//! scraper's: this module only hands it selectors it can read.

use cssparser::{ParseError, Parser, Token};

/// Pseudo-classes and pseudo-elements taken out of selectors.
const TAKEN_OUT: [&str; 14] = [
    "hover",
    "focus",
    "focus-visible",
    "focus-within",
    "active",
    "visited",
    "target",
    "before",
    "after",
    "marker",
    "first-letter",
    "first-line",
    "selection",
    "placeholder",
];

/// One selector of a list, states and pseudo-elements taken out.
#[derive(Debug, PartialEq)]
pub struct StaticSelector {
    /// Its text, for scraper to parse.
    pub text: String,
    pub needs: Needs,
}

/// What an element needs for a selector to select it, judged from the
/// selector's last compound: a class, an element name, or nothing known.
#[derive(Debug, PartialEq)]
pub enum Needs {
    Class(String),
    Name(String),
    Nothing,
}

/// The selectors of `list`, each made static (see the module's comment).
pub fn static_selectors(list: &str) -> Vec<StaticSelector> {
    let mut parser = Parser::new(list);
    let mut selectors = Vec::new();
    let mut selector = Selecting::default();
    while let Some(token) = next_kept(&mut parser, &mut selector.text) {
        match token {
            Token::Comma => {
                selector.text.pop();
                selectors.push(std::mem::take(&mut selector).finish());
            }
            token => selector.saw(&token),
        }
    }
    selectors.push(selector.finish());
    selectors
}

/// The next token of `parser` that is not part of a state or
/// pseudo-element taken out, its text appended to `out`: a function or a
/// parenthesised block with what it holds (states taken out inside it too),
/// an attribute selector whole. `None` at the end of `parser`'s block.
fn next_kept<'i>(parser: &mut Parser<'i>, out: &mut String) -> Option<Token<'i>> {
    loop {
        let start = parser.position();
        let token = parser.next_including_whitespace().ok()?.clone();
        match token {
            Token::Colon if takes_out_pseudo(parser) => continue,
            Token::Function(_) | Token::ParenthesisBlock => {
                out.push_str(parser.slice_from(start));
                let _ = parser.parse_nested_block(|inner| {
                    while next_kept(inner, out).is_some() {}
                    Ok::<_, ParseError<()>>(())
                });
                out.push(')');
            }
            Token::SquareBracketBlock => {
                let _ = parser.parse_nested_block(|_| Ok::<_, ParseError<()>>(()));
                out.push_str(parser.slice_from(start));
            }
            _ => out.push_str(parser.slice_from(start)),
        }
        return Some(token);
    }
}

/// After a `:`, whether what follows is a state or pseudo-element taken
/// out; if so it is consumed, else `parser` is left where it was.
fn takes_out_pseudo(parser: &mut Parser) -> bool {
    let state = parser.state();
    let mut next = parser.next_including_whitespace().cloned();
    if let Ok(Token::Colon) = next {
        next = parser.next_including_whitespace().cloned();
    }
    let taken = matches!(next, Ok(Token::Ident(name)) if TAKEN_OUT.contains(&name.to_ascii_lowercase().as_str()));
    if !taken {
        parser.reset(&state);
    }
    taken
}

/// A selector being read: its text so far and its current compound.
#[derive(Default)]
struct Selecting {
    text: String,
    compound: Compound,
    /// A combinator (or white space) came after the current compound.
    after_combinator: bool,
    /// The last thing read, white space aside, is `>`, `+` or `~`.
    ends_in_combinator: bool,
}

/// What a compound requires, as far as read.
#[derive(Default)]
struct Compound {
    started: bool,
    name: Option<String>,
    class: Option<String>,
    /// The last token was the `.` of a class.
    after_dot: bool,
    /// It names a namespace (`svg|a`), which this does not follow.
    namespaced: bool,
}

impl Selecting {
    fn saw(&mut self, token: &Token) {
        match token {
            Token::WhiteSpace(_) => self.after_combinator = true,
            Token::Delim('>' | '+' | '~') => {
                self.after_combinator = true;
                self.ends_in_combinator = true;
            }
            token => {
                if std::mem::take(&mut self.after_combinator) {
                    self.compound = Compound::default();
                    self.ends_in_combinator = false;
                }
                let compound = &mut self.compound;
                match token {
                    Token::Ident(class) if compound.after_dot => {
                        compound.class.get_or_insert_with(|| class.to_string());
                    }
                    Token::Ident(name) if !compound.started => {
                        compound.name = Some(name.to_ascii_lowercase());
                    }
                    Token::Delim('|') => compound.namespaced = true,
                    _ => {}
                }
                compound.after_dot = *token == Token::Delim('.');
                compound.started = true;
            }
        }
    }

    /// The selector read. A compound left empty (`::selection`,
    /// `a > ::before`) selects any element there.
    fn finish(self) -> StaticSelector {
        let text = self.text.trim();
        if !self.compound.started || self.ends_in_combinator {
            return StaticSelector {
                text: format!("{text} *").trim().to_string(),
                needs: Needs::Nothing,
            };
        }
        let compound = self.compound;
        let needs = match (compound.class, compound.name) {
            _ if compound.namespaced => Needs::Nothing,
            (Some(class), _) => Needs::Class(class),
            (None, Some(name)) => Needs::Name(name),
            (None, None) => Needs::Nothing,
        };
        StaticSelector {
            text: text.to_string(),
            needs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(list: &str) -> Vec<String> {
        static_selectors(list).into_iter().map(|s| s.text).collect()
    }

    fn needs(selector: &str) -> Needs {
        let mut all = static_selectors(selector);
        assert_eq!(all.len(), 1);
        all.remove(0).needs
    }

    #[test]
    fn states_and_pseudo_elements_are_taken_out() {
        assert_eq!(texts("::selection"), ["*"]);
        assert_eq!(texts("a > ::before, b:focus-visible"), ["a > *", "b"]);
        assert_eq!(
            texts("[title=':hover'], :is(a:hover, b)"),
            ["[title=':hover']", ":is(a, b)"]
        );
        assert_eq!(
            texts("li:first-child::MARKER,p::first-line"),
            ["li:first-child", "p"]
        );
    }

    #[test]
    fn rules_are_filed_under_what_their_last_compound_needs() {
        assert_eq!(
            needs(".katex .mathnormal"),
            Needs::Class("mathnormal".into())
        );
        assert_eq!(needs("ul > LI.x:first-child"), Needs::Class("x".into()));
        assert_eq!(needs("blockquote p"), Needs::Name("p".into()));
        assert_eq!(needs("a :is(.b, .c)"), Needs::Nothing);
        assert_eq!(needs("[lang] *"), Needs::Nothing);
        assert_eq!(needs("svg|a"), Needs::Nothing);
        assert_eq!(needs("p a:hover "), Needs::Name("a".into()));
        assert_eq!(needs("p > ::after"), Needs::Nothing, "any child of p");
    }

    #[test]
    fn an_escaped_class_is_filed_unescaped() {
        // The class attribute holds `a:b`; the selector spells it `.a\:b`.
        assert_eq!(needs(".a\\:b"), Needs::Class("a:b".into()));
    }
}
