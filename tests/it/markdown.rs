//! Markdown is shown as written (issue 11, section 4): in `.md` seeds, free
//! pages and entity summaries, inline markup keeps the space before it;
//! only the space before a citation marker goes. A free page and an article
//! page have one `<h1>` each.

use crate::common;

use common::Fixture;

/// Links, emphasis, strong, code and both kinds of hard line break.
const MARKDOWN: &str = "See [the plan](https://example.org/plan) and *this*, \
at the **Moskvich\nplant**, with `code` and _more_.  \nA hard break\\\nand another.";

/// What [`MARKDOWN`] must become, space for space.
const HTML: &str = "See <a href=\"https://example.org/plan\">the plan</a> and <em>this</em>, \
at the <strong>Moskvich\nplant</strong>, with <code>code</code> and <em>more</em>.<br />\nA hard break<br />\nand another.";

/// A site whose seed, free page and entity summary all hold [`MARKDOWN`].
fn site_with_markdown_everywhere() -> Fixture {
    let site = Fixture::new();
    site.remove("seeds/a.txt");
    site.write("seeds/a.md", &format!("{MARKDOWN}\n"));
    site.write(
        "content/articles/a.yaml",
        &common::ARTICLE.replace("a.txt", "a.md"),
    );
    site.write(
        "content/pages/about.md",
        &format!("---\ntitle: About\n---\n{MARKDOWN}\n"),
    );
    let summary: String = MARKDOWN.lines().map(|l| format!("  {l}\n")).collect();
    site.write(
        "content/entities/kamaz.yaml",
        &format!("name: KAMAZ\nkind: company\nsummary: |\n{summary}"),
    );
    site
}

#[test]
fn inline_markup_keeps_the_space_before_it_in_seeds_pages_and_summaries() {
    let site = site_with_markdown_everywhere();
    site.build_ok();
    for page in [
        "articles/a/index.html",
        "about/index.html",
        "entities/kamaz/index.html",
    ] {
        let html = site.read(page);
        assert!(html.contains(HTML), "{page}:\n{html}");
    }
}

#[test]
fn only_the_space_before_a_citation_marker_is_dropped() {
    let site = Fixture::new();
    site.remove("seeds/a.txt");
    site.write(
        "seeds/a.md",
        "It was said [Citation: TASS] *twice*, at the [Citation: TASS] **plant** and `here` [Citation: TASS]\n",
    );
    site.write(
        "content/articles/a.yaml",
        &common::ARTICLE.replace("a.txt", "a.md"),
    );
    site.build_ok();
    let html = site.read("articles/a/index.html");
    let sup = |letter: &str| {
        format!(
            "<sup class=\"noteref\"><a id=\"fnref-1{letter}\" href=\"#fn-1\" role=\"doc-noteref\">1</a></sup>"
        )
    };
    let expected = format!(
        "<p>It was said{} <em>twice</em>, at the{} <strong>plant</strong> and <code>here</code>{}</p>",
        sup("a"),
        sup("b"),
        sup("c")
    );
    assert!(html.contains(&expected), "{expected}\n{html}");
}

#[test]
fn a_page_opening_with_a_heading_shows_it_as_its_only_h1() {
    let site = Fixture::new();
    site.write(
        "content/pages/about.md",
        "---\ntitle: About this briefing\n---\n# About *this* briefing\n\nIntro.\n\n# Later part\n\n## Detail\n",
    );
    site.write(
        "content/pages/plain.md",
        "---\ntitle: Plain & simple\n---\nNo heading here.\n",
    );
    site.build_ok();
    let about = site.read("about/index.html");
    assert_eq!(about.matches("<h1").count(), 1, "{about}");
    assert!(
        about.contains(
            "<h1 id=\"page-title\" class=\"page-title\">About <em>this</em> briefing</h1>"
        ),
        "{about}"
    );
    assert!(about.contains("<h2>Later part</h2>"), "{about}");
    assert!(about.contains("<h2>Detail</h2>"), "{about}");
    assert!(
        about.contains("<title>About this briefing"),
        "the front matter title stays the page's <title>:\n{about}"
    );
    let plain = site.read("plain/index.html");
    assert_eq!(plain.matches("<h1").count(), 1, "{plain}");
    assert!(
        plain.contains("<h1 id=\"page-title\" class=\"page-title\">Plain &amp; simple</h1>"),
        "{plain}"
    );
}

#[test]
fn an_article_seed_opening_with_a_heading_keeps_one_h1() {
    let site = Fixture::new();
    site.write(
        "seeds/a.md",
        "# KAMAZ helps, says *TASS*\n\nKAMAZ said it would help. [Citation: TASS]\n\n# Later\n\nMore.\n",
    );
    site.write(
        "content/articles/a.yaml",
        "seed: a.md\ntitle: KAMAZ helps\ndate: 2022-06-18\nsummary: KAMAZ will help.\n",
    );
    site.build_ok();
    let page = site.read("articles/a/index.html");
    assert_eq!(page.matches("<h1").count(), 1, "{page}");
    assert!(
        page.contains("</a> helps, says <em>TASS</em></h2>"),
        "{page}"
    );
    assert!(page.contains("<h2>Later</h2>"), "{page}");
}

/// Relative links in Markdown seeds (docs/content-format.md §3.2): a link
/// to another seed (`other.md`, `./other.md`, with or without `#part`) goes
/// to the page of the article that publishes it, whatever its slug; any
/// other relative link is relative to the article's page, as written; a
/// link to a seed no article publishes stays as written; free pages are
/// not seeds, so their links are all as written.
#[test]
fn links_between_seeds_go_to_the_articles_that_publish_them() {
    let site = Fixture::new();
    site.write(
        "seeds/b.md",
        "See [the other](other.md#part), [again](./other.md), [plain](a.txt), \
         [unpublished](gone.md), [a file](data/x.csv), [up](../sources/index.html) \
         and [forged](briefing-seed:other.md).\n",
    );
    site.write("seeds/other.md", "Other text.\n");
    site.write("seeds/gone.md", "Not published.\n");
    site.write(
        "content/articles/b.yaml",
        "seed: b.md\ntitle: B\ndate: 2022-01-01\n",
    );
    site.write(
        "content/articles/renamed.yaml",
        "seed: other.md\ntitle: Other\ndate: 2022-01-02\n",
    );
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\nSee [the other](other.md).\n",
    );
    site.build_ok();
    let page = site.read("articles/b/index.html");
    let expected = "See <a href=\"../../articles/renamed/index.html#part\">the other</a>, \
        <a href=\"../../articles/renamed/index.html\">again</a>, \
        <a href=\"../../articles/a/index.html\">plain</a>, \
        <a href=\"gone.md\">unpublished</a>, <a href=\"data/x.csv\">a file</a>, \
        <a href=\"../sources/index.html\">up</a> and <a href=\"#\">forged</a>.";
    assert!(page.contains(expected), "{page}");
    // The seed links resolve from disk.
    for link in [
        "../../articles/renamed/index.html",
        "../../articles/a/index.html",
    ] {
        assert!(
            site.path("public/articles/b").join(link).is_file(),
            "{link}"
        );
    }
    let about = site.read("about/index.html");
    assert!(
        about.contains("<a href=\"other.md\">the other</a>"),
        "{about}"
    );
    assert!(!about.contains("briefing-seed"), "{about}");
}
