//! A chart's rows: CSV with a header row, every other cell a number, read
//! with the `csv` crate. The first column is x and each other column one
//! series named by its header; a histogram's every column is a series of
//! samples. Each problem names the CSV line it is on, all of them at once.

use super::spec::{Kind, Spec};

/// At most this many series: the stylesheet has a colour for each.
pub const MAX_SERIES: usize = 6;

/// The rows of a chart, checked against its settings.
#[derive(Debug)]
pub struct Data {
    /// The header row.
    pub names: Vec<String>,
    /// Every row's cells as written, for the table.
    pub cells: Vec<Vec<String>>,
    /// Every column's numbers.
    pub columns: Vec<Vec<f64>>,
}

/// A problem at a line of the CSV (1-based).
pub type LineProblem = (usize, String);

/// Reads `csv` for a chart set up by `spec`.
pub fn read(csv: &[u8], spec: &Spec) -> Result<Data, Vec<LineProblem>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv);
    let names: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(str::to_string).collect(),
        Err(e) => return Err(vec![(1, format!("chart data: {e}"))]),
    };
    let mut problems = header_problems(&names, spec.kind);
    let mut cells = Vec::new();
    let mut columns = vec![Vec::new(); names.len()];
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                problems.push(record_problem(&e, names.len()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        for (column, cell) in record.iter().enumerate() {
            match number(cell) {
                Some(value) => {
                    if let Some(problem) = log_problem(spec, column, value) {
                        problems.push((
                            line,
                            format!("column \"{}\": {cell} {problem}", names[column]),
                        ));
                    }
                    columns[column].push(value);
                }
                None => problems.push((
                    line,
                    format!("column \"{}\": \"{cell}\" is not a number", names[column]),
                )),
            }
        }
        cells.push(record.iter().map(str::to_string).collect());
    }
    if problems.is_empty() && cells.is_empty() {
        problems.push((
            1,
            "chart data: no rows: a header row, then at least one row of numbers".into(),
        ));
    }
    match problems.is_empty() {
        true => Ok(Data {
            names,
            cells,
            columns,
        }),
        false => Err(problems),
    }
}

/// What is wrong with the header row for a chart of `kind`.
fn header_problems(names: &[String], kind: Kind) -> Vec<LineProblem> {
    let series = match kind {
        Kind::Histogram => names.len(),
        _ => names.len().saturating_sub(1),
    };
    let unnamed = names.iter().position(|n| n.is_empty());
    let problem = if names.iter().all(|n| n.is_empty()) {
        "chart data: empty: a header row, then at least one row of numbers".to_string()
    } else if series == 0 {
        format!(
            "chart data: a {} chart needs an x column and at least one series column",
            kind.name()
        )
    } else if series > MAX_SERIES {
        format!("chart data: {series} series: a chart has at most {MAX_SERIES}")
    } else if let Some(i) = unnamed {
        format!("chart data: column {} has no name in the header row", i + 1)
    } else {
        return Vec::new();
    };
    vec![(1, problem)]
}

/// A CSV record the reader refused: a row with more or fewer cells than
/// the header has names, or bytes that are not UTF-8.
fn record_problem(e: &csv::Error, columns: usize) -> LineProblem {
    let line = e.position().map_or(0, |p| p.line() as usize);
    match e.kind() {
        csv::ErrorKind::UnequalLengths { len, .. } => (
            line,
            format!("chart data: this row has {len} values, the header names {columns} columns"),
        ),
        _ => (line, format!("chart data: {e}")),
    }
}

/// A cell as a finite number.
fn number(cell: &str) -> Option<f64> {
    cell.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Why `value` cannot sit on its axis, if it cannot: a log axis shows
/// only values above zero.
fn log_problem(spec: &Spec, column: usize, value: f64) -> Option<&'static str> {
    let log = match (spec.kind, column) {
        (Kind::Histogram, _) | (_, 0) => spec.x.log,
        _ => spec.y.log,
    };
    (log && value <= 0.0).then_some("is on a log axis: every value on it must be above 0")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: &str, extra: &str) -> Spec {
        toml::from_str(&format!("type = \"{kind}\"\ntitle = \"T\"\n{extra}")).unwrap()
    }

    fn problems(csv: &str, spec: &Spec) -> Vec<LineProblem> {
        read(csv.as_bytes(), spec).expect_err("the data is refused")
    }

    #[test]
    fn columns_are_read_as_numbers_and_cells_kept_as_written() {
        let data = read(b"batch, a , b\n1, 2.50,3\n2,4,1e3\n", &spec("line", "")).unwrap();
        assert_eq!(data.names, ["batch", "a", "b"]);
        assert_eq!(data.cells[0], ["1", "2.50", "3"]);
        assert_eq!(
            data.columns,
            [vec![1.0, 2.0], vec![2.5, 4.0], vec![3.0, 1000.0]]
        );
    }

    #[test]
    fn every_bad_cell_and_row_names_its_line() {
        let found = problems("x,y\n1,2\n2,abc\n3\n4,inf\n", &spec("line", ""));
        assert_eq!(
            found,
            [
                (3, "column \"y\": \"abc\" is not a number".to_string()),
                (
                    4,
                    "chart data: this row has 1 values, the header names 2 columns".to_string()
                ),
                (5, "column \"y\": \"inf\" is not a number".to_string()),
            ]
        );
    }

    #[test]
    fn empty_data_and_missing_columns_are_refused() {
        assert!(problems("", &spec("line", ""))[0].1.contains("empty"));
        assert!(problems("x,y\n", &spec("line", ""))[0]
            .1
            .contains("no rows"));
        assert!(problems("x\n1\n", &spec("scatter", ""))[0]
            .1
            .contains("at least one series"));
        assert!(read(b"ms\n1\n", &spec("histogram", "")).is_ok());
        assert!(problems("x,,z\n1,2,3\n", &spec("line", ""))[0]
            .1
            .contains("column 2 has no name"));
        let seven = "x,a,b,c,d,e,f,g\n1,1,1,1,1,1,1,1\n";
        assert!(problems(seven, &spec("line", ""))[0]
            .1
            .contains("at most 6"));
    }

    #[test]
    fn a_log_axis_refuses_zero_and_below() {
        let found = problems(
            "x,y\n1,2\n0,3\n2,-1\n",
            &spec("line", "x = { log = true }\n"),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 3);
        let found = problems(
            "x,y\n1,2\n0,3\n2,-1\n",
            &spec("line", "y = { log = true }\n"),
        );
        assert_eq!(found[0].0, 4);
        assert!(found[0].1.contains("log axis"), "{:?}", found);
    }
}
