//! Facts, claims and charts (docs/content-format.md §7.4, §8.3, §8.4, §12):
//! every figure traceable to its quote.

use crate::common;

use common::Fixture;

const PLANT: &str = "name: Moskvich plant\nkind: plant\nfacts:\n  \
  - metric: annual-output\n    label: Annual output\n    value: 190000\n    unit: cars per year\n    period: 2022\n    \
    status: reported\n    source: tass\n    article: a\n    quote: roughly 190,000 units annually\n  \
  - metric: planned-capacity\n    label: Planned capacity\n    value: 300000\n    unit: cars per year\n    period: 2022\n    \
    status: target\n    source: tass\n    article: a\n    quote: up to 300,000 cars per year\n";

const SEED: &str = "KAMAZ could make up to 300,000 cars per year in Moscow. [Citation: TASS]\n\
The plant made roughly 190,000 units annually before. Observers see JAC as a likely partner.\n";

fn site() -> Fixture {
    let site = Fixture::new();
    site.write("seeds/a.txt", SEED);
    site.write("content/entities/moskvich-plant.yaml", PLANT);
    site.write(
        "content/articles/a.yaml",
        &format!(
            "{}claims:\n  - quote: Observers see JAC as a likely partner.\n    status: speculative\n    note: Nobody confirmed it.\n\
             charts:\n  - title: Output vs capacity\n    metrics: [annual-output, planned-capacity]\n    entities: [moskvich-plant]\n",
            common::ARTICLE
        ),
    );
    site
}

#[test]
fn a_fact_quote_is_highlighted_and_links_both_ways() {
    let s = site();
    s.build_ok();
    let article = s.read("articles/a/index.html");
    assert!(
        article.contains(r#"<mark class="quote status-reported" id="quote-moskvich-plant-annual-output-2022" title="Reported">roughly 190,000 units annually</mark>"#),
        "{article}"
    );
    assert!(
        article.contains(
            r##"href="../../entities/moskvich-plant/index.html#fact-annual-output-2022""##
        ),
        "{article}"
    );
    let plant = s.read("entities/moskvich-plant/index.html");
    assert!(plant.contains(r#"id="fact-annual-output-2022""#), "{plant}");
    assert!(
        plant.contains("../../articles/a/index.html#quote-moskvich-plant-annual-output-2022"),
        "{plant}"
    );
    assert!(plant.contains("190,000"), "{plant}");
}

#[test]
fn a_speculative_claim_is_marked_and_listed_with_its_status() {
    let s = site();
    s.build_ok();
    let article = s.read("articles/a/index.html");
    assert!(
        article.contains(r#"<mark class="quote status-speculative" id="claim-1""#),
        "{article}"
    );
    assert!(article.contains("Speculative"), "{article}");
    assert!(article.contains("Nobody confirmed it."), "{article}");
}

#[test]
fn charts_are_inline_svg_with_a_table_and_a_download() {
    let s = site();
    s.build_ok();
    for page in [
        "articles/a/index.html",
        "entities/moskvich-plant/index.html",
        "index.html",
    ] {
        let html = s.read(page);
        assert!(html.contains("<svg"), "{page} has no chart");
        assert!(html.contains("<title id="), "{page}");
        assert!(
            html.contains("status-target") && html.contains("status-reported"),
            "{page}"
        );
        assert!(html.contains("<table"), "{page} has no table");
        assert!(html.contains("300,000 cars per year"), "{page}");
    }
    let svg = s.read("charts/article-a-1.svg");
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(
        s.path("public/charts/entity-moskvich-plant-cars-per-year.svg")
            .is_file()
    );
    let facts = s.read("facts/index.html");
    assert!(
        facts.contains("Annual output") && facts.contains("Planned capacity"),
        "{facts}"
    );
}

#[test]
fn charts_are_byte_identical_between_builds() {
    let s = site();
    s.build_ok();
    let first = s.read("charts/article-a-1.svg");
    s.build_ok();
    assert_eq!(first, s.read("charts/article-a-1.svg"));
}

#[test]
fn charts_render_with_rsvg_when_it_is_installed() {
    let Ok(status) = std::process::Command::new("rsvg-convert")
        .arg("--version")
        .output()
    else {
        eprintln!("rsvg-convert not installed; skipped (CI installs librsvg2-bin)");
        return;
    };
    assert!(status.status.success());
    let s = site();
    s.build_ok();
    for svg in [
        "charts/article-a-1.svg",
        "charts/entity-moskvich-plant-cars-per-year.svg",
    ] {
        let png = s.path("chart.png");
        let run = std::process::Command::new("rsvg-convert")
            .arg("-o")
            .arg(&png)
            .arg(s.path("public").join(svg))
            .output()
            .expect("rsvg-convert");
        assert!(
            run.status.success(),
            "{svg}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(std::fs::metadata(&png).expect("png").len() > 1000);
    }
}

#[test]
fn a_quote_not_in_the_seed_is_an_error_at_the_fact() {
    let s = site();
    s.build_ok();
    s.write(
        "content/entities/moskvich-plant.yaml",
        &PLANT.replace("roughly 190,000 units annually", "about 190,000 units"),
    );
    let run = s.build_fails(1);
    assert!(
        run.stderr
            .contains("fact quote not found in seeds/a.txt: \"about 190,000 units\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("--> content/entities/moskvich-plant.yaml:12:12"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_claim_quote_not_in_the_seed_is_an_error() {
    let s = site();
    s.write(
        "content/articles/a.yaml",
        &format!(
            "{}claims:\n  - quote: Nobody said this.\n    status: reported\n",
            common::ARTICLE
        ),
    );
    let run = s.build_fails(1);
    assert!(
        run.stderr.contains("claim quote not found"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/articles/a.yaml:7:12"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fact_citing_an_unknown_source_or_article_is_an_error() {
    let s = site();
    s.write(
        "content/entities/moskvich-plant.yaml",
        &PLANT.replacen("source: tass", "source: tas", 1).replacen(
            "article: a\n",
            "article: b\n",
            1,
        ),
    );
    let run = s.build_fails(1);
    assert!(
        run.stderr.contains("unknown source `tas`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `tass`?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("unknown article `b`"), "{}", run.stderr);
}

#[test]
fn fact_values_must_be_numbers_and_periods_real() {
    let s = site();
    s.write(
        "content/entities/moskvich-plant.yaml",
        &PLANT
            .replacen("value: 190000", "value: 190,000", 1)
            .replacen("period: 2022", "period: 2022-13", 1),
    );
    let run = s.build_fails(1);
    assert!(
        run.stderr.contains("content/entities/moskvich-plant.yaml:"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_invalid_status_suggests_the_right_one() {
    let s = site();
    s.write(
        "content/entities/moskvich-plant.yaml",
        &PLANT.replacen("status: target", "status: targt", 1),
    );
    let run = s.build_fails(1);
    assert!(
        run.stderr.contains("did you mean `target`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_or_placeholder_unit_is_an_error_with_its_place() {
    let s = site();
    s.build_ok();
    let before = s.output_tree();
    s.edit(
        "content/entities/moskvich-plant.yaml",
        "value: 190000\n    unit: cars per year",
        "value: 190000\n    unit: \"\"",
    );
    let run = s.build_fails(1);
    run.expect_says("error: fact unit is empty")
        .expect_place("content/entities/moskvich-plant.yaml:7:11")
        .expect_help("unit: '%'");
    assert_eq!(before, s.output_tree());

    // Blank is empty too; `TODO` is what `annotate` leaves for the curator.
    s.edit(
        "content/entities/moskvich-plant.yaml",
        "unit: \"\"",
        "unit: \"  \"",
    );
    s.build_fails(1).expect_says("error: fact unit is empty");
    s.edit(
        "content/entities/moskvich-plant.yaml",
        "unit: \"  \"",
        "unit: TODO",
    );
    s.build_fails(1)
        .expect_says("error: fact unit not filled in")
        .expect_place("content/entities/moskvich-plant.yaml:7:11");
    let check = s.check();
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_eq!(before, s.output_tree());
}
