//! Markdown seeds follow CommonMark: every example of the CommonMark spec,
//! version 0.31.2 (vendored in `tests/commonmark/`, see its README), is
//! written as a `.md` seed of one fixture site, the site is built once with
//! the real binary, and each article's body is compared with the spec's HTML
//! after both are normalised (whitespace between block tags, attribute
//! order, character references, `<br />` against `<br>`, and the seed's
//! level-1 headings shown as `<h2>` under the article's title).
//!
//! Examples whose output differs by design are left out, each category with
//! its reason (see [`Exclusion`]); the rest must all match.

use crate::common;

use std::collections::BTreeMap;

use briefing::markup::markdown::safe_url;
use html5gum::{Token, Tokenizer};
use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::Deserialize;

use common::Fixture;

const SPEC: &str = include_str!("../commonmark/spec-0.31.2.json");

/// How many examples the spec has, how many are left out for each reason,
/// and how many must match: all the others.
const EXAMPLES: usize = 652;
const EXCLUDED: [(Exclusion, usize); 4] = [
    (Exclusion::RawHtml, 72),
    (Exclusion::UnsafeScheme, 4),
    (Exclusion::Extension, 0),
    (Exclusion::CitationMarker, 0),
];
const APPLICABLE: usize = 576;

#[derive(Deserialize)]
struct Example {
    markdown: String,
    html: String,
    example: usize,
    section: String,
}

/// Why an example's output differs from the spec's by design.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Exclusion {
    /// Seeds show raw HTML (HTML blocks and inline tags, comments,
    /// processing instructions, declarations, CDATA) as text, so nothing in
    /// a seed can add markup or script to a page.
    RawHtml,
    /// Link and image destinations with a scheme other than http(s) or
    /// mailto (`javascript:`, `irc:`, `made-up-scheme:` …) become `#`.
    UnsafeScheme,
    /// Seeds enable GitHub-style tables, strikethrough and footnotes, which
    /// read some CommonMark text differently (`~~x~~`, `[^x]`, pipes).
    Extension,
    /// `[Citation: NAME]` is the seed's own citation marker.
    CitationMarker,
}

impl Exclusion {
    fn describe(self) -> &'static str {
        match self {
            Exclusion::RawHtml => "raw HTML shown as text",
            Exclusion::UnsafeScheme => "unsafe link scheme dropped",
            Exclusion::Extension => "read differently with tables/strikethrough/footnotes",
            Exclusion::CitationMarker => "citation marker syntax",
        }
    }
}

/// The extensions Markdown seeds enable (`markup::markdown::parse_markdown`).
const SEED_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_FOOTNOTES);

/// The design difference that applies to `markdown`, if any, judged from
/// the parser's events (the first that applies, in the order of the enum).
fn exclusion(markdown: &str) -> Option<Exclusion> {
    if markdown.to_ascii_lowercase().contains("[citation:") {
        return Some(Exclusion::CitationMarker);
    }
    let mut unsafe_scheme = false;
    for event in Parser::new_ext(markdown, SEED_OPTIONS) {
        match event {
            Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) => {
                return Some(Exclusion::RawHtml);
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if safe_url(&dest_url) != &*dest_url =>
            {
                unsafe_scheme = true;
            }
            _ => {}
        }
    }
    if unsafe_scheme {
        return Some(Exclusion::UnsafeScheme);
    }
    let events = |options| Parser::new_ext(markdown, options).collect::<Vec<_>>();
    if events(SEED_OPTIONS) != events(Options::empty()) {
        return Some(Exclusion::Extension);
    }
    None
}

#[test]
fn markdown_seeds_render_the_commonmark_spec_examples() {
    // JSON is YAML, so the YAML reader the crate already has reads it; the
    // character count (from a JSON reader) shows nothing was read otherwise.
    let examples: Vec<Example> = serde_saphyr::from_str(SPEC).expect("spec JSON");
    assert_eq!(examples.len(), EXAMPLES);
    let characters: usize = examples
        .iter()
        .map(|e| e.markdown.chars().count() + e.html.chars().count())
        .sum();
    assert_eq!(characters, 42_268);

    let site = Fixture {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    site.write("content/site.yaml", "title: CommonMark\nlanguage: en\n");
    site.write("content/sources.yaml", "tass:\n  name: TASS\n");
    for example in &examples {
        let n = example.example;
        site.write(&format!("seeds/example-{n}.md"), &example.markdown);
        site.write(
            &format!("content/articles/example-{n}.yaml"),
            &format!("seed: example-{n}.md\ntitle: Example {n}\ndate: 2024-01-01\n"),
        );
    }
    site.build_ok();

    let mut excluded: BTreeMap<Exclusion, Vec<usize>> = BTreeMap::new();
    let mut matched = 0;
    let mut differ = Vec::new();
    for example in &examples {
        let n = example.example;
        let page = site.read(&format!("articles/example-{n}/index.html"));
        let ours = normalise(article_body(&page));
        if let Some(why) = exclusion(&example.markdown) {
            behaves_as_designed(why, example, &ours);
            excluded.entry(why).or_default().push(n);
            continue;
        }
        // The article's title is the page's one <h1>; the seed's own level-1
        // headings are shown as <h2> (docs/content-format.md, Markdown seeds).
        let spec = normalise(
            &example
                .html
                .replace("<h1>", "<h2>")
                .replace("</h1>", "</h2>"),
        );
        if ours == spec {
            matched += 1;
        } else {
            differ.push(format!(
                "example {n} ({}):\n  markdown: {:?}\n  spec:     {}\n  seed:     {}",
                example.section,
                example.markdown,
                show(&spec),
                show(&ours)
            ));
        }
    }

    let applicable = examples.len() - excluded.values().map(Vec::len).sum::<usize>();
    let counts: Vec<(Exclusion, usize)> = EXCLUDED
        .iter()
        .map(|&(why, _)| (why, excluded.get(&why).map_or(0, Vec::len)))
        .collect();
    let reasons: Vec<String> = counts
        .iter()
        .map(|(why, count)| format!("{count} {}", why.describe()))
        .collect();
    println!(
        "CommonMark 0.31.2: {applicable} applicable, {matched} match, {} excluded ({})",
        examples.len() - applicable,
        reasons.join(", ")
    );
    for (why, list) in &excluded {
        println!("  {why:?}: examples {list:?}");
    }
    assert!(
        differ.is_empty(),
        "{} of {applicable} applicable examples differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
    assert_eq!(counts, EXCLUDED, "the exclusions changed");
    assert_eq!(applicable, APPLICABLE);
    assert_eq!(matched, APPLICABLE);
}

/// An excluded example still does what the seed format promises instead:
/// raw HTML appears as text, and an unsafe destination as `#`.
fn behaves_as_designed(why: Exclusion, example: &Example, ours: &[Piece]) {
    let n = example.example;
    match why {
        Exclusion::RawHtml => {
            let text = collapse(&visible_text(ours));
            for event in Parser::new_ext(&example.markdown, SEED_OPTIONS) {
                if let Event::Html(html) | Event::InlineHtml(html) = event {
                    let html = collapse(html.trim());
                    assert!(
                        text.contains(&html),
                        "example {n}: raw HTML {html:?} is not shown as text in {}",
                        show(ours)
                    );
                }
            }
            let tags = |pieces: &[Piece]| {
                pieces
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Start(name, _) => Some(name.clone()),
                        _ => None,
                    })
                    .filter(|name| !MARKDOWN_TAGS.contains(&name.as_str()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                tags(ours),
                Vec::<String>::new(),
                "example {n}: {}",
                show(ours)
            );
        }
        Exclusion::UnsafeScheme => {
            for piece in ours {
                if let Piece::Start(name, attributes) = piece {
                    for (key, value) in attributes {
                        if (name == "a" && key == "href") || (name == "img" && key == "src") {
                            assert_eq!(safe_url(value), value, "example {n}: {}", show(ours));
                        }
                    }
                }
            }
        }
        Exclusion::Extension | Exclusion::CitationMarker => {}
    }
}

/// Every element a Markdown seed can produce.
const MARKDOWN_TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
];

/// The text of the pieces, joined.
fn visible_text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Text(text, _) => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// The HTML inside `<div class="prose article-body">…</div>`. Raw HTML in a
/// seed is escaped and Markdown makes no `div`, so the first `</div>` after
/// the opening one closes it.
fn article_body(page: &str) -> &str {
    let open = "<div class=\"prose article-body\">";
    let start = page.find(open).expect("article body") + open.len();
    let end = page[start..].find("</div>").expect("end of body");
    &page[start..start + end]
}

/// A piece of normalised HTML.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Start(String, Vec<(String, String)>),
    End(String),
    /// Text, and whether it stands inside `<pre>`.
    Text(String, bool),
}

/// Elements around which whitespace is layout, not content.
const BLOCKS: &[&str] = &[
    "blockquote",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Tags with sorted, decoded attributes (`<br />` and `<br>` alike) and text
/// with character references decoded. Outside `<pre>`, a run of whitespace
/// counts as one space, and whitespace next to a block tag does not count.
/// Whitespace next to inline tags (`the <strong>`) counts: that is what
/// this test is most about.
fn normalise(html: &str) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut in_pre = 0usize;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = lossy(&tag.name);
                in_pre += usize::from(name == "pre");
                let attributes = tag
                    .attributes
                    .iter()
                    .map(|(key, value)| (lossy(key), lossy(&value.value)))
                    .collect();
                pieces.push(Piece::Start(name, attributes));
            }
            Token::EndTag(tag) => {
                let name = lossy(&tag.name);
                if name == "pre" {
                    in_pre = in_pre.saturating_sub(1);
                }
                pieces.push(Piece::End(name));
            }
            Token::String(text) => match pieces.last_mut() {
                Some(Piece::Text(previous, _)) => previous.push_str(&lossy(&text)),
                _ => pieces.push(Piece::Text(lossy(&text), in_pre > 0)),
            },
            _ => {}
        }
    }
    let is_block = |piece: Option<&Piece>| match piece {
        None => true,
        Some(Piece::Start(name, _) | Piece::End(name)) => BLOCKS.contains(&name.as_str()),
        Some(Piece::Text(..)) => false,
    };
    let mut out = Vec::with_capacity(pieces.len());
    for (i, piece) in pieces.iter().enumerate() {
        let Piece::Text(text, false) = piece else {
            out.push(piece.clone());
            continue;
        };
        let mut text = collapse(text);
        if is_block(i.checked_sub(1).and_then(|j| pieces.get(j))) {
            text = text.trim_start().to_string();
        }
        if is_block(pieces.get(i + 1)) {
            text = text.trim_end().to_string();
        }
        if !text.is_empty() {
            out.push(Piece::Text(text, false));
        }
    }
    out
}

/// Every run of whitespace as one space (leading and trailing ones kept).
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Normalised pieces written out again, for failure messages.
fn show(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Start(name, attributes) => {
                out.push('<');
                out.push_str(name);
                for (key, value) in attributes {
                    out.push_str(&format!(" {key}={value:?}"));
                }
                out.push('>');
            }
            Piece::End(name) => out.push_str(&format!("</{name}>")),
            Piece::Text(text, _) => out.push_str(&format!("{text:?}")),
        }
    }
    out
}

/// CommonMark example 541: backslash escapes in a destination leave
/// `foo):`, a relative path (a scheme has no `)`), so the link is kept.
#[test]
fn example_541_keeps_its_link() {
    let site = Fixture::new();
    site.write("seeds/escaped.md", "[link](foo\\)\\:)\n");
    site.write(
        "content/articles/escaped.yaml",
        "seed: escaped.md\ntitle: Escaped\ndate: 2024-01-01\n",
    );
    site.build_ok();
    let page = site.read("articles/escaped/index.html");
    assert!(page.contains("<a href=\"foo):\">link</a>"), "{page}");
}
