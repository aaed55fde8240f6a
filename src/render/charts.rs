//! Grouped bar charts rendered as self-contained, themeable SVG.
//!
//! Drawing is done with plotters' SVG backend into a string. Every shape is
//! drawn in a *sentinel colour* (`#01GGBB`) that encodes its role (grid, axis,
//! text, bar of series N with status S, ...). A post-processing pass rewrites
//! each sentinel into a `class="…"` attribute plus a plain default colour and
//! the status-specific stroke/fill attributes that plotters cannot express
//! (dash arrays, fill opacity, hatch patterns). Presentation attributes lose
//! to CSS, so the page stylesheet controls colours through the classes
//! `series-1`…`series-6`, `status-*`, `chart-grid`, `chart-text`, `chart-axis`.
//! A small embedded `<style>` with zero-specificity `:where()` rules supplies
//! defaults (via `var(--chart-1, …)` fallbacks, including a dark-mode block)
//! so that the standalone `charts/<id>.svg` looks right on its own.
//!
//! Output is deterministic: no hash maps, no random ids, fixed float
//! formatting.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::model::Status;

/// A grouped bar chart: categories along the x axis, one bar per series inside each category.
pub struct BarChart {
    pub id: String,              // unique per page, [a-z0-9-]; prefix every SVG id with it
    pub title: String,           // goes into <title>
    pub description: String,     // goes into <desc>
    pub unit: String,            // y-axis caption, e.g. "cars per year"
    pub categories: Vec<String>, // x-axis groups, in display order (periods, or entity names)
    pub series: Vec<Series>,
}

pub struct Series {
    pub name: String,
    pub points: Vec<Point>,
}

pub struct Point {
    pub category: usize,
    pub value: f64,
    pub status: Status,
}

// ---------------------------------------------------------------------------
// Geometry and theme constants
// ---------------------------------------------------------------------------

const WIDTH: u32 = 720;
const HEIGHT: u32 = 400;
const FONT_FAMILY: &str = "sans-serif";
/// plotters' SVG backend divides the requested font size by this factor.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

const OUTER_X: f64 = 12.0;
const OUTER_TOP: f64 = 10.0;
const OUTER_BOTTOM: f64 = 8.0;
const TICK_FONT: f64 = 12.0;
const VALUE_FONT: f64 = 11.0;
const LEGEND_FONT: f64 = 12.0;
const CAPTION_FONT: f64 = 12.0;
const XLABEL_FONT: f64 = 12.0;
const XLABEL_LINE: f64 = 15.0;
const XLABEL_MAX_LINES: usize = 3;
const ROTATED_LABEL_MAX: f64 = 110.0;
const LEGEND_ROW: f64 = 20.0;
const SWATCH: f64 = 12.0;
const MAX_BAR_WIDTH: f64 = 96.0;
const MAX_TICK_INTERVALS: f64 = 6.0;
/// Above this many bars, value labels that do not fit horizontally are
/// dropped rather than rotated (the grid carries the values).
const MAX_VERTICAL_LABELS: usize = 24;

const PALETTE_LEN: usize = 6;
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
/// Background of a standalone SVG opened in dark mode.
const BG_DARK: &str = "#16181d";

const STATUSES: [Status; 4] = [
    Status::Reported,
    Status::Target,
    Status::Estimate,
    Status::Speculative,
];

fn status_code(status: Status) -> u8 {
    match status {
        Status::Reported => 0,
        Status::Target => 1,
        Status::Estimate => 2,
        Status::Speculative => 3,
    }
}

// ---------------------------------------------------------------------------
// Sentinel colours
// ---------------------------------------------------------------------------

/// What colours a bar-like shape: a series slot (0-based, already cycled) or
/// the neutral "key" colour used for status swatches in multi-series legends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Paint {
    Series(usize),
    Key,
}

impl Paint {
    fn code(self) -> u8 {
        match self {
            Paint::Series(i) => (i % PALETTE_LEN) as u8,
            Paint::Key => 0x0F,
        }
    }
    fn from_code(code: u8) -> Option<Paint> {
        match code {
            0x0F => Some(Paint::Key),
            c if (c as usize) < PALETTE_LEN => Some(Paint::Series(c as usize)),
            _ => None,
        }
    }
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Grid,
    Axis,
    Text,
    Muted,
    Bar(Status, Paint),
    Hatch(Paint),
    Swatch(Paint),
}

impl Role {
    fn sentinel(self) -> RGBColor {
        let (g, b) = match self {
            Role::Grid => (0x01, 0),
            Role::Axis => (0x02, 0),
            Role::Text => (0x03, 0),
            Role::Muted => (0x04, 0),
            Role::Bar(s, p) => (0x10 + status_code(s), p.code()),
            Role::Hatch(p) => (0x20, p.code()),
            Role::Swatch(p) => (0x30, p.code()),
        };
        RGBColor(0x01, g, b)
    }

    /// Decode `#01GGBB` as written by plotters (upper-case hex).
    fn from_hex(value: &str) -> Option<Role> {
        let hex = value.strip_prefix('#')?;
        if hex.len() != 6 {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        if byte(0)? != 0x01 {
            return None;
        }
        let (g, b) = (byte(2)?, byte(4)?);
        match g {
            0x01 if b == 0 => Some(Role::Grid),
            0x02 if b == 0 => Some(Role::Axis),
            0x03 if b == 0 => Some(Role::Text),
            0x04 if b == 0 => Some(Role::Muted),
            0x10..=0x13 => Some(Role::Bar(
                STATUSES[(g - 0x10) as usize],
                Paint::from_code(b)?,
            )),
            0x20 => Some(Role::Hatch(Paint::from_code(b)?)),
            0x30 => Some(Role::Swatch(Paint::from_code(b)?)),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------
// Public helpers
// ---------------------------------------------------------------------------

/// Thousands separators: 190000.0 -> "190,000"; 1234.5 -> "1,234.5"; negatives ok.
///
/// At most 12 significant digits are kept (this hides float noise such as
/// `0.30000000000000004`); trailing zeros are dropped.
pub fn format_number(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "∞" } else { "-∞" }.to_string();
    }
    let abs = value.abs();
    let int_digits = if abs >= 1.0 {
        abs.log10().floor() as i32 + 1
    } else {
        1
    };
    let decimals = (12 - int_digits).clamp(0, 12) as usize;
    let mut plain = format!("{:.*}", decimals, abs);
    if plain.contains('.') {
        while plain.ends_with('0') {
            plain.pop();
        }
        if plain.ends_with('.') {
            plain.pop();
        }
    }
    let (int_part, frac_part) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 1);
    let is_zero = int_part.bytes().all(|b| b == b'0') && frac_part.is_none();
    if value < 0.0 && !is_zero {
        out.push('-');
    }
    let digits = int_part.as_bytes();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(*d as char);
    }
    if let Some(f) = frac_part {
        out.push('.');
        out.push_str(f);
    }
    out
}

// ---------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------

/// Replace characters that are not allowed in XML 1.0 (control characters)
/// or that would break single-line labels; trim the result.
fn clean_text(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn sanitize_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "chart".to_string() } else { s }
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

/// Rough advance width of a character in em for a generic sans-serif font.
/// Calibrated on DejaVu Sans (the widest common default), so Arial/Helvetica
/// render a little narrower than estimated.
fn char_em(c: char) -> f64 {
    match c {
        ' ' => 0.32,
        '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'i' | 'j' | 'l' | 'I' => 0.32,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.4,
        '0'..='9' => 0.64,
        'm' | 'w' | 'M' | 'W' | 'Ш' | 'Щ' | 'Ж' | 'Ю' | 'Ы' | 'Ф' | 'ш' | 'щ' | 'ж' | 'ю' | 'ы'
        | 'ф' | '…' | '—' => 0.92,
        c if is_wide(c) => 1.0,
        c if c.is_uppercase() => 0.72,
        _ => 0.6,
    }
}

/// Estimated rendered width in px (slightly generous).
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

/// Cut `s` so that it fits `max_w` px, appending an ellipsis if shortened.
fn truncate_to_width(s: &str, max_w: f64, size: f64) -> String {
    if text_width(s, size) <= max_w {
        return s.to_string();
    }
    let budget = max_w - text_width("…", size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = char_em(c) * size;
        if w + cw > budget {
            break;
        }
        w += cw;
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

/// Greedy word wrap. Returns `None` if a single word does not fit.
fn wrap_words(s: &str, max_w: f64, size: f64) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in s.split_whitespace() {
        if text_width(word, size) > max_w {
            return None;
        }
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if text_width(&candidate, size) <= max_w {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_string();
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    Some(lines)
}

/// Format a float for an SVG attribute: at most 2 decimals, no trailing zeros.
fn fmt_coord(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    let s = format!("{:.2}", r);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

// ---------------------------------------------------------------------------
// Data preparation and layout
// ---------------------------------------------------------------------------

struct Bar {
    series: usize,
    category: usize,
    value: f64,
    status: Status,
    label: String,
}

/// Y scale: ticks are `k * step` for `k` in `kmin..=kmax`.
#[derive(Clone, Copy, Debug)]
struct Scale {
    kmin: i64,
    kmax: i64,
    step: f64,
}

impl Scale {
    fn min(&self) -> f64 {
        self.kmin as f64 * self.step
    }
    fn max(&self) -> f64 {
        self.kmax as f64 * self.step
    }
    fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        (self.kmin..=self.kmax).map(move |k| k as f64 * self.step)
    }
}

fn nice_scale(lo: f64, hi: f64, integral: bool) -> Scale {
    // Beyond ±1e300 the span itself overflows to infinity; such figures are
    // drawn at the edge of the scale rather than breaking it.
    const LIMIT: f64 = 1e300;
    let lo = lo.clamp(-LIMIT, 0.0);
    let mut hi = hi.clamp(0.0, LIMIT);
    if hi - lo <= 0.0 {
        hi = if integral { 5.0 } else { 1.0 };
    }
    let span = hi - lo;
    let mut exp = span.log10().floor() as i32 - 2;
    for _ in 0..12 {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = m * 10f64.powi(exp);
            if integral && (step < 1.0 || step.fract() != 0.0) {
                continue;
            }
            let kmax = (hi / step - 1e-9).ceil().max(0.0);
            let kmin = (lo / step + 1e-9).floor().min(0.0);
            if kmax - kmin <= MAX_TICK_INTERVALS {
                return Scale {
                    kmin: kmin as i64,
                    kmax: kmax as i64,
                    step,
                };
            }
        }
        exp = exp.saturating_add(1);
    }
    // Unreachable for finite input; keep a sane fallback.
    Scale {
        kmin: 0,
        kmax: 1,
        step: span,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueLabels {
    Horizontal,
    Vertical,
    Hidden,
}

enum XLabels {
    /// Each shown label as one or more lines; only every `step`-th category.
    Horizontal {
        lines: Vec<Vec<String>>,
        step: usize,
    },
    /// Rotated 90° counter-clockwise, possibly truncated; every `step`-th.
    Rotated { labels: Vec<String>, step: usize },
}

impl XLabels {
    fn height(&self) -> f64 {
        match self {
            XLabels::Horizontal { lines, .. } => {
                let n = lines.iter().map(|l| l.len()).max().unwrap_or(0);
                if n == 0 {
                    0.0
                } else {
                    8.0 + n as f64 * XLABEL_LINE
                }
            }
            XLabels::Rotated { labels, .. } => {
                let w = labels
                    .iter()
                    .map(|l| text_width(l, XLABEL_FONT))
                    .fold(0.0, f64::max);
                8.0 + w + 4.0
            }
        }
    }
}

fn plan_x_labels(categories: &[String], band: f64) -> XLabels {
    let avail = band - 6.0;
    let widths: Vec<f64> = categories
        .iter()
        .map(|c| text_width(c, XLABEL_FONT))
        .collect();
    let maxw = widths.iter().cloned().fold(0.0, f64::max);
    if maxw <= avail {
        return XLabels::Horizontal {
            lines: categories.iter().map(|c| vec![c.clone()]).collect(),
            step: 1,
        };
    }
    if avail >= 40.0 {
        let wrapped: Option<Vec<Vec<String>>> = categories
            .iter()
            .map(|c| wrap_words(c, avail, XLABEL_FONT).filter(|l| l.len() <= XLABEL_MAX_LINES))
            .collect();
        if let Some(lines) = wrapped {
            return XLabels::Horizontal { lines, step: 1 };
        }
    }
    // Period-like labels (years, quarters) are thinned rather than rotated.
    let period_like = categories
        .iter()
        .all(|c| c.chars().any(|ch| ch.is_ascii_digit()));
    if period_like && maxw <= 90.0 {
        let step = ((maxw + 10.0) / band.max(0.5)).ceil().max(1.0) as usize;
        return XLabels::Horizontal {
            lines: categories.iter().map(|c| vec![c.clone()]).collect(),
            step,
        };
    }
    let step = (14.0 / band.max(0.5)).ceil().max(1.0) as usize;
    XLabels::Rotated {
        labels: categories
            .iter()
            .map(|c| truncate_to_width(c, ROTATED_LABEL_MAX, XLABEL_FONT))
            .collect(),
        step,
    }
}

struct LegendItem {
    swatch: Role,
    label: String,
    x: f64,
    y: f64,
}

fn plan_legend(
    series_names: &[String],
    statuses: &BTreeSet<Status>,
    status_paint: Paint,
) -> (Vec<LegendItem>, f64) {
    let mut raw: Vec<(Role, String, f64)> = Vec::new();
    for (i, name) in series_names.iter().enumerate() {
        if !name.is_empty() {
            raw.push((Role::Swatch(Paint::Series(i)), name.clone(), 0.0));
        }
    }
    for (n, s) in statuses.iter().enumerate() {
        let gap = if n == 0 && !raw.is_empty() { 14.0 } else { 0.0 };
        raw.push((Role::Bar(*s, status_paint), s.label().to_string(), gap));
    }
    let max_x = WIDTH as f64 - OUTER_X;
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

struct Layout {
    scale: Scale,
    plot_left: f64,
    plot_right: f64,
    plot_top: f64,
    plot_bottom: f64,
    caption_y: f64,
    band: f64,
    bar_w: f64,
    gap: f64,
    group_w: f64,
    value_labels: ValueLabels,
    x_labels: XLabels,
    legend: Vec<LegendItem>,
}

impl Layout {
    fn y(&self, v: f64) -> f64 {
        let (lo, hi) = (self.scale.min(), self.scale.max());
        self.plot_bottom - (v - lo) / (hi - lo) * (self.plot_bottom - self.plot_top)
    }
    /// Left edge of the bar for `series` in `category`.
    fn bar_x(&self, category: usize, series: usize) -> f64 {
        let band_x = self.plot_left + category as f64 * self.band;
        band_x + (self.band - self.group_w) / 2.0 + series as f64 * (self.bar_w + self.gap)
    }
    /// Bar rectangle (x0, x1, top, bottom) in px.
    fn bar_box(&self, bar: &Bar) -> (f64, f64, f64, f64) {
        let x0 = self.bar_x(bar.category, bar.series);
        let (y, zero) = (self.y(bar.value), self.y(0.0));
        (x0, x0 + self.bar_w, y.min(zero), y.max(zero))
    }

    /// Box (x0, x1, top, bottom) of a horizontal value label.
    fn label_box(&self, bar: &Bar) -> (f64, f64, f64, f64) {
        let (x0, x1, top, bottom) = self.bar_box(bar);
        let cx = (x0 + x1) / 2.0;
        let half = text_width(&bar.label, VALUE_FONT) / 2.0;
        if bar.value >= 0.0 {
            (cx - half, cx + half, top - 4.0 - VALUE_FONT, top - 4.0)
        } else {
            (
                cx - half,
                cx + half,
                bottom + 4.0,
                bottom + 4.0 + VALUE_FONT,
            )
        }
    }

    /// Horizontal value labels fit if none overlaps another label, another
    /// bar, or the tick labels / right edge.
    fn horizontal_labels_fit(&self, bars: &[Bar]) -> bool {
        let overlap = |a: (f64, f64, f64, f64), b: (f64, f64, f64, f64), pad: f64| {
            a.0 < b.1 + pad && b.0 < a.1 + pad && a.2 < b.3 && b.2 < a.3
        };
        let labels: Vec<_> = bars.iter().map(|b| self.label_box(b)).collect();
        for (i, a) in labels.iter().enumerate() {
            if a.0 < self.plot_left - 2.0 || a.1 > WIDTH as f64 - 2.0 {
                return false;
            }
            for b in labels.iter().skip(i + 1) {
                if overlap(*a, *b, 3.0) {
                    return false;
                }
            }
            for (j, bar) in bars.iter().enumerate() {
                if i != j && overlap(*a, self.bar_box(bar), 2.0) {
                    return false;
                }
            }
        }
        true
    }

    /// Does every value label fit inside the plot's vertical extent?
    fn labels_fit(&self, bars: &[Bar]) -> (bool, bool) {
        let (mut top_ok, mut bottom_ok) = (true, true);
        for bar in bars {
            let extent = match self.value_labels {
                ValueLabels::Horizontal => VALUE_FONT + 4.0,
                ValueLabels::Vertical => text_width(&bar.label, VALUE_FONT) + 4.0,
                ValueLabels::Hidden => 0.0,
            };
            let y = self.y(bar.value);
            if bar.value >= 0.0 && y - extent < self.plot_top - 2.0 {
                top_ok = false;
            }
            if bar.value < 0.0 && y + extent > self.plot_bottom + 2.0 {
                bottom_ok = false;
            }
        }
        (top_ok, bottom_ok)
    }
}

fn compute_layout(
    categories: &[String],
    series_names: &[String],
    bars: &[Bar],
    statuses: &BTreeSet<Status>,
    unit: &str,
    integral: bool,
) -> Layout {
    let lo = bars.iter().map(|b| b.value).fold(0.0, f64::min);
    let hi = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let mut scale = nice_scale(lo, hi, integral);

    let status_paint = if series_names.len() == 1 {
        Paint::Series(0)
    } else {
        Paint::Key
    };
    let (legend, legend_h) = plan_legend(series_names, statuses, status_paint);
    let caption_y = OUTER_TOP + legend_h + if legend_h > 0.0 { 4.0 } else { 0.0 };
    let caption_h = if unit.is_empty() {
        0.0
    } else {
        CAPTION_FONT + 4.0
    };
    let plot_top = caption_y + caption_h + 12.0;

    let n_cat = categories.len().max(1);
    let n_ser = series_names.len().max(1);

    let mut layout = None;
    for _ in 0..8 {
        let tick_w = scale
            .ticks()
            .map(|t| text_width(&format_number(t), TICK_FONT))
            .fold(0.0, f64::max);
        let plot_left = (OUTER_X + tick_w + 8.0).round();
        let plot_right = WIDTH as f64 - OUTER_X;
        let band = (plot_right - plot_left) / n_cat as f64;
        let frac = if n_ser == 1 { 0.6 } else { 0.8 };
        let gap = if n_ser > 1 && band * frac / n_ser as f64 >= 8.0 {
            2.0
        } else {
            0.0
        };
        let bar_w =
            ((band * frac - (n_ser as f64 - 1.0) * gap) / n_ser as f64).clamp(1.0, MAX_BAR_WIDTH);
        let group_w = n_ser as f64 * bar_w + (n_ser as f64 - 1.0) * gap;
        let pitch = if n_ser == 1 { band } else { bar_w + gap };
        let x_labels = if categories.is_empty() {
            XLabels::Horizontal {
                lines: Vec::new(),
                step: 1,
            }
        } else {
            plan_x_labels(categories, band)
        };
        let plot_bottom = (HEIGHT as f64 - OUTER_BOTTOM - x_labels.height())
            .max(plot_top + 40.0)
            .round();
        let mut l = Layout {
            scale,
            plot_left,
            plot_right,
            plot_top: plot_top.round(),
            plot_bottom,
            caption_y,
            band,
            bar_w,
            gap,
            group_w,
            value_labels: ValueLabels::Horizontal,
            x_labels,
            legend: Vec::new(),
        };
        l.value_labels = if l.horizontal_labels_fit(bars) {
            ValueLabels::Horizontal
        } else if pitch >= VALUE_FONT + 1.0 && bars.len() <= MAX_VERTICAL_LABELS {
            ValueLabels::Vertical
        } else {
            ValueLabels::Hidden
        };
        let (top_ok, bottom_ok) = l.labels_fit(bars);
        layout = Some(l);
        if top_ok && bottom_ok {
            break;
        }
        if !top_ok {
            scale.kmax += 1;
        }
        if !bottom_ok {
            scale.kmin -= 1;
        }
    }
    let mut layout = layout.expect("layout loop runs at least once");
    layout.legend = legend;
    layout
}

// ---------------------------------------------------------------------------
// Drawing with plotters
// ---------------------------------------------------------------------------

struct Canvas<'a, 'b> {
    area: &'b DrawingArea<SVGBackend<'a>, Shift>,
}

impl Canvas<'_, '_> {
    fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, role: Role) {
        let (x0, x1) = (x0.round() as i32, x1.round() as i32);
        let (y0, y1) = (y0.round() as i32, y1.round() as i32);
        let x1 = x1.max(x0 + 1);
        if y1 <= y0 {
            return;
        }
        let style = ShapeStyle {
            color: role.sentinel().to_rgba(),
            filled: true,
            stroke_width: 0,
        };
        let _ = self.area.draw(&Rectangle::new([(x0, y0), (x1, y1)], style));
    }

    fn hline(&self, x0: f64, x1: f64, y: f64, role: Role) {
        let y = y.round() as i32;
        let style = ShapeStyle {
            color: role.sentinel().to_rgba(),
            filled: false,
            stroke_width: 1,
        };
        let _ = self.area.draw(&PathElement::new(
            vec![(x0.round() as i32, y), (x1.round() as i32, y)],
            style,
        ));
    }

    #[allow(clippy::too_many_arguments)]
    fn text(&self, s: &str, x: f64, y: f64, size: f64, h: HPos, v: VPos, rotate: bool, role: Role) {
        let color = role.sentinel();
        let mut font = (FONT_FAMILY, size * PLOTTERS_FONT_SCALE).into_font();
        if rotate {
            font = font.transform(FontTransform::Rotate270);
        }
        let style = font.color(&color).pos(Pos::new(h, v));
        let _ = self.area.draw(&Text::new(
            s.to_string(),
            (x.round() as i32, y.round() as i32),
            style,
        ));
    }
}

fn draw_chart(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    layout: &Layout,
    bars: &[Bar],
    unit: &str,
) {
    let c = Canvas { area };
    let single_series_paint = |series: usize| Paint::Series(series % PALETTE_LEN);

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
            &format_number(t),
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
        c.rect(
            item.x,
            item.y,
            item.x + SWATCH,
            item.y + SWATCH,
            item.swatch,
        );
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
            "No data",
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

// ---------------------------------------------------------------------------
// Post-processing
// ---------------------------------------------------------------------------

type Attrs = Vec<(String, String)>;

/// Parse a plotters tag line `<name a="1" b="2"/>` into (name, attributes, self-closing).
fn parse_tag(line: &str) -> Option<(String, Attrs, bool)> {
    let line = line.trim();
    let body = line.strip_prefix('<')?;
    let (body, self_closing) = if let Some(b) = body.strip_suffix("/>") {
        (b, true)
    } else {
        (body.strip_suffix('>')?, false)
    };
    let name_end = body.find(' ').unwrap_or(body.len());
    let name = body[..name_end].to_string();
    let mut rest = &body[name_end..];
    let mut attrs = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let eq = rest.find("=\"")?;
        let key = rest[..eq].to_string();
        let after = &rest[eq + 2..];
        let close = after.find('"')?;
        attrs.push((key, after[..close].to_string()));
        rest = &after[close + 1..];
    }
    Some((name, attrs, self_closing))
}

fn role_of(attrs: &[(String, String)]) -> Option<Role> {
    attrs
        .iter()
        .filter(|(k, _)| k == "fill" || k == "stroke")
        .find_map(|(_, v)| Role::from_hex(v))
}

fn status_attrs(status: Status, color: &str) -> Vec<(String, String)> {
    let mut v: Vec<(&str, String)> = Vec::new();
    match status {
        Status::Reported => {}
        Status::Target => {
            v.push(("fill-opacity", "0.16".into()));
            v.push(("stroke", color.into()));
            v.push(("stroke-width", "1.5".into()));
        }
        Status::Estimate => {
            v.push(("fill-opacity", "0.45".into()));
            v.push(("stroke", color.into()));
            v.push(("stroke-width", "1.5".into()));
            v.push(("stroke-dasharray", "5 3".into()));
        }
        Status::Speculative => {
            v.push(("fill-opacity", "0.12".into()));
            v.push(("stroke", color.into()));
            v.push(("stroke-width", "1.6".into()));
            v.push(("stroke-dasharray", "0.1 3.2".into()));
            v.push(("stroke-linecap", "round".into()));
        }
    }
    v.into_iter().map(|(k, val)| (k.to_string(), val)).collect()
}

/// Rewrite one plotters element (sentinel colours → classes + defaults).
fn rewrite_element(
    name: &str,
    attrs: Vec<(String, String)>,
    id: &str,
) -> (String, Vec<(String, String)>) {
    let Some(role) = role_of(&attrs) else {
        return (name.to_string(), attrs);
    };
    let mut out: Vec<(String, String)> = Vec::new();
    let (class, color) = match role {
        Role::Grid => ("chart-grid".to_string(), GRID_COLOR.0),
        Role::Axis => ("chart-axis".to_string(), AXIS_COLOR.0),
        Role::Text => ("chart-text".to_string(), TEXT_COLOR.0),
        Role::Muted => ("chart-text chart-muted".to_string(), TEXT_COLOR.0),
        Role::Bar(s, p) => (format!("{} status-{}", p.class(), s.as_str()), p.light()),
        Role::Hatch(_) => ("chart-hatch".to_string(), "none"),
        Role::Swatch(p) => (p.class(), p.light()),
    };
    out.push(("class".to_string(), class));

    // Inset stroked bars by half the stroke width so all bars share the same outer box.
    let inset = match role {
        Role::Bar(s, _) if s != Status::Reported => 0.75,
        _ => 0.0,
    };
    let num = |attrs: &[(String, String)], k: &str| -> f64 {
        attrs
            .iter()
            .find(|(key, _)| key == k)
            .and_then(|(_, v)| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let (w, h) = (num(&attrs, "width"), num(&attrs, "height"));
    let inset = if w > 2.0 * inset + 1.0 && h > 2.0 * inset + 1.0 {
        inset
    } else {
        0.0
    };

    for (k, v) in &attrs {
        match k.as_str() {
            "opacity" if v == "1" => {}
            "fill" if Role::from_hex(v).is_some() => match role {
                Role::Hatch(p) => out.push((
                    "fill".into(),
                    format!("url(#{id}-hatch-{})", p.pattern_suffix()),
                )),
                _ => out.push(("fill".into(), color.to_string())),
            },
            "stroke" if Role::from_hex(v).is_some() => {
                out.push(("stroke".into(), color.to_string()))
            }
            "stroke" if matches!(role, Role::Bar(s, _) if s != Status::Reported) => {}
            "font-size" => {
                let size = v.parse::<f64>().unwrap_or(TICK_FONT);
                out.push((k.clone(), fmt_coord(size)));
            }
            "x" | "y" if name == "rect" && inset > 0.0 => {
                out.push((
                    k.clone(),
                    fmt_coord(v.parse::<f64>().unwrap_or(0.0) + inset),
                ));
            }
            "width" | "height" if name == "rect" && inset > 0.0 => {
                out.push((
                    k.clone(),
                    fmt_coord(v.parse::<f64>().unwrap_or(0.0) - 2.0 * inset),
                ));
            }
            _ => out.push((k.clone(), v.clone())),
        }
    }
    match role {
        Role::Grid | Role::Axis => {
            out.push(("shape-rendering".into(), "crispEdges".into()));
        }
        Role::Muted => out.push(("fill-opacity".into(), "0.78".into())),
        Role::Bar(s, _) => out.extend(status_attrs(s, color)),
        _ => {}
    }
    (name.to_string(), out)
}

fn write_tag(out: &mut String, name: &str, attrs: &[(String, String)], self_closing: bool) {
    out.push('<');
    out.push_str(name);
    for (k, v) in attrs {
        // Values come from plotters (already escaped) or from us (safe).
        let _ = write!(out, " {k}=\"{v}\"");
    }
    out.push_str(if self_closing { "/>" } else { ">" });
}

fn style_block() -> String {
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
             :where(svg.chart .chart-key){{fill:var(--chart-key,{k});stroke:var(--chart-key,{k})}}",
            pick(GRID_COLOR),
            pick(AXIS_COLOR),
            pick(TEXT_COLOR),
            k = pick(KEY_COLOR),
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

fn pattern_defs(id: &str, paints: &BTreeSet<Paint>) -> String {
    if paints.is_empty() {
        return String::new();
    }
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

fn post_process(
    raw: &str,
    chart_id: &str,
    title: &str,
    desc: &str,
    hatch_paints: &BTreeSet<Paint>,
) -> String {
    let mut out = String::with_capacity(raw.len() + 2048);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" class=\"chart\" \
         aria-labelledby=\"{chart_id}-title {chart_id}-desc\">"
    );
    let _ = writeln!(
        out,
        "<title id=\"{chart_id}-title\">{}</title>",
        escape_xml(title)
    );
    let _ = writeln!(
        out,
        "<desc id=\"{chart_id}-desc\">{}</desc>",
        escape_xml(desc)
    );
    out.push_str(&style_block());
    out.push('\n');
    let defs = pattern_defs(chart_id, hatch_paints);
    if !defs.is_empty() {
        out.push_str(&defs);
        out.push('\n');
    }

    let mut lines = raw.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("<svg") || trimmed == "</svg>" {
            continue;
        }
        let Some((name, attrs, self_closing)) = parse_tag(trimmed) else {
            continue;
        };
        let (name, attrs) = rewrite_element(&name, attrs, chart_id);
        if name == "text" && !self_closing {
            // Text content lines follow until `</text>`; join them onto one line so
            // no stray whitespace shifts end-anchored labels.
            let mut content = Vec::new();
            for l in lines.by_ref() {
                if l.trim() == "</text>" {
                    break;
                }
                content.push(l.trim().to_string());
            }
            write_tag(&mut out, &name, &attrs, false);
            out.push_str(&content.join(" "));
            out.push_str("</text>\n");
        } else {
            write_tag(&mut out, &name, &attrs, true);
            out.push('\n');
        }
    }
    out.push_str("</svg>\n");
    out
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

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
                label: format_number(p.value),
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
    );

    let mut hatch_paints: BTreeSet<Paint> = bars
        .iter()
        .filter(|b| b.status == Status::Target)
        .map(|b| Paint::Series(b.series % PALETTE_LEN))
        .collect();
    for item in &layout.legend {
        if let Role::Bar(Status::Target, p) = item.swatch {
            hatch_paints.insert(p);
        }
    }

    let mut raw = String::new();
    {
        let area = SVGBackend::with_string(&mut raw, (WIDTH, HEIGHT)).into_drawing_area();
        draw_chart(&area, &layout, &bars, &unit);
        let _ = area.present();
    }

    post_process(
        &raw,
        &id,
        &clean_text(&chart.title),
        &clean_text(&chart.description),
        &hatch_paints,
    )
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(categories: &[&str], series: Vec<Series>) -> BarChart {
        BarChart {
            id: "test-chart".into(),
            title: "Test chart".into(),
            description: "A chart used in tests".into(),
            unit: "cars per year".into(),
            categories: categories.iter().map(|s| s.to_string()).collect(),
            series,
        }
    }

    fn series(name: &str, values: &[(usize, f64, Status)]) -> Series {
        Series {
            name: name.into(),
            points: values
                .iter()
                .map(|&(category, value, status)| Point {
                    category,
                    value,
                    status,
                })
                .collect(),
        }
    }

    fn moskvich() -> BarChart {
        BarChart {
            id: "moskvich-output".into(),
            title: "Moskvich plant, Moscow: output vs capacity".into(),
            description: "Annual output 190,000 cars (2022, reported); planned capacity up to 300,000 cars per year (target).".into(),
            unit: "cars per year".into(),
            categories: vec!["Annual output (2022)".into(), "Planned capacity".into()],
            series: vec![series(
                "Moskvich, Moscow",
                &[(0, 190_000.0, Status::Reported), (1, 300_000.0, Status::Target)],
            )],
        }
    }

    /// Parse as XML and return the document text for further checks.
    fn assert_well_formed(svg: &str) -> roxmltree::Document<'_> {
        let doc =
            roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("invalid XML: {e}\n{svg}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("class"), Some("chart"));
        assert!(root.attribute("viewBox").is_some());
        assert!(root.attribute("width").is_none());
        assert!(root.attribute("height").is_none());
        for n in doc.descendants() {
            for a in ["fill", "stroke"] {
                if let Some(v) = n.attribute(a) {
                    assert!(
                        Role::from_hex(v).is_none(),
                        "sentinel colour left behind: {v}"
                    );
                }
            }
            assert!(!n.attribute("y").is_some_and(|v| v.contains("NaN")));
            assert!(!n.attribute("height").is_some_and(|v| v.contains("NaN")));
        }
        doc
    }

    fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn format_number_cases() {
        assert_eq!(format_number(190000.0), "190,000");
        assert_eq!(format_number(1234.5), "1,234.5");
        assert_eq!(format_number(-1234.5), "-1,234.5");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(999.0), "999");
        assert_eq!(format_number(1000.0), "1,000");
        assert_eq!(format_number(-1000000.0), "-1,000,000");
        assert_eq!(format_number(1e12), "1,000,000,000,000");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(0.05), "0.05");
        assert_eq!(format_number(12.25), "12.25");
        assert_eq!(format_number(300_000.0), "300,000");
        assert_eq!(format_number(f64::NAN), "NaN");
    }

    #[test]
    fn nice_scale_basics() {
        let s = nice_scale(0.0, 190_000.0, true);
        assert_eq!((s.kmin, s.kmax, s.step), (0, 4, 50_000.0));
        let s = nice_scale(0.0, 0.0, true);
        assert!(s.max() > s.min());
        let s = nice_scale(0.0, 0.0, false);
        assert!(s.max() > s.min());
        let s = nice_scale(-50.0, 120.0, true);
        assert!(s.min() <= -50.0 && s.max() >= 120.0);
    }

    #[test]
    fn deterministic() {
        let a = render_svg(&moskvich());
        let b = render_svg(&moskvich());
        assert_eq!(a, b);
    }

    #[test]
    fn title_desc_and_aria() {
        let svg = render_svg(&moskvich());
        assert!(!svg.starts_with("<?xml"));
        let doc = assert_well_formed(&svg);
        let root = doc.root_element();
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some("moskvich-output-title moskvich-output-desc")
        );
        let mut children = root.children().filter(|n| n.is_element());
        let title = children.next().unwrap();
        assert!(title.has_tag_name("title"));
        assert_eq!(title.attribute("id"), Some("moskvich-output-title"));
        assert_eq!(
            title.text(),
            Some("Moskvich plant, Moscow: output vs capacity")
        );
        let desc = children.next().unwrap();
        assert!(desc.has_tag_name("desc"));
        assert_eq!(desc.attribute("id"), Some("moskvich-output-desc"));
        // Every id is prefixed with the chart id.
        for n in doc.descendants() {
            if let Some(id) = n.attribute("id") {
                assert!(id.starts_with("moskvich-output-"), "{id}");
            }
        }
        // Embedded defaults with a dark-mode block.
        assert!(svg.contains("var(--chart-1,#1f5fa8)"));
        assert!(svg.contains("@media (prefers-color-scheme: dark)"));
    }

    #[test]
    fn moskvich_values_and_ticks() {
        let svg = render_svg(&moskvich());
        let doc = assert_well_formed(&svg);
        let t = texts(&doc);
        for expected in [
            "190,000",
            "300,000",
            "cars per year",
            "Reported",
            "Target",
            "Moskvich, Moscow",
        ] {
            assert!(
                t.iter().any(|s| s == expected),
                "missing {expected:?} in {t:?}"
            );
        }
        // Statuses present only.
        assert!(!t.iter().any(|s| s == "Estimate" || s == "Speculative"));
        // y axis starts at 0 and has separators.
        assert!(t.iter().any(|s| s == "0"));
        assert!(t.iter().any(|s| s == "100,000"));
        // Hatch pattern defined and used.
        assert!(svg.contains("<pattern id=\"moskvich-output-hatch-1\""));
        assert!(svg.contains("fill=\"url(#moskvich-output-hatch-1)\""));
    }

    #[test]
    fn each_status_has_its_class() {
        let c = chart(
            &["A", "B", "C", "D"],
            vec![series(
                "S",
                &[
                    (0, 10.0, Status::Reported),
                    (1, 20.0, Status::Target),
                    (2, 30.0, Status::Estimate),
                    (3, 40.0, Status::Speculative),
                ],
            )],
        );
        let svg = render_svg(&c);
        let doc = assert_well_formed(&svg);
        for s in STATUSES {
            let class = format!("status-{}", s.as_str());
            let bars: Vec<_> = doc
                .descendants()
                .filter(|n| n.has_tag_name("rect"))
                .filter(|n| {
                    n.attribute("class")
                        .is_some_and(|c| c.split(' ').any(|x| x == class))
                })
                .collect();
            // One bar plus one legend swatch.
            assert_eq!(bars.len(), 2, "{class}");
            assert!(texts(&doc).iter().any(|t| t == s.label()));
        }
        assert!(svg.contains("stroke-dasharray=\"5 3\""));
        assert!(svg.contains("stroke-linecap=\"round\""));
        // Series classes on bars.
        assert!(svg.contains("class=\"series-1 status-reported\""));
    }

    #[test]
    fn one_bar() {
        let c = chart(
            &["2022"],
            vec![series("Output", &[(0, 190_000.0, Status::Reported)])],
        );
        let svg = render_svg(&c);
        let doc = assert_well_formed(&svg);
        let bars = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("series-1 status-reported"))
            .count();
        assert_eq!(bars, 2); // the bar plus the "Reported" legend swatch
        assert!(texts(&doc).iter().any(|t| t == "190,000"));
        assert!(texts(&doc).iter().any(|t| t == "2022"));
    }

    #[test]
    fn many_bars() {
        let cats: Vec<String> = (0..40).map(|i| format!("{}", 1985 + i)).collect();
        let refs: Vec<&str> = cats.iter().map(|s| s.as_str()).collect();
        let points: Vec<(usize, f64, Status)> = (0..40)
            .map(|i| (i, 1000.0 * (i as f64 + 1.0) * 37.0, Status::Reported))
            .collect();
        let svg = render_svg(&chart(&refs, vec![series("Output", &points)]));
        let doc = assert_well_formed(&svg);
        let t = texts(&doc);
        let shown = t.iter().filter(|s| cats.contains(s)).count();
        assert!(
            (5..40).contains(&shown),
            "labels should be thinned, got {shown}"
        );

        // Entity names: rotated instead of thinned.
        let names: Vec<String> = (0..40).map(|i| format!("Plant number {i}")).collect();
        let refs: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
        let svg = render_svg(&chart(&refs, vec![series("Output", &points)]));
        let doc = assert_well_formed(&svg);
        let rotated = doc
            .descendants()
            .filter(|n| {
                n.attribute("transform")
                    .is_some_and(|t| t.starts_with("rotate(270"))
            })
            .count();
        assert!(rotated >= 40);
    }

    #[test]
    fn zero_and_all_zero() {
        let c = chart(
            &["A", "B"],
            vec![series(
                "S",
                &[(0, 0.0, Status::Reported), (1, 5.0, Status::Reported)],
            )],
        );
        let svg = render_svg(&c);
        assert_well_formed(&svg);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));

        let c = chart(
            &["A", "B"],
            vec![series(
                "S",
                &[(0, 0.0, Status::Reported), (1, 0.0, Status::Estimate)],
            )],
        );
        let svg = render_svg(&c);
        let doc = assert_well_formed(&svg);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert!(texts(&doc).iter().filter(|t| *t == "0").count() >= 2);

        // Non-finite values and out-of-range categories are skipped.
        let c = chart(
            &["A"],
            vec![series(
                "S",
                &[
                    (0, f64::NAN, Status::Reported),
                    (5, 1.0, Status::Reported),
                    (0, f64::INFINITY, Status::Target),
                ],
            )],
        );
        let svg = render_svg(&c);
        assert_well_formed(&svg);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));

        // No data at all.
        let c = chart(&[], vec![]);
        let svg = render_svg(&c);
        assert_well_formed(&svg);
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn very_large_values() {
        let c = chart(
            &["2023", "2030"],
            vec![series(
                "GDP",
                &[(0, 1e12, Status::Reported), (1, 2.5e12, Status::Estimate)],
            )],
        );
        let svg = render_svg(&c);
        let doc = assert_well_formed(&svg);
        let t = texts(&doc);
        assert!(t.iter().any(|s| s == "1,000,000,000,000"), "{t:?}");
        assert!(t.iter().any(|s| s == "2,500,000,000,000"));
        assert!(!svg.contains("e12") && !svg.contains("NaN"));
    }

    #[test]
    fn cyrillic_and_escaping() {
        let c = BarChart {
            id: "esc".into(),
            title: "Заводы <Москва> & \"Ко\"".into(),
            description: "Описание 'тест' & <b>".into(),
            unit: "машин в год".into(),
            categories: vec![
                "Москвич".into(),
                "Renault & Co <S.A.>".into(),
                "Škoda Ć".into(),
            ],
            series: vec![
                series(
                    "Выпуск",
                    &[(0, 190_000.0, Status::Reported), (1, 50.0, Status::Target)],
                ),
                series("План \"A\"", &[(2, 7.0, Status::Speculative)]),
            ],
        };
        let svg = render_svg(&c);
        assert!(svg.contains("Москвич"));
        assert!(svg.contains("Renault &amp; Co &lt;S.A.&gt;"));
        assert!(!svg.contains("<S.A.>") && !svg.contains("<Москва>") && !svg.contains("<b>"));
        let doc = assert_well_formed(&svg);
        let t = texts(&doc);
        assert!(t.iter().any(|s| s == "Москвич"));
        assert!(t.iter().any(|s| s == "Renault & Co <S.A.>"));
        assert!(t.iter().any(|s| s == "Škoda Ć"));
        assert!(t.iter().any(|s| s == "План \"A\""));
        let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some("Заводы <Москва> & \"Ко\""));
    }

    #[test]
    fn control_chars_and_bad_ids_stay_well_formed() {
        let mut c = moskvich();
        c.id = "Bad Id!".into();
        c.title = "a\u{0}b\u{7}c".into();
        c.categories[0] = "line\nbreak".into();
        let svg = render_svg(&c);
        let doc = assert_well_formed(&svg);
        assert_eq!(
            doc.root_element().attribute("aria-labelledby"),
            Some("bad-id--title bad-id--desc")
        );
        assert!(texts(&doc).iter().any(|s| s == "line break"));
    }

    #[test]
    fn many_series_cycle_and_negative_values() {
        let names = ["A", "B", "C", "D", "E", "F", "G"];
        let ser: Vec<Series> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                series(
                    n,
                    &[
                        (0, (i as f64 - 2.0) * 10.0, Status::Reported),
                        (1, 5.0, Status::Target),
                    ],
                )
            })
            .collect();
        let svg = render_svg(&chart(&["2024", "2025"], ser));
        assert_well_formed(&svg);
        assert!(svg.contains("series-6"));
        assert!(!svg.contains("series-7"));
        assert!(svg.contains("-20"));
    }
}
