//! The data behind a chart as a real table: on the page inside a
//! `<details>` the reader can open, in the feed as it is (feed readers
//! load no stylesheet, and the SVG without one has no colours). A line,
//! bar or scatter chart shows its rows as written; a histogram its bins.

use super::bins::Bins;
use super::data::Data;
use super::number::short;
use maud::{html, Markup};

/// A table's header and rows of text.
pub struct Grid {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The rows as written.
pub fn of_rows(data: &Data) -> Grid {
    Grid {
        head: data.names.clone(),
        rows: data.cells.clone(),
    }
}

/// One row per bin: its range and each series' count in it.
pub fn of_bins(x_label: &str, names: &[String], bins: &Bins) -> Grid {
    let first = match x_label.trim() {
        "" => "bin".to_string(),
        label => label.to_string(),
    };
    let rows = bins
        .edges
        .windows(2)
        .enumerate()
        .map(|(i, edge)| {
            let range = format!("{} – {}", short(edge[0]), short(edge[1]));
            std::iter::once(range)
                .chain(bins.counts.iter().map(|counts| counts[i].to_string()))
                .collect()
        })
        .collect();
    Grid {
        head: std::iter::once(first)
            .chain(names.iter().cloned())
            .collect(),
        rows,
    }
}

/// The table's markup.
pub fn table(grid: &Grid) -> Markup {
    html! {
        table {
            thead { tr { @for name in &grid.head { th scope="col" { (name) } } } }
            tbody {
                @for row in &grid.rows {
                    tr { @for cell in row { td { (cell) } } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_s_table_lists_its_bins() {
        let bins = Bins {
            edges: vec![0.0, 0.5, 1.0],
            counts: vec![vec![3, 1]],
        };
        let grid = of_bins("ms", &["GET /".to_string()], &bins);
        assert_eq!(
            table(&grid).into_string(),
            "<table><thead><tr><th scope=\"col\">ms</th><th scope=\"col\">GET /</th></tr></thead>\
             <tbody><tr><td>0 – 0.5</td><td>3</td></tr><tr><td>0.5 – 1</td><td>1</td></tr></tbody></table>"
        );
    }
}
