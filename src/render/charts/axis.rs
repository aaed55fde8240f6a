//! The axes plotters draws with the ticks we chose.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;

/// A linear axis whose ticks we chose: plotters maps values along it as
/// it maps any `f64` range and draws its grid and labels at our key
/// points (bold: labelled; light: grid lines only). plotters' own
/// `WithKeyPoints` does the same, but its mesh cannot label an `f64` axis
/// wrapped in it (0.3.7 formats only ranges of `DefaultFormatting`).
pub(super) struct KeyAxis {
    linear: RangedCoordf64,
    bold: Vec<f64>,
    light: Vec<f64>,
}

impl KeyAxis {
    pub(super) fn new(range: Range<f64>, ticks: Vec<f64>) -> KeyAxis {
        KeyAxis {
            linear: range.into(),
            bold: ticks,
            light: Vec::new(),
        }
    }
    /// Grid lines without labels.
    pub(super) fn with_light(mut self, light: Vec<f64>) -> KeyAxis {
        self.light = light;
        self
    }
}

impl Ranged for KeyAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.linear.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.bold.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.linear.range()
    }
}
