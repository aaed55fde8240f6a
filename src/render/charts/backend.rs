//! `ChartSvg`: a plotters [`DrawingBackend`] that writes themeable SVG.
//!
//! plotters decides *where* shapes go (coordinate systems, axes, ticks,
//! series); this backend decides *what they are*. Each shape's colour is
//! its [`Role`]'s sentinel (`role`), read back here: a `class` per role
//! (`series-1`…`series-6`, `status-*`, `chart-grid`, `chart-axis`,
//! `chart-text`…), a plain default colour, and the status styles plotters
//! has no words for (dash arrays, fill opacity, hatching). A colour that is
//! no role's is written as it is; a transparent one draws nothing. Text
//! is SVG text in a generic font, measured by our own estimate.
//! Presentation attributes lose to CSS, so a
//! page's stylesheet recolours charts through the classes; the embedded
//! `<style>` (zero-specificity `:where()` rules with `var(--chart-1, …)`
//! fallbacks and a dark-mode block) makes the standalone `charts/<id>.svg`
//! look right on its own; charts inlined in pages leave it out. Every id is
//! prefixed with the chart's id, and all text goes through the site's one
//! escaper (`markup::escape`). Output depends only on the calls made, so it
//! is deterministic.

use std::convert::Infallible;
use std::fmt::Write as _;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};

pub use super::role::{PALETTE_LEN, Paint, Role};
use super::text::{fmt_coord, text_width};
use crate::markup::escape::Escaped;
use crate::model::Status;

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
/// Line height of a label plotters passes with line breaks, in em
/// (12 px labels: `parts::XLABEL_LINE`).
const LINE_HEIGHT_EM: f64 = 1.25;

impl Paint {
    fn class(self) -> String {
        match self.slot() {
            Some(slot) => format!("series-{}", slot + 1),
            None => "chart-key".to_string(),
        }
    }
    fn pattern_suffix(self) -> String {
        match self.slot() {
            Some(slot) => format!("{}", slot + 1),
            None => "key".to_string(),
        }
    }
    fn light(self) -> &'static str {
        match self.slot() {
            Some(slot) => SERIES_LIGHT[slot],
            None => KEY_COLOR.0,
        }
    }
}

/// The attributes of one shape: `(name, value)`, written in order.
type Attrs = Vec<(&'static str, String)>;

pub fn status_attrs(status: Status, color: &str) -> Attrs {
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
    size: (u32, u32),
    id: String,
    /// Where [`Role::Link`] text links to (already relative to the page).
    links: Vec<String>,
    /// The hatch patterns already defined (written before their first use).
    hatches: Vec<Paint>,
}

impl<'a> ChartSvg<'a> {
    pub fn new(out: &'a mut String, size: (u32, u32), id: &str, links: Vec<String>) -> Self {
        ChartSvg {
            out,
            size,
            id: id.to_string(),
            links,
            hatches: Vec::new(),
        }
    }

    /// Class and presentation attributes of `role`, for a filled shape
    /// (`filled = true`) or a stroked one.
    fn role_attrs(&mut self, role: Role, filled: bool) -> Attrs {
        let paint = |color: &str| -> Attrs {
            if filled {
                vec![("fill", color.into())]
            } else {
                vec![("fill", "none".into()), ("stroke", color.into())]
            }
        };
        let mut v: Attrs = Vec::new();
        match role {
            Role::Grid | Role::Axis => {
                let (class, color) = if role == Role::Grid {
                    ("chart-grid", GRID_COLOR.0)
                } else {
                    ("chart-axis", AXIS_COLOR.0)
                };
                v.push(("class", class.into()));
                v.extend(paint(color));
                v.push(("shape-rendering", "crispEdges".into()));
            }
            Role::Text | Role::Link(_) => {
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
                self.define_hatch(p);
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

    /// The attributes of a shape in `color`: its role's, or, for a colour
    /// that is no role's, the colour itself (never silently dropped).
    fn attrs(&mut self, color: BackendColor, filled: bool) -> Attrs {
        match Role::from_color(color) {
            Some(role) => self.role_attrs(role, filled),
            None => {
                let (r, g, b) = color.rgb;
                let hex = format!("#{r:02x}{g:02x}{b:02x}");
                let mut v = if filled {
                    vec![("fill", hex)]
                } else {
                    vec![("fill", "none".into()), ("stroke", hex)]
                };
                if color.alpha < 1.0 {
                    let name = if filled {
                        "fill-opacity"
                    } else {
                        "stroke-opacity"
                    };
                    v.push((name, fmt_coord(color.alpha)));
                }
                v
            }
        }
    }

    /// Writes the hatch pattern of `paint` the first time it is used (a
    /// `<defs>` may stand anywhere; ids are per chart).
    fn define_hatch(&mut self, paint: Paint) {
        if !self.hatches.contains(&paint) {
            self.hatches.push(paint);
            self.out.push_str(&pattern_defs(&self.id, &[paint]));
            self.out.push('\n');
        }
    }

    /// Writes `<name geometry… attrs…/>`, unless `color` is transparent.
    fn element(
        &mut self,
        name: &str,
        geometry: &[(&'static str, String)],
        color: BackendColor,
        filled: bool,
    ) {
        if color.alpha == 0.0 {
            return;
        }
        let attrs = self.attrs(color, filled);
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

    /// One line of text (in a link where its role says so).
    fn text_line<T: BackendTextStyle>(&mut self, text: &str, style: &T, (x, y): BackendCoord) {
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
        let color = style.color();
        let link = match Role::from_color(color) {
            Some(Role::Link(index)) => self.links.get(usize::from(index)).cloned(),
            _ => None,
        };
        let attrs = self.attrs(color, true);
        if let Some(href) = &link {
            let _ = write!(self.out, "<a href=\"{}\">", Escaped(href));
        }
        self.out.push_str("<text");
        for (k, v) in geometry.iter().chain(attrs.iter()) {
            let _ = write!(self.out, " {k}=\"{}\"", Escaped(v));
        }
        let _ = write!(self.out, ">{}</text>", Escaped(text));
        if link.is_some() {
            self.out.push_str("</a>");
        }
        self.out.push('\n');
    }
}

fn line_geometry(from: BackendCoord, to: BackendCoord) -> [(&'static str, String); 4] {
    [
        ("x1", from.0.to_string()),
        ("y1", from.1.to_string()),
        ("x2", to.0.to_string()),
        ("y2", to.1.to_string()),
    ]
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
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let geometry = [
            ("x", x.to_string()),
            ("y", y.to_string()),
            ("width", "1".into()),
            ("height", "1".into()),
        ];
        self.element("rect", &geometry, color, true);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.element("line", &line_geometry(from, to), style.color(), false);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let w = f64::from(bottom_right.0) - x;
        let h = f64::from(bottom_right.1) - y;
        // A stroked status bar is inset by half its stroke, so every bar has the same outer box.
        let inset = match Role::from_color(style.color()) {
            Some(Role::Bar(status, _)) if status != Status::Reported && w > 2.5 && h > 2.5 => 0.75,
            _ => 0.0,
        };
        let geometry = [
            ("x", fmt_coord(x + inset)),
            ("y", fmt_coord(y + inset)),
            ("width", fmt_coord(w - 2.0 * inset)),
            ("height", fmt_coord(h - 2.0 * inset)),
        ];
        self.element("rect", &geometry, style.color(), fill);
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let points: Vec<BackendCoord> = path.into_iter().collect();
        match points.as_slice() {
            [] | [_] => {}
            [from, to] => self.element("line", &line_geometry(*from, *to), style.color(), false),
            _ => self.element(
                "polyline",
                &[("points", Self::points(points))],
                style.color(),
                false,
            ),
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let geometry = [
            ("cx", center.0.to_string()),
            ("cy", center.1.to_string()),
            ("r", radius.to_string()),
        ];
        self.element("circle", &geometry, style.color(), fill);
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.element(
            "polygon",
            &[("points", Self::points(vert))],
            style.color(),
            true,
        );
        Ok(())
    }

    /// A label plotters passes with line breaks (a wrapped category name)
    /// is a text per line, each a line height below the one before.
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        (x, y): BackendCoord,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let line_height = style.size() * LINE_HEIGHT_EM;
        for (i, line) in text.split('\n').enumerate() {
            let below = (i as f64 * line_height).round() as i32;
            self.text_line(line, style, (x, y + below));
        }
        Ok(())
    }

    /// Our own measure (charts carry no font, see `text`): plotters asks it
    /// to place axis labels; the height counts a label's lines.
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        let size = style.size();
        let width = text
            .split('\n')
            .map(|l| text_width(l, size))
            .fold(0.0, f64::max);
        let lines = text.split('\n').count() as f64;
        let height = size * (1.0 + (lines - 1.0) * LINE_HEIGHT_EM);
        Ok((width.ceil() as u32, height.ceil() as u32))
    }
}

/// The complete `<svg>` element around the shapes drawn: title and
/// description (the accessible name) first.
pub fn document(body: &str, id: &str, size: (u32, u32), title: &str, desc: &str) -> String {
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
