//! The page of results as HTML, the fragment the server writes between
//! the page's head and foot (both rendered by the build): the search box
//! holding the query, how many posts match, each result's heading (HTML
//! the build rendered) and snippet, links to the other pages; for no
//! result, what to try instead. Everything that comes from the query is
//! escaped here, and everything from the index was escaped by the build
//! or is escaped by `snippet`.

use crate::index::Index;
use crate::matching::{find, LAST_PAGE, PER_PAGE};
use crate::query::{Query, Refused, LONGEST_QUERY, MOST_TERMS};
use crate::snippet::snippet;
use std::fmt::Write;

/// Appends `text` to `out`, escaped for HTML text and attribute values.
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Appends `text` percent-encoded for a query string's value.
fn encode(text: &str, out: &mut String) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// The search box, holding `text`.
fn form(text: &str, out: &mut String) {
    out.push_str(
        "<form class=\"search-box\" role=\"search\" action=\"/search\" method=\"get\">\
         <label for=\"search-query\">Search the posts</label>\
         <input id=\"search-query\" type=\"search\" name=\"q\" value=\"",
    );
    escape(text, out);
    out.push_str("\"><button type=\"submit\">Search</button></form>");
}

/// The fragment answering `query` (typed as `text`) on page `page`.
pub fn results(index: &Index, text: &str, query: &Query, page: usize, out: &mut String) {
    form(text, out);
    if query.is_empty() {
        out.push_str(
            "<p class=\"search-summary\">Type a word or two above: forms of a word \
             are found (<i>caching</i> finds <i>cache</i>), \"quoted words\" as a phrase, \
             <code>tag:name</code> within a tag.</p>",
        );
        out.push_str(index.suggestions);
        return;
    }
    let found = find(index, query, page);
    let pages = found.total.div_ceil(PER_PAGE).min(LAST_PAGE);
    if found.hits.is_empty() {
        out.push_str("<p class=\"search-summary\">");
        if found.total == 0 {
            out.push_str("No post matches <q>");
            escape(text, out);
            out.push_str(
                "</q>.</p><p>Every word must be in a post: try fewer words, another \
                 spelling, or one of the tags.</p>",
            );
            out.push_str(index.suggestions);
        } else {
            let _ = write!(out, "There is no page {page} of these results. ");
            page_link(text, 1, None, "See the first page", out);
            out.push_str(".</p>");
        }
        return;
    }
    out.push_str("<p class=\"search-summary\">");
    let posts = if found.total == 1 { "post" } else { "posts" };
    let verb = if found.total == 1 { "matches" } else { "match" };
    let _ = write!(out, "{} {posts} {verb} <q>", found.total);
    escape(text, out);
    out.push_str("</q>");
    if pages > 1 {
        let _ = write!(out, " (page {page} of {pages})");
    }
    out.push_str(".</p>");
    if found.cut_short {
        out.push_str("<p>The search stopped early: more specific words find the rest.</p>");
    }
    let first = (page - 1) * PER_PAGE + 1;
    let _ = write!(out, "<ol class=\"search-results\" start=\"{first}\">");
    for hit in &found.hits {
        let Some(record) = index.record(hit.doc) else {
            continue;
        };
        out.push_str("<li>");
        out.push_str(record.head);
        out.push_str("<p class=\"search-snippet\">");
        let anchor = hit.anchor.map(|a| a as usize);
        snippet(record.text, record.snippet_from, anchor, &found.marked, out);
        out.push_str("</p></li>");
    }
    out.push_str("</ol>");
    if pages > 1 {
        out.push_str("<nav class=\"search-pages\" aria-label=\"Pages of results\">");
        if page > 1 {
            page_link(text, page - 1, Some("prev"), "← Better matches", out);
        }
        if page < pages {
            page_link(text, page + 1, Some("next"), "More results →", out);
        }
        out.push_str("</nav>");
    }
}

/// A link to page `page` of the results for `text`.
fn page_link(text: &str, page: usize, rel: Option<&str>, label: &str, out: &mut String) {
    out.push_str("<a ");
    if let Some(rel) = rel {
        let _ = write!(out, "rel=\"{rel}\" ");
    }
    out.push_str("href=\"/search?q=");
    encode(text, out);
    if page > 1 {
        let _ = write!(out, "&amp;page={page}");
    }
    let _ = write!(out, "\">{label}</a>");
}

/// The fragment saying why a query was refused.
pub fn refused(reason: Refused, out: &mut String) {
    form("", out);
    let _ = match reason {
        Refused::TooLong => write!(
            out,
            "<p class=\"search-summary\">That search is too long: at most {LONGEST_QUERY} \
             characters are read. A few distinctive words find more.</p>"
        ),
        Refused::TooManyTerms => write!(
            out,
            "<p class=\"search-summary\">That search has too many words: at most \
             {MOST_TERMS} words and tags are read. A few distinctive words find more.</p>"
        ),
    };
}

/// The fragment for a request whose page number is no page.
pub fn bad_page(out: &mut String) {
    form("", out);
    let _ = write!(
        out,
        "<p class=\"search-summary\">Pages of results are numbered from 1 to \
         {LAST_PAGE}.</p>"
    );
}
