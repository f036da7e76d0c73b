//! Charts from data: a ```` ```chart ```` block (TOML settings, then its
//! rows in a CSV file beside the post or below a `+++` line) drawn at
//! build time into inline SVG, with its data as a table. The steps, one
//! file each: `spec` reads the settings, `data` the rows, `bins` counts a
//! histogram's samples, `marks` decides what to draw, `draw` lays it out
//! with plotters, `rewrite` turns its colours into classes and adds the
//! title and description, `table` writes the data. It stops at HTML: where
//! the block sits in a post, and which file is beside it, is the markdown
//! pass's (`markdown::charts`).

mod bins;
mod colours;
mod data;
mod draw;
mod marks;
mod number;
mod rewrite;
mod spec;
mod table;

use data::Data;
use maud::{html, PreEscaped};
use spec::{Kind, Rows, Spec};

/// A chart: the page's figure and the feed's.
pub struct Figure {
    pub page: String,
    pub feed: String,
}

/// Something wrong with a chart block, and where.
#[derive(Debug)]
pub struct Problem {
    pub place: Place,
    pub message: String,
}

#[derive(Debug, PartialEq)]
pub enum Place {
    /// At this byte of the block's text.
    Block(usize),
    /// At this line (1-based) of the data file named.
    File(String, usize),
}

impl Problem {
    fn in_block(offset: usize, message: String) -> Problem {
        Problem {
            place: Place::Block(offset),
            message,
        }
    }

    /// The line of `block` the problem is at (1-based), for tests.
    #[cfg(test)]
    fn line_in(&self, block: &str) -> usize {
        match self.place {
            Place::Block(offset) => crate::source::line_at(block, offset),
            Place::File(_, line) => line,
        }
    }
}

/// The chart `block` describes. `file` finds a data file beside the post
/// by the name the block gives it.
pub fn render<'f>(
    block: &str,
    file: impl Fn(&str) -> Option<&'f [u8]>,
) -> Result<Figure, Vec<Problem>> {
    let (spec, rows) = spec::parse(block)?;
    let data = match rows {
        Rows::File(name) => {
            let bytes = file(&name).ok_or_else(|| {
                vec![Problem::in_block(
                    spec::key_offset(block, "data"),
                    format!("chart: data \"{name}\": no such file beside the post (a post with files is posts/<name>/index.md, its files next to it)"),
                )]
            })?;
            data::read(bytes, &spec).map_err(|found| {
                found
                    .into_iter()
                    .map(|(line, message)| Problem {
                        place: Place::File(name.clone(), line),
                        message,
                    })
                    .collect::<Vec<_>>()
            })?
        }
        Rows::Inline { csv, offset } => data::read(csv.as_bytes(), &spec).map_err(|found| {
            found
                .into_iter()
                .map(|(line, message)| Problem::in_block(offset + line_offset(csv, line), message))
                .collect::<Vec<_>>()
        })?,
    };
    let (marks, grid) = match spec.kind {
        Kind::Histogram => {
            let bins = bins::count(&data.columns, spec.bins.unwrap_or(spec::BINS), spec.x.log);
            (
                marks::of_bins(&spec, &data.names, &bins),
                table::of_bins(&spec.x.label, &data.names, &bins),
            )
        }
        Kind::Line | Kind::Bar | Kind::Scatter => {
            (marks::of_rows(&spec, &data), table::of_rows(&data))
        }
    };
    let desc = description(&spec, &data);
    let svg = rewrite::rewrite(&draw::svg(&spec, &marks), &spec.title, &desc);
    let table = table::table(&grid);
    let page = html! {
        figure.chart {
            (PreEscaped(svg))
            figcaption { (spec.title) }
            details.chart-data {
                summary { "The data" }
                (table)
            }
        }
    };
    let feed = html! {
        figure {
            figcaption { (spec.title) }
            (table)
        }
    };
    Ok(Figure {
        page: page.into_string() + "\n",
        feed: feed.into_string() + "\n",
    })
}

/// The chart in words, for `<desc>`: what is plotted against what, and
/// where the numbers are.
fn description(spec: &Spec, data: &Data) -> String {
    let axis = |axis: &spec::Axis, fallback: &str| {
        let label = match axis.label.trim() {
            "" => fallback,
            label => label,
        };
        match axis.log {
            true => format!("{label} (log scale)"),
            false => label.to_string(),
        }
    };
    let rows = data.cells.len();
    match spec.kind {
        Kind::Histogram => format!(
            "Histogram of {rows} samples ({}): how many fall in each bin of {}; the counts are in the table of the data.",
            data.names.join(", "),
            axis(&spec.x, "the value"),
        ),
        kind => format!(
            "{} chart of {} against {}, {rows} rows, series: {}; the numbers are in the table of the data.",
            capitalised(kind.name()),
            axis(&spec.y, "the value"),
            axis(&spec.x, &data.names[0]),
            data.names[1..].join(", "),
        ),
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The offset in `text` of the start of line `line` (1-based).
fn line_offset(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum()
}
