//! What every chart draws around its data, in one place: the drawing
//! surface ([`draw_document`]), the text styles and [`Label`]s, the header
//! (legend and unit caption, [`Header`]), the "No data" note and the
//! diamond that marks a figure that does not lead. Bars, comparisons and
//! lines only add their coordinate system and series.

use std::collections::BTreeSet;

use plotters::chart::{ChartBuilder, ChartContext};
use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::element::{PathElement, Text};
use plotters::prelude::{Circle, DrawingArea, IntoDrawingArea, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontTransform, IntoFont, ShapeStyle, TextStyle};

use super::axis::KeyAxis;
use super::backend::{self, ChartSvg};
use super::model::ChartWords;
use super::role::{Paint, Role};
use super::text::{clean_text, sanitize_id, text_width, truncate_to_width};
use crate::model::Status;

pub(super) const WIDTH: u32 = 720;
pub(super) const HEIGHT: u32 = 400;
const FONT_FAMILY: &str = "sans-serif";

pub(super) const OUTER_X: f64 = 12.0;
const OUTER_TOP: f64 = 10.0;
pub(super) const OUTER_BOTTOM: f64 = 8.0;
pub(super) const TICK_FONT: f64 = 12.0;
pub(super) const VALUE_FONT: f64 = 11.0;
const LEGEND_FONT: f64 = 12.0;
const CAPTION_FONT: f64 = 12.0;
pub(super) const XLABEL_FONT: f64 = 12.0;
pub(super) const XLABEL_LINE: f64 = 15.0;
const LEGEND_ROW: f64 = 20.0;
const SWATCH: f64 = 12.0;
/// Half the width of the diamond marking a figure that does not lead.
pub(super) const OTHER_RADIUS: i32 = 5;
pub(super) const DOT_RADIUS: u32 = 4;
/// Tick marks on the axes; plotters sets axis labels twice as far off.
pub(super) const TICK_SIZE: i32 = 4;

/// The whole chart's drawing area, in pixels.
pub(super) type Root<'a> = DrawingArea<ChartSvg<'a>, Shift>;

/// What a chart is called: its id (prefixes every SVG id), title and
/// description (its accessible name), as the model gives them.
pub(super) struct Names<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) description: &'a str,
}

/// Draws with plotters into a fresh [`ChartSvg`] of `size` (text of
/// [`Role::Link`] links to `links`): the plot, then the header; wraps the
/// result as a document.
pub(super) fn draw_document(
    names: Names<'_>,
    (size, links): ((u32, u32), Vec<String>),
    header: &Header,
    draw_plot: impl FnOnce(&Root<'_>),
) -> String {
    let id = sanitize_id(names.id);
    let mut body = String::new();
    {
        let root = ChartSvg::new(&mut body, size, &id, links).into_drawing_area();
        draw_plot(&root);
        header.draw(&root);
        let _ = root.present();
    }
    let (title, description) = (clean_text(names.title), clean_text(names.description));
    backend::document(&body, &id, size, &title, &description)
}

/// Where the plot of a [`WIDTH`] × [`HEIGHT`] chart goes, in pixels: left
/// of it the value labels, below it the category or time labels.
pub(super) struct PlotBox {
    pub(super) top: f64,
    pub(super) left: f64,
    pub(super) bottom: f64,
}

/// Categories or time across, values up: both axes with our key points.
pub(super) type Plane<'a, 'b> = ChartContext<'a, ChartSvg<'b>, Cartesian2d<KeyAxis, KeyAxis>>;

/// plotters' coordinate system over `plot`, inside the chart's outer margins.
pub(super) fn plane<'a, 'b>(
    root: &'a Root<'b>,
    plot: &PlotBox,
    x: KeyAxis,
    y: KeyAxis,
) -> Option<Plane<'a, 'b>> {
    ChartBuilder::on(root)
        .margin_top(plot.top as i32)
        .margin_bottom(OUTER_BOTTOM as i32)
        .margin_left(OUTER_X as i32)
        .margin_right(OUTER_X as i32)
        .y_label_area_size((plot.left - OUTER_X) as i32)
        .x_label_area_size((f64::from(HEIGHT) - OUTER_BOTTOM - plot.bottom) as i32)
        .build_cartesian_2d(x, y)
        .ok()
}

/// A shape style in a role's colour: filled, or stroked one pixel wide.
pub(super) fn shape(role: Role, filled: bool) -> ShapeStyle {
    let color = role.color();
    if filled {
        color.filled()
    } else {
        color.stroke_width(1)
    }
}

/// A text style: our font at `size` in `role`'s colour.
fn text_style(size: f64, role: Role) -> TextStyle<'static> {
    (FONT_FAMILY, size).into_font().color(&role.color())
}

/// Tick labels of a value axis.
pub(super) fn tick_style() -> TextStyle<'static> {
    text_style(TICK_FONT, Role::Muted)
}

/// Category and year labels.
pub(super) fn category_style() -> TextStyle<'static> {
    text_style(XLABEL_FONT, Role::Text)
}

/// A piece of text: what it says, its size, role, anchor and turn.
pub(super) struct Label<'s> {
    text: &'s str,
    size: f64,
    role: Role,
    anchor: Pos,
    rotated: bool,
}

impl<'s> Label<'s> {
    /// `text` in the value labels' size, as body text, anchored at its centre.
    pub(super) fn new(text: &'s str) -> Self {
        Label {
            text,
            size: VALUE_FONT,
            role: Role::Text,
            anchor: Pos::new(HPos::Center, VPos::Center),
            rotated: false,
        }
    }
    pub(super) fn size(mut self, size: f64) -> Self {
        self.size = size;
        self
    }
    pub(super) fn role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }
    pub(super) fn anchor(mut self, h: HPos, v: VPos) -> Self {
        self.anchor = Pos::new(h, v);
        self
    }
    /// Reads bottom to top.
    pub(super) fn rotated(mut self) -> Self {
        self.rotated = true;
        self
    }

    fn style(&self) -> TextStyle<'static> {
        let mut style = text_style(self.size, self.role).pos(self.anchor);
        if self.rotated {
            style = style.transform(FontTransform::Rotate270);
        }
        style
    }

    /// The text element at (x, y) pixels.
    fn at(&self, (x, y): (f64, f64)) -> Text<'static, (i32, i32), String> {
        Text::new(
            self.text.to_string(),
            (x.round() as i32, y.round() as i32),
            self.style(),
        )
    }

    /// Draws it on the root area at (x, y) pixels.
    pub(super) fn draw(&self, root: &Root<'_>, at: (f64, f64)) {
        let _ = root.draw(&self.at(at));
    }
}

/// The open diamond of a figure that does not lead, centred on `at`
/// (pixels: a chart's `backend_coord` of the figure).
pub(super) fn diamond((x, y): (i32, i32), paint: Paint) -> PathElement<(i32, i32)> {
    let r = OTHER_RADIUS;
    let path = vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y), (x, y - r)];
    PathElement::new(path, shape(Role::Other(paint), false))
}

/// One legend entry: its swatch's role, its words and where it goes.
pub(super) struct LegendItem {
    pub(super) swatch: Role,
    pub(super) label: String,
    pub(super) x: f64,
    pub(super) y: f64,
}

/// What a legend lists: series by name, then the statuses shown (swatches
/// in `status_paint`), then the "other figures" marker if any is drawn.
pub(super) struct LegendEntries<'a> {
    pub(super) series_names: &'a [String],
    pub(super) statuses: &'a BTreeSet<Status>,
    pub(super) status_paint: Paint,
    pub(super) others: bool,
}

/// The paint of status swatches: the series' own colour when there is one
/// series, the neutral key colour when the colours stand for series.
pub(super) fn status_paint(series: usize) -> Paint {
    if series == 1 {
        Paint::Series(0)
    } else {
        Paint::Key
    }
}

/// Lays the entries out in rows across the chart's top; returns them and
/// the height they take.
pub(super) fn plan_legend(
    entries: &LegendEntries<'_>,
    words: &ChartWords,
) -> (Vec<LegendItem>, f64) {
    let mut raw: Vec<(Role, String, f64)> = Vec::new();
    for (i, name) in entries.series_names.iter().enumerate() {
        if !name.is_empty() {
            raw.push((Role::Swatch(Paint::Series(i)), name.clone(), 0.0));
        }
    }
    for (n, s) in entries.statuses.iter().enumerate() {
        let gap = if n == 0 && !raw.is_empty() { 14.0 } else { 0.0 };
        let role = Role::Bar(*s, entries.status_paint);
        raw.push((role, words.status(*s).to_string(), gap));
    }
    if entries.others {
        let role = Role::Other(entries.status_paint);
        raw.push((role, words.other_label.clone(), 14.0));
    }
    let max_x = f64::from(WIDTH) - OUTER_X;
    let mut items = Vec::new();
    let mut x = OUTER_X;
    let mut row = 0usize;
    for (swatch, label, gap) in raw {
        let label = truncate_to_width(&label, 300.0, LEGEND_FONT);
        let w = SWATCH + 6.0 + text_width(&label, LEGEND_FONT);
        let mut start = x + if x > OUTER_X { gap } else { 0.0 };
        if start > OUTER_X && start + w > max_x {
            row += 1;
            start = OUTER_X;
        }
        items.push(LegendItem {
            swatch,
            label,
            x: start,
            y: OUTER_TOP + row as f64 * LEGEND_ROW,
        });
        x = start + w + 18.0;
    }
    let height = if items.is_empty() {
        0.0
    } else {
        (row + 1) as f64 * LEGEND_ROW
    };
    (items, height)
}

/// Above the plot: the legend, then the unit caption.
pub(super) struct Header {
    pub(super) legend: Vec<LegendItem>,
    pub(super) unit: String,
    pub(super) caption_y: f64,
    /// Where the plot may start, `gap` below the caption.
    pub(super) plot_top: f64,
}

impl Header {
    pub(super) fn plan(
        entries: &LegendEntries<'_>,
        unit: &str,
        words: &ChartWords,
        gap: f64,
    ) -> Header {
        let (legend, legend_h) = plan_legend(entries, words);
        let caption_y = OUTER_TOP + legend_h + if legend_h > 0.0 { 4.0 } else { 0.0 };
        let caption_h = if unit.is_empty() {
            0.0
        } else {
            CAPTION_FONT + 4.0
        };
        Header {
            legend,
            unit: unit.to_string(),
            caption_y,
            plot_top: (caption_y + caption_h + gap).round(),
        }
    }

    /// Lines charts show series as lines and statuses as dots.
    pub(super) fn with_line_swatches(mut self) -> Header {
        for item in &mut self.legend {
            item.swatch = match item.swatch {
                Role::Swatch(paint) => Role::Line {
                    dashed: false,
                    paint,
                },
                Role::Bar(status, paint) => Role::Dot(status, paint),
                role => role,
            };
        }
        self
    }

    pub(super) fn draw(&self, root: &Root<'_>) {
        for item in &self.legend {
            draw_swatch(root, item);
            Label::new(&item.label)
                .size(LEGEND_FONT)
                .anchor(HPos::Left, VPos::Center)
                .draw(root, (item.x + SWATCH + 6.0, item.y + SWATCH / 2.0));
        }
        if !self.unit.is_empty() {
            Label::new(&self.unit)
                .size(CAPTION_FONT)
                .role(Role::Muted)
                .anchor(HPos::Left, VPos::Top)
                .draw(root, (OUTER_X, self.caption_y));
        }
    }
}

fn draw_swatch(root: &Root<'_>, item: &LegendItem) {
    let (x0, y0) = (item.x.round() as i32, item.y.round() as i32);
    let (x1, y1) = (x0 + SWATCH as i32, y0 + SWATCH as i32);
    let centre = ((x0 + x1) / 2, (y0 + y1) / 2);
    let _ = match item.swatch {
        Role::Other(paint) => root.draw(&diamond(centre, paint)),
        Role::Line { .. } => root.draw(&PathElement::new(
            vec![(x0, centre.1), (x1, centre.1)],
            shape(item.swatch, false),
        )),
        Role::Dot(..) => root.draw(&Circle::new(centre, DOT_RADIUS, shape(item.swatch, true))),
        swatch => {
            let _ = root.draw(&Rectangle::new([(x0, y0), (x1, y1)], shape(swatch, true)));
            match swatch {
                Role::Bar(Status::Target, paint) => root.draw(&Rectangle::new(
                    [(x0, y0), (x1, y1)],
                    shape(Role::Hatch(paint), true),
                )),
                _ => Ok(()),
            }
        }
    };
}

/// What an empty chart says, centred on `at`.
pub(super) fn draw_no_data(root: &Root<'_>, words: &ChartWords, at: (f64, f64)) {
    Label::new(&words.no_data)
        .size(TICK_FONT)
        .role(Role::Muted)
        .draw(root, at);
}
