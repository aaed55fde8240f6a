//! Page metadata: canonical links, OpenGraph and Twitter tags, schema.org
//! JSON-LD (safe inside `<script>`), and the site icons.

use crate::common;

use common::Fixture;
use serde_json::Value;

const WITH_BASE: &str = "title: Test Briefing\ndescription: A test.\nlanguage: en\nbase_url: https://example.org/briefing/\n";

fn site_with_base() -> Fixture {
    let site = Fixture::new();
    site.write("content/site.yaml", WITH_BASE);
    site.write(
        "content/entities/sergey-kogogin.yaml",
        "name: Sergey Kogogin\nkind: person\nrole: Chief executive of KAMAZ\n",
    );
    site.write(
        "content/entities/moskvich-plant.yaml",
        "name: Moskvich plant\nkind: plant\n",
    );
    site
}

/// The JSON-LD blocks of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    html.match_indices(OPEN)
        .map(|(i, _)| {
            let rest = &html[i + OPEN.len()..];
            let end = rest.find("</script>").expect("script closed");
            serde_json::from_str(&rest[..end]).expect("JSON-LD is JSON")
        })
        .collect()
}

#[test]
fn a_title_cannot_break_out_of_the_json_ld_script() {
    let site = site_with_base();
    let title = "Trucks </script><script>alert(1)</script> <!-- & -->";
    site.write(
        "content/articles/a.yaml",
        &format!(
            "seed: a.txt\ntitle: '{title}'\ndate: 2022-06-18\nsummary: 'A </SCRIPT > summary'\n"
        ),
    );
    site.build_ok();
    let html = site.read("articles/a/index.html");
    // The JSON-LD block and the theme's search script, nothing else.
    assert!(html.contains("<script src=\"../../search.js\" defer></script>"));
    assert_eq!(html.matches("<script").count(), 2, "{html}");
    assert_eq!(html.to_lowercase().matches("</script").count(), 2);
    assert!(!html.contains("<!-- &"), "{html}");
    let blocks = json_ld(&html);
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0]["headline"], title);
    assert_eq!(blocks[0]["description"], "A </SCRIPT > summary");
}

#[test]
fn articles_are_news_articles_with_their_sources_and_entities() {
    let site = site_with_base();
    site.build_ok();
    let html = site.read("articles/a/index.html");
    let url = "https://example.org/briefing/articles/a/";
    for tag in [
        format!("<link rel=\"canonical\" href=\"{url}\">"),
        format!("<meta property=\"og:url\" content=\"{url}\">"),
        "<meta property=\"og:type\" content=\"article\">".into(),
        "<meta property=\"og:title\" content=\"KAMAZ helps\">".into(),
        "<meta property=\"og:description\" content=\"KAMAZ will help.\">".into(),
        "<meta property=\"og:site_name\" content=\"Test Briefing\">".into(),
        "<meta property=\"article:published_time\" content=\"2022-06-18\">".into(),
        "<meta name=\"twitter:card\" content=\"summary\">".into(),
        "<meta name=\"twitter:title\" content=\"KAMAZ helps\">".into(),
        "<meta name=\"twitter:description\" content=\"KAMAZ will help.\">".into(),
    ] {
        assert!(html.contains(&tag), "missing {tag}");
    }
    let ld = &json_ld(&html)[0];
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "KAMAZ helps");
    assert_eq!(ld["datePublished"], "2022-06-18");
    assert_eq!(ld["url"], url);
    let cited: Vec<&str> = ld["citation"]
        .as_array()
        .expect("citations")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(cited, ["TASS", "Ministry of Industry and Trade"]);
    assert_eq!(ld["citation"][0]["@type"], "CreativeWork");
    assert_eq!(ld["citation"][0]["url"], "https://tass.com/");
    assert_eq!(
        ld["mentions"][0],
        serde_json::json!({
            "@type": "Organization",
            "name": "KAMAZ",
            "url": "https://example.org/briefing/entities/kamaz/"
        })
    );
}

#[test]
fn entity_pages_are_typed_by_kind_and_the_facts_page_is_a_dataset() {
    let site = site_with_base();
    site.build_ok();
    let type_of = |path: &str| json_ld(&site.read(path))[0]["@type"].clone();
    assert_eq!(type_of("entities/kamaz/index.html"), "Organization");
    assert_eq!(type_of("entities/sergey-kogogin/index.html"), "Person");
    assert_eq!(type_of("entities/moskvich-plant/index.html"), "Place");
    assert_eq!(type_of("facts/index.html"), "Dataset");
    assert_eq!(type_of("index.html"), "WebSite");
    let person = &json_ld(&site.read("entities/sergey-kogogin/index.html"))[0];
    assert_eq!(person["description"], "Chief executive of KAMAZ");
    let entities = site.read("entities/index.html");
    assert!(json_ld(&entities).is_empty());
    assert!(entities.contains("<meta property=\"og:type\" content=\"website\">"));
    assert!(entities.contains("<meta property=\"og:title\" content=\"Entities\">"));
}

#[test]
fn without_a_base_url_there_are_no_absolute_urls() {
    let site = Fixture::new();
    site.build_ok();
    let html = site.read("articles/a/index.html");
    assert!(!html.contains("rel=\"canonical\""));
    assert!(!html.contains("og:url"));
    let ld = &json_ld(&html)[0];
    assert!(ld.get("url").is_none());
    assert!(ld["mentions"][0].get("url").is_none());
    assert!(html.contains("<meta property=\"og:title\" content=\"KAMAZ helps\">"));
}

#[test]
fn site_icons_are_linked_relatively_and_can_be_replaced() {
    let site = Fixture::new();
    site.build_ok();
    let html = site.read("articles/a/index.html");
    assert!(html.contains("<link rel=\"icon\" href=\"../../favicon.svg\" type=\"image/svg+xml\">"));
    assert!(html.contains("<link rel=\"icon\" href=\"../../favicon.ico\" sizes=\"32x32\">"));
    assert!(site.read("favicon.svg").starts_with("<svg"));
    let ico = std::fs::read(site.path("public/favicon.ico")).expect("favicon.ico");
    assert_eq!(&ico[..4], &[0, 0, 1, 0], "an ICO header");

    site.write(
        "templates/static/favicon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build_ok();
    assert_eq!(
        site.read("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
}
