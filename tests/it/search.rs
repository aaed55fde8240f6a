//! The search index a build writes under `search/data/`
//! (docs/search-index.md), read back here as the theme's reader reads it:
//! every published article with its whole text, entities with every
//! alias, sources with theirs, tags, metrics and free pages; inflected forms
//! found by their stem; drafts only with `--drafts`; nothing written when
//! the build fails; the same bytes on every build.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::Fixture;
use serde_json::Value;

/// A built index, read from the output tree.
struct Index {
    files: BTreeMap<String, Vec<u8>>,
    meta: Value,
}

/// A document as a result list shows it.
#[derive(Debug, Clone, PartialEq)]
struct Doc {
    url: String,
    kind: String,
    title: String,
    summary: String,
}

impl Index {
    fn of(site: &Fixture) -> Index {
        let files: BTreeMap<String, Vec<u8>> = site
            .output_tree()
            .into_iter()
            .filter_map(|(path, bytes)| {
                path.strip_prefix("search/data/")
                    .map(|p| (p.to_string(), bytes))
            })
            .collect();
        let meta = json(&files["index.json"]);
        assert_eq!(meta["version"], 1, "{meta}");
        Index { files, meta }
    }

    fn docs(&self) -> Vec<Doc> {
        let per_chunk = self.meta["documents_per_chunk"]
            .as_u64()
            .expect("chunk size") as usize;
        let count = self.meta["documents"].as_u64().expect("count") as usize;
        (0..count).map(|n| self.doc(n, per_chunk)).collect()
    }

    fn doc(&self, n: usize, per_chunk: usize) -> Doc {
        let rows = json(&self.files[&format!("docs/{}.json", n / per_chunk)]);
        let row = &rows[n % per_chunk];
        let field = |i: usize| row[i].as_str().expect("a string").to_string();
        Doc {
            url: field(0),
            kind: field(1),
            title: field(2),
            summary: field(3),
        }
    }

    fn by_url(&self) -> BTreeMap<String, Doc> {
        self.docs()
            .into_iter()
            .map(|d| (d.url.clone(), d))
            .collect()
    }

    /// The URLs of the documents holding a word (given folded), best first,
    /// found as search.js finds them: the form's stem, or a stem the word
    /// starts with before an ending of up to three letters.
    fn find(&self, word: &str) -> Vec<String> {
        let key: String = {
            let chars: Vec<char> = word.chars().collect();
            let two: String = chars.iter().take(2).collect();
            let split = self.meta["split"].as_array().expect("split");
            if split.iter().any(|k| k == &Value::String(two.clone())) && chars.len() >= 3 {
                chars.iter().take(3).collect()
            } else {
                two
            }
        };
        let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
        let Some(bytes) = self.files.get(&format!("dict/{hex}.json")) else {
            return Vec::new();
        };
        let shard = json(bytes);
        let stems = shard["s"].as_array().expect("stems");
        let mut chosen: Vec<usize> = shard["f"]
            .as_array()
            .expect("forms")
            .iter()
            .filter(|f| f[0] == word)
            .map(|f| f[1].as_u64().expect("stem") as usize)
            .collect();
        if chosen.is_empty() {
            chosen = (0..stems.len())
                .filter(|&n| {
                    let name = stems[n][5].as_str().expect("stem name");
                    let len = name.chars().count();
                    len >= 3 && word.starts_with(name) && word.chars().count() - len <= 3
                })
                .collect();
        }
        let mut scored: BTreeMap<usize, u8> = BTreeMap::new();
        for n in chosen {
            let s = &stems[n];
            let num = |i: usize| s[i].as_u64().expect("number") as usize;
            let file = &self.files[&format!("postings/{}.bin", num(0))];
            let bytes = &file[num(1)..num(1) + num(2) + num(3)];
            for (doc, impact) in postings(bytes) {
                let best = scored.entry(doc).or_default();
                *best = (*best).max(impact);
            }
        }
        let mut ranked: Vec<(usize, u8)> = scored.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let per_chunk = self.meta["documents_per_chunk"].as_u64().expect("chunk") as usize;
        ranked
            .into_iter()
            .map(|(doc, _)| self.doc(doc, per_chunk).url)
            .collect()
    }
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("JSON")
}

/// A stem's postings: its top part, then the rest.
fn postings(bytes: &[u8]) -> Vec<(usize, u8)> {
    let mut at = 0;
    let varint = |at: &mut usize| {
        let mut value = 0usize;
        let mut shift = 0;
        loop {
            let b = bytes[*at];
            *at += 1;
            value |= usize::from(b & 0x7f) << shift;
            if b < 0x80 {
                return value;
            }
            shift += 7;
        }
    };
    let mut found = Vec::new();
    let top = varint(&mut at);
    for _ in 0..top {
        let doc = varint(&mut at);
        found.push((doc, bytes[at]));
        at += 1;
    }
    if at < bytes.len() {
        let rest = varint(&mut at);
        let mut doc = 0;
        for _ in 0..rest {
            doc += varint(&mut at);
            found.push((doc, bytes[at]));
            at += 1;
        }
    }
    found
}

#[test]
fn articles_entities_sources_tags_and_metrics_are_indexed() {
    let site = Fixture::new();
    site.append(
        "content/entities/kamaz.yaml",
        "facts:\n  - metric: output\n    label: Truck output\n    value: 40000\n    unit: trucks\n    period: \"2021\"\n    status: reported\n    source: tass\n",
    );
    site.write(
        "content/pages/about.md",
        "---\ntitle: About us\n---\nWe follow the zinc market.\n",
    );
    site.build_ok();
    let tree = site.output_tree();
    for file in ["search.js", "search/index.html", "search/data/index.json"] {
        assert!(tree.contains_key(file), "{file} missing");
    }
    assert!(
        !tree.keys().any(|p| p.starts_with("pagefind/")),
        "{:?}",
        tree.keys()
    );
    let index = Index::of(&site);
    let docs = index.by_url();
    assert_eq!(
        docs.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "about/index.html",
            "articles/a/index.html",
            "entities/kamaz/index.html",
            "facts/output/index.html",
            "sources/index.html#source-minpromtorg",
            "sources/index.html#source-tass",
            "tags/kamaz/index.html",
        ]
    );
    let kinds: BTreeSet<&str> = docs.values().map(|d| d.kind.as_str()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["article", "entity", "metric", "page", "source", "tag"])
    );
    let kamaz = &docs["entities/kamaz/index.html"];
    assert_eq!(
        (kamaz.kind.as_str(), kamaz.title.as_str()),
        ("entity", "KAMAZ")
    );
    // The summary is shown as text, not as Markdown.
    assert_eq!(kamaz.summary, "A Russian truck maker.");
    assert_eq!(index.find("камаз")[0], "entities/kamaz/index.html");
    assert!(
        index
            .find("agreed")
            .contains(&"articles/a/index.html".to_string())
    );
    assert!(
        index.find("citation").is_empty(),
        "citation markers are not text"
    );
    assert_eq!(
        index.find("minpromtorg")[0],
        "sources/index.html#source-minpromtorg"
    );
    assert_eq!(index.find("zinc"), ["about/index.html"]);
    assert!(
        index
            .find("truck")
            .contains(&"facts/output/index.html".to_string())
    );
}

#[test]
fn the_whole_text_is_searchable_and_a_title_ranks_first() {
    let site = Fixture::new();
    let filler = "More words follow here about freight. ".repeat(400);
    site.write(
        "seeds/long.txt",
        &format!("The plant restarted its line.\n{filler}\nNobody looks for this closing remark about Vyborg.\n"),
    );
    site.write(
        "content/articles/long.yaml",
        "seed: long.txt\ntitle: A long report\ndate: 2022-07-02\nsummary: What the long report says.\n",
    );
    site.write("seeds/short.txt", "A line about the report.\n");
    site.write(
        "content/articles/vyborg.yaml",
        "seed: short.txt\ntitle: Vyborg works\ndate: 2022-07-03\n",
    );
    site.build_ok();
    let index = Index::of(&site);
    assert_eq!(
        index.find("vyborg"),
        ["articles/vyborg/index.html", "articles/long/index.html"],
        "a title match ranks above a body match"
    );
    // Inflected forms share a stem: `remarks` was never written.
    assert!(
        index
            .find("remarks")
            .contains(&"articles/long/index.html".to_string())
    );
}

#[test]
fn russian_forms_are_found_by_their_stem_and_yo_is_ye() {
    let site = Fixture::new();
    site.write(
        "seeds/ru.txt",
        "Завод КАМАЗа выпустил грузовики. Партнёр доволен. [Citation: TASS]\n",
    );
    site.write(
        "content/articles/ru.yaml",
        "seed: ru.txt\ntitle: Выпуск\ndate: 2022-07-02\n",
    );
    site.build_ok();
    let index = Index::of(&site);
    let ru = "articles/ru/index.html".to_string();
    for word in ["камазу", "камазом", "грузовиков", "партнер"] {
        assert!(
            index.find(word).contains(&ru),
            "{word}: {:?}",
            index.find(word)
        );
    }
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
    let docs = Index::of(&site).by_url();
    let hostile = &docs["entities/hostile/index.html"];
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
    assert!(
        !Index::of(&site)
            .by_url()
            .contains_key("articles/d/index.html")
    );
    let root = site.root().to_str().expect("utf-8 path");
    let run = site.run(&["build", "--root", root, "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        Index::of(&site)
            .by_url()
            .contains_key("articles/d/index.html")
    );
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
        .filter(|(path, _)| path.starts_with("search/data/"))
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
            .any(|p| p.starts_with("search/data/")),
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
        written.iter().all(|p| p.starts_with("search/data/")),
        "{written:?}"
    );
    assert!(
        Index::of(&site)
            .find("market")
            .contains(&"articles/a/index.html".to_string())
    );

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
    let index = Index::of(&site);
    assert!(
        index
            .find("second")
            .contains(&"articles/a/index.html".to_string())
    );
    assert!(index.find("first").is_empty());
}

#[test]
fn search_false_leaves_out_the_box_the_page_and_the_index() {
    let site = Fixture::new();
    site.build_ok();
    assert!(site.path("public/search/data/index.json").exists());
    site.append("content/site.yaml", "search: false\n");
    site.build_ok();
    let tree = site.output_tree();
    assert!(
        !tree
            .keys()
            .any(|path| path.starts_with("search/data/") || path.starts_with("search/")),
        "{:?}",
        tree.keys()
            .filter(|p| p.starts_with("search/data/") || p.starts_with("search/"))
            .collect::<Vec<_>>()
    );
    let front = site.read("index.html");
    assert!(!front.contains("site-search"), "{front}");
    assert!(!front.contains("search.js"), "{front}");
}
