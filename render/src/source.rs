//! One input file as build.rs found it, and where in it a byte is: every
//! error message names `file:line`, and each stage that reports one finds
//! the line here.

/// One input file: its path relative to the repository root (used in every
/// error message) and its content.
pub struct Source<T> {
    pub path: String,
    pub content: T,
}

/// The 1-based line of `text` that holds byte `offset`.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
