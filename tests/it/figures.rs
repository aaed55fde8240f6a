//! Figures as analysts meet them (docs/content-format.md §7.5): several
//! figures for one entity, metric and period, from sources that disagree or
//! a source that revised its own. The fixture `tests/fixtures/figures/` has
//! a disagreement of three sources (planned capacity, 2022), a revision
//! (annual output, 2023) and both at once (planned capacity, 2023).

use crate::common;

use common::Fixture;

const PLANT: &str = "content/entities/moskvich-plant.yaml";

fn site() -> Fixture {
    Fixture::copy("figures")
}

/// Builds once, breaks the site with `edit`, builds again: exit 1, the
/// output as the good build left it.
fn fails_keeping_output(site: &Fixture, edit: impl FnOnce(&Fixture)) -> common::Run {
    site.build_ok();
    let before = site.output_tree();
    edit(site);
    let run = site.build_fails(1);
    assert_eq!(
        before,
        site.output_tree(),
        "the previous output was changed"
    );
    run
}

#[test]
fn figures_that_differ_in_source_or_article_build() {
    let s = site();
    let run = s.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let plant = s.read("entities/moskvich-plant/index.html");
    for anchor in [
        "fact-planned-capacity-2022",
        "fact-planned-capacity-2022-v2",
        "fact-planned-capacity-2022-v3",
        "fact-annual-output-2023-v2",
    ] {
        assert!(plant.contains(&format!("id=\"{anchor}\"")), "{anchor}");
    }
}

#[test]
fn the_same_figure_twice_is_an_error() {
    let s = site();
    let twice = "  - metric: planned-capacity\n    label: Planned capacity\n    value: 300000\n    \
                 unit: cars per year\n    period: 2022\n    status: target\n    source: tass\n    article: a\n";
    let run = fails_keeping_output(&s, |s| s.append(PLANT, twice));
    run.expect_says(
        "`moskvich-plant` has the same figure twice for metric `planned-capacity` and period 2022",
    )
    .expect_place("content/entities/moskvich-plant.yaml:78:13")
    .expect_says("first written at content/entities/moskvich-plant.yaml:5:13")
    .expect_help("remove one of them")
    .expect_errors_only(1);
}

#[test]
fn two_preferred_figures_are_an_error_naming_both() {
    let s = site();
    let run = fails_keeping_output(&s, |s| {
        s.edit(
            PLANT,
            "    quote: up to 300,000 cars per year\n",
            "    quote: up to 300,000 cars per year\n    preferred: true\n",
        );
        s.edit(
            PLANT,
            "    quote: capacity at 250,000 cars this year\n",
            "    quote: capacity at 250,000 cars this year\n    preferred: true\n",
        );
    });
    run.expect_says(
        "`moskvich-plant` has two preferred figures for `planned-capacity` 2022: 300000 and 250000",
    )
    .expect_place("content/entities/moskvich-plant.yaml:24:16")
    .expect_says("the other is marked preferred at content/entities/moskvich-plant.yaml:14:16")
    .expect_help("keep `preferred: true` on one of them")
    .expect_errors_only(1);
}

#[test]
fn an_as_of_that_is_not_a_date_is_an_error() {
    let s = site();
    let run = fails_keeping_output(&s, |s| {
        s.edit(PLANT, "as_of: 2022-12-20", "as_of: 2022-13-20")
    });
    run.expect_says("`2022-13-20` is not a date")
        .expect_place("content/entities/moskvich-plant.yaml:49:12")
        .expect_help("write YYYY-MM-DD")
        .expect_errors_only(1);
}

#[test]
fn a_revision_dated_before_the_figure_it_revises_is_an_error() {
    let s = site();
    let run = fails_keeping_output(&s, |s| {
        s.edit(PLANT, "as_of: 2022-12-20", "as_of: 2022-01-20")
    });
    run.expect_says(
        "revises 100000 from the same source, but is dated 2022-01-20, before it (2022-06-18)",
    )
    .expect_place("content/entities/moskvich-plant.yaml:49:12")
    .expect_help("in the order it gave them")
    .expect_errors_only(1);
}

#[test]
fn an_undated_figure_in_a_disagreement_is_an_error() {
    let s = site();
    let run = fails_keeping_output(&s, |s| {
        s.edit(PLANT, "    as_of: 2022-12-20\n", "");
        s.edit(
            PLANT,
            "    source: tass\n  # Both",
            "    source: interfax\n  # Both",
        );
    });
    run.expect_says(
        "the figure 60000 for `annual-output` 2023 differs from another but has no date",
    )
    .expect_place("content/entities/moskvich-plant.yaml:42:13")
    .expect_help("add `as_of: YYYY-MM-DD`")
    .expect_errors_only(1);
}

#[test]
fn undated_figures_that_agree_need_no_date() {
    let s = site();
    let figure = |source: &str| {
        format!(
            "  - metric: planned-capacity\n    value: 100000\n    unit: cars per year\n    period: 2024\n    status: target\n    source: {source}\n"
        )
    };
    s.append(PLANT, &figure("tass"));
    s.append(PLANT, &figure("interfax"));
    s.build_ok();
}

#[test]
fn check_notes_disagreements_and_revisions_and_lists_them_with_coverage() {
    let s = site();
    let run = s.check();
    run.expect_code(0).expect_not_says("disagree");
    assert!(
        run.stdout.contains(
            "note: figures: 2 disagreements and 2 revisions (`briefing check --coverage` lists them)"
        ),
        "{}",
        run.stdout
    );
    let run = s.run(&["check", "--root", s.root_str(), "--coverage"]);
    run.expect_code(0);
    for line in [
        "note: content/entities/moskvich-plant.yaml: planned-capacity 2022: sources differ: 300000 (TASS, target, 2022-06-18) · 250000 (Ministry of Industry and Trade, estimate, 2022-12-02) · 200000 (Interfax, speculative, 2023-03-10)",
        "note: content/entities/moskvich-plant.yaml: annual-output 2023: TASS revised 100000 (2022-06-18) to 60000 (2022-12-20)",
        "note: content/entities/moskvich-plant.yaml: planned-capacity 2023: TASS revised 300000 (2022-06-18) to 200000 (2023-03-10)",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
}

/// "Sources differ: 300,000 (TASS, target, 18 June 2022) · …", each value
/// linked to its quote, the leading figure marked.
const DIFFER_2022: &str = r#"<span class="figures-differ-lead">Sources differ:</span> <a href="../../articles/a/index.html#quote-moskvich-plant-planned-capacity-2022">300,000</a> (TASS, target, <time datetime="2022-06-18">18 June 2022</time>) · <a href="../../articles/b/index.html#quote-moskvich-plant-planned-capacity-2022-v2">250,000</a> (Ministry of Industry and Trade, estimate, <time datetime="2022-12-02">2 December 2022</time>; −17 %, −50,000) · <a href="../../articles/c/index.html#quote-moskvich-plant-planned-capacity-2022-v3">200,000</a> (Interfax, speculative, <time datetime="2023-03-10">10 March 2023</time>; −33 %, −100,000) <span class="badge badge-leads">leads</span></p>"#;

const REVISED_OUTPUT: &str = r#"TASS revised from <a href="../../articles/a/index.html#quote-moskvich-plant-annual-output-2023">100,000</a> (<time datetime="2022-06-18">June 2022</time>) to <a href="../../entities/moskvich-plant/index.html#fact-annual-output-2023-v2">60,000</a> (<time datetime="2022-12-20">December 2022</time>; −40 %, −40,000).</p>"#;

const REVISED_CAPACITY: &str = r#"TASS revised from <a href="../../articles/a/index.html#quote-moskvich-plant-planned-capacity-2023">300,000</a> (<time datetime="2022-06-18">June 2022</time>) to <a href="../../articles/c/index.html#quote-moskvich-plant-planned-capacity-2023-v3">200,000</a> (<time datetime="2023-03-10">March 2023</time>; −33 %, −100,000).</p>"#;

#[test]
fn the_entity_page_shows_disagreements_and_revisions() {
    let s = site();
    s.build_ok();
    let plant = s.read("entities/moskvich-plant/index.html");
    assert!(plant.contains(DIFFER_2022), "{plant}");
    assert!(plant.contains(REVISED_OUTPUT), "{plant}");
    assert!(plant.contains(REVISED_CAPACITY), "{plant}");
    // Both at once: the ministry's estimate against TASS's revised target.
    assert!(plant.contains(r#"<a href="../../articles/b/index.html#quote-moskvich-plant-planned-capacity-2023-v2">150,000</a> (Ministry of Industry and Trade, estimate, <time datetime="2022-12-02">2 December 2022</time>) · <a href="../../articles/c/index.html#quote-moskvich-plant-planned-capacity-2023-v3">200,000</a> (TASS, target, <time datetime="2023-03-10">10 March 2023</time>; +33 %, +50,000) <span class="badge badge-leads">leads</span>"#), "{plant}");
    // The table marks the leading figure of each set.
    assert_eq!(plant.matches(r#"<th scope="row">Planned capacity <span class="badge badge-leads">leads</span></th>"#).count(), 2, "{plant}");
    // Every quote link lands on a highlighted quote.
    for (article, anchor) in [
        ("b", "quote-moskvich-plant-planned-capacity-2022-v2"),
        ("c", "quote-moskvich-plant-planned-capacity-2023-v3"),
    ] {
        let page = s.read(&format!("articles/{article}/index.html"));
        assert!(page.contains(&format!("id=\"{anchor}\"")), "{anchor}");
    }
}

#[test]
fn the_metric_page_shows_each_entitys_sets_with_their_history() {
    let s = site();
    s.build_ok();
    let metric = s.read("facts/planned-capacity/index.html");
    assert!(
        metric.contains(
            r#"<div class="figure-set" id="figures-moskvich-plant-planned-capacity-2022">"#
        ),
        "{metric}"
    );
    assert!(metric.contains(DIFFER_2022), "{metric}");
    assert!(metric.contains(REVISED_CAPACITY), "{metric}");
    let history = r#"<ol class="figure-history" aria-label="Planned capacity, 2023: every figure, earliest first">
<li class="status-target"><time datetime="2022-06-18">18 June 2022</time>: <a href="../../articles/a/index.html#quote-moskvich-plant-planned-capacity-2023">300,000</a> <span class="unit">cars per year</span> · TASS · <span class="badge status-target">Target</span></li>
<li class="status-estimate"><time datetime="2022-12-02">2 December 2022</time>: <a href="../../articles/b/index.html#quote-moskvich-plant-planned-capacity-2023-v2">150,000</a> <span class="unit">cars per year</span> · Ministry of Industry and Trade · <span class="badge status-estimate">Estimate</span></li>
<li class="status-target leads"><time datetime="2023-03-10">10 March 2023</time>: <a href="../../articles/c/index.html#quote-moskvich-plant-planned-capacity-2023-v3">200,000</a> <span class="unit">cars per year</span> · TASS · <span class="badge status-target">Target</span> <span class="badge badge-leads">leads</span></li>
</ol>"#;
    assert!(metric.contains(history), "{metric}");
    let output = s.read("facts/annual-output/index.html");
    assert!(output.contains(REVISED_OUTPUT), "{output}");
}

#[test]
fn an_article_citing_a_contested_figure_shows_how_it_compares() {
    let s = site();
    s.build_ok();
    let article = s.read("articles/b/index.html");
    assert!(article.contains("How these figures compare"), "{article}");
    assert!(article.contains(DIFFER_2022), "{article}");
    assert!(article.contains(REVISED_CAPACITY), "{article}");
    // Article a cites TASS's first output target: it shows the revision.
    assert!(s.read("articles/a/index.html").contains(REVISED_OUTPUT));
}

#[test]
fn figures_that_agree_are_shown_as_before() {
    let s = site();
    // Every source gives the same 2022 capacity: no disagreement, no note.
    s.edit(PLANT, "value: 250000", "value: 300000");
    s.edit(
        PLANT,
        "value: 200000\n    unit: cars per year\n    period: 2022",
        "value: 300000\n    unit: cars per year\n    period: 2022",
    );
    s.build_ok();
    let plant = s.read("entities/moskvich-plant/index.html");
    assert!(
        !plant.contains("figures-moskvich-plant-planned-capacity-2022"),
        "{plant}"
    );
    assert!(
        plant.contains("figures-moskvich-plant-planned-capacity-2023"),
        "{plant}"
    );
}

/// The figures of a chart's table, cell by cell: (value, leads, source,
/// status), each leading figure followed by those listed beside it.
fn table_figures(html: &str, chart_id: &str) -> Vec<(String, bool, String, String)> {
    let caption = format!("<caption id=\"chart-{chart_id}-caption\">");
    let start = html.find(&caption).expect("the chart's table");
    let table = &html[start..start + html[start..].find("</table>").expect("table end")];
    let mut figures = Vec::new();
    for cell in table.split("<td class=\"num status-").skip(1) {
        let cell = &cell[..cell.find("</td>").expect("cell end")];
        let (status, rest) = cell.split_once("\">").expect("status");
        let value = rest.split(' ').next().expect("value").replace(',', "");
        figures.push((value, true, String::new(), status.to_string()));
        let Some((_, others)) = cell.split_once("on the chart:") else {
            continue;
        };
        let others = others.trim_end_matches("</span>");
        for other in others.split(';') {
            let other = other.trim();
            let value = other.split(' ').next().expect("value").replace(',', "");
            let inside = &other[other.find('(').expect("(") + 1..other.rfind(')').expect(")")];
            let parts: Vec<&str> = inside.split(", ").collect();
            figures.push((value, false, parts[0].to_string(), parts[1].to_string()));
        }
    }
    figures
}

/// The fields of one RFC 4180 line (no line breaks inside fields here).
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// The same from a chart's CSV (the leading figures' sources are not in
/// the table's cells, so they are left out of the comparison).
fn csv_figures(csv: &str) -> Vec<(String, bool, String, String)> {
    let mut lines = csv.trim_start_matches('\u{feff}').split("\r\n");
    let header = csv_fields(lines.next().expect("header"));
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (value, leads, source, status) = (
        column("value"),
        column("leads"),
        column("source"),
        column("status"),
    );
    lines
        .filter(|l| !l.is_empty())
        .map(|line| {
            let cells = csv_fields(line);
            let leads = cells[leads] == "true";
            let source = if leads {
                String::new()
            } else {
                cells[source].clone()
            };
            (cells[value].clone(), leads, source, cells[status].clone())
        })
        .collect()
}

#[test]
fn charts_draw_the_leading_figure_and_mark_the_others() {
    let s = site();
    s.build_ok();
    let id = "entity-moskvich-plant-cars-per-year";
    let svg = s.read(&format!("charts/{id}.svg"));
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    // Five markers beside the bars, one in the legend, explained there.
    assert_eq!(svg.matches(" chart-other\"").count(), 6, "{svg}");
    assert!(svg.contains(">Other figures (see table)</text>"), "{svg}");
    // The bars are the leading figures: 200,000 for 2022 (Interfax, the latest).
    assert!(
        svg.contains("2022: Planned capacity 200,000 cars per year, speculative."),
        "{svg}"
    );
    let plant = s.read("entities/moskvich-plant/index.html");
    let table = table_figures(&plant, id);
    let csv = csv_figures(&s.read(&format!("charts/{id}.csv")));
    assert_eq!(table.len(), 8, "{table:?}");
    assert_eq!(table, csv);
    // The comparison on the metric page compares the leading figures too.
    let compare = s.read("charts/metric-planned-capacity-latest.csv");
    assert!(compare.contains("2023,Moskvich plant,Planned capacity,200000,cars per year,target,TASS,\"will manage 200,000 cars in 2023\",2023-03-10,true,"), "{compare}");
    let metric = s.read("facts/planned-capacity/index.html");
    assert_eq!(
        table_figures(&metric, "metric-planned-capacity-latest"),
        csv_figures(&compare)
    );
}

#[test]
fn downloads_carry_every_figure_with_its_date_and_sets() {
    let s = site();
    s.build_ok();
    let csv = s.read("facts/facts.csv");
    assert!(csv.starts_with("\u{feff}period,entity,metric,value,unit,status,source,quote,as_of,leads,disagreement,revision\r\n"), "{csv}");
    for row in [
        "2023,Moskvich plant,Annual output,100000,cars per year,target,TASS,\"should reach 100,000 cars\",2022-06-18,false,,moskvich-plant:annual-output:2023\r\n",
        "2023,Moskvich plant,Annual output,60000,cars per year,target,TASS,,2022-12-20,true,,moskvich-plant:annual-output:2023\r\n",
        "2022,Moskvich plant,Planned capacity,250000,cars per year,estimate,Ministry of Industry and Trade,\"capacity at 250,000 cars this year\",2022-12-02,false,moskvich-plant:planned-capacity:2022,\r\n",
        "2023,Moskvich plant,Planned capacity,200000,cars per year,target,TASS,\"will manage 200,000 cars in 2023\",2023-03-10,true,moskvich-plant:planned-capacity:2023,moskvich-plant:planned-capacity:2023\r\n",
    ] {
        assert!(csv.contains(row), "{row}\n{csv}");
    }
    assert_eq!(csv.lines().count(), 9, "every figure and the header");
    let json = s.read("facts/facts.json");
    assert!(json.contains(r#""quote": "at 200,000 cars", "as_of": "2023-03-10", "leads": true, "disagreement": "moskvich-plant:planned-capacity:2022", "revision": null}"#), "{json}");
    assert!(json.contains(r#""article": null, "quote": null, "as_of": "2022-12-20", "leads": true, "disagreement": null, "revision": "moskvich-plant:annual-output:2023"}"#), "{json}");
    // The Dataset of the facts page is unchanged in shape.
    let facts = s.read("facts/index.html");
    assert!(facts.contains("\"@type\":\"Dataset\""), "{facts}");
}

#[test]
fn a_revision_is_an_event_in_the_site_feed_and_on_the_entitys_timeline() {
    let s = site();
    s.build_ok();
    let feed = s.read("atom.xml");
    let entry = "  <entry>
    <title>Moskvich plant: TASS revised Planned capacity, 2023, from 300,000 to 200,000 cars per year</title>
    <id>https://example.test/entities/moskvich-plant/#revised-moskvich-plant-planned-capacity-2023-1</id>
    <link rel=\"alternate\" type=\"text/html\" href=\"https://example.test/entities/moskvich-plant/#revised-moskvich-plant-planned-capacity-2023-1\"/>
    <published>2023-03-10T00:00:00Z</published>
    <updated>2023-03-10T00:00:00Z</updated>
    <summary>300,000 (June 2022) to 200,000 (March 2023; −33 %, −100,000).</summary>
  </entry>";
    assert!(feed.contains(entry), "{feed}");
    // Newest first: the article of 10 March 2023, its revision, then December's.
    let order: Vec<usize> = [
        "<title>Capacity revised</title>",
        "revised Planned capacity, 2023",
        "revised Annual output, 2023",
        "<title>The ministry counts lower</title>",
    ]
    .iter()
    .map(|t| feed.find(t).expect(t))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{feed}");
    // The link lands on the revision on the entity's page.
    let plant = s.read("entities/moskvich-plant/index.html");
    assert!(
        plant.contains(
            r#"<p class="figure-revised" id="revised-moskvich-plant-planned-capacity-2023-1">"#
        ),
        "{plant}"
    );
    let timeline = s.read("timeline/moskvich-plant/index.html");
    assert!(timeline.contains(r#"<li class="timeline-item timeline-revision"><time datetime="2022-12-20">20 December 2022</time> <span class="timeline-kind">Revision</span> <a href="../../entities/moskvich-plant/index.html">Moskvich plant</a>: <a href="../../entities/moskvich-plant/index.html#revised-moskvich-plant-annual-output-2023-1">Annual output, 2023</a> revised by TASS from 100,000 to 60,000 <span class="unit">cars per year</span> (−40 %, −40,000)</li>"#), "{timeline}");
    // An entity's own feed carries the articles mentioning it, as before.
    assert!(
        !s.read("entities/moskvich-plant/atom.xml")
            .contains("#revised-")
    );
}

#[test]
fn a_preferred_figure_leads_whatever_its_date() {
    let s = site();
    s.edit(
        PLANT,
        "    quote: up to 300,000 cars per year\n",
        "    quote: up to 300,000 cars per year\n    preferred: true\n",
    );
    s.build_ok();
    let csv = s.read("charts/entity-moskvich-plant-cars-per-year.csv");
    assert!(csv.contains("\r\n2022,Moskvich plant,Planned capacity,300000,cars per year,target,TASS,\"up to 300,000 cars per year\",2022-06-18,true,moskvich-plant:planned-capacity:2022,\r\n"), "{csv}");
    let plant = s.read("entities/moskvich-plant/index.html");
    assert!(plant.contains(r#"(TASS, target, <time datetime="2022-06-18">18 June 2022</time>) <span class="badge badge-leads">leads</span>"#), "{plant}");
}

#[test]
fn of_two_figures_given_the_same_day_a_reported_one_leads() {
    let s = site();
    // Interfax's figure, dated like the ministry's: the tie goes by status.
    s.edit(
        PLANT,
        "    article: c\n    quote: at 200,000 cars\n",
        "    as_of: 2022-12-02\n",
    );
    s.edit(PLANT, "status: speculative", "status: reported");
    s.build_ok();
    let json = s.read("facts/facts.json");
    assert!(json.contains(r#""value": 200000, "unit": "cars per year", "status": "reported", "source": "interfax", "source_name": "Interfax", "article": null, "quote": null, "as_of": "2022-12-02", "leads": true"#), "{json}");
}
