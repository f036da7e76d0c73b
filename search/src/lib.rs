//! Full-text search of phasespace's posts, answered by the server from an
//! index the build wrote: both halves live here, so the build and the
//! server cut text into words the same way (`words`) and read the same
//! bytes (`index`). `query` parses what a reader typed, `matching` ranks
//! the posts (BM25, stems, phrases, tags, one typo), `snippet` and `html`
//! write the results as the fragment of a page. Pure functions over
//! bytes: no I/O, no HTTP (the server's `search` module), no page layout
//! (the build renders the page around the fragment).

#![forbid(unsafe_code)]

mod html;
mod index;
mod matching;
mod query;
mod snippet;
mod words;

pub use html::{bad_page, escape, refused, results};
pub use index::{analyse, assemble, write, Document, Error, Field, Index};
pub use matching::{find, Found, Hit, LAST_PAGE, PER_PAGE};
pub use query::{parse, Query, Refused, LONGEST_QUERY, MOST_TERMS};
