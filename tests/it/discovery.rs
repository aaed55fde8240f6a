//! How readers find things: tag pages, the timeline, pagination, the
//! per-entity and per-tag feeds, the sitemap and robots.txt.

use crate::common;

use common::{Fixture, links, tree};

/// Four articles with tags (one Cyrillic, two spellings of one tag), KAMAZ
/// mentioned in two of them, and two KAMAZ facts (one with a year only).
fn site() -> Fixture {
    let site = Fixture::new();
    site.write(
        "content/entities/kamaz.yaml",
        &format!(
            "{}facts:\n  - metric: output\n    label: Trucks made\n    value: 38000\n    unit: trucks\n    period: 2022-05\n    status: reported\n  \
             - metric: output\n    label: Trucks made\n    value: 35000\n    unit: trucks\n    period: 2021\n    status: estimate\n",
            common::KAMAZ
        ),
    );
    site.write("seeds/b.txt", "Trucks of every kind.\n");
    site.write(
        "content/articles/b.yaml",
        "seed: b.txt\ntitle: Truck market\ndate: 2022-05-01\ntags: [Грузовики, Electric Trucks]\n",
    );
    site.write("seeds/c.txt", "KAMAZ showed an electric truck.\n");
    site.write(
        "content/articles/c.yaml",
        "seed: c.txt\ntitle: R&D <electric>\ndate: 2022-05-20\ntags: [electric trucks, KAMAZ, Electric Trucks]\n",
    );
    site.write("seeds/d.txt", "An early look.\n");
    site.write(
        "content/articles/d.yaml",
        "seed: d.txt\ntitle: Early look\ndate: 2021-01-01\ntags: [Electric Trucks]\n",
    );
    site
}

fn with_settings(site: &Fixture, extra: &str) {
    site.write("content/site.yaml", &format!("{}{extra}", common::SITE));
}

const BASE: &str = "base_url: https://example.org/sub\n";

/// The article titles of a listing page, in order.
fn titles(html: &str) -> Vec<String> {
    html.split("<h3 class=\"article-item-title\"><a href=\"")
        .skip(1)
        .filter_map(|rest| {
            let text = rest.split_once("\">")?.1;
            Some(text.split_once("</a>")?.0.to_string())
        })
        .collect()
}

#[test]
fn the_tag_index_lists_every_tag_with_its_article_count() {
    let site = site();
    site.build_ok();
    let index = site.read("tags/index.html");
    for (url, name, count) in [
        ("electric-trucks/index.html", "Electric Trucks", 3),
        ("gruzoviki/index.html", "Грузовики", 1),
        ("kamaz/index.html", "KAMAZ", 2),
    ] {
        let entry = format!(
            "<a href=\"../tags/{url}\">{name}</a> <span class=\"count\">{count}<span class=\"visually-hidden\">"
        );
        assert!(index.contains(&entry), "{entry}\n{index}");
    }
}

#[test]
fn a_tag_page_lists_its_articles_newest_first_and_tags_link_to_it() {
    let site = site();
    site.build_ok();
    let page = site.read("tags/electric-trucks/index.html");
    assert_eq!(
        titles(&page),
        ["R&amp;D &lt;electric&gt;", "Truck market", "Early look"]
    );
    assert!(page.contains("<h1 class=\"page-title\">Electric Trucks</h1>"));
    // The Cyrillic tag gets an ASCII path.
    let cyrillic = site.read("tags/gruzoviki/index.html");
    assert_eq!(titles(&cyrillic), ["Truck market"]);
    // Tags link to their pages on articles and in lists.
    let article = site.read("articles/b/index.html");
    assert!(
        article.contains(
            "<li><a href=\"../../tags/gruzoviki/index.html\" rel=\"tag\">Грузовики</a></li>"
        ),
        "{article}"
    );
    let archive = site.read("articles/index.html");
    assert!(
        archive.contains(
            "<a class=\"tag\" href=\"../tags/electric-trucks/index.html\">electric trucks</a>"
        ),
        "{archive}"
    );
    // Two spellings with one slug are one tag, not two pages.
    assert!(!site.path("public/tags/electric-trucks-2").exists());
    assert_eq!(titles(&site.read("tags/kamaz/index.html")).len(), 2);
}

#[test]
fn lists_paginate_past_page_size_with_prev_and_next_links() {
    let site = site();
    with_settings(&site, "page_size: 2\n");
    site.build_ok();
    let first = site.read("articles/index.html");
    assert_eq!(titles(&first), ["KAMAZ helps", "R&amp;D &lt;electric&gt;"]);
    assert!(first.contains("<link rel=\"next\" href=\"../articles/page/2/index.html\">"));
    assert!(!first.contains("rel=\"prev\""));
    assert!(first.contains("Page 1 of 2"));
    let last = site.read("articles/page/2/index.html");
    assert_eq!(titles(&last), ["Truck market", "Early look"]);
    assert!(last.contains("<link rel=\"prev\" href=\"../../../articles/index.html\">"));
    assert!(last.contains("rel=\"prev\">← Newer</a>"));
    assert!(!last.contains("rel=\"next\""));
    assert!(last.contains("Page 2 of 2"));
    assert!(!site.path("public/articles/page/3").exists());
    // Tag pages too.
    let tag_last = site.read("tags/electric-trucks/page/2/index.html");
    assert_eq!(titles(&tag_last), ["Early look"]);
    assert!(
        tag_last
            .contains("<link rel=\"prev\" href=\"../../../../tags/electric-trucks/index.html\">")
    );
    // page_size 0 is an error in site.yaml.
    with_settings(&site, "page_size: 0\n");
    let run = site.build_fails(1);
    assert!(
        run.stderr.contains("`page_size` must be at least 1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/site.yaml:4:"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_timeline_lists_articles_and_facts_by_month_and_per_entity() {
    let site = site();
    site.build_ok();
    let timeline = site.read("timeline/index.html");
    let order = [
        "June 2022",
        "KAMAZ helps",
        "May 2022",
        "R&amp;D &lt;electric&gt;",
        "Truck market",
        "Trucks made</a> 38,000",
        "January 2021",
        "Early look",
        ">2021<",
        "Trucks made</a> 35,000",
    ];
    let mut from = 0;
    for text in order {
        let at = timeline[from..]
            .find(text)
            .unwrap_or_else(|| panic!("{text} missing or out of order:\n{timeline}"));
        from += at + text.len();
    }
    // Filtering by entity: each entity has its own timeline page.
    assert!(timeline.contains("<a href=\"../timeline/kamaz/index.html\">KAMAZ</a>"));
    let kamaz = site.read("timeline/kamaz/index.html");
    for text in [
        "KAMAZ helps",
        "R&amp;D &lt;electric&gt;",
        "38,000",
        "35,000",
    ] {
        assert!(kamaz.contains(text), "{text}\n{kamaz}");
    }
    for text in ["Truck market", "Early look"] {
        assert!(!kamaz.contains(text), "{text} does not mention KAMAZ");
    }
    assert!(
        site.read("entities/kamaz/index.html")
            .contains("<a href=\"../../timeline/kamaz/index.html\">Timeline</a>")
    );
}

fn parse_feed(text: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(doc.root_element().tag_name().name(), "feed");
    doc
}

fn entry_titles(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|c| c.has_tag_name("title")))
        .map(|t| t.text().unwrap_or("").to_string())
        .collect()
}

#[test]
fn with_a_base_url_every_entity_and_tag_has_a_feed_linked_from_its_page() {
    let site = site();
    with_settings(&site, BASE);
    let run = site.build_ok();
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
    let entity = site.read("entities/kamaz/atom.xml");
    let doc = parse_feed(&entity);
    assert_eq!(entry_titles(&doc), ["KAMAZ helps", "R&D <electric>"]);
    assert!(entity.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/sub/entities/kamaz/atom.xml\"/>"
    ));
    assert!(entity.contains("<title>R&amp;D &lt;electric&gt;</title>"));
    let tag = site.read("tags/gruzoviki/atom.xml");
    assert_eq!(entry_titles(&parse_feed(&tag)), ["Truck market"]);
    assert!(tag.contains("<id>https://example.org/sub/tags/gruzoviki/</id>"));
    assert_eq!(entry_titles(&parse_feed(&site.read("atom.xml"))).len(), 4);
    assert!(site.read("entities/kamaz/index.html").contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"KAMAZ · Test Briefing\" href=\"../../entities/kamaz/atom.xml\">"
    ));
    assert!(site.read("tags/gruzoviki/index.html").contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Грузовики · Test Briefing\" href=\"../../tags/gruzoviki/atom.xml\">"
    ));
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sub/sitemap.xml\n"
    );
}

#[test]
fn without_a_base_url_feeds_are_skipped_with_one_note() {
    let site = site();
    let run = site.build_ok();
    let notes: Vec<&str> = run.stderr.lines().filter(|l| l.contains("note:")).collect();
    assert_eq!(
        notes,
        [
            "note: no base_url in content/site.yaml: atom.xml, sitemap.xml, robots.txt and 4 entity/tag feeds not written (they need absolute URLs); set base_url or pass --base-url"
        ],
        "{}",
        run.stderr
    );
    let files = site.output_tree();
    for path in files.keys() {
        assert!(
            !path.ends_with(".xml") && path != "robots.txt",
            "{path} written without base_url"
        );
    }
    assert!(!site.read("entities/kamaz/index.html").contains("atom.xml"));
}

#[test]
fn the_sitemap_lists_the_new_pages() {
    let site = site();
    with_settings(&site, &format!("{BASE}page_size: 2\n"));
    site.build_ok();
    let sitemap = site.read("sitemap.xml");
    roxmltree::Document::parse(&sitemap).expect("well-formed sitemap");
    for path in [
        "tags/",
        "tags/gruzoviki/",
        "tags/electric-trucks/page/2/",
        "timeline/",
        "timeline/kamaz/",
        "articles/page/2/",
    ] {
        let loc = format!("<loc>https://example.org/sub/{path}</loc>");
        assert!(sitemap.contains(&loc), "{loc}\n{sitemap}");
    }
    assert!(!sitemap.contains("atom.xml"));
}

#[test]
fn a_site_template_overrides_the_feed() {
    let site = site();
    with_settings(&site, BASE);
    site.write(
        "templates/atom.xml",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{{ feed.title }} (custom)</title>{% for e in entries %}<entry><title>{{ e.title }}</title></entry>{% endfor %}</feed>\n",
    );
    site.build_ok();
    let feed = site.read("entities/kamaz/atom.xml");
    assert!(
        feed.contains("<title>KAMAZ · Test Briefing (custom)</title>"),
        "{feed}"
    );
    // Auto-escaping applies to .xml templates too.
    assert!(
        feed.contains("<entry><title>R&amp;D &lt;electric&gt;</title></entry>"),
        "{feed}"
    );
    assert!(site.read("atom.xml").contains("(custom)"));
}

#[test]
fn every_internal_link_of_the_new_pages_resolves() {
    let site = site();
    with_settings(&site, &format!("{BASE}page_size: 2\n"));
    site.build_ok();
    let output = site.path("public");
    for (path, bytes) in tree(&output) {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8");
        let page_dir = output.join(&path).parent().expect("dir").to_path_buf();
        for link in links(&html) {
            if link.starts_with("http") || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            assert!(!link.starts_with('/'), "{path}: absolute link {link}");
            let target = link.split('#').next().unwrap_or("");
            assert!(
                page_dir.join(target).is_file(),
                "{path}: broken link {link}"
            );
        }
    }
}
