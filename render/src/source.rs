//! One input file as build.rs found it, and where in it a byte is: every
//! error message names `file:line`, and each stage that reports one finds
//! the line here; a stage reports all of its problems at once, sorted by
//! file and line, so a writer fixes them in one pass.

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

/// Fails with every one of `problems`, one `file:line: message` per line,
/// sorted by file and then line (a line that names no number sorts first
/// in its file); `Ok` when there are none.
pub(crate) fn fail_with_all(problems: Vec<anyhow::Error>) -> anyhow::Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let text: Vec<String> = problems.iter().map(|e| format!("{e:#}")).collect();
    let mut lines: Vec<&str> = text.iter().flat_map(|t| t.lines()).collect();
    lines.sort_by_key(|line| {
        let mut parts = line.splitn(3, ':');
        let file = parts.next().unwrap_or_default();
        let number: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        (file, number)
    });
    anyhow::bail!("{}", lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_come_all_at_once_sorted_by_file_then_line() {
        let problems = vec![
            anyhow::anyhow!("posts/b.md:3: third"),
            anyhow::anyhow!("posts/a.md:12: second\nposts/a.md:2: first"),
            anyhow::anyhow!("posts/b.md: no line"),
        ];
        let error = fail_with_all(problems).unwrap_err().to_string();
        assert_eq!(
            error,
            "posts/a.md:2: first\nposts/a.md:12: second\nposts/b.md: no line\nposts/b.md:3: third"
        );
        assert!(fail_with_all(Vec::new()).is_ok());
    }
}
