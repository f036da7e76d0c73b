//! Jekyll's Liquid in a post: `{% post_url NAME %}` becomes the address
//! Jekyll gave that post (an old address here, which the build takes as a
//! link to the post), and every other Liquid tag or output outside code is
//! reported at its line, since nothing here runs Liquid.

use crate::markdown::{self, Located};
use pulldown_cmark::Event;
use regex::Regex;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

static POST_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{%-?\s*post_url\s+(\S+?)\s*-?%\}").expect("the pattern is valid")
});
static LIQUID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{%.*?%\}|\{\{.*?\}\}").expect("the pattern is valid"));

/// `text` with each `post_url` of a post in `addresses` (by file stem, as
/// Jekyll names them) replaced by its address, and the lines and messages
/// of the Liquid left.
pub fn rewrite(text: &str, addresses: &BTreeMap<String, String>) -> (String, Vec<(usize, String)>) {
    let mut left = Vec::new();
    let code = code_spans(text);
    let rewritten = POST_URL.replace_all(text, |c: &regex::Captures| {
        let whole = c.get(0).expect("a match has group 0");
        match addresses.get(&c[1]) {
            Some(address) if !inside(&code, whole.start()) => address.clone(),
            _ => whole.as_str().to_string(),
        }
    });
    let code = code_spans(&rewritten);
    for m in LIQUID.find_iter(&rewritten) {
        let offset = m.start();
        if !inside(&code, offset) {
            left.push((
                markdown::line(&rewritten, offset),
                format!(
                    "not carried: Liquid `{}` (nothing here runs Liquid)",
                    m.as_str()
                ),
            ));
        }
    }
    (rewritten.into_owned(), left)
}

/// Whether byte `offset` is in one of the `spans`.
fn inside(spans: &[Range<usize>], offset: usize) -> bool {
    spans.iter().any(|span| span.contains(&offset))
}

/// The byte ranges of `text` that are code, where Liquid is only shown.
fn code_spans(text: &str) -> Vec<Range<usize>> {
    markdown::events(text)
        .into_iter()
        .filter(|Located { event, in_code, .. }| *in_code || matches!(event, Event::Code(_)))
        .map(|located| located.range)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_url_becomes_the_old_address_and_other_liquid_is_reported() {
        let addresses = BTreeMap::from([(
            "2011-04-27-cifar".to_string(),
            "/2011/04/27/cifar/".to_string(),
        )]);
        let text =
            "See [it]({% post_url 2011-04-27-cifar %}).\n\n{% include x.html %}\n\n`{{ shown }}`\n";
        let (out, left) = rewrite(text, &addresses);
        assert!(out.starts_with("See [it](/2011/04/27/cifar/)."), "{out}");
        assert_eq!(
            left,
            [(
                3,
                "not carried: Liquid `{% include x.html %}` (nothing here runs Liquid)".to_string()
            )]
        );
    }
}
