//! `ChartSvg`: a plotters [`DrawingBackend`] that writes themeable SVG.
//!
//! plotters decides *where* shapes go; this backend decides *what they are*.
//! Each shape is written with the [`Role`] the drawing code set on the
//! shared [`RoleCell`] just before drawing it: a `class` per role
//! (`series-1`…`series-6`, `status-*`, `chart-grid`, `chart-axis`,
//! `chart-text`…), a plain default colour, and the status styles plotters
//! has no words for (dash arrays, fill opacity, hatching). The colour in
//! plotters' style is ignored. Presentation attributes lose to CSS, so a
//! page's stylesheet recolours charts through the classes; the embedded
//! `<style>` (zero-specificity `:where()` rules with `var(--chart-1, …)`
//! fallbacks and a dark-mode block) makes the standalone `charts/<id>.svg`
//! look right on its own; charts inlined in pages leave it out. Every id is prefixed with the chart's id, and all
//! text goes through the site's one escaper (`markup::escape`). Output depends only on the calls made,
//! so it is deterministic.

use std::cell::Cell;
use std::convert::Infallible;
use std::fmt::Write as _;
use std::rc::Rc;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};

use super::text::{fmt_coord, text_width};
use crate::markup::escape::Escaped;
use crate::model::Status;

pub const PALETTE_LEN: usize = 6;
const SERIES_LIGHT: [&str; PALETTE_LEN] = [
    "#1f5fa8", "#c0561a", "#1d8457", "#8b3c8f", "#a07800", "#4e5d6c",
];
const SERIES_DARK: [&str; PALETTE_LEN] = [
    "#78aef0", "#f09a5e", "#68cf9b", "#d394d8", "#e3c35a", "#a9b6c4",
];
/// (light, dark) defaults.
const GRID_COLOR: (&str, &str) = ("#dde1e6", "#3a3f47");
const AXIS_COLOR: (&str, &str) = ("#5b6068", "#9aa0a8");
const TEXT_COLOR: (&str, &str) = ("#2b2f36", "#e3e6ea");
const KEY_COLOR: (&str, &str) = ("#7d838c", "#a3a9b2");
const PAPER_COLOR: (&str, &str) = ("#ffffff", "#16181d");
/// Background of a standalone SVG opened in dark mode.
const BG_DARK: &str = "#16181d";

/// What colours a shape: a series slot (cycled through the palette) or the
/// neutral "key" colour of status swatches in multi-series legends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Paint {
    Series(usize),
    Key,
}

impl Paint {
    fn class(self) -> String {
        match self {
            Paint::Series(i) => format!("series-{}", i % PALETTE_LEN + 1),
            Paint::Key => "chart-key".to_string(),
        }
    }
    fn pattern_suffix(self) -> String {
        match self {
            Paint::Series(i) => format!("{}", i % PALETTE_LEN + 1),
            Paint::Key => "key".to_string(),
        }
    }
    fn light(self) -> &'static str {
        match self {
            Paint::Series(i) => SERIES_LIGHT[i % PALETTE_LEN],
            Paint::Key => KEY_COLOR.0,
        }
    }
}

/// What a shape is, which decides its class and style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Grid,
    Axis,
    Text,
    Muted,
    /// A bar or a legend swatch showing a status.
    Bar(Status, Paint),
    /// The hatching laid over a target bar.
    Hatch(Paint),
    /// A legend swatch for a series.
    Swatch(Paint),
    /// A line joining figures over time; dashed where it runs into targets.
    Line {
        dashed: bool,
        paint: Paint,
    },
    /// A figure on a line: filled for reported, paler for estimates,
    /// hatched-looking (pale) for targets, open for speculative figures.
    Dot(Status, Paint),
    /// An open diamond: a figure for the same key that does not lead (a
    /// source that disagrees, or an earlier figure since revised).
    Other(Paint),
}

/// The role of the next shape, shared between the drawing code and the
/// backend (plotters owns the backend once it is a drawing area).
pub type RoleCell = Rc<Cell<Role>>;

/// Where the next text links to, if anywhere (entity names in comparisons).
pub type LinkCell = Rc<std::cell::RefCell<Option<String>>>;

pub fn status_attrs(status: Status, color: &str) -> Vec<(&'static str, String)> {
    match status {
        Status::Reported => vec![],
        Status::Target => vec![
            ("fill-opacity", "0.16".into()),
            ("stroke", color.into()),
            ("stroke-width", "1.5".into()),
        ],
        Status::Estimate => vec![
            ("fill-opacity", "0.45".into()),
            ("stroke", color.into()),
            ("stroke-width", "1.5".into()),
            ("stroke-dasharray", "5 3".into()),
        ],
        Status::Speculative => vec![
            ("fill-opacity", "0.12".into()),
            ("stroke", color.into()),
            ("stroke-width", "1.6".into()),
            ("stroke-dasharray", "0.1 3.2".into()),
            ("stroke-linecap", "round".into()),
        ],
    }
}

/// The plotters backend. Shapes are appended to `out`; [`document`] wraps them.
pub struct ChartSvg<'a> {
    out: &'a mut String,
    role: RoleCell,
    link: LinkCell,
    size: (u32, u32),
    id: String,
    /// Hatch patterns used, so `document` defines only those.
    hatches: Rc<Cell<u64>>,
}

impl<'a> ChartSvg<'a> {
    pub fn new(
        out: &'a mut String,
        size: (u32, u32),
        id: &str,
        role: RoleCell,
        link: LinkCell,
    ) -> Self {
        ChartSvg {
            out,
            role,
            link,
            size,
            id: id.to_string(),
            hatches: Rc::default(),
        }
    }

    /// Class and presentation attributes of the current role, for a filled
    /// shape (`fill = true`) or a stroked one.
    fn attrs(&self, filled: bool) -> Vec<(&'static str, String)> {
        let role = self.role.get();
        let mut v: Vec<(&'static str, String)> = Vec::new();
        let paint = |v: &mut Vec<(&'static str, String)>, color: &str| {
            if filled {
                v.push(("fill", color.into()));
            } else {
                v.push(("fill", "none".into()));
                v.push(("stroke", color.into()));
            }
        };
        match role {
            Role::Grid | Role::Axis => {
                let (class, color) = if role == Role::Grid {
                    ("chart-grid", GRID_COLOR.0)
                } else {
                    ("chart-axis", AXIS_COLOR.0)
                };
                v.push(("class", class.into()));
                paint(&mut v, color);
                v.push(("shape-rendering", "crispEdges".into()));
            }
            Role::Text => {
                v.push(("class", "chart-text".into()));
                v.push(("fill", TEXT_COLOR.0.into()));
            }
            Role::Muted => {
                v.push(("class", "chart-text chart-muted".into()));
                v.push(("fill", TEXT_COLOR.0.into()));
                v.push(("fill-opacity", "0.78".into()));
            }
            Role::Bar(status, p) => {
                v.push(("class", format!("{} status-{}", p.class(), status.as_str())));
                v.push(("fill", p.light().into()));
                v.extend(status_attrs(status, p.light()));
            }
            Role::Hatch(p) => {
                self.hatches.set(self.hatches.get() | hatch_bit(p));
                v.push(("class", "chart-hatch".into()));
                v.push((
                    "fill",
                    format!("url(#{}-hatch-{})", self.id, p.pattern_suffix()),
                ));
            }
            Role::Swatch(p) => {
                v.push(("class", p.class()));
                v.push(("fill", p.light().into()));
            }
            Role::Line { dashed, paint: p } => {
                let class = if dashed {
                    "chart-line dashed"
                } else {
                    "chart-line"
                };
                v.push(("class", format!("{} {class}", p.class())));
                v.push(("fill", "none".into()));
                v.push(("stroke", p.light().into()));
                v.push(("stroke-width", "2".into()));
                v.push(("stroke-linejoin", "round".into()));
                if dashed {
                    v.push(("stroke-dasharray", "6 4".into()));
                }
            }
            Role::Other(p) => {
                v.push(("class", format!("{} chart-other", p.class())));
                v.push(("fill", PAPER_COLOR.0.into()));
                v.push(("stroke", p.light().into()));
                v.push(("stroke-width", "1.6".into()));
                v.push(("stroke-linejoin", "round".into()));
            }
            Role::Dot(status, p) => {
                v.push((
                    "class",
                    format!("{} status-{} chart-dot", p.class(), status.as_str()),
                ));
                match status {
                    Status::Speculative => {
                        v.push(("fill", PAPER_COLOR.0.into()));
                        v.push(("stroke", p.light().into()));
                        v.push(("stroke-width", "1.6".into()));
                    }
                    _ => {
                        v.push(("fill", p.light().into()));
                        v.extend(status_attrs(status, p.light()));
                    }
                }
            }
        }
        v
    }

    fn element(&mut self, name: &str, geometry: &[(&'static str, String)], filled: bool) {
        let attrs = self.attrs(filled);
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in geometry.iter().chain(attrs.iter()) {
            let _ = write!(self.out, " {k}=\"{}\"", Escaped(v));
        }
        self.out.push_str("/>\n");
    }

    fn points(path: impl IntoIterator<Item = BackendCoord>) -> String {
        let mut s = String::new();
        for (x, y) in path {
            if !s.is_empty() {
                s.push(' ');
            }
            let _ = write!(s, "{x},{y}");
        }
        s
    }

    /// The patterns whose hatching was drawn (call after drawing).
    pub fn hatch_record(&self) -> Rc<Cell<u64>> {
        Rc::clone(&self.hatches)
    }
}

fn hatch_bit(p: Paint) -> u64 {
    match p {
        Paint::Series(i) => 1 << (i % PALETTE_LEN),
        Paint::Key => 1 << 63,
    }
}

fn hatched_paints(bits: u64) -> Vec<Paint> {
    let mut paints: Vec<Paint> = (0..PALETTE_LEN)
        .filter(|i| bits & (1 << i) != 0)
        .map(Paint::Series)
        .collect();
    if bits & (1 << 63) != 0 {
        paints.push(Paint::Key);
    }
    paints
}

impl DrawingBackend for ChartSvg<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        (x, y): BackendCoord,
        _color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let geometry = [
            ("x", x.to_string()),
            ("y", y.to_string()),
            ("width", "1".into()),
            ("height", "1".into()),
        ];
        self.element("rect", &geometry, true);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        _style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let geometry = [
            ("x1", from.0.to_string()),
            ("y1", from.1.to_string()),
            ("x2", to.0.to_string()),
            ("y2", to.1.to_string()),
        ];
        self.element("line", &geometry, false);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        _style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let w = f64::from(bottom_right.0) - x;
        let h = f64::from(bottom_right.1) - y;
        // A stroked status bar is inset by half its stroke, so every bar has the same outer box.
        let inset = match self.role.get() {
            Role::Bar(status, _) if status != Status::Reported && w > 2.5 && h > 2.5 => 0.75,
            _ => 0.0,
        };
        let geometry = [
            ("x", fmt_coord(x + inset)),
            ("y", fmt_coord(y + inset)),
            ("width", fmt_coord(w - 2.0 * inset)),
            ("height", fmt_coord(h - 2.0 * inset)),
        ];
        self.element("rect", &geometry, fill);
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        _style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let points: Vec<BackendCoord> = path.into_iter().collect();
        match points.as_slice() {
            [] | [_] => {}
            [from, to] => {
                let geometry = [
                    ("x1", from.0.to_string()),
                    ("y1", from.1.to_string()),
                    ("x2", to.0.to_string()),
                    ("y2", to.1.to_string()),
                ];
                self.element("line", &geometry, false);
            }
            _ => self.element("polyline", &[("points", Self::points(points))], false),
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        _style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let geometry = [
            ("cx", center.0.to_string()),
            ("cy", center.1.to_string()),
            ("r", radius.to_string()),
        ];
        self.element("circle", &geometry, fill);
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        _style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.element("polygon", &[("points", Self::points(vert))], true);
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        (x, y): BackendCoord,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        let mut geometry = vec![
            ("x", x.to_string()),
            ("y", y.to_string()),
            ("dy", dy.to_string()),
            ("text-anchor", anchor.to_string()),
            ("font-family", style.family().as_str().to_string()),
            ("font-size", fmt_coord(style.size())),
        ];
        let angle = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            _ => None,
        };
        if let Some(angle) = angle {
            geometry.push(("transform", format!("rotate({angle}, {x}, {y})")));
        }
        let attrs = self.attrs(true);
        let link = self.link.borrow().clone();
        if let Some(href) = &link {
            let _ = write!(self.out, "<a href=\"{}\">", Escaped(href));
        }
        self.out.push_str("<text");
        for (k, v) in geometry.iter().chain(attrs.iter()) {
            let _ = write!(self.out, " {k}=\"{}\"", Escaped(v));
        }
        self.out.push('>');
        let _ = write!(self.out, "{}", Escaped(text));
        self.out.push_str("</text>");
        if link.is_some() {
            self.out.push_str("</a>");
        }
        self.out.push('\n');
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        let size = style.size();
        Ok((text_width(text, size).ceil() as u32, size.ceil() as u32))
    }
}

/// The complete `<svg>` element around the shapes drawn: title, description,
/// default styles and the hatch patterns that were used.
pub fn document(
    body: &str,
    id: &str,
    size: (u32, u32),
    title: &str,
    desc: &str,
    hatches: u64,
) -> String {
    let (width, height) = size;
    // An image's content is presentational, so a chart whose labels link to
    // entity pages is a group: its links stay reachable by keyboard and
    // screen readers. Text is escaped, so `<a href=` is only ever ours.
    let role = if body.contains("<a href=") {
        "group"
    } else {
        "img"
    };
    let mut out = String::with_capacity(body.len() + 4096);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"{role}\" class=\"chart\" \
         aria-labelledby=\"{id}-title {id}-desc\">"
    );
    let _ = writeln!(out, "<title id=\"{id}-title\">{}</title>", Escaped(title));
    let _ = writeln!(out, "<desc id=\"{id}-desc\">{}</desc>", Escaped(desc));
    let paints = hatched_paints(hatches);
    if !paints.is_empty() {
        out.push_str(&pattern_defs(id, &paints));
        out.push('\n');
    }
    out.push_str(body);
    out.push_str("</svg>\n");
    out
}

/// The chart rules a standalone `charts/<id>.svg` carries in a `<style>`
/// of its own. A chart inlined in a page has none: the page's stylesheet
/// styles it, so a page needs no inline style (a policy of
/// `default-src 'self'` allows none).
pub fn style_block() -> String {
    let mut css = String::new();
    let rules = |css: &mut String, dark: bool| {
        let pick = |c: (&'static str, &'static str)| if dark { c.1 } else { c.0 };
        for i in 0..PALETTE_LEN {
            let col = if dark {
                SERIES_DARK[i]
            } else {
                SERIES_LIGHT[i]
            };
            let _ = write!(
                css,
                ":where(svg.chart .series-{n}){{fill:var(--chart-{n},{col});stroke:var(--chart-{n},{col})}}",
                n = i + 1
            );
        }
        let _ = write!(
            css,
            ":where(svg.chart .chart-grid){{stroke:var(--chart-grid,{})}}\
             :where(svg.chart .chart-axis){{stroke:var(--chart-axis,{})}}\
             :where(svg.chart .chart-text){{fill:var(--chart-text,{})}}\
             :where(svg.chart .chart-key){{fill:var(--chart-key,{k});stroke:var(--chart-key,{k})}}\
             :where(svg.chart .chart-line){{fill:none}}\
             :where(svg.chart .chart-dot.status-speculative){{fill:var(--chart-paper,{p})}}",
            pick(GRID_COLOR),
            pick(AXIS_COLOR),
            pick(TEXT_COLOR),
            k = pick(KEY_COLOR),
            p = pick(PAPER_COLOR),
        );
    };
    rules(&mut css, false);
    css.push_str("@media (prefers-color-scheme: dark){");
    rules(&mut css, true);
    // Standalone file only (`:root` is <html> when inlined): browsers paint a
    // white canvas behind SVG documents, so give the dark theme a background.
    let _ = write!(
        css,
        ":where(svg.chart:root){{background:var(--chart-bg,{})}}",
        BG_DARK
    );
    css.push('}');
    format!("<style>{css}</style>")
}

/// The open diamond of a figure that does not lead: the paper's colour
/// inside. The default for a standalone chart that draws any (see
/// [`style_block`]); the page's stylesheet has its own rule.
pub fn other_style_block() -> String {
    format!(
        "<style>:where(svg.chart .chart-other){{fill:var(--chart-paper,{})}}\
         @media (prefers-color-scheme: dark){{:where(svg.chart .chart-other){{fill:var(--chart-paper,{})}}}}</style>",
        PAPER_COLOR.0, PAPER_COLOR.1
    )
}

fn pattern_defs(id: &str, paints: &[Paint]) -> String {
    let mut s = String::from("<defs>");
    for p in paints {
        let _ = write!(
            s,
            "<pattern id=\"{id}-hatch-{suffix}\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
             <line class=\"{class}\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"{color}\" stroke-width=\"1.6\"/></pattern>",
            suffix = p.pattern_suffix(),
            class = p.class(),
            color = p.light(),
        );
    }
    s.push_str("</defs>");
    s
}
