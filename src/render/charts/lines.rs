//! Line charts over time: a metric's figures along a real time axis.
//!
//! Periods are placed by date at the middle of what they cover (`2022` at
//! mid-2022, `2022-06` at mid-June), so figures of mixed precision share one
//! axis. Reported and estimated figures are joined by a solid line with
//! filled points, targets continue it dashed, speculative figures are open
//! points off the line. The line breaks where a calendar year passes with no
//! figure, except into a target (a goal, not a record, so the dashed line
//! runs on to it). Value labels are placed greedily (last, first, highest figure
//! first) and dropped where they would overlap another label, a point or the
//! edge; the table below the chart carries every number.

use std::collections::BTreeSet;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::KeyAxis;
use super::layout::{Scale, nice_scale, other_values};
use super::model::{ChartWords, LineChart, TimePoint};
use super::parts::{
    self, DOT_RADIUS, HEIGHT, Header, Label, LegendEntries, Names, OTHER_RADIUS, OUTER_BOTTOM,
    OUTER_X, Plane, PlotBox, Root, TICK_SIZE, VALUE_FONT, WIDTH, XLABEL_FONT, XLABEL_LINE,
    category_style, diamond, draw_document, plane, shape, tick_style,
};
use super::role::{Paint, Role};
use super::text::{clean_text, text_width};
use crate::model::{Period, Status};

const EDGE_PAD: f64 = 18.0;
/// Candidate year steps for axis labels.
const YEAR_STEPS: [u32; 9] = [1, 2, 5, 10, 20, 25, 50, 100, 250];

/// The middle of the time a period covers, in years (`2022` → 2022.5).
pub fn period_time(p: Period) -> f64 {
    let year = f64::from(p.year);
    match (p.month, p.day) {
        (Some(m), Some(d)) => {
            let days = f64::from(crate::model::days_in_month(p.year, m));
            year + (f64::from(m) - 1.0 + (f64::from(d) - 0.5) / days) / 12.0
        }
        (Some(m), None) => year + (f64::from(m) - 0.5) / 12.0,
        _ => year + 0.5,
    }
}

/// A figure where plotters put it: its time and value (clamped to the
/// scale) and the pixel they map to.
struct Placed {
    series: usize,
    t: f64,
    v: f64,
    x: f64,
    y: f64,
    value: f64,
    status: Status,
    year: u16,
    /// The pixel y of each figure beside it (other sources', earlier ones).
    others: Vec<f64>,
}

/// Where the plot goes, as far as plotters cannot decide: the room the
/// tick labels and the header need, the years covered.
struct Frame {
    scale: Scale,
    plot_left: f64,
    plot_right: f64,
    plot_top: f64,
    plot_bottom: f64,
    t0: f64,
    t1: f64,
}

impl Frame {
    /// Pixels per year.
    fn per_year(&self) -> f64 {
        (self.plot_right - self.plot_left - 2.0 * EDGE_PAD) / (self.t1 - self.t0)
    }
    /// The time axis: the years covered, with room at both ends for a point.
    fn time_range(&self) -> std::ops::Range<f64> {
        let pad = EDGE_PAD / self.per_year();
        (self.t0 - pad)..(self.t1 + pad)
    }
}

/// Render a line chart as a complete `<svg>` element.
pub fn render_line_svg(chart: &LineChart) -> String {
    let names: Vec<String> = chart.series.iter().map(|s| clean_text(&s.name)).collect();
    let mut points: Vec<(usize, &TimePoint)> = chart
        .series
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.points.iter().map(move |p| (i, p)))
        .filter(|(_, p)| p.value.is_finite())
        .collect();
    points.sort_by_key(|&(series, p)| (series, p.period));
    points.dedup_by_key(|(s, p)| (*s, p.period));
    let statuses: BTreeSet<Status> = points.iter().map(|(_, p)| p.status).collect();
    let entries = LegendEntries {
        series_names: &names,
        statuses: &statuses,
        status_paint: parts::status_paint(names.len()),
        others: points
            .iter()
            .any(|(_, p)| !other_values(p.value, &p.others).is_empty()),
    };
    let header =
        Header::plan(&entries, &clean_text(&chart.unit), &chart.words, 12.0).with_line_swatches();
    let frame = frame(&points, header.plot_top, &chart.words);
    let names = Names {
        id: &chart.id,
        title: &chart.title,
        description: &chart.description,
    };
    draw_document(names, ((WIDTH, HEIGHT), Vec::new()), &header, |root| {
        draw(root, &frame, &points, &chart.words)
    })
}

fn frame(points: &[(usize, &TimePoint)], plot_top: f64, words: &ChartWords) -> Frame {
    let values = || {
        points.iter().flat_map(|(_, p)| {
            let others = other_values(p.value, &p.others);
            std::iter::once(p.value).chain(others)
        })
    };
    let lo = values().fold(0.0, f64::min);
    let hi = values().fold(0.0, f64::max);
    let integral = points.iter().all(|(_, p)| p.value.fract() == 0.0);
    let mut scale = nice_scale(lo, hi, integral);
    // Room above the highest point for its label.
    if hi > 0.0 && (scale.max() - hi) / (scale.max() - scale.min()) < 0.08 {
        scale.kmax += 1;
    }
    let years = || points.iter().map(|(_, p)| p.period.year);
    let first = years().min().unwrap_or(2000);
    let last = years().max().unwrap_or(2000);
    Frame {
        plot_left: (OUTER_X + scale.tick_width(words) + 8.0).round(),
        scale,
        plot_right: f64::from(WIDTH) - OUTER_X,
        plot_top,
        plot_bottom: (f64::from(HEIGHT) - OUTER_BOTTOM - 8.0 - XLABEL_LINE).round(),
        t0: f64::from(first),
        t1: f64::from(last) + 1.0,
    }
}

fn coordinates<'a, 'b>(root: &'a Root<'b>, frame: &Frame) -> Option<Plane<'a, 'b>> {
    let years = year_ticks(frame).into_iter().map(f64::from).collect();
    let plot = PlotBox {
        top: frame.plot_top,
        left: frame.plot_left,
        bottom: frame.plot_bottom,
    };
    plane(
        root,
        &plot,
        KeyAxis::new(frame.time_range(), years),
        frame.scale.axis(),
    )
}

/// Each figure placed by plotters' coordinates.
fn place(chart: &Plane<'_, '_>, scale: &Scale, points: &[(usize, &TimePoint)]) -> Vec<Placed> {
    points
        .iter()
        .map(|&(series, p)| {
            let (t, v) = (period_time(p.period), scale.clamp(p.value));
            let (x, y) = chart.backend_coord(&(t, v));
            Placed {
                series,
                t,
                v,
                x: f64::from(x),
                y: f64::from(y),
                value: p.value,
                status: p.status,
                year: p.period.year,
                others: other_values(p.value, &p.others)
                    .into_iter()
                    .map(|v| f64::from(chart.backend_coord(&(t, scale.clamp(v))).1))
                    .collect(),
            }
        })
        .collect()
}

/// A piece of line: its series, whether dashed, its points (time, value).
type Run = (usize, bool, Vec<(f64, f64)>);

/// The line's pieces: runs of points joined solid (reported, estimate) or
/// dashed (into or between targets), broken at years with no figure.
fn segments(placed: &[Placed]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for pair in placed.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        // A target is a goal, not a record: the dashed line runs to it across missing years.
        let joined = a.series == b.series
            && (b.year <= a.year + 1 || b.status == Status::Target)
            && a.status != Status::Speculative
            && b.status != Status::Speculative;
        if !joined {
            continue;
        }
        let dashed = a.status == Status::Target || b.status == Status::Target;
        match runs.last_mut() {
            Some((s, d, pts))
                if *s == a.series && *d == dashed && pts.last() == Some(&(a.t, a.v)) =>
            {
                pts.push((b.t, b.v));
            }
            _ => runs.push((a.series, dashed, vec![(a.t, a.v), (b.t, b.v)])),
        }
    }
    runs
}

/// Value labels that fit: (text, x, y) above (or, for negatives, below) their points.
fn value_labels(frame: &Frame, placed: &[Placed], words: &ChartWords) -> Vec<(String, f64, f64)> {
    let mut order: Vec<usize> = (0..placed.len()).collect();
    let priority = |i: usize| {
        let p = &placed[i];
        let last = placed.get(i + 1).is_none_or(|n| n.series != p.series);
        let first = i == 0 || placed[i - 1].series != p.series;
        (!last, !first, std::cmp::Reverse(ordered(p.value)), i)
    };
    order.sort_by_key(|&i| priority(i));
    // Labels keep off every dot and every diamond.
    let mark = |x: f64, y: f64, r: f64| (x - r - 1.0, x + r + 1.0, y - r - 1.0, y + r + 1.0);
    let dots: Vec<(f64, f64, f64, f64)> = placed
        .iter()
        .flat_map(|p| {
            let diamonds = p
                .others
                .iter()
                .map(|&y| mark(p.x, y, f64::from(OTHER_RADIUS)));
            std::iter::once(mark(p.x, p.y, f64::from(DOT_RADIUS))).chain(diamonds)
        })
        .collect();
    let mut boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut labels = Vec::new();
    for i in order {
        let p = &placed[i];
        let text = words.number(p.value);
        let w = text_width(&text, VALUE_FONT);
        let above = p.value >= 0.0;
        let y = if above { p.y - 8.0 } else { p.y + 8.0 };
        let (top, bottom) = if above {
            (y - VALUE_FONT, y)
        } else {
            (y, y + VALUE_FONT)
        };
        let b = (p.x - w / 2.0, p.x + w / 2.0, top, bottom);
        let inside = b.0 >= frame.plot_left
            && b.1 <= f64::from(WIDTH) - 2.0
            && b.2 >= frame.plot_top - 4.0
            && b.3 <= frame.plot_bottom;
        let clash =
            |o: &(f64, f64, f64, f64)| b.0 < o.1 + 3.0 && o.0 < b.1 + 3.0 && b.2 < o.3 && o.2 < b.3;
        if inside && !boxes.iter().any(clash) && !dots.iter().any(clash) {
            boxes.push(b);
            labels.push((text, p.x, y, above));
        }
    }
    labels.sort_by_key(|l| (ordered(l.1), ordered(l.2)));
    labels.into_iter().map(|(t, x, y, _)| (t, x, y)).collect()
}

/// A total order on finite floats, for sorting.
fn ordered(v: f64) -> i64 {
    (v * 1000.0).round().clamp(i64::MIN as f64, i64::MAX as f64) as i64
}

/// Every `step`-th year from `first` to `last`, with `step` wide enough for the labels.
fn year_ticks(frame: &Frame) -> Vec<u16> {
    let (first, last) = (frame.t0 as u32, frame.t1 as u32 - 1);
    let per_year = frame.per_year();
    let needed = text_width("0000", XLABEL_FONT) + 10.0;
    let step = YEAR_STEPS
        .iter()
        .copied()
        .find(|s| f64::from(*s) * per_year >= needed)
        .unwrap_or(1000);
    (first..=last)
        .filter(|y| y % step == 0 || (step == 1))
        .map(|y| y as u16)
        .collect()
}

fn draw(root: &Root<'_>, frame: &Frame, points: &[(usize, &TimePoint)], words: &ChartWords) {
    let Some(mut chart) = coordinates(root, frame) else {
        return;
    };
    draw_value_axis(&mut chart, words);
    draw_time_axis(&mut chart, frame);
    let zero = frame.scale.clamp(0.0);
    if frame.scale.min() < 0.0 {
        let across = frame.time_range();
        let line = vec![(across.start, zero), (across.end, zero)];
        let _ = chart.draw_series(std::iter::once(PathElement::new(
            line,
            shape(Role::Axis, false),
        )));
    }
    let placed = place(&chart, &frame.scale, points);
    for (series, dashed, run) in segments(&placed) {
        let role = Role::Line {
            dashed,
            paint: Paint::Series(series),
        };
        let _ = chart.draw_series(LineSeries::new(run, shape(role, false)));
    }
    draw_figures(root, &mut chart, &placed);
    let (_, base) = chart.backend_coord(&(frame.t0, zero));
    for (text, x, y) in value_labels(frame, &placed, words) {
        let v = if y < f64::from(base) {
            VPos::Bottom
        } else {
            VPos::Top
        };
        Label::new(&text).anchor(HPos::Center, v).draw(root, (x, y));
    }
}

/// The value grid and tick labels, by plotters; no axis line up the side
/// (transparent): the grid carries the values.
fn draw_value_axis(chart: &mut Plane<'_, '_>, words: &ChartWords) {
    let number = |v: &f64| words.number(*v);
    let _ = chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_x_axis()
        .bold_line_style(shape(Role::Grid, false))
        .axis_style(TRANSPARENT)
        .set_tick_mark_size(LabelAreaPosition::Left, TICK_SIZE)
        .y_label_style(tick_style())
        .y_label_formatter(&number)
        .draw();
}

/// The time axis, by plotters: its line, a tick where each labelled year
/// starts and the year's number in the middle of it.
fn draw_time_axis(chart: &mut Plane<'_, '_>, frame: &Frame) {
    let year = |t: &f64| format!("{}", t.round() as i64);
    let _ = chart
        .configure_mesh()
        .disable_mesh()
        .disable_y_axis()
        .axis_style(shape(Role::Axis, false))
        .set_tick_mark_size(LabelAreaPosition::Bottom, TICK_SIZE)
        .x_label_offset((frame.per_year() / 2.0).round() as i32)
        .x_label_style(category_style())
        .x_label_formatter(&year)
        .draw();
}

/// A dot per figure (by status) and a diamond per figure beside it.
fn draw_figures(root: &Root<'_>, chart: &mut Plane<'_, '_>, placed: &[Placed]) {
    let dots = placed.iter().map(|p| {
        let role = Role::Dot(p.status, Paint::Series(p.series));
        Circle::new((p.t, p.v), DOT_RADIUS, shape(role, true))
    });
    let _ = chart.draw_series(dots);
    for p in placed {
        for &y in &p.others {
            let at = (p.x as i32, y as i32);
            let _ = root.draw(&diamond(at, Paint::Series(p.series)));
        }
    }
}
