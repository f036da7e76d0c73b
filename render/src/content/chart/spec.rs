//! A chart block's settings: the TOML at the top of a ```` ```chart ````
//! block, read into a `Spec`, and where its data is (a file beside the
//! post, or rows below a `+++` line). Unknown keys and kinds are errors
//! with the line they are on; whether the data fits the settings is
//! `data`'s to say.

use super::Problem;
use serde::Deserialize;

/// What a chart block asks for.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    #[serde(rename = "type")]
    pub kind: Kind,
    pub title: String,
    #[serde(default)]
    pub x: Axis,
    #[serde(default)]
    pub y: Axis,
    /// A CSV file beside the post.
    pub data: Option<String>,
    /// For histograms: how many bins (`BINS` if not given).
    pub bins: Option<usize>,
}

/// How many bins a histogram has unless its block says.
pub const BINS: usize = 20;

/// The kinds of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One line per series through its points, in the order of x.
    Line,
    /// Bars from zero, the series side by side at each x.
    Bar,
    /// One dot per row and series.
    Scatter,
    /// Every column a series of samples, counted in bins.
    Histogram,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Line => "line",
            Kind::Bar => "bar",
            Kind::Scatter => "scatter",
            Kind::Histogram => "histogram",
        }
    }
}

/// One axis: its label and whether its scale is logarithmic.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub log: bool,
}

/// Where a chart's rows are.
pub enum Rows<'b> {
    /// The file named by `data`.
    File(String),
    /// Below the `+++` line, starting at this byte of the block.
    Inline { csv: &'b str, offset: usize },
}

/// The settings of `block` (a chart block's text) and where its data is.
pub fn parse(block: &str) -> Result<(Spec, Rows<'_>), Vec<Problem>> {
    let (toml_part, inline) = split(block);
    let spec: Spec = toml::from_str(toml_part).map_err(|e| {
        vec![Problem::in_block(
            e.span().map_or(0, |s| s.start),
            format!("chart: {}", e.message().trim_end()),
        )]
    })?;
    let mut problems = Vec::new();
    let rows = match (&spec.data, inline) {
        (Some(file), None) => Some(Rows::File(file.clone())),
        (None, Some((csv, offset))) => Some(Rows::Inline { csv, offset }),
        (Some(_), Some(_)) => {
            problems.push(Problem::in_block(
                key_offset(block, "data"),
                "chart: both `data = \"…\"` and rows below `+++`: keep one".into(),
            ));
            None
        }
        (None, None) => {
            problems.push(Problem::in_block(
                0,
                "chart: no data: name a CSV file beside the post (`data = \"file.csv\"`) or write its rows below a `+++` line".into(),
            ));
            None
        }
    };
    if spec.title.trim().is_empty() {
        problems.push(Problem::in_block(
            key_offset(block, "title"),
            "chart: `title` is empty: it is the chart's caption and its accessible name".into(),
        ));
    }
    if spec.bins == Some(0) || (spec.bins.is_some() && spec.kind != Kind::Histogram) {
        problems.push(Problem::in_block(
            key_offset(block, "bins"),
            format!(
                "chart: `bins` is for histograms, at least 1 (this is a {} chart)",
                spec.kind.name()
            ),
        ));
    }
    if spec.y.log && matches!(spec.kind, Kind::Bar | Kind::Histogram) {
        problems.push(Problem::in_block(
            key_offset(block, "y"),
            format!(
                "chart: a {} chart's bars start at zero, which a log y axis cannot show",
                spec.kind.name()
            ),
        ));
    }
    match rows {
        Some(rows) if problems.is_empty() => Ok((spec, rows)),
        _ => Err(problems),
    }
}

/// The TOML part of `block`, and the CSV part with its offset if the block
/// has a `+++` line.
fn split(block: &str) -> (&str, Option<(&str, usize)>) {
    let mut start = 0;
    for line in block.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let after = start + line.len();
            return (&block[..start], Some((&block[after..], after)));
        }
        start += line.len();
    }
    (block, None)
}

/// The offset of the line that sets `key`, or 0.
pub fn key_offset(block: &str, key: &str) -> usize {
    let mut start = 0;
    for line in block.split_inclusive('\n') {
        let rest = line.trim_start();
        if rest
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with('='))
        {
            return start;
        }
        start += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(block: &str) -> (usize, String) {
        let problems = parse(block).err().expect("the block is refused");
        (problems[0].line_in(block), problems[0].message.clone())
    }

    #[test]
    fn a_file_or_inline_rows_but_one_of_them() {
        let (spec, rows) = parse("type = \"line\"\ntitle = \"T\"\ndata = \"a.csv\"\n").unwrap();
        assert_eq!(spec.kind, Kind::Line);
        assert!(matches!(rows, Rows::File(f) if f == "a.csv"));
        let block = "type = \"bar\"\ntitle = \"T\"\n+++\nx,y\n1,2\n";
        let (_, rows) = parse(block).unwrap();
        assert!(matches!(
            rows,
            Rows::Inline {
                csv: "x,y\n1,2\n",
                offset: 29
            }
        ));
        assert_eq!(
            problem("type = \"bar\"\ntitle = \"T\"\ndata = \"a.csv\"\n+++\nx,y\n").0,
            3
        );
        assert!(problem("type = \"bar\"\ntitle = \"T\"\n")
            .1
            .contains("no data"));
    }

    #[test]
    fn unknown_kinds_and_keys_name_their_line() {
        let (line, message) = problem("title = \"T\"\ntype = \"pie\"\ndata = \"a.csv\"\n");
        assert_eq!(line, 2);
        assert!(message.contains("unknown variant `pie`"), "{message}");
        let (line, message) = problem("type = \"line\"\ntitle = \"T\"\ncolour = \"red\"\n");
        assert_eq!(line, 3);
        assert!(message.contains("unknown field `colour`"), "{message}");
    }

    #[test]
    fn settings_that_cannot_be_drawn_are_refused() {
        let (line, message) =
            problem("type = \"bar\"\ntitle = \"T\"\ny = { log = true }\ndata = \"a.csv\"\n");
        assert_eq!(line, 3);
        assert!(message.contains("log y axis"), "{message}");
        assert!(
            problem("type = \"line\"\ntitle = \"T\"\nbins = 4\ndata = \"a.csv\"\n")
                .1
                .contains("for histograms")
        );
        assert!(
            problem("type = \"line\"\ntitle = \" \"\ndata = \"a.csv\"\n")
                .1
                .contains("`title` is empty")
        );
    }
}
