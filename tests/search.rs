//! The search index a build writes under `pagefind/`: one record per
//! article, entity (with every alias) and source, drafts only with
//! `--drafts`, nothing written when the build fails, and the same bytes on
//! every build.

mod common;

use std::collections::BTreeMap;
use std::io::Read;

use common::Fixture;

/// A record as Pagefind stores it (a fragment file: gzip of a marker and JSON).
#[derive(Debug)]
struct Record {
    url: String,
    kind: String,
    title: String,
    content: String,
}

fn records(site: &Fixture) -> Vec<Record> {
    let mut found = Vec::new();
    for (path, bytes) in site.output_tree() {
        if !(path.starts_with("pagefind/fragment/") && path.ends_with(".pf_fragment")) {
            continue;
        }
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .expect("a gzip fragment");
        let json = text.strip_prefix("pagefind_dcd").expect("fragment marker");
        let value: serde_json::Value = serde_json::from_str(json).expect("fragment JSON");
        let field = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
        found.push(Record {
            url: field(&value["url"]),
            kind: field(&value["meta"]["type"]),
            title: field(&value["meta"]["title"]),
            content: field(&value["content"]),
        });
    }
    found.sort_by(|a, b| a.url.cmp(&b.url));
    found
}

fn by_url(records: &[Record]) -> BTreeMap<&str, &Record> {
    records.iter().map(|r| (r.url.as_str(), r)).collect()
}

#[test]
fn articles_entities_with_every_alias_and_sources_are_indexed() {
    let site = Fixture::new();
    site.build_ok();
    let tree = site.output_tree();
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.en.pagefind",
        "search.js",
        "search/index.html",
    ] {
        assert!(tree.contains_key(file), "{file} missing");
    }
    // Pagefind's own interfaces are not shipped: search.js is the interface.
    assert!(
        !tree.keys().any(|p| p.contains("pagefind-ui")),
        "{:?}",
        tree.keys()
    );

    let records = records(&site);
    let urls = by_url(&records);
    assert_eq!(
        urls.keys().copied().collect::<Vec<_>>(),
        [
            "articles/a/index.html",
            "entities/kamaz/index.html",
            "sources/index.html#source-minpromtorg",
            "sources/index.html#source-tass",
        ]
    );
    let kamaz = urls["entities/kamaz/index.html"];
    assert_eq!(
        (kamaz.kind.as_str(), kamaz.title.as_str()),
        ("entity", "KAMAZ")
    );
    assert!(kamaz.content.contains("КАМАЗ"), "{kamaz:?}");
    let article = urls["articles/a/index.html"];
    assert_eq!(article.kind, "article");
    assert_eq!(article.title, "KAMAZ helps");
    assert!(
        article.content.contains("The ministry agreed."),
        "{article:?}"
    );
    assert!(!article.content.contains("Citation"), "{article:?}");
    let tass = urls["sources/index.html#source-tass"];
    assert_eq!(
        (tass.kind.as_str(), tass.title.as_str()),
        ("source", "TASS")
    );
}

/// Whether any tag has an `on…=` attribute.
fn has_event_handler(html: &str) -> bool {
    html.split('<').skip(1).any(|tag| {
        let tag = tag.split('>').next().unwrap_or("");
        tag.split_whitespace().skip(1).any(|attribute| {
            let name = attribute.split('=').next().unwrap_or("");
            attribute.contains('=') && name.len() > 2 && name.starts_with("on")
        })
    })
}

#[test]
fn every_page_has_the_search_box_and_its_script() {
    let site = Fixture::new();
    site.build_ok();
    for page in [
        "index.html",
        "articles/a/index.html",
        "entities/kamaz/index.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains("<form class=\"site-search\" role=\"search\""),
            "{page}"
        );
        assert!(html.contains("search.js\" defer></script>"), "{page}");
        // No inline script or event handler: a strict CSP can be used.
        assert!(!has_event_handler(&html), "{page} has an inline handler");
        assert!(!html.contains("<script>"), "{page} has an inline script");
    }
    let search_page = site.read("search/index.html");
    assert!(search_page.contains("data-search-page"), "{search_page}");
    assert!(
        search_page.contains("href=\"../entities/index.html\""),
        "{search_page}"
    );
}

#[test]
fn text_that_looks_like_markup_is_indexed_as_text() {
    let site = Fixture::new();
    site.write(
        "content/entities/hostile.yaml",
        "name: Evil <img src=x onerror=alert(1)> Corp\nkind: company\n",
    );
    site.build_ok();
    let records = records(&site);
    let hostile = by_url(&records)["entities/hostile/index.html"];
    assert_eq!(hostile.title, "Evil <img src=x onerror=alert(1)> Corp");
}

#[test]
fn drafts_are_indexed_only_with_drafts() {
    let site = Fixture::new();
    site.write("seeds/d.txt", "A secret plan.\n");
    site.write(
        "content/articles/d.yaml",
        "seed: d.txt\ntitle: Secret plan\ndate: 2022-07-01\ndraft: true\n",
    );
    site.build_ok();
    assert!(!by_url(&records(&site)).contains_key("articles/d/index.html"));
    let root = site.root().to_str().expect("utf-8 path");
    let run = site.run(&["build", "--root", root, "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(by_url(&records(&site)).contains_key("articles/d/index.html"));
}

#[test]
fn a_failed_build_leaves_the_index_as_it_was() {
    let site = Fixture::new();
    site.build_ok();
    site.write("content/entities/broken.yaml", "name: [unclosed\n");
    site.build_fails(1);
    // A first build that fails writes no index either.
    let fresh = Fixture::new();
    fresh.write("content/entities/broken.yaml", "name: [unclosed\n");
    fresh.build_fails(1);
    assert!(!fresh.path("public").exists());
}

#[test]
fn two_builds_write_the_same_index() {
    let site = Fixture::new();
    site.build_ok();
    let first = site.output_tree();
    std::fs::remove_dir_all(site.path("public")).expect("remove output");
    site.build_ok();
    assert_eq!(first, site.output_tree());
}

#[test]
fn a_page_may_not_take_the_search_folders() {
    let site = Fixture::new();
    site.write(
        "content/pages/search.md",
        "---\ntitle: Search\n---\nMine.\n",
    );
    let run = site.build_fails(1);
    assert!(
        run.stderr
            .contains("the page slug `search` is taken by the site's own pages"),
        "{}",
        run.stderr
    );
}

#[test]
fn watch_writes_the_page_first_and_the_index_after() {
    use briefing::build::{Session, run};
    let site = Fixture::new();
    let mut session = Session::new(site.root(), &site.path("public"));
    assert!(session.rebuild(&[]).result.is_ok());
    assert!(
        session.search_job().is_none(),
        "a full build writes its index"
    );
    let index_before: BTreeMap<String, Vec<u8>> = site
        .output_tree()
        .into_iter()
        .filter(|(path, _)| path.starts_with("pagefind/"))
        .collect();

    site.write(
        "seeds/a.txt",
        "KAMAZ found a new market. [Citation: TASS]\n",
    );
    let rebuild = session.rebuild(&[site.path("seeds/a.txt")]);
    let (written, removed) = rebuild.result.expect("rebuild");
    assert!(
        written.contains(&"articles/a/index.html".to_string()),
        "{written:?}"
    );
    assert!(
        !written
            .iter()
            .chain(&removed)
            .any(|p| p.starts_with("pagefind/")),
        "{written:?} {removed:?}"
    );
    // Until the new index is written, the old one is whole.
    let tree = site.output_tree();
    for (path, bytes) in &index_before {
        assert_eq!(tree.get(path), Some(bytes), "{path}");
    }

    let job = session.search_job().expect("the index is out of date");
    let (written, _) = session
        .apply_search(job.run())
        .expect("index written")
        .expect("still wanted");
    assert!(
        written.iter().all(|p| p.starts_with("pagefind/")),
        "{written:?}"
    );
    let article = by_url(&records(&site))["articles/a/index.html"]
        .content
        .clone();
    assert!(article.contains("new market"), "{article}");

    let clean = site.path("clean");
    assert!(run(site.root(), Some(&clean)).result.is_ok());
    assert_eq!(site.output_tree(), common::tree(&clean));
}

#[test]
fn an_index_overtaken_by_a_later_edit_is_not_written() {
    use briefing::build::Session;
    let site = Fixture::new();
    let mut session = Session::new(site.root(), &site.path("public"));
    assert!(session.rebuild(&[]).result.is_ok());
    site.write("seeds/a.txt", "First edit. [Citation: TASS]\n");
    assert!(session.rebuild(&[site.path("seeds/a.txt")]).result.is_ok());
    let stale = session.search_job().expect("job").run();
    site.write("seeds/a.txt", "Second edit. [Citation: TASS]\n");
    assert!(session.rebuild(&[site.path("seeds/a.txt")]).result.is_ok());
    assert!(session.apply_search(stale).expect("no error").is_none());
    assert!(session.finish_search().expect("written").is_some());
    let article = by_url(&records(&site))["articles/a/index.html"]
        .content
        .clone();
    assert!(article.contains("Second edit"), "{article}");
}

#[test]
fn search_false_leaves_out_the_box_the_page_and_the_index() {
    let site = Fixture::new();
    site.build_ok();
    assert!(site.path("public/pagefind/pagefind.js").exists());
    site.append("content/site.yaml", "search: false\n");
    site.build_ok();
    let tree = site.output_tree();
    assert!(
        !tree
            .keys()
            .any(|path| path.starts_with("pagefind/") || path.starts_with("search/")),
        "{:?}",
        tree.keys()
            .filter(|p| p.starts_with("pagefind/") || p.starts_with("search/"))
            .collect::<Vec<_>>()
    );
    let front = site.read("index.html");
    assert!(!front.contains("site-search"), "{front}");
    assert!(!front.contains("search.js"), "{front}");
}

#[test]
fn an_article_is_indexed_by_its_title_summary_and_opening() {
    let site = Fixture::new();
    let opening = "The plant restarted its line. ".repeat(10);
    let tail = "Nobody looks for this closing remark.";
    let filler = "More words follow here. ".repeat(60);
    site.write("seeds/long.txt", &format!("{opening}\n{filler}\n{tail}\n"));
    site.write(
        "content/articles/long.yaml",
        "seed: long.txt\ntitle: A long report\ndate: 2022-07-02\nsummary: What the long report says.\n",
    );
    site.build_ok();
    let records = records(&site);
    let long = by_url(&records)["articles/long/index.html"];
    assert!(
        long.content
            .starts_with("A long report. What the long report says."),
        "{}",
        long.content
    );
    assert!(
        long.content.contains("The plant restarted its line."),
        "{}",
        long.content
    );
    assert!(!long.content.contains("closing remark"), "{}", long.content);
    assert!(long.content.len() <= briefing::search::ARTICLE_TEXT_LIMIT);
}
