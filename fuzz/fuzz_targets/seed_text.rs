//! Plain-text seeds: decode, parse, render as plain HTML. Nothing but
//! `<p>`, `<ul>` and `<li>` may come out as markup, and citation offsets must
//! stay on character boundaries inside their run.
#![no_main]

use std::path::Path;

use briefing::load::seed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("seeds/fuzz.txt");
    let Ok(text) = seed::decode(path, data.to_vec()) else {
        return;
    };
    let (document, _diagnostics) = seed::parse_text(path, &text);
    for run in document.runs() {
        for citation in &run.citations {
            assert!(citation.at <= run.text.len());
            assert!(run.text.is_char_boundary(citation.at));
            assert!(citation.line >= 1 && citation.column >= 1);
        }
        assert!(!run.text.contains('\n'));
    }
    let html = briefing::markup::document::plain_html(&document);
    let rest = ["<p>", "</p>", "<ul>", "</ul>", "<li>", "</li>"]
        .iter()
        .fold(html.clone(), |acc, tag| acc.replace(tag, ""));
    assert!(
        !rest.contains('<') && !rest.contains('>'),
        "markup from content: {html:?}"
    );
    assert!(
        !rest.contains('"') && !rest.contains('\''),
        "unescaped quote: {html:?}"
    );
});
