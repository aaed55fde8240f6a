//! Grouped bar charts: categories along the x axis, one bar per series in
//! each. plotters builds the coordinate system (one unit per category
//! across, the nice value scale of `layout` up, fed to it as key points),
//! draws the value grid and both axes' labels (`configure_mesh`) and the
//! bars (`Rectangle` series); value labels and markers are placed beside
//! the figures plotters maps; `parts` adds the legend and unit caption.

use std::collections::BTreeSet;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::KeyAxis;
use super::layout::*;
use super::model::{BarChart, ChartWords};
use super::parts::{
    self, HEIGHT, Header, LegendEntries, Names, Plane, PlotBox, Root, TICK_SIZE, WIDTH,
    XLABEL_FONT, category_style, diamond, draw_document, draw_no_data, plane, shape, tick_style,
};
use super::role::{Paint, Role};
use super::text::clean_text;
use crate::model::Status;

/// Render the chart as a complete `<svg>` element, ready to inline in HTML5
/// or to save as a standalone `.svg` file.
pub fn render_svg(chart: &BarChart) -> String {
    let categories: Vec<String> = chart.categories.iter().map(|c| clean_text(c)).collect();
    let series_names: Vec<String> = chart.series.iter().map(|s| clean_text(&s.name)).collect();
    let bars = drawable_bars(chart, categories.len());
    let statuses: BTreeSet<Status> = bars.iter().map(|b| b.status).collect();
    let entries = LegendEntries {
        series_names: &series_names,
        statuses: &statuses,
        status_paint: parts::status_paint(series_names.len()),
        others: bars.iter().any(|b| !b.others.is_empty()),
    };
    let header = Header::plan(&entries, &clean_text(&chart.unit), &chart.words, 12.0);
    let layout = compute_layout(
        &categories,
        series_names.len(),
        &bars,
        header.plot_top,
        &chart.words,
    );
    let plot = Plot {
        layout: &layout,
        bars: &bars,
        categories: categories.len(),
        words: &chart.words,
    };
    let names = Names {
        id: &chart.id,
        title: &chart.title,
        description: &chart.description,
    };
    draw_document(names, ((WIDTH, HEIGHT), Vec::new()), &header, |root| {
        plot.draw(root)
    })
}

/// The bars worth drawing: finite values in a known category; the first
/// point wins for a duplicated (series, category).
fn drawable_bars(chart: &BarChart, categories: usize) -> Vec<Bar> {
    let mut bars: Vec<Bar> = Vec::new();
    let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (si, series) in chart.series.iter().enumerate() {
        for p in &series.points {
            if !p.value.is_finite() || p.category >= categories || !seen.insert((si, p.category)) {
                continue;
            }
            bars.push(Bar {
                series: si,
                category: p.category,
                value: p.value,
                status: p.status,
                label: chart.words.number(p.value),
                others: other_values(p.value, &p.others),
            });
        }
    }
    bars
}

/// What the plot area shows and how it was laid out.
struct Plot<'a> {
    layout: &'a Layout,
    bars: &'a [Bar],
    categories: usize,
    words: &'a ChartWords,
}

impl Plot<'_> {
    fn draw(&self, root: &Root<'_>) {
        let Some(mut chart) = self.coordinates(root) else {
            return;
        };
        self.draw_axes(&mut chart);
        if let XLabels::Rotated { .. } = self.layout.x_labels {
            self.draw_rotated_categories(root, &chart);
        }
        self.draw_bars(&mut chart);
        self.draw_zero_line(&mut chart);
        self.draw_marks(root, &chart);
        if self.bars.is_empty() {
            let l = self.layout;
            let centre = (l.plot_left + l.plot_right) / 2.0;
            draw_no_data(
                root,
                self.words,
                (centre, (l.plot_top + l.plot_bottom) / 2.0),
            );
        }
    }

    /// plotters' coordinate system over the plot `layout` left between the
    /// header, the value labels on the left and the category labels below.
    fn coordinates<'a, 'b>(&self, root: &'a Root<'b>) -> Option<Plane<'a, 'b>> {
        let l = self.layout;
        let across = 0.0..self.categories.max(1) as f64;
        let x = KeyAxis::new(across, l.x_labels.key_points(self.categories));
        let plot = PlotBox {
            top: l.plot_top,
            left: l.plot_left,
            bottom: l.plot_bottom,
        };
        plane(root, &plot, x, l.scale.axis())
    }

    /// The value grid, tick labels and category labels, by plotters. No
    /// axis lines (transparent): the grid and the zero line carry them.
    fn draw_axes(&self, chart: &mut Plane<'_, '_>) {
        let number = |v: &f64| self.words.number(*v);
        let category = |x: &f64| self.layout.x_labels.text_at(*x);
        let mut mesh = chart.configure_mesh();
        mesh.disable_x_mesh()
            .bold_line_style(shape(Role::Grid, false))
            .axis_style(TRANSPARENT)
            .set_all_tick_mark_size(TICK_SIZE)
            .y_label_style(tick_style())
            .y_label_formatter(&number)
            .x_label_style(category_style())
            .x_label_formatter(&category);
        if let XLabels::Rotated { .. } = self.layout.x_labels {
            mesh.disable_x_axis();
        }
        let _ = mesh.draw();
    }

    /// Category names turned to read upwards, hanging from the axis (a
    /// mesh label turns about its centre, so these are placed here).
    fn draw_rotated_categories(&self, root: &Root<'_>, chart: &Plane<'_, '_>) {
        let bottom = self.layout.scale.min();
        for x in self.layout.x_labels.key_points(self.categories) {
            let (px, py) = chart.backend_coord(&(x, bottom));
            parts::Label::new(&self.layout.x_labels.text_at(x))
                .size(XLABEL_FONT)
                .anchor(HPos::Right, VPos::Center)
                .rotated()
                .draw(root, (f64::from(px), f64::from(py) + 8.0));
        }
    }

    fn draw_bars(&self, chart: &mut Plane<'_, '_>) {
        let l = self.layout;
        let zero = l.scale.clamp(0.0);
        let mut shapes = Vec::new();
        for bar in self.bars {
            // A bar too short to see is left out, as a zero is.
            if (l.y(bar.value) - l.y(0.0)).abs() < 0.5 {
                continue;
            }
            let (x0, x1) = l.bar_span(bar.category, bar.series);
            let corners = [(x0, l.scale.clamp(bar.value)), (x1, zero)];
            let paint = Paint::Series(bar.series);
            shapes.push(Rectangle::new(
                corners,
                shape(Role::Bar(bar.status, paint), true),
            ));
            if bar.status == Status::Target {
                shapes.push(Rectangle::new(corners, shape(Role::Hatch(paint), true)));
            }
        }
        let _ = chart.draw_series(shapes);
    }

    fn draw_zero_line(&self, chart: &mut Plane<'_, '_>) {
        let zero = self.layout.scale.clamp(0.0);
        let across = vec![(0.0, zero), (self.categories.max(1) as f64, zero)];
        let _ = chart.draw_series(std::iter::once(PathElement::new(
            across,
            shape(Role::Axis, false),
        )));
    }

    /// The figures beside each bar's (diamonds) and the value labels.
    fn draw_marks(&self, root: &Root<'_>, chart: &Plane<'_, '_>) {
        let l = self.layout;
        for bar in self.bars {
            let (x0, x1) = l.bar_span(bar.category, bar.series);
            let centre = (x0 + x1) / 2.0;
            for &other in &bar.others {
                let at = chart.backend_coord(&(centre, l.scale.clamp(other)));
                let _ = root.draw(&diamond(at, Paint::Series(bar.series)));
            }
            let (px, py) = chart.backend_coord(&(centre, l.scale.clamp(bar.value)));
            draw_value_label(root, bar, l.value_labels, (f64::from(px), f64::from(py)));
        }
    }
}

/// A bar's value just beyond its end: level, turned (narrow bars) or none.
fn draw_value_label(root: &Root<'_>, bar: &Bar, how: ValueLabels, (x, y): (f64, f64)) {
    let up = bar.value >= 0.0;
    let label = parts::Label::new(&bar.label);
    let beyond = if up { y - 4.0 } else { y + 4.0 };
    match how {
        ValueLabels::Horizontal => {
            let v = if up { VPos::Bottom } else { VPos::Top };
            label.anchor(HPos::Center, v).draw(root, (x, beyond));
        }
        ValueLabels::Vertical => {
            let h = if up { HPos::Left } else { HPos::Right };
            label
                .anchor(h, VPos::Center)
                .rotated()
                .draw(root, (x, beyond));
        }
        ValueLabels::Hidden => {}
    }
}
