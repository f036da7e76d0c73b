//! A code fence's info string, in Zola's syntax so posts move over
//! unchanged: the language first, then options separated by commas
//! (` ```rust,linenos,hl_lines=3 5-7,name=src/main.rs `). A language
//! `diff-<lang>` marks `+`/`-` lines and highlights the rest as `<lang>`.
//! Anything it does not know is a mistake to report, never ignored: a typo
//! must not drop an option silently. Pure: the caller adds `file:line`.

use std::ops::RangeInclusive;

/// What a fence asks for.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Fence {
    /// The language as written (`rust`, `diff-rust`), if any.
    pub language: Option<String>,
    /// `linenos`: number the lines.
    pub linenos: bool,
    /// `linenostart=N`: the first line's number (1 unless given).
    pub linenostart: Option<usize>,
    /// `hl_lines=3 5-7`: lines to highlight, counted from the block's first.
    pub hl_lines: Vec<RangeInclusive<usize>>,
    /// `name=src/main.rs`: the file name shown above the block.
    pub name: Option<String>,
}

/// The options a fence knows, for the message about one it does not.
const KNOWN: &str = "linenos, linenostart=N, hl_lines=3 5-7, name=FILE";

impl Fence {
    /// Reads `info`; on failure, every problem it has.
    pub fn parse(info: &str) -> Result<Fence, Vec<String>> {
        let mut fence = Fence::default();
        let mut problems = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (i, token) in info.split(',').map(str::trim).enumerate() {
            let (key, value) = match token.split_once('=') {
                Some((key, value)) => (key.trim(), Some(value.trim())),
                None => (token, None),
            };
            let known = ["linenos", "linenostart", "hl_lines", "name"].contains(&key);
            if known && seen.contains(&key) {
                problems.push(format!("code block option `{key}` is given twice"));
                continue;
            }
            seen.push(key);
            let result = match (key, value) {
                // An empty info string, or a comma too many.
                ("", None) => Ok(()),
                (_, None) if i == 0 && !known && !token.contains(char::is_whitespace) => {
                    fence.language = Some(token.to_string());
                    Ok(())
                }
                ("linenos", None) => {
                    fence.linenos = true;
                    Ok(())
                }
                ("linenos", Some(_)) => Err("`linenos` takes no value".to_string()),
                // At most u32::MAX, so that no line's number overflows.
                ("linenostart", Some(n)) => n
                    .parse::<u32>()
                    .map(|n| fence.linenostart = Some(n as usize))
                    .map_err(|_| format!("`linenostart={n}`: not a line number")),
                ("hl_lines", Some(ranges)) if !ranges.is_empty() => {
                    parse_ranges(ranges).map(|ranges| fence.hl_lines = ranges)
                }
                ("name", Some(name)) if !name.is_empty() => {
                    fence.name = Some(name.to_string());
                    Ok(())
                }
                ("linenostart" | "hl_lines" | "name", _) => Err(format!(
                    "code block option `{key}` needs a value (`{key}=…`)"
                )),
                _ => Err(format!(
                    "unknown code block option `{token}` (options: {KNOWN}, separated by commas)"
                )),
            };
            problems.extend(result.err());
        }
        if fence.linenostart.is_some() && !fence.linenos {
            problems.push("`linenostart` without `linenos`: add `linenos`".to_string());
        }
        if problems.is_empty() {
            Ok(fence)
        } else {
            Err(problems)
        }
    }

    /// The language `diff-<lang>` highlights its lines as.
    pub fn diff_of(&self) -> Option<&str> {
        self.language
            .as_deref()?
            .strip_prefix("diff-")
            .filter(|lang| !lang.is_empty())
    }

    /// The language to highlight with: `<lang>` for `diff-<lang>`.
    pub fn highlight_as(&self) -> Option<&str> {
        self.diff_of().or(self.language.as_deref())
    }

    /// Whether every line must be its own element: to number, highlight
    /// or mark it.
    pub fn by_line(&self) -> bool {
        self.linenos || !self.hl_lines.is_empty() || self.diff_of().is_some()
    }

    /// Which of a block's `count` lines are highlighted (`hl_lines`), or
    /// every line number that names no line of it.
    pub fn highlighted(&self, count: usize) -> Result<Vec<bool>, Vec<String>> {
        let mut marked = vec![false; count];
        let mut problems = Vec::new();
        for range in &self.hl_lines {
            if *range.end() > count {
                problems.push(format!(
                    "`hl_lines`: line {} is past the block's last line ({count})",
                    range.end()
                ));
                continue;
            }
            for line in range.clone() {
                marked[line - 1] = true;
            }
        }
        if problems.is_empty() {
            Ok(marked)
        } else {
            Err(problems)
        }
    }
}

/// `3 5-7`: line numbers and ranges separated by spaces, each counted
/// from 1 and in order.
fn parse_ranges(text: &str) -> Result<Vec<RangeInclusive<usize>>, String> {
    let number = |n: &str| {
        n.parse::<usize>()
            .map_err(|_| format!("`hl_lines`: `{n}` is not a line number"))
            .and_then(|n| match n {
                0 => Err("`hl_lines`: lines count from 1, not 0".to_string()),
                n => Ok(n),
            })
    };
    text.split_whitespace()
        .map(|item| {
            let (first, last) = match item.split_once('-') {
                Some((first, last)) => (number(first)?, number(last)?),
                None => (number(item)?, number(item)?),
            };
            if first > last {
                return Err(format!(
                    "`hl_lines`: `{item}` runs backwards (write `{last}-{first}`)"
                ));
            }
            Ok(first..=last)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(info: &str) -> Fence {
        Fence::parse(info).unwrap_or_else(|e| panic!("{info:?}: {e:?}"))
    }

    fn problems(info: &str) -> Vec<String> {
        Fence::parse(info).expect_err(info)
    }

    #[test]
    fn every_option_of_zolas_example() {
        assert_eq!(
            parse("rust,linenos,hl_lines=3 5-7,name=src/main.rs"),
            Fence {
                language: Some("rust".into()),
                linenos: true,
                linenostart: None,
                hl_lines: vec![3..=3, 5..=7],
                name: Some("src/main.rs".into()),
            }
        );
        assert_eq!(
            parse("python, linenos , linenostart=40").linenostart,
            Some(40)
        );
    }

    #[test]
    fn a_bare_language_or_nothing_is_a_plain_fence() {
        assert_eq!(parse("python").language.as_deref(), Some("python"));
        assert_eq!(parse(""), Fence::default());
        assert!(!parse("rust").by_line());
        assert!(!parse("diff").by_line(), "plain diff stays as it was");
        assert!(!parse("rust,name=a.rs").by_line());
    }

    #[test]
    fn options_without_a_language() {
        let fence = parse("linenos,hl_lines=2");
        assert_eq!(fence.language, None);
        assert!(fence.linenos && fence.by_line());
        assert_eq!(parse(",name=notes.txt").name.as_deref(), Some("notes.txt"));
    }

    #[test]
    fn diff_with_a_language_highlights_as_that_language() {
        let fence = parse("diff-rust");
        assert_eq!(fence.diff_of(), Some("rust"));
        assert_eq!(fence.highlight_as(), Some("rust"));
        assert!(fence.by_line());
        assert_eq!(parse("diff").highlight_as(), Some("diff"));
        assert_eq!(parse("diff-").diff_of(), None);
    }

    #[test]
    fn highlighted_lines_are_counted_from_the_block_s_first() {
        let fence = parse("rust,hl_lines=1 3-4");
        assert_eq!(
            fence.highlighted(5).unwrap(),
            [true, false, true, true, false]
        );
        assert_eq!(
            fence.highlighted(3).unwrap_err(),
            ["`hl_lines`: line 4 is past the block's last line (3)"]
        );
    }

    #[test]
    fn every_mistake_is_named() {
        for (info, problem) in [
            (
                "rust,ignore",
                "unknown code block option `ignore` (options: linenos, linenostart=N, hl_lines=3 5-7, name=FILE, separated by commas)",
            ),
            ("python {.wide}", "unknown code block option `python {.wide}`"),
            ("rust,lineno", "unknown code block option `lineno`"),
            ("rust,hide_lines=2", "unknown code block option `hide_lines=2`"),
            ("rust,hl_lines=x", "`hl_lines`: `x` is not a line number"),
            ("rust,hl_lines=0", "`hl_lines`: lines count from 1, not 0"),
            ("rust,hl_lines=2-", "`hl_lines`: `` is not a line number"),
            ("rust,hl_lines=7-5", "`hl_lines`: `7-5` runs backwards (write `5-7`)"),
            ("rust,hl_lines=", "code block option `hl_lines` needs a value"),
            ("rust,name=", "code block option `name` needs a value"),
            ("rust,linenos=yes", "`linenos` takes no value"),
            ("rust,linenos,linenostart=x", "`linenostart=x`: not a line number"),
            (
                "rust,linenos,linenostart=99999999999999999999",
                "`linenostart=99999999999999999999`: not a line number",
            ),
            ("rust,linenostart=3", "`linenostart` without `linenos`: add `linenos`"),
            ("rust,linenos,linenos", "code block option `linenos` is given twice"),
        ] {
            let found = problems(info);
            assert!(
                found.len() == 1 && found[0].starts_with(problem),
                "{info:?}: {found:?}"
            );
        }
    }

    #[test]
    fn all_problems_of_a_fence_at_once() {
        assert_eq!(problems("rust,wide,hl_lines=0,name=").len(), 3);
    }
}
