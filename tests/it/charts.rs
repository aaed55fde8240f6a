//! Charts and their data (docs/charts.md): downloads that equal the tables,
//! one unit per chart, over-time and comparison charts, metric pages.

use crate::common;

use briefing::render::charts::format_number;
use common::Fixture;

/// A plant with `years` yearly figures of `metric` in `unit`.
fn plant(name: &str, metric: &str, unit: &str, figures: &[(&str, f64, &str)]) -> String {
    let mut yaml = format!("name: {name}\nkind: plant\nfacts:\n");
    for (period, value, status) in figures {
        yaml.push_str(&format!(
            "  - metric: {metric}\n    label: Capacity\n    value: {value}\n    unit: {unit}\n    period: \"{period}\"\n    status: {status}\n    source: tass\n"
        ));
    }
    yaml
}

fn site_with_chart(chart: &str) -> Fixture {
    let site = Fixture::new();
    site.write(
        "content/entities/moskvich-plant.yaml",
        &plant(
            "Moskvich plant",
            "capacity",
            "cars per year",
            &[("2022", 190000.0, "reported"), ("2030", 300000.0, "target")],
        ),
    );
    site.write(
        "content/entities/izhevsk-plant.yaml",
        &plant(
            "Izhevsk plant, \"Lada\"",
            "capacity",
            "cars per year",
            &[("2022", 120000.0, "estimate")],
        ),
    );
    site.write(
        "content/articles/a.yaml",
        &format!("{}charts:\n{chart}", common::ARTICLE),
    );
    site
}

/// RFC 4180 fields of one CSV document (no BOM), row by row.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 byte-order mark");
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CRLF line ends");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "last line ends with CRLF"
    );
    rows
}

/// The (value with unit, status) cells of the chart table with id `chart`.
fn table_cells(html: &str, chart: &str) -> Vec<(String, String)> {
    let start = html
        .find(&format!("id=\"chart-{chart}\""))
        .expect("chart block");
    let block = &html[start..];
    let block = &block[..block.find("</table>").expect("table")];
    let mut cells = Vec::new();
    for piece in block.split("<td class=\"num status-").skip(1) {
        let (status, rest) = piece.split_once("\">").expect("cell");
        let (display, _) = rest.split_once(" <span").expect("badge");
        cells.push((display.to_string(), status.to_string()));
    }
    cells
}

fn assert_csv_equals_table(s: &Fixture, page: &str, chart: &str) {
    let csv = parse_csv(&s.read(&format!("charts/{chart}.csv")));
    assert_eq!(
        csv[0],
        [
            "period",
            "entity",
            "metric",
            "value",
            "unit",
            "status",
            "source",
            "quote",
            "as_of",
            "leads",
            "disagreement",
            "revision"
        ]
    );
    let from_csv: Vec<(String, String)> = csv[1..]
        .iter()
        .map(|r| {
            let value: f64 = r[3].parse().expect("a plain number");
            (format!("{} {}", format_number(value), r[4]), r[5].clone())
        })
        .collect();
    assert_eq!(from_csv, table_cells(&s.read(page), chart), "{page}");
}

#[test]
fn inline_charts_carry_no_style_and_downloads_do() {
    let s = site_with_chart("  - title: Capacity\n    metrics: [capacity]\n");
    s.build_ok();
    // A policy of `default-src 'self'` allows no inline style on a page.
    let article = s.read("articles/a/index.html");
    assert!(article.contains("<svg"), "{article}");
    assert!(!article.contains("<style"), "{article}");
    let svg = s.read("charts/article-a-1.svg");
    assert!(
        svg.contains("<style>") && svg.contains("prefers-color-scheme: dark"),
        "{svg}"
    );
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
}

#[test]
fn every_chart_has_a_csv_equal_to_its_table() {
    let s = site_with_chart("  - title: Capacity\n    metrics: [capacity]\n");
    s.build_ok();
    assert_csv_equals_table(&s, "articles/a/index.html", "article-a-1");
    assert_csv_equals_table(
        &s,
        "entities/moskvich-plant/index.html",
        "entity-moskvich-plant-cars-per-year",
    );
    let article = s.read("articles/a/index.html");
    assert!(
        article.contains("href=\"../../charts/article-a-1.csv\""),
        "{article}"
    );
    let csv = s.read("charts/article-a-1.csv");
    assert!(csv.contains("\"Izhevsk plant, \"\"Lada\"\"\""), "{csv}");
}

#[test]
fn the_facts_table_downloads_as_csv_and_json() {
    let s = site_with_chart("  - title: Capacity\n    metrics: [capacity]\n");
    s.build_ok();
    let csv = parse_csv(&s.read("facts/facts.csv"));
    assert_eq!(csv.len(), 4, "{csv:?}");
    assert_eq!(csv[1][0], "2022");
    assert_eq!(csv[1][3], "120000");
    let json = s.read("facts/facts.json");
    assert!(
        json.starts_with("{\n  \"version\": 1,\n  \"facts\": ["),
        "{json}"
    );
    assert!(
        json.contains("\"entity_name\": \"Izhevsk plant, \\\"Lada\\\"\""),
        "{json}"
    );
    assert_eq!(json.matches("\"metric\": \"capacity\"").count(), 3);
    let facts = s.read("facts/index.html");
    assert!(facts.contains("href=\"../facts/facts.csv\""), "{facts}");
    assert!(facts.contains("href=\"../facts/facts.json\""), "{facts}");
}

#[test]
fn a_chart_mixing_units_is_an_error_naming_both() {
    let s = site_with_chart("  - title: Capacity\n    metrics: [capacity]\n");
    s.build_ok();
    s.write(
        "content/entities/izhevsk-plant.yaml",
        &plant(
            "Izhevsk plant",
            "capacity",
            "cars",
            &[("2022", 1.0, "reported")],
        ),
    );
    let run = s.build_fails(1);
    assert!(
        run.stderr
            .contains("error: chart `Capacity` mixes units: `cars`, `cars per year`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/articles/a.yaml:"),
        "{}",
        run.stderr
    );
}

#[test]
fn three_periods_make_a_line_over_time_and_two_stay_bars() {
    let s = site_with_chart("  - title: Capacity\n    metrics: [capacity]\n");
    s.write(
        "content/entities/moskvich-plant.yaml",
        &plant(
            "Moskvich plant",
            "capacity",
            "cars per year",
            &[
                ("2019", 150000.0, "reported"),
                ("2021-06", 170000.0, "estimate"),
                ("2022", 190000.0, "reported"),
                ("2030", 300000.0, "target"),
            ],
        ),
    );
    s.build_ok();
    let svg = s.read("charts/entity-moskvich-plant-cars-per-year.svg");
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert!(svg.contains("class=\"series-1 chart-line\""), "{svg}");
    assert!(svg.contains("chart-line dashed"), "{svg}");
    // The article's chart covers both plants; one has enough periods for a line.
    let article = s.read("charts/article-a-1.svg");
    assert!(article.contains("chart-line\""), "{article}");
    assert_csv_equals_table(
        &s,
        "entities/moskvich-plant/index.html",
        "entity-moskvich-plant-cars-per-year",
    );
    // Two periods: bars.
    s.write(
        "content/entities/izhevsk-plant.yaml",
        &plant(
            "Izhevsk plant",
            "capacity",
            "cars per year",
            &[("2022", 120000.0, "estimate"), ("2030", 150000.0, "target")],
        ),
    );
    s.build_ok();
    let izhevsk = s.read("charts/entity-izhevsk-plant-cars-per-year.svg");
    assert!(
        !izhevsk.contains("class=\"series-1 chart-line"),
        "{izhevsk}"
    );
    assert!(izhevsk.contains("<rect"), "{izhevsk}");
}

#[test]
fn a_comparison_sorts_latest_figures_as_bars_linking_to_entity_pages() {
    let s = site_with_chart("  - title: Capacity by plant\n    compare: capacity\n");
    s.write(
        "content/site.yaml",
        &format!(
            "{}charts:\n  - title: Plants\n    compare: capacity\n    entities: [izhevsk-plant, moskvich-plant]\n",
            common::SITE
        ),
    );
    s.build_ok();
    // Moskvich's latest figure is the 2030 target (300,000), ahead of Izhevsk's 120,000.
    let svg = s.read("charts/article-a-1.svg");
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let moskvich = svg.find(">Moskvich plant</text>").expect("label");
    let izhevsk = svg
        .find(">Izhevsk plant, &quot;Lada&quot;</text>")
        .expect("label");
    assert!(moskvich < izhevsk, "sorted by value: {svg}");
    // The standalone file sits in charts/, one level down.
    assert!(
        svg.contains("<a href=\"../entities/moskvich-plant/index.html\">"),
        "{svg}"
    );
    let article = s.read("articles/a/index.html");
    assert!(
        article.contains("<a href=\"../../entities/moskvich-plant/index.html\"><text"),
        "{article}"
    );
    assert!(article.contains("(2030)"), "{article}");
    assert_csv_equals_table(&s, "articles/a/index.html", "article-a-1");
    let index = s.read("index.html");
    assert!(index.contains("id=\"chart-site-1\""), "{index}");
    assert!(
        index.contains("<a href=\"entities/izhevsk-plant/index.html\"><text"),
        "{index}"
    );
    assert_csv_equals_table(&s, "index.html", "site-1");
}

#[test]
fn forty_entities_with_long_and_cyrillic_names_get_a_row_each() {
    let s = site_with_chart("  - title: Every plant\n    compare: capacity\n");
    for i in 0..40 {
        let name = if i % 2 == 0 {
            format!("Автомобильный завод номер {i} имени очень длинного названия, Москва")
        } else {
            format!("Plant {i}")
        };
        s.write(
            &format!("content/entities/plant-{i}.yaml"),
            &plant(
                &name,
                "capacity",
                "cars per year",
                &[("2022", (i * 1000) as f64 - 5000.0, "reported")],
            ),
        );
    }
    s.build_ok();
    let svg = s.read("charts/article-a-1.svg");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let links = doc.descendants().filter(|n| n.has_tag_name("a")).count();
    assert_eq!(links, 42, "one linked name per entity");
    assert!(svg.contains("Автомобильный"), "{svg}");
    assert!(svg.contains('…'), "long names are cut: {svg}");
    assert_csv_equals_table(&s, "articles/a/index.html", "article-a-1");
}

#[test]
fn a_chart_with_both_metrics_and_compare_is_an_error() {
    let s = site_with_chart("  - title: Both\n    metrics: [capacity]\n    compare: capacity\n");
    let run = s.build_fails(1);
    assert!(
        run.stderr
            .contains("error: a chart takes `metrics` or `compare`, not both"),
        "{}",
        run.stderr
    );
}

#[test]
fn each_metric_has_a_page_with_every_figure_the_comparison_and_each_entity_over_time() {
    let s = site_with_chart("  - title: Capacity\n    metrics: [capacity]\n");
    s.write(
        "content/entities/moskvich-plant.yaml",
        &plant(
            "Moskvich plant",
            "capacity",
            "cars per year",
            &[
                ("2019", 150000.0, "reported"),
                ("2020", 160000.0, "reported"),
                ("2022", 190000.0, "reported"),
            ],
        ),
    );
    s.build_ok();
    let page = s.read("facts/capacity/index.html");
    // The comparison, linking to entity pages from two levels down.
    assert!(
        page.contains("id=\"chart-metric-capacity-latest\""),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"../../entities/izhevsk-plant/index.html\"><text"),
        "{page}"
    );
    assert_csv_equals_table(&s, "facts/capacity/index.html", "metric-capacity-latest");
    // Each entity's figures over time.
    assert!(
        page.contains("id=\"chart-metric-capacity-moskvich-plant-cars-per-year\""),
        "{page}"
    );
    assert!(page.contains("class=\"series-1 chart-line\""), "{page}");
    // Every figure, with status and source.
    for figure in ["150,000", "160,000", "190,000", "120,000"] {
        assert!(
            page.contains(&format!("{figure} <span class=\"unit\">")),
            "{figure}"
        );
    }
    assert!(page.contains("badge status-estimate"), "{page}");
    assert!(page.contains(">TASS</a>"), "{page}");
    let facts = s.read("facts/index.html");
    assert!(
        facts.contains("href=\"../facts/capacity/index.html\""),
        "{facts}"
    );
}

#[test]
fn a_percent_metric_gets_a_chart_named_for_percent_and_one_figure_gets_none() {
    let s = site_with_chart("  - title: Capacity\n    metrics: [capacity]\n");
    s.write(
        "content/entities/kamaz.yaml",
        &format!(
            "{}{}",
            common::KAMAZ,
            "facts:\n  - metric: localisation\n    value: 40\n    unit: \"%\"\n    period: \"2022\"\n    status: target\n    source: tass\n  - metric: localisation\n    value: 60\n    unit: \"%\"\n    period: \"2024\"\n    status: target\n    source: tass\n"
        ),
    );
    s.build_ok();
    let charts: Vec<String> = std::fs::read_dir(s.path("public/charts"))
        .expect("charts/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        charts.contains(&"entity-kamaz-percent.svg".to_string()),
        "{charts:?}"
    );
    assert!(charts.contains(&"entity-kamaz-percent.csv".to_string()));
    assert!(!charts.iter().any(|c| c.contains("item")), "{charts:?}");
    let page = s.read("entities/kamaz/index.html");
    assert!(page.contains("charts/entity-kamaz-percent.svg"), "{page}");
    // The Izhevsk plant has a single figure: its facts table shows it, and
    // no chart repeats it as one bar (its metric page still compares it).
    let izhevsk = s.read("entities/izhevsk-plant/index.html");
    assert!(izhevsk.contains("facts-table"), "{izhevsk}");
    assert!(!izhevsk.contains("entity-charts"), "{izhevsk}");
    assert!(
        !charts.iter().any(|c| c.starts_with("entity-izhevsk-plant")),
        "{charts:?}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let s = site_with_chart("  - title: Capacity\n    compare: capacity\n");
    s.build_ok();
    let first = s.output_tree();
    std::fs::remove_dir_all(s.path("public")).expect("remove output");
    s.build_ok();
    assert_eq!(first, s.output_tree());
}
