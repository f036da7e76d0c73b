//! What a chart draws, in data coordinates: a line, dots or bars per
//! series, and the ranges its axes span. Bars share their x: the series
//! stand side by side in 80% of the narrowest gap between neighbouring
//! x values (in log space on a log axis); a histogram's bars fill their bin.

use super::bins::Bins;
use super::data::Data;
use super::spec::{Kind, Spec};

/// A series' marks.
pub enum Shape {
    Line(Vec<(f64, f64)>),
    Dots(Vec<(f64, f64)>),
    /// Corners: (left, 0) and (right, height).
    Bars(Vec<[(f64, f64); 2]>),
}

pub struct Series {
    pub name: String,
    pub shape: Shape,
}

/// Everything the drawing needs.
pub struct Marks {
    pub series: Vec<Series>,
    pub x: (f64, f64),
    pub y: (f64, f64),
}

/// The marks of a line, bar or scatter chart of `data`.
pub fn of_rows(spec: &Spec, data: &Data) -> Marks {
    let xs = &data.columns[0];
    let columns = data.names[1..].iter().zip(&data.columns[1..]);
    let series: Vec<Series> = match spec.kind {
        Kind::Bar => {
            let half = half_gap(xs, spec.x.log) * 0.8;
            let n = data.columns.len() - 1;
            columns
                .enumerate()
                .map(|(k, (name, ys))| {
                    let bars = xs
                        .iter()
                        .zip(ys)
                        .map(|(&x, &y)| {
                            let (left, right) = share(x, half, k, n, spec.x.log);
                            [(left, 0.0), (right, y)]
                        })
                        .collect();
                    Series {
                        name: name.clone(),
                        shape: Shape::Bars(bars),
                    }
                })
                .collect()
        }
        Kind::Line | Kind::Scatter | Kind::Histogram => columns
            .map(|(name, ys)| {
                let points = xs.iter().copied().zip(ys.iter().copied()).collect();
                let shape = match spec.kind {
                    Kind::Line => Shape::Line(points),
                    _ => Shape::Dots(points),
                };
                Series {
                    name: name.clone(),
                    shape,
                }
            })
            .collect(),
    };
    with_ranges(series, spec)
}

/// The marks of a histogram: its bins as bars.
pub fn of_bins(spec: &Spec, names: &[String], bins: &Bins) -> Marks {
    let n = bins.counts.len();
    let series = names
        .iter()
        .zip(&bins.counts)
        .enumerate()
        .map(|(k, (name, counts))| {
            let bars = bins
                .edges
                .windows(2)
                .zip(counts)
                .map(|(edge, &count)| {
                    let (lo, hi) = (to(edge[0], spec.x.log), to(edge[1], spec.x.log));
                    let width = (hi - lo) / n as f64;
                    let left = from(lo + width * k as f64, spec.x.log);
                    let right = from(lo + width * (k + 1) as f64, spec.x.log);
                    [(left, 0.0), (right, count as f64)]
                })
                .collect();
            Series {
                name: name.clone(),
                shape: Shape::Bars(bars),
            }
        })
        .collect();
    with_ranges(series, spec)
}

/// Bars start at zero; lines and dots get a twentieth of their span
/// around them; an empty span (one value) one unit, or a factor on a log
/// axis.
fn with_ranges(series: Vec<Series>, spec: &Spec) -> Marks {
    let points = || {
        series.iter().flat_map(|s| match &s.shape {
            Shape::Line(p) | Shape::Dots(p) => p.clone(),
            Shape::Bars(b) => b.iter().flat_map(|&[a, b]| [a, b]).collect(),
        })
    };
    let bars = matches!(spec.kind, Kind::Bar | Kind::Histogram);
    let (x_lo, x_hi) = span(points().map(|p| p.0));
    let (y_lo, y_hi) = span(points().map(|p| p.1));
    let x = match bars {
        true => (x_lo, x_hi),
        false => pad(x_lo, x_hi, spec.x.log),
    };
    let y = match bars {
        true => (y_lo.min(0.0), pad(y_lo, y_hi, false).1.max(0.0)),
        false => pad(y_lo, y_hi, spec.y.log),
    };
    Marks { series, x, y }
}

fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

fn pad(lo: f64, hi: f64, log: bool) -> (f64, f64) {
    let (lo, hi) = (to(lo, log), to(hi, log));
    let room = if hi > lo { (hi - lo) / 20.0 } else { 1.0 };
    (from(lo - room, log), from(hi + room, log))
}

/// Half the narrowest gap between neighbouring distinct `xs`, in log
/// space if `log`; one half for a single x.
fn half_gap(xs: &[f64], log: bool) -> f64 {
    let mut sorted: Vec<f64> = xs.iter().map(|&x| to(x, log)).collect();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    let gap = sorted
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::INFINITY, f64::min);
    match gap.is_finite() {
        true => gap / 2.0,
        false => 0.5,
    }
}

/// The left and right edges of series `k`'s bar (of `n`) at `x`, the group
/// spanning `half` on either side of it.
fn share(x: f64, half: f64, k: usize, n: usize, log: bool) -> (f64, f64) {
    let left = to(x, log) - half;
    let width = 2.0 * half / n as f64;
    (
        from(left + width * k as f64, log),
        from(left + width * (k + 1) as f64, log),
    )
}

fn to(v: f64, log: bool) -> f64 {
    if log {
        v.ln()
    } else {
        v
    }
}

fn from(v: f64, log: bool) -> f64 {
    if log {
        v.exp()
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::chart::data;

    fn marks(kind: &str, csv: &str) -> Marks {
        let spec: Spec = toml::from_str(&format!("type = \"{kind}\"\ntitle = \"T\"")).unwrap();
        of_rows(&spec, &data::read(csv.as_bytes(), &spec).unwrap())
    }

    #[test]
    fn bars_of_two_series_stand_side_by_side_from_zero() {
        let m = marks("bar", "x,a,b\n1,2,3\n3,4,5\n");
        let corners = |series: &Series| match &series.shape {
            Shape::Bars(bars) => bars[0].map(|(x, y)| ((x * 1e9).round() / 1e9, y)),
            _ => panic!("a bar chart draws bars"),
        };
        assert_eq!(corners(&m.series[0]), [(0.2, 0.0), (1.0, 2.0)]);
        assert_eq!(corners(&m.series[1]), [(1.0, 0.0), (1.8, 3.0)]);
        assert!((m.x.0 - 0.2).abs() < 1e-9 && (m.x.1 - 3.8).abs() < 1e-9);
        assert_eq!(m.y.0, 0.0);
        assert!(m.y.1 > 5.0);
    }

    #[test]
    fn lines_get_room_around_them_and_one_value_a_unit() {
        let m = marks("line", "x,y\n0,10\n20,30\n");
        assert_eq!((m.x, m.y), ((-1.0, 21.0), (9.0, 31.0)));
        let m = marks("scatter", "x,y\n2,2\n");
        assert_eq!((m.x, m.y), ((1.0, 3.0), (1.0, 3.0)));
    }
}
