//! Scale correctness (issue 6): a generated corpus is built with the real
//! binary and every article page, entity page and backlink count is checked
//! against what the generator says it wrote.

#[path = "../../examples/gen_corpus.rs"]
mod gen_corpus;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use gen_corpus::{Expected, Options, generate};

fn build(site: &Path, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .arg("build")
        .arg("--root")
        .arg(site)
        .arg("--output")
        .arg(out)
        .output()
        .expect("run briefing");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "briefing build failed ({}):\n{stderr}",
        output.status
    );
    assert!(
        !stderr.contains("error") && !stderr.contains("warning"),
        "the generated corpus should build cleanly:\n{stderr}"
    );
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The part of `page` from `start` to the next `end` (empty if `start` is absent).
fn section<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    match page.find(start) {
        Some(at) => {
            let rest = &page[at..];
            &rest[..rest.find(end).unwrap_or(rest.len())]
        }
        None => "",
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Ids of the entities the article's body links (`<a class="mention" …>`).
fn linked_mentions(page: &str) -> BTreeSet<String> {
    const LINK: &str = "class=\"mention\" href=\"../../entities/";
    page.match_indices(LINK)
        .map(|(at, _)| {
            let rest = &page[at + LINK.len()..];
            let id = &rest[..rest.find('/').expect("entity link ends")];
            assert!(
                rest[id.len()..].starts_with("/index.html\""),
                "mention link of `{id}` is not ../../entities/{id}/index.html"
            );
            id.to_string()
        })
        .collect()
}

fn check_articles(expected: &Expected, out: &Path) {
    for a in &expected.articles {
        let page = read(&out.join("articles").join(&a.slug).join("index.html"));
        let wanted: BTreeSet<String> = a.entities.keys().cloned().collect();
        let linked = linked_mentions(&page);
        assert_eq!(
            linked, wanted,
            "{}: entities linked from the body differ from the mentions the generator placed",
            a.slug
        );
        for id in &wanted {
            let link = format!("href=\"../../entities/{id}/index.html\"");
            // Linked once in the body and again in "In this article".
            assert!(
                page.matches(&link).count() >= 2,
                "{}: {id} is not listed in the aside",
                a.slug
            );
        }
        assert_eq!(
            page.matches("role=\"doc-noteref\"").count(),
            a.citations,
            "{}: footnote references",
            a.slug
        );
        let notes = section(&page, "role=\"doc-endnotes\"", "</section>");
        assert_eq!(
            notes.matches("role=\"doc-backlink\"").count(),
            a.citations,
            "{}: footnote back-links",
            a.slug
        );
        assert_eq!(
            notes.matches("<li id=\"fn-").count(),
            a.sources,
            "{}: footnotes (one per cited source)",
            a.slug
        );
        assert_eq!(
            page.matches("<li class=\"claim status-").count(),
            a.claims,
            "{}: claims",
            a.slug
        );
    }
}

fn check_entities(expected: &Expected, out: &Path) {
    for e in &expected.entities {
        let page = read(&out.join("entities").join(&e.id).join("index.html"));
        let mentions = section(&page, "<section class=\"entity-mentions\"", "</section>");
        assert_eq!(
            mentions.matches("<h3 class=\"mention-title\">").count(),
            e.articles,
            "{}: articles in \"Mentioned in\"",
            e.id
        );
        let mut meta = plural(e.mentions, "mention");
        if e.articles > 0 {
            meta = format!("{meta} in {}", plural(e.articles, "article"));
        }
        assert!(
            page.contains(&format!("<p class=\"meta\">{meta}")),
            "{}: the header should say `{meta}`",
            e.id
        );
        let facts = section(&page, "<section class=\"entity-facts\"", "</section>");
        assert_eq!(
            facts.matches("<tr id=\"").count(),
            e.facts,
            "{}: rows in the facts table",
            e.id
        );
    }
}

fn count_dirs(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .count()
}

#[test]
fn a_generated_corpus_builds_to_exactly_what_the_generator_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = tmp.path().join("public");
    let options = Options {
        articles: 300,
        seed: 7,
        long_seeds: false,
        vocabulary: 0,
    };
    let expected = generate(&options, &site, None).unwrap();
    assert_eq!(expected.articles.len(), 300);
    assert_eq!(expected.entities.len(), 50);
    assert!(expected.entities.iter().any(|e| e.facts > 0), "some facts");
    assert!(
        expected.articles.iter().any(|a| a.claims > 0),
        "some claims"
    );

    build(&site, &out);
    assert_eq!(count_dirs(&out.join("articles")), expected.articles.len());
    assert_eq!(count_dirs(&out.join("entities")), expected.entities.len());
    check_articles(&expected, &out);
    check_entities(&expected, &out);

    // Characters that would be markup elsewhere come out of seeds as text.
    let bodies: Vec<String> = expected
        .articles
        .iter()
        .map(|a| {
            let page = read(&out.join("articles").join(&a.slug).join("index.html"));
            section(&page, "<div class=\"prose article-body\">", "</div>").to_string()
        })
        .collect();
    assert!(
        bodies.iter().any(|b| b.contains("&lt;script&gt;")),
        "some seed carries a literal <script>"
    );
    assert!(
        bodies
            .iter()
            .all(|b| !b.contains("<script>") && !b.contains("<b>")),
        "seed text must never become markup"
    );
}

fn files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path.strip_prefix(root).unwrap().to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_generator_is_deterministic_and_writes_a_hugo_twin() {
    let tmp = tempfile::tempdir().unwrap();
    let options = Options {
        articles: 40,
        seed: 3,
        long_seeds: false,
        vocabulary: 0,
    };
    let a = generate(
        &options,
        &tmp.path().join("a"),
        Some(&tmp.path().join("ha")),
    )
    .unwrap();
    let b = generate(
        &options,
        &tmp.path().join("b"),
        Some(&tmp.path().join("hb")),
    )
    .unwrap();
    assert_eq!(a.to_json(), b.to_json());
    assert!(files(&tmp.path().join("a")) == files(&tmp.path().join("b")));
    assert!(files(&tmp.path().join("ha")) == files(&tmp.path().join("hb")));

    let hugo = tmp.path().join("ha");
    for article in &a.articles {
        let md = read(
            &hugo
                .join("content/articles")
                .join(format!("{}.md", article.slug)),
        );
        let refs = md.matches("[^").count() - article.sources; // minus the definitions
        assert_eq!(refs, article.citations, "{}: Hugo footnotes", article.slug);
    }
    assert_eq!(
        std::fs::read_dir(hugo.join("content/entities"))
            .unwrap()
            .count(),
        a.entities.len()
    );
    assert!(hugo.join("hugo.toml").is_file());

    let other = generate(
        &Options {
            articles: 40,
            seed: 4,
            long_seeds: false,
            vocabulary: 0,
        },
        &tmp.path().join("c"),
        None,
    )
    .unwrap();
    assert_ne!(a.to_json(), other.to_json(), "the seed matters");
}
