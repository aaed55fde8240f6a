//! Grouped bar charts: categories along the x axis, one bar per series in
//! each. plotters draws the shapes into [`ChartSvg`] through a drawing
//! area; [`Canvas`] sets each shape's role before handing it over.

use std::collections::BTreeSet;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::backend::{self, ChartSvg, LinkCell, Paint, Role, RoleCell};
use super::layout::*;
use super::model::BarChart;
use super::text::{clean_text, sanitize_id};
use crate::model::Status;

/// A drawing area over [`ChartSvg`] and the role cell it reads.
pub(super) struct Canvas<'a, 'b> {
    pub(super) area: &'b DrawingArea<ChartSvg<'a>, Shift>,
    pub(super) role: RoleCell,
    pub(super) link: LinkCell,
}

/// The backend ignores colours (roles decide them); plotters still wants one.
const ANY: ShapeStyle = ShapeStyle {
    color: RGBAColor(0, 0, 0, 1.0),
    filled: true,
    stroke_width: 1,
};

impl Canvas<'_, '_> {
    pub(super) fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, role: Role) {
        let (x0, x1) = (x0.round() as i32, x1.round() as i32);
        let (y0, y1) = (y0.round() as i32, y1.round() as i32);
        let x1 = x1.max(x0 + 1);
        if y1 <= y0 {
            return;
        }
        self.role.set(role);
        let _ = self.area.draw(&Rectangle::new([(x0, y0), (x1, y1)], ANY));
    }

    pub(super) fn hline(&self, x0: f64, x1: f64, y: f64, role: Role) {
        let y = y.round() as i32;
        self.line(&[(x0, f64::from(y)), (x1, f64::from(y))], role);
    }

    pub(super) fn line(&self, points: &[(f64, f64)], role: Role) {
        self.role.set(role);
        let points: Vec<(i32, i32)> = points
            .iter()
            .map(|&(x, y)| (x.round() as i32, y.round() as i32))
            .collect();
        let _ = self.area.draw(&PathElement::new(
            points,
            ShapeStyle {
                filled: false,
                ..ANY
            },
        ));
    }

    /// An open diamond centred on (x, y): a figure that does not lead.
    pub(super) fn diamond(&self, x: f64, y: f64, paint: Paint) {
        let r = OTHER_RADIUS;
        let path = [(x, y - r), (x + r, y), (x, y + r), (x - r, y), (x, y - r)];
        self.line(&path, Role::Other(paint));
    }

    pub(super) fn dot(&self, x: f64, y: f64, radius: u32, role: Role) {
        self.role.set(role);
        let _ = self.area.draw(&Circle::new(
            (x.round() as i32, y.round() as i32),
            radius,
            ANY,
        ));
    }

    /// Text that links to `href` (already relative to the page showing the chart).
    pub(super) fn linked_text(&self, href: &str, draw: impl FnOnce(&Self)) {
        *self.link.borrow_mut() = Some(href.to_string());
        draw(self);
        *self.link.borrow_mut() = None;
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn text(
        &self,
        s: &str,
        x: f64,
        y: f64,
        size: f64,
        h: HPos,
        v: VPos,
        rotate: bool,
        role: Role,
    ) {
        self.role.set(role);
        let mut font = (FONT_FAMILY, size).into_font();
        if rotate {
            font = font.transform(FontTransform::Rotate270);
        }
        let style = font.color(&BLACK).pos(Pos::new(h, v));
        let _ = self.area.draw(&Text::new(
            s.to_string(),
            (x.round() as i32, y.round() as i32),
            style,
        ));
    }
}

/// Draws with plotters into a fresh [`ChartSvg`] and wraps the result as a document.
pub(super) fn draw_document(
    id: &str,
    title: &str,
    desc: &str,
    size: (u32, u32),
    draw: impl FnOnce(&Canvas<'_, '_>),
) -> String {
    let mut body = String::new();
    let role: RoleCell = std::rc::Rc::new(std::cell::Cell::new(Role::Text));
    let link = LinkCell::default();
    let hatches = {
        let svg = ChartSvg::new(
            &mut body,
            size,
            id,
            std::rc::Rc::clone(&role),
            std::rc::Rc::clone(&link),
        );
        let hatches = svg.hatch_record();
        let area = svg.into_drawing_area();
        draw(&Canvas {
            area: &area,
            role,
            link,
        });
        let _ = area.present();
        hatches.get()
    };
    backend::document(&body, id, size, title, desc, hatches)
}

fn draw_chart(c: &Canvas<'_, '_>, layout: &Layout, bars: &[Bar], unit: &str) {
    let single_series_paint = |series: usize| Paint::Series(series % backend::PALETTE_LEN);

    // Horizontal grid lines (the zero line is drawn later as the axis).
    for t in layout.scale.ticks() {
        if t != 0.0 {
            c.hline(layout.plot_left, layout.plot_right, layout.y(t), Role::Grid);
        }
    }

    // Bars.
    let zero_y = layout.y(0.0);
    for bar in bars {
        let x0 = layout.bar_x(bar.category, bar.series);
        let x1 = x0 + layout.bar_w;
        let y = layout.y(bar.value);
        let (top, bottom) = if y <= zero_y {
            (y, zero_y)
        } else {
            (zero_y, y)
        };
        let paint = single_series_paint(bar.series);
        c.rect(x0, top, x1, bottom, Role::Bar(bar.status, paint));
        if bar.status == Status::Target {
            c.rect(x0, top, x1, bottom, Role::Hatch(paint));
        }
    }

    // Zero baseline.
    c.hline(layout.plot_left, layout.plot_right, zero_y, Role::Axis);

    // The figures beside each bar's (other sources', earlier ones).
    for bar in bars {
        let cx = layout.bar_x(bar.category, bar.series) + layout.bar_w / 2.0;
        for &other in &bar.others {
            c.diamond(cx, layout.y(other), single_series_paint(bar.series));
        }
    }

    // Value labels.
    for bar in bars {
        let cx = layout.bar_x(bar.category, bar.series) + layout.bar_w / 2.0;
        let y = layout.y(bar.value);
        let up = bar.value >= 0.0;
        match layout.value_labels {
            ValueLabels::Horizontal => {
                let (ly, v) = if up {
                    (y - 4.0, VPos::Bottom)
                } else {
                    (y + 4.0, VPos::Top)
                };
                c.text(
                    &bar.label,
                    cx,
                    ly,
                    VALUE_FONT,
                    HPos::Center,
                    v,
                    false,
                    Role::Text,
                );
            }
            ValueLabels::Vertical => {
                let (ly, h) = if up {
                    (y - 4.0, HPos::Left)
                } else {
                    (y + 4.0, HPos::Right)
                };
                c.text(
                    &bar.label,
                    cx,
                    ly,
                    VALUE_FONT,
                    h,
                    VPos::Center,
                    true,
                    Role::Text,
                );
            }
            ValueLabels::Hidden => {}
        }
    }

    // Y tick labels.
    for t in layout.scale.ticks() {
        c.text(
            &layout.words.number(t),
            layout.plot_left - 8.0,
            layout.y(t),
            TICK_FONT,
            HPos::Right,
            VPos::Center,
            false,
            Role::Muted,
        );
    }

    // X labels.
    let label_y = layout.plot_bottom + 8.0;
    match &layout.x_labels {
        XLabels::Horizontal { lines, step } => {
            for (i, label_lines) in lines.iter().enumerate() {
                if i % step != 0 {
                    continue;
                }
                let cx = layout.plot_left + (i as f64 + 0.5) * layout.band;
                for (j, line) in label_lines.iter().enumerate() {
                    c.text(
                        line,
                        cx,
                        label_y + j as f64 * XLABEL_LINE,
                        XLABEL_FONT,
                        HPos::Center,
                        VPos::Top,
                        false,
                        Role::Text,
                    );
                }
            }
        }
        XLabels::Rotated { labels, step } => {
            for (i, label) in labels.iter().enumerate() {
                if i % step != 0 {
                    continue;
                }
                let cx = layout.plot_left + (i as f64 + 0.5) * layout.band;
                c.text(
                    label,
                    cx,
                    label_y,
                    XLABEL_FONT,
                    HPos::Right,
                    VPos::Center,
                    true,
                    Role::Text,
                );
            }
        }
    }

    // Legend.
    for item in &layout.legend {
        if let Role::Other(paint) = item.swatch {
            c.diamond(item.x + SWATCH / 2.0, item.y + SWATCH / 2.0, paint);
        } else {
            c.rect(
                item.x,
                item.y,
                item.x + SWATCH,
                item.y + SWATCH,
                item.swatch,
            );
        }
        if let Role::Bar(Status::Target, paint) = item.swatch {
            c.rect(
                item.x,
                item.y,
                item.x + SWATCH,
                item.y + SWATCH,
                Role::Hatch(paint),
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

    // Unit caption.
    if !unit.is_empty() {
        c.text(
            unit,
            OUTER_X,
            layout.caption_y,
            CAPTION_FONT,
            HPos::Left,
            VPos::Top,
            false,
            Role::Muted,
        );
    }

    if bars.is_empty() {
        c.text(
            &layout.words.no_data,
            (layout.plot_left + layout.plot_right) / 2.0,
            (layout.plot_top + layout.plot_bottom) / 2.0,
            TICK_FONT,
            HPos::Center,
            VPos::Center,
            false,
            Role::Muted,
        );
    }
}

/// Render the chart as a complete `<svg>` element, ready to inline in HTML5
/// or to save as a standalone `.svg` file.
pub fn render_svg(chart: &BarChart) -> String {
    let id = sanitize_id(&chart.id);
    let categories: Vec<String> = chart.categories.iter().map(|c| clean_text(c)).collect();
    let series_names: Vec<String> = chart.series.iter().map(|s| clean_text(&s.name)).collect();
    let unit = clean_text(&chart.unit);

    // Collect drawable bars: finite values, valid category, first point wins
    // for a duplicated (series, category).
    let mut bars: Vec<Bar> = Vec::new();
    let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (si, series) in chart.series.iter().enumerate() {
        for p in &series.points {
            if !p.value.is_finite() || p.category >= categories.len() {
                continue;
            }
            if !seen.insert((si, p.category)) {
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
    let statuses: BTreeSet<Status> = bars.iter().map(|b| b.status).collect();
    let integral = bars.iter().all(|b| b.value.fract() == 0.0);

    let layout = compute_layout(
        &categories,
        &series_names,
        &bars,
        &statuses,
        &unit,
        integral,
        &chart.words,
    );

    draw_document(
        &id,
        &clean_text(&chart.title),
        &clean_text(&chart.description),
        (WIDTH, HEIGHT),
        |c| draw_chart(c, &layout, &bars, &unit),
    )
}
