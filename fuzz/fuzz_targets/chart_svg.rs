//! Charts: arbitrary categories, series, finite values (the loader refuses
//! NaN and infinities) and labels through `render::charts::render_svg`. The
//! SVG must be well-formed XML with no script, no event handler and no
//! `NaN`/`inf` coordinates. Build with debug assertions (`-a`) so integer
//! overflow panics instead of wrapping.
#![no_main]

use briefing::model::Status;
use briefing::render::charts::{BarChart, Other, Point, Series, render_svg};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

fn value(u: &mut Unstructured) -> Result<f64> {
    Ok(match u.int_in_range(0..=3)? {
        // Raw bits: every finite double, huge and tiny ones included.
        0 => {
            let v = f64::from_bits(u.arbitrary()?);
            if v.is_finite() { v } else { 0.0 }
        }
        // Values a curator writes.
        1 => f64::from(u.arbitrary::<i32>()?),
        2 => f64::from(u.arbitrary::<i16>()?) / 100.0,
        _ => *u.choose(&[
            0.0,
            -0.0,
            1e308,
            -1e308,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            5e-324,
        ])?,
    })
}

fn chart(u: &mut Unstructured) -> Result<BarChart> {
    let categories: Vec<String> = (0..u.int_in_range(0..=6)?)
        .map(|_| u.arbitrary())
        .collect::<Result<_>>()?;
    let mut series = Vec::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let mut points = Vec::new();
        if !categories.is_empty() {
            for _ in 0..u.int_in_range(0..=8)? {
                points.push(Point {
                    category: u.choose_index(categories.len())?,
                    value: value(u)?,
                    status: *u.choose(&[
                        Status::Reported,
                        Status::Target,
                        Status::Estimate,
                        Status::Speculative,
                    ])?,
                    others: others(u)?,
                });
            }
        }
        series.push(Series {
            name: u.arbitrary()?,
            points,
        });
    }
    Ok(BarChart {
        words: Default::default(),
        id: "fuzz-chart".into(),
        title: u.arbitrary()?,
        description: u.arbitrary()?,
        unit: u.arbitrary()?,
        categories,
        series,
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(chart) = chart(&mut u) else {
        return;
    };
    let svg = render_svg(&chart);
    let lower = svg.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{svg}");
    assert!(
        !svg.contains("NaN") || chart_text_has(&chart, "NaN"),
        "NaN in {svg}"
    );
    assert!(
        !svg.contains("=\"inf") && !svg.contains("=\"-inf"),
        "infinite coordinate in {svg}"
    );
    // XML 1.0 forbids most control characters; those in labels must not
    // reach the file raw, and the document must parse.
    if let Err(error) = roxmltree::Document::parse(&svg) {
        panic!("not well-formed: {error}\n{svg}");
    }
});

fn chart_text_has(chart: &BarChart, needle: &str) -> bool {
    chart.title.contains(needle)
        || chart.description.contains(needle)
        || chart.unit.contains(needle)
        || chart.categories.iter().any(|c| c.contains(needle))
        || chart.series.iter().any(|s| s.name.contains(needle))
}

/// Up to two figures beside a bar (for the same key, not leading).
fn others(u: &mut Unstructured<'_>) -> Result<Vec<Other>> {
    let mut others = Vec::new();
    for _ in 0..u.int_in_range(0..=2)? {
        others.push(Other {
            value: value(u)?,
            status: Status::Estimate,
        });
    }
    Ok(others)
}
