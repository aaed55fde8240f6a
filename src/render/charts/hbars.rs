//! Comparisons: one metric across entities as horizontal bars, one row per
//! entity with its name (a link to its page) on the left and its value at
//! the bar's end. The chart grows with the number of rows, so forty plants
//! get forty readable rows; long names are cut with an ellipsis.

use std::collections::BTreeSet;

use plotters::style::text_anchor::{HPos, VPos};

use super::backend::{Paint, Role};
use super::bars::{Canvas, draw_document};
use super::layout::*;
use super::model::{ChartWords, CompareChart};
use super::text::{clean_text, sanitize_id, text_width, truncate_to_width};
use crate::model::Status;

const ROW: f64 = 24.0;
const BAR: f64 = 15.0;
const LABEL_FONT: f64 = 12.0;
/// At most this share of the width goes to entity names.
const MAX_LABEL_SHARE: f64 = 0.38;

struct Frame {
    scale: Scale,
    label_right: f64,
    plot_left: f64,
    plot_right: f64,
    plot_top: f64,
    caption_y: f64,
    legend: Vec<LegendItem>,
    labels: Vec<String>,
    value_labels: Vec<String>,
    words: ChartWords,
}

impl Frame {
    fn x(&self, v: f64) -> f64 {
        let (lo, hi) = (self.scale.min(), self.scale.max());
        let v = v.clamp(lo, hi);
        self.plot_left + (v - lo) / (hi - lo) * (self.plot_right - self.plot_left)
    }
    fn row_y(&self, i: usize) -> f64 {
        self.plot_top + i as f64 * ROW
    }
    fn plot_bottom(&self) -> f64 {
        self.row_y(self.labels.len().max(1))
    }
}

/// `root` leads from the page showing the chart to the output root; entity
/// links are made relative with it.
pub fn render_compare_svg(chart: &CompareChart, root: &str) -> String {
    let id = sanitize_id(&chart.id);
    let unit = clean_text(&chart.unit);
    let rows: Vec<_> = chart.rows.iter().filter(|r| r.value.is_finite()).collect();
    let statuses: BTreeSet<Status> = rows.iter().map(|r| r.status).collect();
    let others: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| other_values(r.value, &r.others))
        .collect();
    let values = || {
        let marked = others.iter().flatten().copied();
        rows.iter().map(|r| r.value).chain(marked)
    };
    let lo = values().fold(0.0, f64::min);
    let hi = values().fold(0.0, f64::max);
    let integral = rows.iter().all(|r| r.value.fract() == 0.0);
    let scale = nice_scale(lo, hi, integral);

    let any_others = others.iter().any(|o| !o.is_empty());
    let (legend, legend_h) =
        plan_legend(&[], &statuses, Paint::Series(0), any_others, &chart.words);
    let caption_y = OUTER_TOP + legend_h + if legend_h > 0.0 { 4.0 } else { 0.0 };
    let caption_h = if unit.is_empty() {
        0.0
    } else {
        CAPTION_FONT + 4.0
    };
    let plot_top = (caption_y + caption_h + 10.0).round();
    let max_label = f64::from(WIDTH) * MAX_LABEL_SHARE;
    let labels: Vec<String> = rows
        .iter()
        .map(|r| truncate_to_width(&clean_text(&r.label), max_label, LABEL_FONT))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, LABEL_FONT))
        .fold(0.0, f64::max);
    let value_labels: Vec<String> = rows.iter().map(|r| chart.words.number(r.value)).collect();
    let value_w = value_labels
        .iter()
        .map(|l| text_width(l, VALUE_FONT))
        .fold(0.0, f64::max);
    let label_right = (OUTER_X + label_w).round();
    // Room on both sides for value labels of positive and negative bars.
    let left_room = if lo < 0.0 { value_w + 6.0 } else { 0.0 };
    let frame = Frame {
        scale,
        label_right,
        plot_left: (label_right + 10.0 + left_room).round(),
        plot_right: (f64::from(WIDTH) - OUTER_X - value_w - 6.0).round(),
        plot_top,
        caption_y,
        legend,
        labels,
        value_labels,
        words: chart.words.clone(),
    };
    let height = (frame.plot_bottom() + 8.0 + XLABEL_LINE + OUTER_BOTTOM).ceil() as u32;
    let hrefs: Vec<Option<String>> = rows
        .iter()
        .map(|r| r.url.as_ref().map(|u| format!("{root}{u}")))
        .collect();
    let bars: Vec<(f64, Status)> = rows.iter().map(|r| (r.value, r.status)).collect();
    draw_document(
        &id,
        &clean_text(&chart.title),
        &clean_text(&chart.description),
        (WIDTH, height),
        |c| draw(c, &frame, &bars, &others, &hrefs, &unit),
    )
}

fn draw(
    c: &Canvas<'_, '_>,
    frame: &Frame,
    bars: &[(f64, Status)],
    others: &[Vec<f64>],
    hrefs: &[Option<String>],
    unit: &str,
) {
    let bottom = frame.plot_bottom();
    let mut last_right = f64::NEG_INFINITY;
    for t in frame.scale.ticks() {
        let x = frame.x(t).round();
        if t != 0.0 {
            c.line(&[(x, frame.plot_top), (x, bottom)], Role::Grid);
        }
        // Tick labels that would touch the previous one are left out.
        let tick = frame.words.number(t);
        let half = text_width(&tick, TICK_FONT) / 2.0;
        if x - half < last_right + 6.0 {
            continue;
        }
        last_right = x + half;
        c.text(
            &tick,
            x,
            bottom + 6.0,
            TICK_FONT,
            HPos::Center,
            VPos::Top,
            false,
            Role::Muted,
        );
    }
    let zero = frame.x(0.0);
    let paint = Paint::Series(0);
    for (i, &(value, status)) in bars.iter().enumerate() {
        let top = frame.row_y(i) + (ROW - BAR) / 2.0;
        let x = frame.x(value);
        let (x0, x1) = if x >= zero { (zero, x) } else { (x, zero) };
        c.rect(x0, top, x1, top + BAR, Role::Bar(status, paint));
        if status == Status::Target {
            c.rect(x0, top, x1, top + BAR, Role::Hatch(paint));
        }
        let mid = top + BAR / 2.0;
        for &other in &others[i] {
            c.diamond(frame.x(other), mid, paint);
        }
        let (vx, h) = if value >= 0.0 {
            (x1 + 4.0, HPos::Left)
        } else {
            (x0 - 4.0, HPos::Right)
        };
        c.text(
            &frame.value_labels[i],
            vx,
            mid,
            VALUE_FONT,
            h,
            VPos::Center,
            false,
            Role::Text,
        );
        let name = |c: &Canvas<'_, '_>| {
            c.text(
                &frame.labels[i],
                frame.label_right,
                mid,
                LABEL_FONT,
                HPos::Right,
                VPos::Center,
                false,
                Role::Text,
            )
        };
        match &hrefs[i] {
            Some(href) => c.linked_text(href, name),
            None => name(c),
        }
    }
    c.line(&[(zero, frame.plot_top), (zero, bottom)], Role::Axis);
    for item in &frame.legend {
        if let Role::Other(p) = item.swatch {
            c.diamond(item.x + SWATCH / 2.0, item.y + SWATCH / 2.0, p);
        } else {
            c.rect(
                item.x,
                item.y,
                item.x + SWATCH,
                item.y + SWATCH,
                item.swatch,
            );
        }
        if let Role::Bar(Status::Target, p) = item.swatch {
            c.rect(
                item.x,
                item.y,
                item.x + SWATCH,
                item.y + SWATCH,
                Role::Hatch(p),
            );
        }
        c.text(
            &item.label,
            item.x + SWATCH + 6.0,
            item.y + SWATCH / 2.0,
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
    if bars.is_empty() {
        c.text(
            &frame.words.no_data,
            f64::from(WIDTH) / 2.0,
            frame.plot_top + ROW / 2.0,
            TICK_FONT,
            HPos::Center,
            VPos::Center,
            false,
            Role::Muted,
        );
    }
}
