//! What a chart shows, independent of how it is drawn.

use crate::model::{Period, Status};

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

/// A line chart over time: one line per series.
pub struct LineChart {
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
