//! Escaping is structural (issue 7, item 2): property tests over arbitrary
//! seed text.
//!
//! (a) The visible text of every paragraph and list item equals the seed
//!     line's words with its citation markers taken out.
//! (b) No content string produces a tag or attribute that the template does
//!     not produce for a harmless seed.
//!
//! HTML is read with a real tokenizer (html5gum), so entities are decoded the
//! way a browser decodes them.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use briefing::load::seed;
use briefing::markup::document::plain_html;
use briefing::markup::markdown::parse_markdown;
use common::Fixture;
use html5gum::{Token, Tokenizer};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

/// Text with everything that could confuse an escaper or the parser:
/// markup characters, quotes, Markdown syntax, brackets, Cyrillic, control
/// characters, odd Unicode spaces and the private-use characters the
/// Markdown parser uses internally. No newline (lines are made separately).
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 .,;:!?()<>&\"'`*_#=/\\[\\]-]{0,24}",
        2 => "[а-яА-ЯёЁ ]{0,12}",
        1 => "[\\x00-\\x09\\x0b-\\x1f\\x7f \u{a0}\u{85}\u{2028}\u{feff}\u{e000}\u{e001}\u{fffd}]{0,4}",
        1 => Just("<script>alert(1)</script>".to_string()),
        1 => Just("<img src=x onerror=alert(1)>".to_string()),
        1 => Just("\" onmouseover=\"alert(1)".to_string()),
        1 => Just("&amp;&lt;&#x3C;&#60;&nbsp;&".to_string()),
        1 => Just("javascript:alert(1)".to_string()),
        1 => Just("KAMAZ".to_string()),
        1 => Just("KamAZ".to_string()),
        1 => Just("-->".to_string()),
        1 => Just("<!--".to_string()),
        1 => Just("]]>".to_string()),
    ]
}

/// Citation markers that name a known source (or no source at all), so the
/// site still builds.
fn marker() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[Citation: TASS]".to_string()),
        Just(" [citation:tass]".to_string()),
        Just("[CITATION:   ТАСС  ]".to_string()),
        Just(" [Citation: \tTASS ]".to_string()),
        Just("[Citation: ]".to_string()),
        Just("[Citation:]".to_string()),
    ]
}

/// One seed line: fragments and markers, maybe a list item, maybe ending in
/// an unclosed marker.
fn line() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec(prop_oneof![3 => fragment(), 1 => marker()], 0..8),
        prop_oneof![4 => Just(String::new()), 1 => Just(" [Citation: TASS and on".to_string())],
        prop_oneof![4 => Just(""), 1 => Just("\r"), 1 => Just("  ")],
    )
        .prop_map(|(item, parts, tail, end)| {
            let mut text = if item {
                "- ".to_string()
            } else {
                String::new()
            };
            for part in parts {
                text.push_str(&part);
            }
            // A `]` after an unclosed marker would close it with an unknown name.
            if !tail.is_empty() {
                text.push_str(&tail.replace(']', ""));
            }
            text.push_str(end);
            text
        })
}

fn seed_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![5 => line(), 1 => Just(String::new())], 0..10)
        .prop_map(|lines| lines.join("\n"))
}

// ---------------------------------------------------------------------------
// The reference: what a reader should see for one line
// ---------------------------------------------------------------------------

/// The words of each block the seed should produce, computed independently of
/// the parser from docs/content-format.md §3.1: every non-blank line is a block, `- ` starts an
/// item, `[Citation: NAME]` (case-insensitive, NAME non-empty) disappears
/// together with the whitespace before it.
fn expected_blocks(text: &str) -> Vec<Vec<String>> {
    // Characters HTML forbids are shown as U+FFFD (whitespace controls stay whitespace).
    let text: String = text
        .chars()
        .map(|c| {
            let forbidden =
                (c.is_control() && !c.is_whitespace()) || matches!(c, '\u{FFFE}' | '\u{FFFF}');
            if forbidden { '\u{FFFD}' } else { c }
        })
        .collect();
    let text = text.as_str();
    let mut blocks = Vec::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let content = line.strip_prefix("- ").unwrap_or(line);
        blocks.push(words(&remove_markers(content)));
    }
    blocks
}

fn remove_markers(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some(open) = lower.find("[citation:") else {
            out.push_str(rest);
            break;
        };
        let Some(close) = rest[open..].find(']') else {
            out.push_str(rest);
            break;
        };
        let name = &rest[open + "[citation:".len()..open + close];
        if name.trim().is_empty() {
            out.push_str(&rest[..open + close + 1]);
        } else {
            out.push_str(&rest[..open]);
            let trimmed = out.trim_end().len();
            out.truncate(trimmed);
        }
        rest = &rest[open + close + 1..];
    }
    out
}

fn words(text: &str) -> Vec<String> {
    // The HTML tokenizer turns CR into LF and keeps other controls; compare
    // words, as a reader does.
    text.split_whitespace().map(str::to_string).collect()
}

// ---------------------------------------------------------------------------
// Reading HTML
// ---------------------------------------------------------------------------

/// The visible words of each `<p>` and `<li>` in `html`, skipping the
/// contents of `<sup>` (footnote reference numbers).
fn visible_blocks(html: &str) -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    let mut in_sup = 0usize;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => match tag.name.as_slice() {
                b"p" | b"li" => current = Some(String::new()),
                b"sup" => in_sup += 1,
                _ => {}
            },
            Token::EndTag(tag) => match tag.name.as_slice() {
                b"p" | b"li" => {
                    if let Some(text) = current.take() {
                        blocks.push(words(&text));
                    }
                }
                b"sup" => in_sup = in_sup.saturating_sub(1),
                _ => {}
            },
            Token::String(text) if in_sup == 0 => {
                if let Some(current) = current.as_mut() {
                    current.push_str(&String::from_utf8_lossy(&text));
                }
            }
            _ => {}
        }
    }
    blocks
}

/// The start tags of `html` as `<tag>` and `<tag attr>` strings.
fn vocabulary(html: &str, into: &mut BTreeSet<String>) {
    for token in Tokenizer::new(html).flatten() {
        if let Token::StartTag(tag) = token {
            let name = String::from_utf8_lossy(&tag.name).into_owned();
            for attr in tag.attributes.keys() {
                into.insert(format!("<{name} {}>", String::from_utf8_lossy(attr)));
            }
            into.insert(format!("<{name}>"));
        }
    }
}

/// The HTML inside `<div class="prose article-body">…</div>`.
fn article_body(page: &str) -> &str {
    let open = "<div class=\"prose article-body\">";
    let start = page.find(open).expect("article body") + open.len();
    let rest = &page[start..];
    let mut depth = 1usize;
    let mut at = 0;
    while let Some(next) = rest[at..].find("div") {
        let index = at + next;
        if rest[..index].ends_with("</") {
            depth -= 1;
            if depth == 0 {
                return &rest[..index - 2];
            }
        } else if rest[..index].ends_with('<') {
            depth += 1;
        }
        at = index + 3;
    }
    rest
}

// ---------------------------------------------------------------------------
// A site to build
// ---------------------------------------------------------------------------

/// A seed that uses every feature of the article body: paragraphs, a list,
/// mentions, citations (twice of one source), an empty marker.
const HARMLESS: &str = "KAMAZ said so, TASS reported. [Citation: TASS]\n\
                        - One item, KamAZ again. [Citation: TASS]\n- Two. [Citation: ]\n\
                        Last words. See [Citation: TASS and on\n";

/// `tests/fixtures/escaping/` (one source, one entity with aliases, one
/// article) with `seed_text` as the article's seed.
struct Site {
    fixture: Fixture,
}

impl Site {
    fn new(seed_text: &str) -> Site {
        let fixture = Fixture::copy("escaping");
        fixture.write("seeds/a.txt", seed_text);
        Site { fixture }
    }

    fn output(&self) -> PathBuf {
        self.fixture.root().join("public")
    }

    /// Builds in-process; panics on failure with the diagnostics.
    fn build(&self) {
        let report = briefing::build::run(self.fixture.root(), Some(&self.output()));
        assert!(
            report.result.is_ok(),
            "build failed: {:?}",
            report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| format!("{} at {:?}", d.message, d.place))
                .collect::<Vec<_>>()
        );
    }

    fn page(&self, relative: &str) -> String {
        fs::read_to_string(self.output().join(relative)).unwrap()
    }

    /// The vocabulary of every HTML page of the output.
    fn vocabulary(&self) -> BTreeSet<String> {
        let mut set = BTreeSet::new();
        let mut stack = vec![self.output()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "html") {
                    vocabulary(&fs::read_to_string(&path).unwrap(), &mut set);
                }
            }
        }
        set
    }
}

fn harmless_vocabulary() -> &'static BTreeSet<String> {
    static SET: std::sync::OnceLock<BTreeSet<String>> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let site = Site::new(HARMLESS);
        site.build();
        site.vocabulary()
    })
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

#[test]
fn the_reference_agrees_with_the_spec_examples() {
    assert_eq!(
        expected_blocks(
            "Said so. [Citation: TASS] Then more.\n\n- a [citation: x]b\nc [Citation: ] d"
        ),
        vec![
            words("Said so. Then more."),
            words("ab"),
            words("c [Citation: ] d")
        ]
    );
    let site = Site::new(HARMLESS);
    site.build();
    assert_eq!(
        visible_blocks(article_body(&site.page("articles/a/index.html"))),
        expected_blocks(HARMLESS)
    );
    assert!(harmless_vocabulary().contains("<sup class>"));
    assert!(harmless_vocabulary().contains("<a role>"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The parser alone: `plain_html` shows each line's words and nothing else.
    #[test]
    fn plain_text_seeds_render_their_words_and_only_p_ul_li(text in seed_text()) {
        let (document, _) = seed::parse_text(Path::new("seeds/a.txt"), &text);
        let html = plain_html(&document);
        prop_assert_eq!(visible_blocks(&html), expected_blocks(&text));
        let mut tags = BTreeSet::new();
        vocabulary(&html, &mut tags);
        for tag in &tags {
            prop_assert!(["<p>", "<ul>", "<li>"].contains(&tag.as_str()), "{} in {:?}", tag, html);
        }
    }

    /// Markdown seeds: whatever the text, only CommonMark's own elements and
    /// attributes come out, and no link or image leads to a script.
    #[test]
    fn markdown_seeds_produce_only_markdown_markup(text in seed_text()) {
        let (document, _) = parse_markdown(Path::new("seeds/a.md"), &text);
        let html = plain_html(&document);
        let mut tags = BTreeSet::new();
        vocabulary(&html, &mut tags);
        const ALLOWED: &[&str] = &[
            "<p>", "<ul>", "<ol>", "<ol start>", "<li>", "<em>", "<strong>", "<del>", "<code>",
            "<pre>", "<h1>", "<h2>", "<h3>", "<h4>", "<h5>", "<h6>", "<blockquote>", "<hr>",
            "<br>", "<a>", "<a href>", "<a title>", "<img>", "<img src>", "<img alt>", "<img title>",
            "<table>", "<thead>", "<tbody>", "<tr>", "<th>", "<td>", "<th style>", "<td style>",
            "<sup>", "<sup class>", "<sup id>", "<a id>", "<a class>", "<a role>", "<a aria-label>",
            "<section>", "<section class>", "<section role>", "<section aria-label>", "<div>", "<div class>",
            "<div id>", "<li id>", "<ol class>", "<h2 id>", "<h2 class>", "<code class>", "<pre class>",
        ];
        for tag in &tags {
            prop_assert!(ALLOWED.contains(&tag.as_str()), "{} in {:?}", tag, html);
        }
        prop_assert!(!html.to_ascii_lowercase().contains("<script"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The whole pipeline: the article page shows each seed line's words, and
    /// no page gains a tag or attribute the harmless site lacks.
    #[test]
    fn built_article_pages_show_the_seed_words_and_add_no_markup(text in seed_text()) {
        let site = Site::new(&text);
        site.build();
        let page = site.page("articles/a/index.html");
        // Read from a file, a leading byte-order mark marks the encoding; it is not text.
        let from_file = text.strip_prefix('\u{feff}').unwrap_or(&text);
        prop_assert_eq!(visible_blocks(article_body(&page)), expected_blocks(from_file));
        let extra: Vec<String> = site
            .vocabulary()
            .difference(harmless_vocabulary())
            .cloned()
            .collect();
        prop_assert!(extra.is_empty(), "content produced markup the template does not: {:?}", extra);
    }
}
