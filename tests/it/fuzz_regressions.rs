//! Inputs that the fuzz targets in `fuzz/` found, kept as regression tests.
//! Each names its target and the crash file it came from.

use briefing::model::Status;
use briefing::render::charts::{BarChart, Point, Series, render_svg};

fn chart(values: &[f64]) -> BarChart {
    BarChart {
        words: Default::default(),
        id: "c".into(),
        title: "T".into(),
        description: "D".into(),
        unit: "u".into(),
        categories: (0..values.len()).map(|i| format!("{}", 2020 + i)).collect(),
        series: vec![Series {
            name: "S".into(),
            points: values
                .iter()
                .enumerate()
                .map(|(category, &value)| Point {
                    category,
                    value,
                    status: Status::Reported,
                    others: Vec::new(),
                })
                .collect(),
        }],
    }
}

fn assert_sane(svg: &str) {
    roxmltree::Document::parse(svg).expect("well-formed SVG");
    assert!(!svg.contains("NaN"), "NaN in the SVG");
}

/// fuzz target `chart_svg`, crash-88e23b0ae16b6f926258fa87741e19d669d734c7:
/// "attempt to add with overflow" in `nice_scale` when the values' span is
/// not a finite number (in a release build: a chart with NaN coordinates).
#[test]
fn chart_values_whose_span_overflows() {
    assert_sane(&render_svg(&chart(&[1e308, -1e308])));
    assert_sane(&render_svg(&chart(&[f64::MAX, f64::MIN])));
}

#[test]
fn chart_values_at_the_edges_of_f64() {
    for values in [
        &[f64::MAX][..],
        &[f64::MIN],
        &[f64::MIN_POSITIVE, 0.0],
        &[5e-324],
        &[1e300, 1e-300],
        &[-0.0, 0.0],
        &[],
    ] {
        assert_sane(&render_svg(&chart(values)));
    }
}
