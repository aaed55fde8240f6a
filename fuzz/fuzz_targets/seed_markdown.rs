//! Markdown seeds and free pages: parse with citation markers, render as
//! plain HTML. Raw HTML must be escaped, links must stay inert, and only the
//! elements CommonMark + GFM tables/strikethrough/footnotes produce may appear.
#![no_main]

#[path = "common.rs"]
mod common;

use std::path::Path;

use briefing::load::seed;
use briefing::markup::markdown::parse_markdown;
use libfuzzer_sys::fuzz_target;

const ALLOWED: &[&str] = &[
    "p",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "a",
    "img",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "div",
    "section",
];

fuzz_target!(|data: &[u8]| {
    let path = Path::new("seeds/fuzz.md");
    let Ok(text) = seed::decode(path, data.to_vec()) else {
        return;
    };
    let (document, _diagnostics) = parse_markdown(path, &text);
    for run in document.runs() {
        for citation in &run.citations {
            assert!(citation.at <= run.text.len());
            assert!(run.text.is_char_boundary(citation.at));
        }
    }
    let html = briefing::markup::document::plain_html(&document);
    common::assert_inert(&html, true);
    for tag in common::start_tags(&html) {
        assert!(
            ALLOWED.contains(&tag.name.as_str()),
            "unexpected <{}> in {html:?}",
            tag.name
        );
    }
});
