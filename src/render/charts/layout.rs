//! Where things go in a bar chart, as far as plotters cannot decide it:
//! the value scale (nice ticks, which plotters then draws as the axis's
//! key points), the bands and bars, how category and value labels fit
//! (straight, wrapped, thinned or rotated) and so how much room the axes'
//! labels need. Pure arithmetic on estimated text widths (`text`).

use super::axis::KeyAxis;
use super::model::ChartWords;
use super::parts::{
    HEIGHT, OUTER_BOTTOM, OUTER_X, TICK_FONT, VALUE_FONT, WIDTH, XLABEL_FONT, XLABEL_LINE,
};
use super::text::{text_width, truncate_to_width, wrap_words};
use crate::model::Status;

pub(super) const XLABEL_MAX_LINES: usize = 3;
pub(super) const ROTATED_LABEL_MAX: f64 = 110.0;
pub(super) const MAX_BAR_WIDTH: f64 = 96.0;
pub(super) const MAX_TICK_INTERVALS: f64 = 6.0;
/// Above this many bars, value labels that do not fit horizontally are
/// dropped rather than rotated (the grid carries the values).
pub(super) const MAX_VERTICAL_LABELS: usize = 24;
/// How often the scale may grow to make room for value labels.
const MAX_SCALE_ATTEMPTS: usize = 8;

pub(super) struct Bar {
    pub(super) series: usize,
    pub(super) category: usize,
    pub(super) value: f64,
    pub(super) status: Status,
    pub(super) label: String,
    /// The values of the figures beside it, marked as diamonds.
    pub(super) others: Vec<f64>,
}

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
    /// `v` inside the scale (figures beyond ±1e300 are drawn at its edge).
    pub(super) fn clamp(&self, v: f64) -> f64 {
        v.clamp(self.min(), self.max())
    }
    /// The value axis plotters draws: this range, a label at each tick.
    pub(super) fn axis(&self) -> KeyAxis {
        KeyAxis::new(self.min()..self.max(), self.ticks().collect())
    }
    /// The widest tick label, in px.
    pub(super) fn tick_width(&self, words: &ChartWords) -> f64 {
        self.ticks()
            .map(|t| text_width(&words.number(t), TICK_FONT))
            .fold(0.0, f64::max)
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
    /// The categories labelled (every `step`-th), as centres on the x axis
    /// in category units (plotters' key points).
    pub(super) fn key_points(&self, categories: usize) -> Vec<f64> {
        let step = match self {
            XLabels::Horizontal { step, .. } | XLabels::Rotated { step, .. } => *step,
        };
        (0..categories)
            .step_by(step.max(1))
            .map(|i| i as f64 + 0.5)
            .collect()
    }

    /// The label of the category centred on `x`: its lines joined by line
    /// breaks (the backend writes a line each).
    pub(super) fn text_at(&self, x: f64) -> String {
        let i = x.floor().max(0.0) as usize;
        match self {
            XLabels::Horizontal { lines, .. } => lines.get(i).map(|l| l.join("\n")),
            XLabels::Rotated { labels, .. } => labels.get(i).cloned(),
        }
        .unwrap_or_default()
    }

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

pub(super) struct Layout {
    pub(super) scale: Scale,
    pub(super) plot_left: f64,
    pub(super) plot_right: f64,
    pub(super) plot_top: f64,
    pub(super) plot_bottom: f64,
    pub(super) band: f64,
    pub(super) bar_w: f64,
    pub(super) gap: f64,
    pub(super) group_w: f64,
    pub(super) value_labels: ValueLabels,
    pub(super) x_labels: XLabels,
}

impl Layout {
    /// The plot below `plot_top` for `scale`: room on the left for its tick
    /// labels, below for the category labels as they fit the bands.
    fn with_scale(
        scale: Scale,
        categories: &[String],
        n_series: usize,
        plot_top: f64,
        words: &ChartWords,
    ) -> Layout {
        let plot_left = (OUTER_X + scale.tick_width(words) + 8.0).round();
        let plot_right = WIDTH as f64 - OUTER_X;
        let b = bands(plot_right - plot_left, categories.len(), n_series);
        let x_labels = if categories.is_empty() {
            XLabels::Horizontal {
                lines: Vec::new(),
                step: 1,
            }
        } else {
            plan_x_labels(categories, b.band)
        };
        let plot_bottom = (HEIGHT as f64 - OUTER_BOTTOM - x_labels.height())
            .max(plot_top + 40.0)
            .round();
        Layout {
            scale,
            plot_left,
            plot_right,
            plot_top: plot_top.round(),
            plot_bottom,
            band: b.band,
            bar_w: b.bar_w,
            gap: b.gap,
            group_w: b.group_w,
            value_labels: ValueLabels::Horizontal,
            x_labels,
        }
    }

    /// Value labels level where they fit, else turned where bars are wide
    /// enough for a line of text and few, else none.
    fn value_label_mode(&self, bars: &[Bar], n_series: usize) -> ValueLabels {
        let pitch = if n_series <= 1 {
            self.band
        } else {
            self.bar_w + self.gap
        };
        if self.horizontal_labels_fit(bars) {
            ValueLabels::Horizontal
        } else if pitch >= VALUE_FONT + 1.0 && bars.len() <= MAX_VERTICAL_LABELS {
            ValueLabels::Vertical
        } else {
            ValueLabels::Hidden
        }
    }

    /// Where bar `series` of a category starts and ends, in the x axis's
    /// units (one per category, so category `c` spans `c..c + 1`).
    pub(super) fn bar_span(&self, category: usize, series: usize) -> (f64, f64) {
        let x0 = (self.bar_x(category, series) - self.plot_left) / self.band;
        (x0, x0 + self.bar_w / self.band)
    }
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

/// The bar chart's layout below `plot_top`: the scale grows until every
/// value label fits above (or below) its bar.
pub(super) fn compute_layout(
    categories: &[String],
    n_series: usize,
    bars: &[Bar],
    plot_top: f64,
    words: &ChartWords,
) -> Layout {
    let values = || {
        bars.iter()
            .flat_map(|b| std::iter::once(b.value).chain(b.others.iter().copied()))
    };
    let lo = values().fold(0.0, f64::min);
    let hi = values().fold(0.0, f64::max);
    let integral = bars.iter().all(|b| b.value.fract() == 0.0);
    let mut scale = nice_scale(lo, hi, integral);

    // Each attempt grows the scale on the side where a label did not fit.
    for attempt in 1.. {
        let mut layout = Layout::with_scale(scale, categories, n_series, plot_top, words);
        layout.value_labels = layout.value_label_mode(bars, n_series);
        let (top_ok, bottom_ok) = layout.labels_fit(bars);
        if (top_ok && bottom_ok) || attempt == MAX_SCALE_ATTEMPTS {
            return layout;
        }
        if !top_ok {
            scale.kmax += 1;
        }
        if !bottom_ok {
            scale.kmin -= 1;
        }
    }
    unreachable!("the attempts end at MAX_SCALE_ATTEMPTS")
}

/// How wide each category's band, bar and gap between bars are.
struct Bands {
    band: f64,
    bar_w: f64,
    gap: f64,
    group_w: f64,
}

/// `n_cat` bands across `width`, each a group of `n_ser` bars (60 % of a
/// lone bar's band, 80 % of a group's, 2 px apart where they are wide).
fn bands(width: f64, n_cat: usize, n_ser: usize) -> Bands {
    let (n_cat, n_ser) = (n_cat.max(1) as f64, n_ser.max(1) as f64);
    let band = width / n_cat;
    let frac = if n_ser == 1.0 { 0.6 } else { 0.8 };
    let gap = if n_ser > 1.0 && band * frac / n_ser >= 8.0 {
        2.0
    } else {
        0.0
    };
    let bar_w = ((band * frac - (n_ser - 1.0) * gap) / n_ser).clamp(1.0, MAX_BAR_WIDTH);
    Bands {
        band,
        bar_w,
        gap,
        group_w: n_ser * bar_w + (n_ser - 1.0) * gap,
    }
}
