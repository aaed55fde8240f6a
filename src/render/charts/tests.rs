use super::bars::render_svg;
use super::layout::nice_scale;
use super::model::{BarChart, Point, Series};
use super::text::format_number;
use crate::model::Status;

const STATUSES: [Status; 4] = [
    Status::Reported,
    Status::Target,
    Status::Estimate,
    Status::Speculative,
];

fn chart(categories: &[&str], series: Vec<Series>) -> BarChart {
    BarChart {
        words: Default::default(),
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
                others: Vec::new(),
                category,
                value,
                status,
            })
            .collect(),
    }
}

fn moskvich() -> BarChart {
    BarChart {
        words: Default::default(),
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
pub(super) fn assert_well_formed(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("invalid XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("class"), Some("chart"));
    assert!(root.attribute("viewBox").is_some());
    assert!(root.attribute("width").is_none());
    assert!(root.attribute("height").is_none());
    for n in doc.descendants() {
        assert!(!n.attribute("y").is_some_and(|v| v.contains("NaN")));
        assert!(!n.attribute("height").is_some_and(|v| v.contains("NaN")));
    }
    doc
}

pub(super) fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
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
    // No style of its own inline (the page's stylesheet styles it); the
    // standalone file's defaults have a dark-mode block.
    assert!(!svg.contains("<style"));
    let style = super::style_block();
    assert!(style.contains("var(--chart-1,#1f5fa8)"));
    assert!(style.contains("@media (prefers-color-scheme: dark)"));
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
        words: Default::default(),
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

mod over_time {
    use super::super::lines::period_time;
    use super::super::{LineChart, TimePoint, TimeSeries, render_line_svg};
    use super::{assert_well_formed, texts};
    use crate::model::{Period, Status};

    fn p(text: &str) -> Period {
        Period::parse(text).expect("a period")
    }

    /// A series by name: (period, value, status) figures.
    type Named<'a> = (&'a str, Vec<(&'a str, f64, Status)>);

    fn line(series: Vec<Named<'_>>) -> LineChart {
        LineChart {
            words: Default::default(),
            id: "line".into(),
            title: "Capacity over time".into(),
            description: "A test".into(),
            unit: "cars per year".into(),
            series: series
                .into_iter()
                .map(|(name, points)| TimeSeries {
                    name: name.into(),
                    points: points
                        .into_iter()
                        .map(|(period, value, status)| TimePoint {
                            others: Vec::new(),
                            period: p(period),
                            value,
                            status,
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn count(doc: &roxmltree::Document<'_>, tag: &str, class: &str) -> usize {
        doc.descendants()
            .filter(|n| n.has_tag_name(tag))
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.split(' ').any(|x| x == class))
            })
            .count()
    }

    /// Label boxes (estimated) of the value labels must not overlap.
    fn value_labels_do_not_overlap(doc: &roxmltree::Document<'_>) {
        let boxes: Vec<(f64, f64, f64)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text") && n.attribute("font-size") == Some("11"))
            .map(|n| {
                let x: f64 = n.attribute("x").unwrap().parse().unwrap();
                let y: f64 = n.attribute("y").unwrap().parse().unwrap();
                let w = super::super::text::text_width(n.text().unwrap_or(""), 11.0);
                (x - w / 2.0, x + w / 2.0, y)
            })
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart = a.1 <= b.0 || b.1 <= a.0 || (a.2 - b.2).abs() >= 11.0;
                assert!(apart, "labels overlap: {a:?} {b:?}");
            }
        }
    }

    #[test]
    fn mixed_precision_is_placed_by_date() {
        assert!(period_time(p("2022")) > period_time(p("2022-06")));
        assert!(period_time(p("2022")) < period_time(p("2022-07")));
        assert!(period_time(p("2022-06-01")) < period_time(p("2022-06")));
        assert!(period_time(p("2022-12-31")) < period_time(p("2023")));
    }

    #[test]
    fn a_series_is_a_solid_line_then_a_dashed_target_with_open_speculative_points() {
        let chart = line(vec![(
            "Plant",
            vec![
                ("2018", 100.0, Status::Reported),
                ("2019", 120.0, Status::Reported),
                ("2020", 110.0, Status::Estimate),
                ("2021", 150.0, Status::Target),
                ("2022", 200.0, Status::Target),
                ("2023", 260.0, Status::Speculative),
            ],
        )]);
        let svg = render_line_svg(&chart);
        let doc = assert_well_formed(&svg);
        assert_eq!(count(&doc, "polyline", "chart-line"), 2, "{svg}");
        assert_eq!(count(&doc, "polyline", "dashed"), 1, "{svg}");
        // Points plus one legend dot per status.
        assert_eq!(count(&doc, "circle", "chart-dot"), 6 + 4);
        assert_eq!(count(&doc, "circle", "status-speculative"), 2);
        let t = texts(&doc);
        for year in ["2018", "2020", "2023"] {
            assert!(t.iter().any(|s| s == year), "{year} missing in {t:?}");
        }
        value_labels_do_not_overlap(&doc);
        assert_eq!(svg, render_line_svg(&chart));
    }

    #[test]
    fn a_missing_year_breaks_the_line() {
        let chart = line(vec![(
            "Plant",
            vec![
                ("2015", 1.0, Status::Reported),
                ("2016", 2.0, Status::Reported),
                ("2019", 3.0, Status::Reported),
                ("2020", 4.0, Status::Reported),
            ],
        )]);
        let doc_text = render_line_svg(&chart);
        let doc = assert_well_formed(&doc_text);
        // Two pieces of two points each: drawn as lines, not one polyline.
        assert_eq!(count(&doc, "polyline", "chart-line"), 0);
        assert_eq!(count(&doc, "line", "chart-line"), 2 + 1, "{doc_text}");
    }

    #[test]
    fn mixed_precision_all_target_one_point_negative_and_huge_values() {
        let cases = vec![
            line(vec![(
                "Plant",
                vec![
                    ("2022", 5.0, Status::Reported),
                    ("2022-06", 6.0, Status::Estimate),
                    ("2023-02-14", 7.0, Status::Reported),
                ],
            )]),
            line(vec![(
                "Plant",
                vec![
                    ("2025", 5.0, Status::Target),
                    ("2026", 6.0, Status::Target),
                    ("2030", 9.0, Status::Target),
                ],
            )]),
            line(vec![("Plant", vec![("2025", 5.0, Status::Reported)])]),
            line(vec![(
                "Plant",
                vec![
                    ("2020", -50.0, Status::Reported),
                    ("2021", 20.0, Status::Reported),
                    ("2022", -1e12, Status::Estimate),
                    ("2023", 1e300, Status::Target),
                ],
            )]),
            line(vec![]),
        ];
        for chart in cases {
            let svg = render_line_svg(&chart);
            let doc = assert_well_formed(&svg);
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
            value_labels_do_not_overlap(&doc);
        }
    }

    #[test]
    fn long_and_cyrillic_names_many_years_and_series() {
        let years: Vec<String> = (1980..2026).map(|y| y.to_string()).collect();
        let series: Vec<Named<'_>> = [
            "Автомобильный завод «Москвич» имени Ленинского комсомола, Москва",
            "Izhevsk",
            "Togliatti",
        ]
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let points = years
                .iter()
                .enumerate()
                .map(|(n, y)| {
                    (
                        y.as_str(),
                        (n as f64 * 1000.0) + i as f64 * 7.0,
                        Status::Reported,
                    )
                })
                .collect();
            (name, points)
        })
        .collect();
        let svg = render_line_svg(&line(series));
        let doc = assert_well_formed(&svg);
        assert!(svg.contains("Автомобильный"));
        value_labels_do_not_overlap(&doc);
        let shown = texts(&doc).iter().filter(|t| years.contains(t)).count();
        assert!((3..=20).contains(&shown), "year labels thinned: {shown}");
    }
}

mod random {
    use proptest::prelude::*;

    use super::super::{
        CompareChart, CompareRow, LineChart, TimePoint, TimeSeries, render_compare_svg,
        render_line_svg,
    };
    use crate::model::{Period, Status};

    fn status() -> impl Strategy<Value = Status> {
        prop_oneof![
            Just(Status::Reported),
            Just(Status::Target),
            Just(Status::Estimate),
            Just(Status::Speculative),
        ]
    }

    fn value() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<i32>().prop_map(f64::from),
            -1e300..1e300f64,
            Just(0.0),
            Just(f64::MAX),
            Just(f64::MIN),
        ]
    }

    fn period() -> impl Strategy<Value = Period> {
        (1900u16..2100, proptest::option::of(1u8..=12)).prop_map(|(year, month)| Period {
            year,
            month,
            day: None,
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn line_and_comparison_svg_stay_well_formed(
            names in proptest::collection::vec(".{0,40}", 0..4),
            points in proptest::collection::vec((period(), value(), status()), 0..30),
            title in ".{0,30}",
        ) {
            let line = LineChart {
                words: Default::default(),
                id: "p".into(),
                title: title.clone(),
                description: String::new(),
                unit: "u".into(),
                series: names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| TimeSeries {
                        name: name.clone(),
                        points: points
                            .iter()
                            .skip(i)
                            .step_by(names.len())
                            .map(|&(period, value, status)| TimePoint { period, value, status, others: Vec::new() })
                            .collect(),
                    })
                    .collect(),
            };
            let compare = CompareChart {
                words: Default::default(),
                id: "q".into(),
                title,
                description: String::new(),
                unit: "u".into(),
                rows: points
                    .iter()
                    .zip(names.iter().cycle())
                    .map(|(&(_, value, status), name)| CompareRow {
                        others: Vec::new(),
                        label: name.clone(),
                        url: Some(format!("entities/{name}/index.html")),
                        value,
                        status,
                    })
                    .collect(),
            };
            for svg in [render_line_svg(&line), render_compare_svg(&compare, "../")] {
                prop_assert!(roxmltree::Document::parse(&svg).is_ok(), "{}", svg);
                prop_assert!(!svg.contains("NaN") && !svg.contains("=\"inf"), "{}", svg);
            }
        }
    }
}

/// Figures for the same key that do not lead: open diamonds beside the
/// leading one, inside the scale, and one legend entry saying so.
mod others {
    use super::super::model::Other;
    use super::super::{
        CompareChart, CompareRow, LineChart, TimePoint, TimeSeries, render_compare_svg,
        render_line_svg,
    };
    use super::*;

    fn others(values: &[f64]) -> Vec<Other> {
        values
            .iter()
            .map(|&value| Other {
                value,
                status: Status::Target,
            })
            .collect()
    }

    /// A reported figure of `period` with the figures `marked` beside it.
    fn reported(period: &str, value: f64, marked: &[f64]) -> TimePoint {
        TimePoint {
            period: crate::model::Period::parse(period).expect("period"),
            value,
            status: Status::Reported,
            others: others(marked),
        }
    }

    /// A line chart of one series.
    fn line_of(points: Vec<TimePoint>) -> LineChart {
        LineChart {
            id: "l".into(),
            title: "t".into(),
            description: String::new(),
            unit: "u".into(),
            words: Default::default(),
            series: vec![TimeSeries {
                name: "A".into(),
                points,
            }],
        }
    }

    fn diamonds(svg: &str) -> usize {
        svg.matches(" chart-other\"").count()
    }

    #[test]
    fn bars_mark_other_figures_and_stretch_the_scale_to_them() {
        let mut chart = moskvich();
        chart.series[0].points[1].others = others(&[250_000.0, 450_000.0, 300_000.0]);
        let svg = render_svg(&chart);
        assert_well_formed(&svg);
        // Two markers (the figure equal to the bar's is not marked again) and the legend's.
        assert_eq!(diamonds(&svg), 3, "{svg}");
        assert!(svg.contains(">Other figures (see table)</text>"), "{svg}");
        assert!(
            svg.contains(">450,000</text>") || svg.contains(">500,000</text>"),
            "{svg}"
        );
        // Styled by the page's stylesheet inline; a standalone file gets
        // the rule from `other_style_block`.
        assert!(!svg.contains("<style"), "{svg}");
        assert!(super::super::other_style_block().contains(":where(svg.chart .chart-other)"));
        // Without others, nothing of it.
        let plain = render_svg(&moskvich());
        assert_eq!(diamonds(&plain), 0);
        assert!(!plain.contains("chart-other"));
    }

    #[test]
    fn value_labels_keep_off_the_diamonds() {
        let points = (0..9).map(|i| {
            let value = f64::from(i) * 10.0;
            reported(&(2015 + i).to_string(), value, &[value + 3.0])
        });
        let svg = render_line_svg(&line_of(points.collect()));
        let doc = assert_well_formed(&svg);
        let number = |n: roxmltree::Node<'_, '_>, name: &str| -> f64 {
            n.attribute(name).unwrap().parse().unwrap()
        };
        let diamonds: Vec<(f64, f64)> = doc
            .descendants()
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.ends_with("chart-other"))
            })
            .map(|n| {
                let top = n.attribute("points").unwrap().split(' ').next().unwrap();
                let (x, y) = top.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse::<f64>().unwrap() + 5.0)
            })
            .collect();
        assert!(diamonds.len() >= 9, "{svg}");
        let labels = doc
            .descendants()
            .filter(|n| n.has_tag_name("text") && n.attribute("font-size") == Some("11"));
        for label in labels {
            let (x, y) = (number(label, "x"), number(label, "y"));
            let half = super::super::text::text_width(label.text().unwrap(), 11.0) / 2.0;
            let (top, bottom) = if label.attribute("dy") == Some("-0.5ex") {
                (y - 11.0, y)
            } else {
                (y, y + 11.0)
            };
            for &(dx, dy) in &diamonds {
                let apart = x + half <= dx - 5.0
                    || dx + 5.0 <= x - half
                    || bottom <= dy - 5.0
                    || dy + 5.0 <= top;
                assert!(
                    apart,
                    "label at ({x}, {y}) on the diamond at ({dx}, {dy})\n{svg}"
                );
            }
        }
    }

    #[test]
    fn lines_and_comparisons_mark_other_figures() {
        let line = line_of(vec![
            reported("2020", 1.0, &[]),
            reported("2021", 2.0, &[3.0]),
            reported("2022", 4.0, &[]),
        ]);
        let svg = render_line_svg(&line);
        assert_well_formed(&svg);
        assert_eq!(diamonds(&svg), 2, "{svg}");
        let compare = CompareChart {
            id: "c".into(),
            title: "t".into(),
            description: String::new(),
            unit: "u".into(),
            words: Default::default(),
            rows: vec![CompareRow {
                label: "A".into(),
                url: None,
                value: 10.0,
                status: Status::Estimate,
                others: others(&[12.0, 8.0]),
            }],
        };
        let svg = render_compare_svg(&compare, "");
        roxmltree::Document::parse(&svg).expect("well-formed");
        assert_eq!(diamonds(&svg), 3, "{svg}");
    }
}

/// plotters draws through `ChartSvg`: roles ride in colours, every shape
/// plotters writes carries our classes, and its axes use our ticks.
mod drawn_by_plotters {
    use plotters::prelude::*;
    use plotters_backend::BackendColor;

    use super::super::backend::ChartSvg;
    use super::super::role::{Paint, Role};
    use super::super::{
        CompareChart, CompareRow, LineChart, TimePoint, TimeSeries, render_compare_svg,
        render_line_svg,
    };
    use super::*;

    fn every_role() -> Vec<Role> {
        let paints = [Paint::Series(0), Paint::Series(5), Paint::Key];
        let mut roles = vec![Role::Grid, Role::Axis, Role::Text, Role::Muted];
        roles.extend([Role::Link(0), Role::Link(300), Role::Link(u16::MAX)]);
        for p in paints {
            roles.extend([Role::Hatch(p), Role::Swatch(p), Role::Other(p)]);
            roles.extend([true, false].map(|dashed| Role::Line { dashed, paint: p }));
            for s in STATUSES {
                roles.extend([Role::Bar(s, p), Role::Dot(s, p)]);
            }
        }
        roles
    }

    fn backend_color(c: RGBColor) -> BackendColor {
        BackendColor {
            alpha: 1.0,
            rgb: (c.0, c.1, c.2),
        }
    }

    #[test]
    fn every_role_comes_back_from_its_colour_and_other_colours_are_no_role() {
        let roles = every_role();
        for role in &roles {
            assert_eq!(Role::from_color(backend_color(role.color())), Some(*role));
        }
        let mut colours: Vec<_> = roles.iter().map(|r| r.color()).collect();
        colours.sort_by_key(|c| (c.0, c.1, c.2));
        colours.dedup();
        assert_eq!(colours.len(), roles.len(), "two roles share a colour");
        for plain in [BLACK, WHITE, RGBColor(1, 2, 0), RGBColor(5, 9, 0)] {
            assert_eq!(Role::from_color(backend_color(plain)), None, "{plain:?}");
        }
        // The palette cycles: a seventh series is painted as the first.
        assert_eq!(
            Role::from_color(backend_color(Role::Swatch(Paint::Series(6)).color())),
            Some(Role::Swatch(Paint::Series(0)))
        );
    }

    #[test]
    fn a_colour_that_is_no_role_is_written_as_it_is_and_transparent_draws_nothing() {
        let mut out = String::new();
        {
            let root = ChartSvg::new(&mut out, (100, 100), "t", Vec::new()).into_drawing_area();
            let shade = RGBColor(10, 20, 30).mix(0.5);
            let _ = root.draw(&Rectangle::new([(1, 1), (9, 9)], shade.filled()));
            let _ = root.draw(&Rectangle::new([(1, 1), (9, 9)], TRANSPARENT.filled()));
            let _ = root.draw(&Text::new("x", (5, 5), ("sans-serif", 10.0).into_font()));
        }
        assert_eq!(out.matches("<rect").count(), 1, "{out}");
        assert!(
            out.contains("fill=\"#0a141e\" fill-opacity=\"0.5\""),
            "{out}"
        );
        assert!(out.contains("fill=\"#000000\">x</text>"), "{out}");
        assert!(!out.contains("class="), "{out}");
    }

    fn samples() -> Vec<String> {
        let mut bars = chart(
            &[
                "Annual output of the Moscow plant in the year 2022",
                "Planned capacity",
                "C",
            ],
            vec![
                series(
                    "First",
                    &[
                        (0, 190_000.0, Status::Reported),
                        (1, 300_000.0, Status::Target),
                    ],
                ),
                series(
                    "Second",
                    &[(0, -4.0, Status::Estimate), (2, 7.0, Status::Speculative)],
                ),
            ],
        );
        bars.series[0].points[0].others = vec![super::super::model::Other {
            value: 150_000.0,
            status: Status::Reported,
        }];
        let line = LineChart {
            words: Default::default(),
            id: "l".into(),
            title: "t".into(),
            description: String::new(),
            unit: "u".into(),
            series: vec![TimeSeries {
                name: "A".into(),
                points: [
                    ("2019", -5.0),
                    ("2020", 10.0),
                    ("2021", 20.0),
                    ("2023", 45.0),
                ]
                .into_iter()
                .zip(STATUSES)
                .map(|((p, value), status)| TimePoint {
                    period: crate::model::Period::parse(p).expect("period"),
                    value,
                    status,
                    others: Vec::new(),
                })
                .collect(),
            }],
        };
        let compare = CompareChart {
            words: Default::default(),
            id: "c".into(),
            title: "t".into(),
            description: String::new(),
            unit: "u".into(),
            rows: [
                ("A", 12.0, Some("a/")),
                ("B", -3.0, None),
                ("C", 40.0, Some("c/")),
            ]
            .into_iter()
            .map(|(label, value, url)| CompareRow {
                label: label.into(),
                url: url.map(str::to_string),
                value,
                status: Status::Target,
                others: Vec::new(),
            })
            .collect(),
        };
        vec![
            render_svg(&bars),
            render_svg(&chart(&[], vec![])),
            render_line_svg(&line),
            render_compare_svg(&compare, "../"),
        ]
    }

    #[test]
    fn every_shape_and_text_carries_a_class() {
        const SHAPES: [&str; 6] = ["rect", "line", "polyline", "polygon", "circle", "text"];
        for svg in samples() {
            let doc = roxmltree::Document::parse(&svg).expect("well-formed");
            let drawn = doc
                .descendants()
                .filter(|n| SHAPES.contains(&n.tag_name().name()))
                .filter(|n| !n.ancestors().any(|a| a.has_tag_name("pattern")));
            for n in drawn {
                assert!(n.attribute("class").is_some(), "no class: {n:?}\n{svg}");
            }
        }
    }

    #[test]
    fn entity_names_link_from_their_role() {
        let svg = &samples()[3];
        let doc = roxmltree::Document::parse(svg).expect("well-formed");
        assert_eq!(doc.root_element().attribute("role"), Some("group"));
        let links: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("a"))
            .map(|a| {
                (
                    a.attribute("href").unwrap(),
                    a.first_child().unwrap().text().unwrap(),
                )
            })
            .collect();
        assert_eq!(links, [("../a/", "A"), ("../c/", "C")]);
    }

    /// The tick labels plotters drew: (number, position along the axis).
    fn ticks(svg: &str, along: &str) -> Vec<(f64, f64)> {
        let doc = roxmltree::Document::parse(svg).expect("well-formed");
        doc.descendants()
            .filter(|n| n.attribute("class") == Some("chart-text chart-muted"))
            .filter_map(|n| {
                let value = n.text()?.replace(',', "").parse::<f64>().ok()?;
                Some((value, n.attribute(along)?.parse().ok()?))
            })
            .collect()
    }

    /// Grid lines plotters drew: their extent along `along` (x or y).
    fn grid_extent(svg: &str, along: char) -> (f64, f64) {
        let doc = roxmltree::Document::parse(svg).expect("well-formed");
        let (a, b) = (format!("{along}1"), format!("{along}2"));
        doc.descendants()
            .filter(|n| n.attribute("class") == Some("chart-grid"))
            .flat_map(|n| [n.attribute(a.as_str()), n.attribute(b.as_str())])
            .map(|v| v.unwrap().parse::<f64>().unwrap())
            .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
    }

    #[test]
    fn ticks_increase_along_their_axis_and_stay_inside_the_plot() {
        let samples = samples();
        // Bars and lines: values up (y falls as the value grows), on grid lines.
        for svg in [&samples[0], &samples[2]] {
            let ticks = ticks(svg, "y");
            assert!(ticks.len() >= 3, "{svg}");
            let (top, bottom) = grid_extent(svg, 'y');
            for pair in ticks.windows(2) {
                assert!(pair[0].0 < pair[1].0 && pair[0].1 > pair[1].1, "{ticks:?}");
            }
            for (_, y) in &ticks {
                assert!((top..=bottom).contains(y), "{y} outside {top}..{bottom}");
            }
        }
        // Comparisons: values across.
        let svg = &samples[3];
        let ticks = ticks(svg, "x");
        let (left, right) = grid_extent(svg, 'x');
        assert!(ticks.len() >= 3, "{svg}");
        for pair in ticks.windows(2) {
            assert!(pair[0].0 < pair[1].0 && pair[0].1 < pair[1].1, "{ticks:?}");
        }
        for (_, x) in &ticks {
            assert!((left..=right).contains(x), "{x} outside {left}..{right}");
        }
    }

    #[test]
    fn a_wrapped_category_label_is_a_text_per_line_one_line_height_apart() {
        let svg = &samples()[0];
        let doc = roxmltree::Document::parse(svg).expect("well-formed");
        let line = |words: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name("text") && n.text() == Some(words))
                .unwrap_or_else(|| panic!("no {words:?} in {svg}"))
        };
        let (first, second) = (
            line("Annual output of the Moscow"),
            line("plant in the year 2022"),
        );
        let y = |n: roxmltree::Node<'_, '_>| n.attribute("y").unwrap().parse::<f64>().unwrap();
        assert_eq!(y(second) - y(first), super::super::parts::XLABEL_LINE);
        assert_eq!(first.attribute("x"), second.attribute("x"));
    }
}
