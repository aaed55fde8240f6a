//! What a chart shows, independent of how it is drawn.

use crate::model::{Period, Status};

/// The words and number marks a chart is drawn with, in the site's
/// language: the statuses' names (legend) and the digit grouping and
/// decimal mark of its numbers (`190,000`; `190 000`).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartWords {
    /// Reported, target, estimate, speculative.
    pub statuses: [String; 4],
    pub group: String,
    pub decimal: String,
    /// The legend's entry for the figures marked beside the leading ones.
    pub other_label: String,
    /// What an empty chart says.
    pub no_data: String,
}

/// The statuses in the order of [`ChartWords::statuses`].
const STATUSES: [Status; 4] = [
    Status::Reported,
    Status::Target,
    Status::Estimate,
    Status::Speculative,
];

impl Default for ChartWords {
    /// English.
    fn default() -> ChartWords {
        ChartWords {
            statuses: STATUSES.map(|s| s.label().to_string()),
            group: ",".into(),
            decimal: ".".into(),
            other_label: "Other figures (see table)".into(),
            no_data: "No data".into(),
        }
    }
}

impl ChartWords {
    /// The words of `locale`.
    pub fn of(locale: &crate::i18n::Locale) -> ChartWords {
        let (group, decimal) = locale.number_marks();
        ChartWords {
            statuses: STATUSES.map(|s| crate::render::context::status_label(locale, s)),
            group,
            decimal,
            other_label: locale.word("chart_other_figures_legend"),
            no_data: locale.word("chart_no_data"),
        }
    }

    pub fn status(&self, status: Status) -> &str {
        let index = match status {
            Status::Reported => 0,
            Status::Target => 1,
            Status::Estimate => 2,
            Status::Speculative => 3,
        };
        &self.statuses[index]
    }

    /// `value` as [`super::format_number`] writes it, with these marks.
    pub fn number(&self, value: f64) -> String {
        let english = super::format_number(value);
        if self.group == "," && self.decimal == "." {
            return english;
        }
        let mut out = String::with_capacity(english.len() + 4);
        for c in english.chars() {
            match c {
                ',' => out.push_str(&self.group),
                '.' => out.push_str(&self.decimal),
                c => out.push(c),
            }
        }
        out
    }
}

/// A grouped bar chart: categories along the x axis, one bar per series inside each category.
pub struct BarChart {
    pub words: ChartWords,
    pub id: String,          // unique per page, [a-z0-9-]; prefix every SVG id with it
    pub title: String,       // goes into <title>
    pub description: String, // goes into <desc>
    pub unit: String,        // y-axis caption, e.g. "cars per year"
    pub categories: Vec<String>, // x-axis groups, in display order (periods, or entity names)
    pub series: Vec<Series>,
}

pub struct Series {
    pub name: String,
    pub points: Vec<Point>,
}

/// A line chart over time: one line per series.
pub struct LineChart {
    pub words: ChartWords,
    pub id: String,
    pub title: String,
    pub description: String,
    pub unit: String,
    pub series: Vec<TimeSeries>,
}

pub struct TimeSeries {
    pub name: String,
    pub points: Vec<TimePoint>,
}

pub struct TimePoint {
    pub period: Period,
    pub value: f64,
    pub status: Status,
    /// Other figures for the same key (disagreeing or revised), marked beside it.
    pub others: Vec<Other>,
}

pub struct Point {
    pub category: usize,
    pub value: f64,
    pub status: Status,
    /// Other figures for the same key (disagreeing or revised), marked beside it.
    pub others: Vec<Other>,
}

/// A figure that does not lead, drawn as a marker beside the one that does
/// (docs/charts.md, "Figures that differ").
#[derive(Clone, Debug, PartialEq)]
pub struct Other {
    pub value: f64,
    pub status: Status,
}

/// One metric compared across entities: a horizontal bar per entity, in the given order.
pub struct CompareChart {
    pub words: ChartWords,
    pub id: String,
    pub title: String,
    pub description: String,
    pub unit: String,
    pub rows: Vec<CompareRow>,
}

pub struct CompareRow {
    pub label: String,
    /// The entity's page, relative to the output root.
    pub url: Option<String>,
    pub value: f64,
    pub status: Status,
    /// Other figures for the same key, marked beside it.
    pub others: Vec<Other>,
}
