//! Quotes (docs/content-format.md, "Quotes"): typographic variants match,
//! the highlight covers the seed's own text, and a quote that is not in its
//! seed is reported with the closest passage and what differs.

use crate::common;

use common::Fixture;

/// A seed with curly quotes, dashes and a narrow no-break space.
const SEED: &str = "Intro line.\n\
The head said: “we’ll make 190\u{202F}000 cars — maybe more” in 2023. [Citation: TASS]\n\
The plant made roughly 190,000 units annually before the war.\n";

fn plant(fact_lines: &str) -> String {
    format!(
        "name: Moskvich plant\nkind: plant\nfacts:\n  \
         - metric: annual-output\n    value: 190000\n    unit: cars per year\n    period: 2022\n    \
         status: reported\n    source: tass\n{fact_lines}"
    )
}

fn site(fact_lines: &str) -> Fixture {
    let site = Fixture::new();
    site.write("seeds/a.txt", SEED);
    site.write("content/entities/moskvich-plant.yaml", &plant(fact_lines));
    site
}

#[test]
fn straight_quotes_in_the_yaml_match_curly_ones_and_the_mark_covers_the_seed_text() {
    let s = site("    article: a\n    quote: '\"we''ll make 190 000 cars - maybe more\"'\n");
    s.build_ok();
    let article = s.read("articles/a/index.html");
    assert!(
        article.contains("title=\"Reported\">“we’ll make 190\u{202F}000 cars — maybe more”</mark>"),
        "{article}"
    );
}

#[test]
fn curly_quotes_in_the_yaml_match_straight_ones_in_the_seed() {
    let s = site("    article: a\n    quote: “It’s here” – he said\n");
    s.write("seeds/a.txt", "Then: \"It's here\" - he said.\n");
    s.build_ok();
    let article = s.read("articles/a/index.html");
    assert!(
        article.contains("title=\"Reported\">&quot;It&#39;s here&quot; - he said</mark>"),
        "{article}"
    );
}

#[test]
fn a_near_miss_shows_the_closest_passage_and_what_differs() {
    let s = site("    article: a\n    quote: roughly 190,000 units annually\n");
    s.build_ok();
    s.write(
        "content/entities/moskvich-plant.yaml",
        &plant("    article: a\n    quote: made roughly 190 000 units per year annually\n"),
    );
    let run = s.build_fails(1);
    let err = &run.stderr;
    assert!(
        err.contains(
            "fact quote not found in seeds/a.txt: \"made roughly 190 000 units per year annually\""
        ),
        "{err}"
    );
    assert!(
        err.contains("--> content/entities/moskvich-plant.yaml:"),
        "{err}"
    );
    assert!(
        err.contains(
            "note: the closest passage of the seed differs: the seed has `190,000` where the quote has `190 000`; \
             the quote has extra words `per year`"
        ),
        "{err}"
    );
    // The seed's line, with the passage and the differing words marked.
    assert!(err.contains("seeds/a.txt:3:"), "{err}");
    assert!(
        err.contains("The plant made roughly 190,000 units annually before the war."),
        "{err}"
    );
    assert!(err.contains("the quote has `190 000`"), "{err}");
    assert!(err.contains("the quote adds `per year` here"), "{err}");
}

#[test]
fn a_claim_missing_a_word_says_which() {
    let s = site("");
    s.write(
        "content/articles/a.yaml",
        &format!(
            "{}claims:\n  - quote: The plant made 190,000 units annually\n    status: reported\n",
            common::ARTICLE
        ),
    );
    let run = s.build_fails(1);
    assert!(
        run.stderr
            .contains("the closest passage of the seed differs: the quote is missing `roughly`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("not in the quote"), "{}", run.stderr);
}

#[test]
fn a_quote_with_no_close_passage_says_so() {
    let s = site("    article: a\n    quote: Nobody ever said anything like this\n");
    let run = s.build_fails(1);
    assert!(
        run.stderr.contains("fact quote not found in seeds/a.txt"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "note: no passage of the seed comes close: most of the quote's words are not in it"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fact_without_its_article_is_told_which_article_has_the_quote() {
    let s = site("    quote: roughly 190,000 units annually\n");
    s.write("seeds/b.txt", "Something else entirely.\n");
    s.write(
        "content/articles/b.yaml",
        "seed: b.txt\ntitle: Other\ndate: 2022-06-19\n",
    );
    let run = s.build_fails(1);
    assert!(
        run.stderr
            .contains("error: a fact with a quote must name its `article`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: the quote is in article `a` (seeds/a.txt:3:16); add `article: a`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fact_without_an_article_whose_quote_is_nowhere_keeps_the_general_help() {
    let s = site("    quote: not in any seed\n");
    let run = s.build_fails(1);
    assert!(
        run.stderr
            .contains("help: add `article: <slug>` to the fact"),
        "{}",
        run.stderr
    );
}

#[test]
fn in_a_markdown_seed_the_closest_passage_points_at_its_line_and_column() {
    let s = site("");
    s.remove("seeds/a.txt");
    s.write(
        "seeds/a.md",
        "# Title\n\nIntro.\n\n> The plant made roughly\n>   190,000 units annually before the war.\n",
    );
    s.write(
        "content/articles/a.yaml",
        &format!(
            "{}claims:\n  - quote: made roughly 190,000 cars annually\n    status: reported\n",
            common::ARTICLE.replace("a.txt", "a.md")
        ),
    );
    let run = s.build_fails(1);
    assert!(
        run.stderr
            .contains("the closest passage of the seed differs: the seed has `units` where the quote has `cars`\n --> seeds/a.md:6:13"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("5 | > The plant made roughly"),
        "{}",
        run.stderr
    );
}
