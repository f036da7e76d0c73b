//! The drawing: `plotters` lays out the axes, ticks, labels and legend
//! and writes SVG (its SVG backend only: no font files, no bitmaps). It
//! draws in the placeholder colours of `colours`, which `rewrite` turns
//! into classes. The size is chosen for the phone: the SVG scales with the
//! column, and at 480 × 300 its 15-unit text is still 11 px in a 350-px
//! column; the stylesheet caps its width on wide screens.

use super::colours;
use super::marks::{Marks, Shape};
use super::number::short;
use super::spec::Spec;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;

pub const WIDTH: u32 = 480;
pub const HEIGHT: u32 = 300;
/// plotters writes a font size of `size / 1.24`: this is 15 units.
const FONT: f64 = 15.0 * 1.24;

/// The chart as plotters' SVG.
pub fn svg(spec: &Spec, marks: &Marks) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        let (x, y) = (marks.x.0..marks.x.1, marks.y.0..marks.y.1);
        match (spec.x.log, spec.y.log) {
            (false, false) => plot(&root, spec, marks, x, y),
            (true, false) => plot(&root, spec, marks, x.log_scale(), y),
            (false, true) => plot(&root, spec, marks, x, y.log_scale()),
            (true, true) => plot(&root, spec, marks, x.log_scale(), y.log_scale()),
        }
        .expect("drawing into a string does not fail");
        root.present().expect("an SVG string is written in memory");
    }
    out
}

type Failure = DrawingAreaErrorKind<std::io::Error>;

fn plot<'a, X, Y>(
    root: &DrawingArea<SVGBackend<'a>, Shift>,
    spec: &Spec,
    marks: &Marks,
    x: X,
    y: Y,
) -> Result<(), Failure>
where
    X: AsRangedCoord<Value = f64>,
    Y: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let font = || ("serif", FONT).into_font().color(&colours::INK);
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .margin_right(20)
        .x_label_area_size(46)
        .y_label_area_size(64)
        .build_cartesian_2d(x, y)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(colours::GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(colours::INK)
        .label_style(font())
        .axis_desc_style(font())
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&|v| short(*v))
        .y_label_formatter(&|v| short(*v))
        .x_desc(spec.x.label.as_str())
        .y_desc(spec.y.label.as_str())
        .draw()?;
    let legend = marks.series.len() > 1;
    for (i, series) in marks.series.iter().enumerate() {
        let colour = colours::series(i);
        let line = colour.stroke_width(2);
        let fill = colour.filled();
        let drawn = match &series.shape {
            Shape::Line(points) => {
                chart.draw_series(LineSeries::new(points.iter().copied(), line))?
            }
            Shape::Dots(points) => {
                chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, fill)))?
            }
            Shape::Bars(bars) => {
                chart.draw_series(bars.iter().map(|&b| Rectangle::new(b, fill)))?
            }
        };
        if legend {
            drawn
                .label(series.name.as_str())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], fill));
        }
    }
    if legend {
        chart
            .configure_series_labels()
            .position(corner(marks, spec))
            .background_style(colours::BACKGROUND)
            .border_style(colours::GRID)
            .label_font(font())
            .draw()?;
    }
    Ok(())
}

/// The corner for the legend: the one with the fewest marks in it (a
/// third of the width by a third of the height, on the axes' scale; a bar
/// reaches down to zero).
fn corner(marks: &Marks, spec: &Spec) -> SeriesLabelPosition {
    use SeriesLabelPosition::*;
    let share = |v: f64, (lo, hi): (f64, f64), log: bool| match log {
        true => (v.ln() - lo.ln()) / (hi.ln() - lo.ln()),
        false => (v - lo) / (hi - lo),
    };
    // Each mark as its x and the span of y it covers, on the axes' scale.
    let spans: Vec<(f64, f64, f64)> = marks
        .series
        .iter()
        .flat_map(|s| match &s.shape {
            Shape::Line(p) | Shape::Dots(p) => p.iter().map(|&(x, y)| (x, y, y)).collect(),
            Shape::Bars(b) => b
                .iter()
                .map(|&[l, r]| ((l.0 + r.0) / 2.0, l.1.min(r.1), l.1.max(r.1)))
                .collect::<Vec<_>>(),
        })
        .map(|(x, lo, hi)| {
            let y = |v| share(v, marks.y, spec.y.log);
            (share(x, marks.x, spec.x.log), y(lo), y(hi))
        })
        .collect();
    let in_corner = |left: bool, top: bool| {
        spans
            .iter()
            .filter(|&&(x, lo, hi)| {
                let across = if left { x < 0.34 } else { x > 0.66 };
                let up = if top { hi > 0.66 } else { lo < 0.34 };
                across && up
            })
            .count()
    };
    [
        (UpperRight, false, true),
        (UpperLeft, true, true),
        (LowerRight, false, false),
        (LowerLeft, true, false),
    ]
    .into_iter()
    .min_by_key(|&(_, left, top)| in_corner(left, top))
    .map(|(position, ..)| position)
    .expect("four corners")
}
