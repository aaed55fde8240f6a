//! Where things go in a bar chart: the value scale, the bands and bars, how
//! category and value labels fit (straight, wrapped, thinned or rotated), and
//! the legend. Pure arithmetic on estimated text widths (`text`).

use std::collections::BTreeSet;

use super::backend::{Paint, Role};
use super::model::ChartWords;
use super::text::{text_width, truncate_to_width, wrap_words};
use crate::model::Status;

pub(super) const WIDTH: u32 = 720;
pub(super) const HEIGHT: u32 = 400;
pub(super) const FONT_FAMILY: &str = "sans-serif";

pub(super) const OUTER_X: f64 = 12.0;
pub(super) const OUTER_TOP: f64 = 10.0;
pub(super) const OUTER_BOTTOM: f64 = 8.0;
pub(super) const TICK_FONT: f64 = 12.0;
pub(super) const VALUE_FONT: f64 = 11.0;
pub(super) const LEGEND_FONT: f64 = 12.0;
pub(super) const CAPTION_FONT: f64 = 12.0;
pub(super) const XLABEL_FONT: f64 = 12.0;
pub(super) const XLABEL_LINE: f64 = 15.0;
pub(super) const XLABEL_MAX_LINES: usize = 3;
pub(super) const ROTATED_LABEL_MAX: f64 = 110.0;
pub(super) const LEGEND_ROW: f64 = 20.0;
pub(super) const SWATCH: f64 = 12.0;
pub(super) const MAX_BAR_WIDTH: f64 = 96.0;
pub(super) const MAX_TICK_INTERVALS: f64 = 6.0;
/// Above this many bars, value labels that do not fit horizontally are
/// dropped rather than rotated (the grid carries the values).
pub(super) const MAX_VERTICAL_LABELS: usize = 24;

pub(super) struct Bar {
    pub(super) series: usize,
    pub(super) category: usize,
    pub(super) value: f64,
    pub(super) status: Status,
    pub(super) label: String,
    /// The values of the figures beside it, marked as diamonds.
    pub(super) others: Vec<f64>,
}

/// Half the width of the diamond marking a figure that does not lead.
pub(super) const OTHER_RADIUS: f64 = 5.0;

/// The values worth a marker beside a figure of `value`: finite, different
/// from it and from each other.
pub(super) fn other_values(value: f64, others: &[super::model::Other]) -> Vec<f64> {
    let mut values: Vec<f64> = Vec::new();
    for other in others {
        if other.value.is_finite() && other.value != value && !values.contains(&other.value) {
            values.push(other.value);
        }
    }
    values
}

/// Y scale: ticks are `k * step` for `k` in `kmin..=kmax`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Scale {
    pub(super) kmin: i64,
    pub(super) kmax: i64,
    pub(super) step: f64,
}

impl Scale {
    pub(super) fn min(&self) -> f64 {
        self.kmin as f64 * self.step
    }
    pub(super) fn max(&self) -> f64 {
        self.kmax as f64 * self.step
    }
    pub(super) fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        (self.kmin..=self.kmax).map(move |k| k as f64 * self.step)
    }
}

pub(super) fn nice_scale(lo: f64, hi: f64, integral: bool) -> Scale {
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
pub(super) enum ValueLabels {
    Horizontal,
    Vertical,
    Hidden,
}

pub(super) enum XLabels {
    /// Each shown label as one or more lines; only every `step`-th category.
    Horizontal {
        lines: Vec<Vec<String>>,
        step: usize,
    },
    /// Rotated 90° counter-clockwise, possibly truncated; every `step`-th.
    Rotated { labels: Vec<String>, step: usize },
}

impl XLabels {
    pub(super) fn height(&self) -> f64 {
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

pub(super) fn plan_x_labels(categories: &[String], band: f64) -> XLabels {
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

pub(super) struct LegendItem {
    pub(super) swatch: Role,
    pub(super) label: String,
    pub(super) x: f64,
    pub(super) y: f64,
}

pub(super) fn plan_legend(
    series_names: &[String],
    statuses: &BTreeSet<Status>,
    status_paint: Paint,
    others: bool,
    words: &ChartWords,
) -> (Vec<LegendItem>, f64) {
    let mut raw: Vec<(Role, String, f64)> = Vec::new();
    for (i, name) in series_names.iter().enumerate() {
        if !name.is_empty() {
            raw.push((Role::Swatch(Paint::Series(i)), name.clone(), 0.0));
        }
    }
    for (n, s) in statuses.iter().enumerate() {
        let gap = if n == 0 && !raw.is_empty() { 14.0 } else { 0.0 };
        raw.push((
            Role::Bar(*s, status_paint),
            words.status(*s).to_string(),
            gap,
        ));
    }
    if others {
        raw.push((Role::Other(status_paint), words.other_label.clone(), 14.0));
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

pub(super) struct Layout {
    pub(super) scale: Scale,
    pub(super) plot_left: f64,
    pub(super) plot_right: f64,
    pub(super) plot_top: f64,
    pub(super) plot_bottom: f64,
    pub(super) caption_y: f64,
    pub(super) band: f64,
    pub(super) bar_w: f64,
    pub(super) gap: f64,
    pub(super) group_w: f64,
    pub(super) value_labels: ValueLabels,
    pub(super) x_labels: XLabels,
    pub(super) legend: Vec<LegendItem>,
    pub(super) words: ChartWords,
}

impl Layout {
    pub(super) fn y(&self, v: f64) -> f64 {
        let (lo, hi) = (self.scale.min(), self.scale.max());
        self.plot_bottom - (v - lo) / (hi - lo) * (self.plot_bottom - self.plot_top)
    }
    /// Left edge of the bar for `series` in `category`.
    pub(super) fn bar_x(&self, category: usize, series: usize) -> f64 {
        let band_x = self.plot_left + category as f64 * self.band;
        band_x + (self.band - self.group_w) / 2.0 + series as f64 * (self.bar_w + self.gap)
    }
    /// Bar rectangle (x0, x1, top, bottom) in px.
    pub(super) fn bar_box(&self, bar: &Bar) -> (f64, f64, f64, f64) {
        let x0 = self.bar_x(bar.category, bar.series);
        let (y, zero) = (self.y(bar.value), self.y(0.0));
        (x0, x0 + self.bar_w, y.min(zero), y.max(zero))
    }

    /// Box (x0, x1, top, bottom) of a horizontal value label.
    pub(super) fn label_box(&self, bar: &Bar) -> (f64, f64, f64, f64) {
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
    pub(super) fn horizontal_labels_fit(&self, bars: &[Bar]) -> bool {
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
    pub(super) fn labels_fit(&self, bars: &[Bar]) -> (bool, bool) {
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

pub(super) fn compute_layout(
    categories: &[String],
    series_names: &[String],
    bars: &[Bar],
    statuses: &BTreeSet<Status>,
    unit: &str,
    integral: bool,
    words: &ChartWords,
) -> Layout {
    let values = || {
        bars.iter()
            .flat_map(|b| std::iter::once(b.value).chain(b.others.iter().copied()))
    };
    let lo = values().fold(0.0, f64::min);
    let hi = values().fold(0.0, f64::max);
    let mut scale = nice_scale(lo, hi, integral);
    let others = bars.iter().any(|b| !b.others.is_empty());

    let status_paint = if series_names.len() == 1 {
        Paint::Series(0)
    } else {
        Paint::Key
    };
    let (legend, legend_h) = plan_legend(series_names, statuses, status_paint, others, words);
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
            .map(|t| text_width(&words.number(t), TICK_FONT))
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
            words: words.clone(),
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
