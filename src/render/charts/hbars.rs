//! Comparisons: one metric across entities as horizontal bars, one row per
//! entity with its name (a link to its page) on the left and its value at
//! the bar's end. The chart grows with the number of rows, so forty plants
//! get forty readable rows; long names are cut with an ellipsis. plotters
//! builds the coordinate system (the nice value scale across, one unit per
//! row down), draws the grid and tick labels (`configure_mesh`) and the
//! bars; the names are drawn beside the rows plotters maps, since each
//! links somewhere else.

use std::collections::BTreeSet;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::backend::ChartSvg;
use plotters::coord::types::RangedCoordf64;

use super::axis::KeyAxis;
use super::layout::{Scale, nice_scale, other_values};
use super::model::{ChartWords, CompareChart};
use super::parts::{
    Header, Label, LegendEntries, Names, OUTER_BOTTOM, OUTER_X, Root, TICK_FONT, VALUE_FONT, WIDTH,
    XLABEL_LINE, diamond, draw_document, draw_no_data, shape, tick_style,
};
use super::role::{Paint, Role};
use super::text::{clean_text, text_width, truncate_to_width};
use crate::model::Status;

const ROW: f64 = 24.0;
const BAR: f64 = 15.0;
const LABEL_FONT: f64 = 12.0;
/// At most this share of the width goes to entity names.
const MAX_LABEL_SHARE: f64 = 0.38;
/// Tick labels sit twice this far below the last row.
const TICK_MARK: i32 = 3;
/// One series: the bars take the first colour.
const PAINT: Paint = Paint::Series(0);

/// Values across (labelled ticks bold, the rest light), rows down.
type RowCoords = Cartesian2d<KeyAxis, RangedCoordf64>;
type RowChart<'a, 'b> = ChartContext<'a, ChartSvg<'b>, RowCoords>;

/// One entity's row.
struct Row {
    name: String,
    /// Index of its page among the chart's links, if it has one.
    link: Option<u16>,
    value: f64,
    status: Status,
    value_label: String,
    others: Vec<f64>,
}

/// Where the plot goes, as far as plotters cannot decide: the room the
/// names and value labels need, and which ticks have room for a label.
struct Frame {
    scale: Scale,
    label_right: f64,
    plot_left: f64,
    plot_right: f64,
    plot_top: f64,
    rows: usize,
    labelled_ticks: Vec<f64>,
}

impl Frame {
    fn plot_bottom(&self) -> f64 {
        self.plot_top + self.rows.max(1) as f64 * ROW
    }
    fn height(&self) -> u32 {
        (self.plot_bottom() + 8.0 + XLABEL_LINE + OUTER_BOTTOM).ceil() as u32
    }
    /// The pixel x of value `v`, to see which tick labels would touch.
    fn x(&self, v: f64) -> f64 {
        let (lo, hi) = (self.scale.min(), self.scale.max());
        self.plot_left + (self.scale.clamp(v) - lo) / (hi - lo) * (self.plot_right - self.plot_left)
    }
}

/// `root` leads from the page showing the chart to the output root; entity
/// links are made relative with it.
pub fn render_compare_svg(chart: &CompareChart, root: &str) -> String {
    let (rows, links) = rows(chart, root);
    let statuses: BTreeSet<Status> = rows.iter().map(|r| r.status).collect();
    let entries = LegendEntries {
        series_names: &[],
        statuses: &statuses,
        status_paint: PAINT,
        others: rows.iter().any(|r| !r.others.is_empty()),
    };
    let header = Header::plan(&entries, &clean_text(&chart.unit), &chart.words, 10.0);
    let frame = frame(&rows, header.plot_top, &chart.words);
    let names = Names {
        id: &chart.id,
        title: &chart.title,
        description: &chart.description,
    };
    let size = (WIDTH, frame.height());
    draw_document(names, (size, links), &header, |root| {
        draw(root, &frame, &rows, &chart.words)
    })
}

/// The rows with finite values, and the links their names take.
fn rows(chart: &CompareChart, root: &str) -> (Vec<Row>, Vec<String>) {
    let max_label = f64::from(WIDTH) * MAX_LABEL_SHARE;
    let mut links = Vec::new();
    let rows = chart
        .rows
        .iter()
        .filter(|r| r.value.is_finite())
        .map(|r| {
            let link = r.url.as_ref().map(|u| {
                links.push(format!("{root}{u}"));
                (links.len() - 1) as u16
            });
            Row {
                name: truncate_to_width(&clean_text(&r.label), max_label, LABEL_FONT),
                link,
                value: r.value,
                status: r.status,
                value_label: chart.words.number(r.value),
                others: other_values(r.value, &r.others),
            }
        })
        .collect();
    (rows, links)
}

fn frame(rows: &[Row], plot_top: f64, words: &ChartWords) -> Frame {
    let values = || {
        let marked = rows.iter().flat_map(|r| r.others.iter().copied());
        rows.iter().map(|r| r.value).chain(marked)
    };
    let lo = values().fold(0.0, f64::min);
    let hi = values().fold(0.0, f64::max);
    let integral = rows.iter().all(|r| r.value.fract() == 0.0);
    let widest = |texts: &mut dyn Iterator<Item = &String>, size: f64| {
        texts.map(|t| text_width(t, size)).fold(0.0, f64::max)
    };
    let label_w = widest(&mut rows.iter().map(|r| &r.name), LABEL_FONT);
    let value_w = widest(&mut rows.iter().map(|r| &r.value_label), VALUE_FONT);
    let label_right = (OUTER_X + label_w).round();
    // Room on both sides for value labels of positive and negative bars.
    let left_room = if lo < 0.0 { value_w + 6.0 } else { 0.0 };
    let mut frame = Frame {
        scale: nice_scale(lo, hi, integral),
        label_right,
        plot_left: (label_right + 10.0 + left_room).round(),
        plot_right: (f64::from(WIDTH) - OUTER_X - value_w - 6.0).round(),
        plot_top,
        rows: rows.len(),
        labelled_ticks: Vec::new(),
    };
    frame.labelled_ticks = labelled_ticks(&frame, words);
    frame
}

/// The ticks whose labels do not touch the previous one's.
fn labelled_ticks(frame: &Frame, words: &ChartWords) -> Vec<f64> {
    let mut last_right = f64::NEG_INFINITY;
    let mut ticks = Vec::new();
    for t in frame.scale.ticks() {
        let x = frame.x(t).round();
        let half = text_width(&words.number(t), TICK_FONT) / 2.0;
        if x - half >= last_right + 6.0 {
            last_right = x + half;
            ticks.push(t);
        }
    }
    ticks
}

fn coordinates<'a, 'b>(root: &'a Root<'b>, frame: &Frame) -> Option<RowChart<'a, 'b>> {
    let (lo, hi) = (frame.scale.min(), frame.scale.max());
    let unlabelled = frame
        .scale
        .ticks()
        .filter(|t| !frame.labelled_ticks.contains(t));
    let x = KeyAxis::new(lo..hi, frame.labelled_ticks.clone()).with_light(unlabelled.collect());
    // Row 0 at the top.
    let y = frame.rows.max(1) as f64..0.0;
    let right = f64::from(WIDTH) - frame.plot_right;
    ChartBuilder::on(root)
        .margin_top(frame.plot_top as i32)
        .margin_bottom(OUTER_BOTTOM as i32)
        .margin_right(right as i32)
        .y_label_area_size(frame.plot_left as i32)
        .x_label_area_size((8.0 + XLABEL_LINE) as i32)
        .build_cartesian_2d(x, y)
        .ok()
}

fn draw(root: &Root<'_>, frame: &Frame, rows: &[Row], words: &ChartWords) {
    let Some(mut chart) = coordinates(root, frame) else {
        return;
    };
    draw_axes(&mut chart, words);
    let zero = frame.scale.clamp(0.0);
    for (i, row) in rows.iter().enumerate() {
        draw_row(root, &mut chart, frame, (i, row));
    }
    let across = vec![(zero, 0.0), (zero, frame.rows.max(1) as f64)];
    let _ = chart.draw_series(std::iter::once(PathElement::new(
        across,
        shape(Role::Axis, false),
    )));
    if rows.is_empty() {
        let middle = frame.plot_top + ROW / 2.0;
        draw_no_data(root, words, (f64::from(WIDTH) / 2.0, middle));
    }
}

/// The value grid (light lines where a label had no room) and the tick
/// labels below, by plotters; no axis lines (the zero line is drawn).
fn draw_axes(chart: &mut RowChart<'_, '_>, words: &ChartWords) {
    let number = |v: &f64| words.number(*v);
    let grid = shape(Role::Grid, false);
    let _ = chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .bold_line_style(grid)
        .light_line_style(grid)
        .axis_style(TRANSPARENT)
        .set_tick_mark_size(LabelAreaPosition::Bottom, TICK_MARK)
        .x_label_style(tick_style())
        .x_label_formatter(&number)
        .draw();
}

/// A row's bar (hatched for a target), its other figures, its value and its name.
fn draw_row(root: &Root<'_>, chart: &mut RowChart<'_, '_>, frame: &Frame, (i, row): (usize, &Row)) {
    let top = i as f64 + (ROW - BAR) / 2.0 / ROW;
    let bottom = top + BAR / ROW;
    let middle = (top + bottom) / 2.0;
    let (zero, value) = (frame.scale.clamp(0.0), frame.scale.clamp(row.value));
    let corners = [(zero, top), (value, bottom)];
    let mut shapes = vec![Rectangle::new(
        corners,
        shape(Role::Bar(row.status, PAINT), true),
    )];
    if row.status == Status::Target {
        shapes.push(Rectangle::new(corners, shape(Role::Hatch(PAINT), true)));
    }
    let _ = chart.draw_series(shapes);
    for &other in &row.others {
        let at = chart.backend_coord(&(frame.scale.clamp(other), middle));
        let _ = root.draw(&diamond(at, PAINT));
    }
    let (end, y) = chart.backend_coord(&(value, middle));
    let (start, _) = chart.backend_coord(&(zero, middle));
    let (x, h) = if row.value >= 0.0 {
        (end.max(start) + 4, HPos::Left)
    } else {
        (end.min(start) - 4, HPos::Right)
    };
    let y = f64::from(y);
    Label::new(&row.value_label)
        .anchor(h, VPos::Center)
        .draw(root, (f64::from(x), y));
    let role = row.link.map_or(Role::Text, Role::Link);
    Label::new(&row.name)
        .size(LABEL_FONT)
        .role(role)
        .anchor(HPos::Right, VPos::Center)
        .draw(root, (frame.label_right, y));
}
