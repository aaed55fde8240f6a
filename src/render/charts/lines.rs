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

use plotters::style::text_anchor::{HPos, VPos};

use super::backend::{Paint, Role};
use super::bars::{Canvas, draw_document};
use super::layout::*;
use super::model::ChartWords;
use super::model::{LineChart, TimePoint};
use super::text::{clean_text, sanitize_id, text_width};
use crate::model::{Period, Status};

const DOT_RADIUS: u32 = 4;
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

struct Placed {
    series: usize,
    x: f64,
    y: f64,
    value: f64,
    status: Status,
    year: u16,
    /// The y of each figure beside it (other sources', earlier ones).
    others: Vec<f64>,
}

struct Frame {
    scale: Scale,
    plot_left: f64,
    plot_right: f64,
    plot_top: f64,
    plot_bottom: f64,
    caption_y: f64,
    t0: f64,
    t1: f64,
    legend: Vec<LegendItem>,
    words: ChartWords,
}

impl Frame {
    fn x(&self, t: f64) -> f64 {
        let w = self.plot_right - self.plot_left - 2.0 * EDGE_PAD;
        self.plot_left + EDGE_PAD + (t - self.t0) / (self.t1 - self.t0) * w
    }
    fn y(&self, v: f64) -> f64 {
        let (lo, hi) = (self.scale.min(), self.scale.max());
        let v = v.clamp(lo, hi);
        self.plot_bottom - (v - lo) / (hi - lo) * (self.plot_bottom - self.plot_top)
    }
}

/// Render a line chart as a complete `<svg>` element.
pub fn render_line_svg(chart: &LineChart) -> String {
    let id = sanitize_id(&chart.id);
    let unit = clean_text(&chart.unit);
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
    let frame = frame(&names, &points, &statuses, (&unit, &chart.words));
    let placed: Vec<Placed> = points
        .iter()
        .map(|&(series, p)| Placed {
            series,
            x: frame.x(period_time(p.period)),
            y: frame.y(p.value),
            value: p.value,
            status: p.status,
            year: p.period.year,
            others: other_values(p.value, &p.others)
                .into_iter()
                .map(|v| frame.y(v))
                .collect(),
        })
        .collect();
    draw_document(
        &id,
        &clean_text(&chart.title),
        &clean_text(&chart.description),
        (WIDTH, HEIGHT),
        |c| draw(c, &frame, &placed, &unit),
    )
}

fn frame(
    names: &[String],
    points: &[(usize, &TimePoint)],
    statuses: &BTreeSet<Status>,
    (unit, words): (&str, &ChartWords),
) -> Frame {
    let values = || {
        points.iter().flat_map(|(_, p)| {
            let others = other_values(p.value, &p.others);
            std::iter::once(p.value).chain(others)
        })
    };
    let lo = values().fold(0.0, f64::min);
    let hi = values().fold(0.0, f64::max);
    let others = points
        .iter()
        .any(|(_, p)| !other_values(p.value, &p.others).is_empty());
    let integral = points.iter().all(|(_, p)| p.value.fract() == 0.0);
    let mut scale = nice_scale(lo, hi, integral);
    // Room above the highest point for its label.
    if hi > 0.0 && (scale.max() - hi) / (scale.max() - scale.min()) < 0.08 {
        scale.kmax += 1;
    }
    let paint = if names.len() == 1 {
        Paint::Series(0)
    } else {
        Paint::Key
    };
    let (mut legend, legend_h) = plan_legend(names, statuses, paint, others, words);
    for item in &mut legend {
        if let Role::Bar(status, p) = item.swatch {
            item.swatch = Role::Dot(status, p);
        }
    }
    let caption_y = OUTER_TOP + legend_h + if legend_h > 0.0 { 4.0 } else { 0.0 };
    let caption_h = if unit.is_empty() {
        0.0
    } else {
        CAPTION_FONT + 4.0
    };
    let plot_top = (caption_y + caption_h + 12.0).round();
    let tick_w = scale
        .ticks()
        .map(|t| text_width(&words.number(t), TICK_FONT))
        .fold(0.0, f64::max);
    let first = points
        .iter()
        .map(|(_, p)| p.period.year)
        .min()
        .unwrap_or(2000);
    let last = points
        .iter()
        .map(|(_, p)| p.period.year)
        .max()
        .unwrap_or(2000);
    Frame {
        scale,
        plot_left: (OUTER_X + tick_w + 8.0).round(),
        plot_right: f64::from(WIDTH) - OUTER_X,
        plot_top,
        plot_bottom: (f64::from(HEIGHT) - OUTER_BOTTOM - 8.0 - XLABEL_LINE).round(),
        caption_y,
        t0: f64::from(first),
        t1: f64::from(last) + 1.0,
        legend,
        words: words.clone(),
    }
}

/// A piece of line: its series, whether dashed, its points.
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
                if *s == a.series && *d == dashed && pts.last() == Some(&(a.x, a.y)) =>
            {
                pts.push((b.x, b.y));
            }
            _ => runs.push((a.series, dashed, vec![(a.x, a.y), (b.x, b.y)])),
        }
    }
    runs
}

/// Value labels that fit: (text, x, y) above (or, for negatives, below) their points.
fn value_labels(frame: &Frame, placed: &[Placed]) -> Vec<(String, f64, f64)> {
    let mut order: Vec<usize> = (0..placed.len()).collect();
    let priority = |i: usize| {
        let p = &placed[i];
        let last = placed.get(i + 1).is_none_or(|n| n.series != p.series);
        let first = i == 0 || placed[i - 1].series != p.series;
        (!last, !first, std::cmp::Reverse(ordered(p.value)), i)
    };
    order.sort_by_key(|&i| priority(i));
    let dots: Vec<(f64, f64, f64, f64)> = placed
        .iter()
        .map(|p| {
            let r = f64::from(DOT_RADIUS) + 1.0;
            (p.x - r, p.x + r, p.y - r, p.y + r)
        })
        .collect();
    let mut boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut labels = Vec::new();
    for i in order {
        let p = &placed[i];
        let text = frame.words.number(p.value);
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
    let per_year = frame.x(frame.t0 + 1.0) - frame.x(frame.t0);
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

fn draw(c: &Canvas<'_, '_>, frame: &Frame, placed: &[Placed], unit: &str) {
    for t in frame.scale.ticks() {
        if t != 0.0 {
            c.hline(frame.plot_left, frame.plot_right, frame.y(t), Role::Grid);
        }
    }
    let base = frame.y(0.0);
    if frame.scale.min() < 0.0 {
        c.hline(frame.plot_left, frame.plot_right, base, Role::Axis);
    }

    for (series, dashed, points) in segments(placed) {
        let paint = Paint::Series(series);
        c.line(&points, Role::Line { dashed, paint });
    }
    for p in placed {
        c.dot(
            p.x,
            p.y,
            DOT_RADIUS,
            Role::Dot(p.status, Paint::Series(p.series)),
        );
        for &y in &p.others {
            c.diamond(p.x, y, Paint::Series(p.series));
        }
    }
    for (text, x, y) in value_labels(frame, placed) {
        let v = if y < base { VPos::Bottom } else { VPos::Top };
        c.text(&text, x, y, VALUE_FONT, HPos::Center, v, false, Role::Text);
    }

    for t in frame.scale.ticks() {
        c.text(
            &frame.words.number(t),
            frame.plot_left - 8.0,
            frame.y(t),
            TICK_FONT,
            HPos::Right,
            VPos::Center,
            false,
            Role::Muted,
        );
    }
    let axis_y = frame.plot_bottom;
    for year in year_ticks(frame) {
        let start = frame.x(f64::from(year));
        c.line(&[(start, axis_y), (start, axis_y + 4.0)], Role::Axis);
        c.text(
            &year.to_string(),
            frame.x(f64::from(year) + 0.5),
            axis_y + 8.0,
            XLABEL_FONT,
            HPos::Center,
            VPos::Top,
            false,
            Role::Text,
        );
    }
    c.hline(frame.plot_left, frame.plot_right, axis_y, Role::Axis);

    for item in &frame.legend {
        let (cx, cy) = (item.x + SWATCH / 2.0, item.y + SWATCH / 2.0);
        match item.swatch {
            Role::Swatch(paint) => c.line(
                &[(item.x, cy), (item.x + SWATCH, cy)],
                Role::Line {
                    dashed: false,
                    paint,
                },
            ),
            Role::Other(paint) => c.diamond(cx, cy, paint),
            role => c.dot(cx, cy, DOT_RADIUS, role),
        }
        c.text(
            &item.label,
            item.x + SWATCH + 6.0,
            cy,
            LEGEND_FONT,
            HPos::Left,
            VPos::Center,
            false,
            Role::Text,
        );
    }
    if !unit.is_empty() {
        c.text(
            unit,
            OUTER_X,
            frame.caption_y,
            CAPTION_FONT,
            HPos::Left,
            VPos::Top,
            false,
            Role::Muted,
        );
    }
}
