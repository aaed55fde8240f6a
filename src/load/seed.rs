//! Seeds: raw articles as received (docs/content-format.md §3), decoded and
//! parsed into a [`Document`] (`crate::markup::document`): plain-text seeds
//! here, Markdown ones by `crate::markup::markdown`. Nothing here knows about
//! sources or entities.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Place};
use crate::markup::document::extract_citations;
use crate::markup::document::{Document, Node};
use crate::markup::escape::without_controls;

/// Decodes a seed file's bytes: UTF-8 (a BOM is dropped), or an error that
/// points at the first invalid byte.
pub fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(without_controls(text)),
        Err(error) => {
            let bytes = error.as_bytes();
            let valid = &bytes[..error.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Diagnostic::error("seed is not valid UTF-8")
                .at(Place::new(path, line, column))
                .label("invalid byte here")
                .help(
                    "convert the file to UTF-8 (for example with `iconv -f WINDOWS-1251 -t UTF-8`)",
                ))
        }
    }
}

/// Parses a plain-text seed: every non-blank line is a block; lines starting
/// with `- ` are list items, and consecutive items form one list.
pub fn parse_text(path: &Path, text: &str) -> (Document, Vec<Diagnostic>) {
    let mut nodes = Vec::new();
    let mut diagnostics = Vec::new();
    let mut in_list = false;
    for (index, raw_line) in text.lines().enumerate() {
        let line = raw_line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let item = line.strip_prefix("- ");
        match (item.is_some(), in_list) {
            (true, false) => nodes.push(Node::Html("<ul>\n".into())),
            (false, true) => nodes.push(Node::Html("</ul>\n".into())),
            _ => {}
        }
        in_list = item.is_some();
        let (content, offset) = match item {
            Some(rest) => (rest, 2),
            None => (line, 0),
        };
        let leading = content.len() - content.trim_start().len();
        let mut counted = (0usize, 0usize); // (byte offset, characters before it)
        let run = extract_citations(
            content.trim(),
            &mut |byte, len| {
                // Markers come in order: count characters from the previous one.
                let target = offset + leading + byte;
                counted.1 += line[counted.0.min(target)..target].chars().count();
                counted.0 = target;
                (index + 1, counted.1 + 1, len)
            },
            path,
            &mut diagnostics,
        );
        let (open, close) = if in_list {
            ("<li>", "</li>\n")
        } else {
            ("<p>", "</p>\n")
        };
        nodes.push(Node::Html(open.into()));
        nodes.push(Node::Run(run));
        nodes.push(Node::Html(close.into()));
    }
    if in_list {
        nodes.push(Node::Html("</ul>\n".into()));
    }
    if nodes.is_empty() {
        diagnostics.push(Diagnostic::warning("seed is empty").at(Place::file(path)));
    }
    (Document { nodes }, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::LineCol;
    use crate::markup::document::TextRun;
    use crate::markup::document::plain_html;
    use crate::markup::escape::Escaped;
    use crate::markup::markdown::parse_markdown;

    fn text(seed: &str) -> (Document, Vec<Diagnostic>) {
        parse_text(Path::new("seeds/a.txt"), seed)
    }

    fn runs(doc: &Document) -> Vec<&TextRun> {
        doc.runs().collect()
    }

    #[test]
    fn every_non_blank_line_is_a_block_and_blank_lines_never_join() {
        let (doc, d) = text("One.\n\n\nTwo\nThree\n");
        assert!(d.is_empty());
        assert_eq!(plain_html(&doc), "<p>One.</p>\n<p>Two</p>\n<p>Three</p>\n");
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let decoded = decode(Path::new("a.txt"), b"\xEF\xBB\xBFOne\r\nTwo\r\n".to_vec()).unwrap();
        let (doc, _) = text(&decoded);
        assert_eq!(plain_html(&doc), "<p>One</p>\n<p>Two</p>\n");
    }

    #[test]
    fn invalid_utf8_is_an_error_with_its_place() {
        let d = decode(Path::new("a.txt"), b"ok\nab\xFFc".to_vec()).unwrap_err();
        assert_eq!(d.place.unwrap().to_string(), "a.txt:2:3");
    }

    #[test]
    fn control_characters_never_reach_the_page() {
        let decoded = decode(Path::new("a.txt"), b"a\x01b\x0bc\x7fd\te\n".to_vec()).unwrap();
        assert_eq!(decoded, "a\u{FFFD}b c\u{FFFD}d\te\n");
        assert_eq!(
            Escaped("x\u{1}y\u{85}z<\u{FFFF}\u{9f}").to_string(),
            "x\u{FFFD}y z&lt;\u{FFFD}\u{FFFD}"
        );
    }

    #[test]
    fn consecutive_items_form_one_list() {
        let (doc, _) = text("Intro\n- one\n- two\nOutro\n- three\n");
        assert_eq!(
            plain_html(&doc),
            "<p>Intro</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>Outro</p>\n<ul>\n<li>three</li>\n</ul>\n"
        );
    }

    #[test]
    fn special_characters_are_literal_text() {
        let (doc, _) = text("a <b> & *c* _d_ # `e` https://x.test/?a=1&b=2\n");
        assert_eq!(
            plain_html(&doc),
            "<p>a &lt;b&gt; &amp; *c* _d_ # `e` https://x.test/?a=1&amp;b=2</p>\n"
        );
    }

    #[test]
    fn a_marker_attaches_to_the_text_before_it_and_drops_the_space() {
        let (doc, d) = text("Said so. [Citation: TASS] Then more.\n");
        assert!(d.is_empty());
        let run = runs(&doc)[0];
        assert_eq!(&*run.text, "Said so. Then more.");
        assert_eq!(run.citations[0].at, "Said so.".len());
        assert_eq!(run.citations[0].name, "TASS");
        assert_eq!((run.citations[0].line, run.citations[0].column), (1, 10));
    }

    #[test]
    fn a_marker_with_no_space_before_it() {
        let (doc, _) = text("Said so.[Citation: TASS]\n");
        let run = runs(&doc)[0];
        assert_eq!(&*run.text, "Said so.");
        assert_eq!(run.citations[0].at, 8);
    }

    #[test]
    fn several_markers_in_a_row_all_attach_to_the_same_text() {
        let (doc, _) =
            text("End. [Citation: TASS] [Citation:  Ministry of\tIndustry ] [citation: RuTube]\n");
        let run = runs(&doc)[0];
        assert_eq!(&*run.text, "End.");
        let names: Vec<_> = run
            .citations
            .iter()
            .map(|c| (c.name.as_str(), c.at))
            .collect();
        assert_eq!(
            names,
            [("TASS", 4), ("Ministry of Industry", 4), ("RuTube", 4)]
        );
        assert_eq!(run.citations[2].column, 58);
    }

    #[test]
    fn a_run_knows_where_its_words_stand_in_the_seed() {
        let (doc, _) = text("Title\n\n  - «Да» said KAMAZ. [Citation: TASS] Then “more” here.\n");
        let run = runs(&doc)[1];
        let at = |word: &str| run.position(run.text.find(word).unwrap());
        assert_eq!(at("«Да»"), LineCol::new(3, 5));
        assert_eq!(at("KAMAZ"), LineCol::new(3, 15));
        assert_eq!(at("Then"), LineCol::new(3, 39));
        assert_eq!(at("here"), LineCol::new(3, 51));
        let (doc, _) = parse_markdown(
            Path::new("a.md"),
            "# Head\n\nSome *text* here\nand there.\n",
        );
        let runs = runs(&doc);
        let last = runs.last().unwrap();
        assert_eq!(&*last.text, " here\nand there.");
        assert_eq!(last.position(1), LineCol::new(3, 13));
        assert_eq!(
            last.position(last.text.find("there").unwrap()),
            LineCol::new(4, 5)
        );
        let (doc, _) = parse_markdown(Path::new("a.md"), "> The plant made\n>   190,000 units\n");
        let run = doc.runs().next().unwrap();
        assert_eq!(
            run.position(run.text.find("units").unwrap()),
            LineCol::new(2, 13)
        );
    }

    #[test]
    fn markers_inside_list_items_know_their_column() {
        let (doc, _) = text("- “Driving” is on RuTube. [Citation: RuTube]\n");
        let run = runs(&doc)[0];
        assert_eq!(&*run.text, "“Driving” is on RuTube.");
        assert_eq!(run.citations[0].column, 27);
    }

    #[test]
    fn an_unclosed_marker_is_text_with_a_warning() {
        let (doc, d) = text("See [Citation: TASS and on\n");
        assert_eq!(&*runs(&doc)[0].text, "See [Citation: TASS and on");
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn empty_seed_warns() {
        let (_, d) = text("\n \n");
        assert_eq!(d[0].message, "seed is empty");
    }

    #[test]
    fn markdown_escapes_raw_html_and_finds_markers_outside_code() {
        let (doc, d) = parse_markdown(
            Path::new("a.md"),
            "# Head\n\nSome *text* <script>x</script> here. [Citation: TASS]\n\n`[Citation: Not]`\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let html = plain_html(&doc);
        assert!(
            html.contains("&lt;script&gt;x&lt;/script&gt; here."),
            "{html}"
        );
        assert!(html.contains("<code>[Citation: Not]</code>"), "{html}");
        let cited: Vec<_> = doc
            .runs()
            .flat_map(|r| &r.citations)
            .map(|c| (c.name.as_str(), c.line, c.column))
            .collect();
        assert_eq!(cited, [("TASS", 3, 38)]);
    }

    #[test]
    fn markdown_drops_unsafe_link_schemes() {
        let (doc, _) = parse_markdown(
            Path::new("a.md"),
            "[x](javascript:alert(1)) [y](https://ok.test/)\n",
        );
        let html = plain_html(&doc);
        assert!(html.contains("href=\"#\""), "{html}");
        assert!(html.contains("href=\"https://ok.test/\""), "{html}");
    }

    #[test]
    fn markdown_footnotes_get_numbers_by_first_reference_and_backlinks() {
        let (doc, d) = parse_markdown(
            Path::new("a.md"),
            "Second[^b] and first[^a] and again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let html = plain_html(&doc);
        assert!(
            html.contains("<a id=\"noteref-1-1\" href=\"#note-1\" role=\"doc-noteref\">i</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a id=\"noteref-2-1\" href=\"#note-2\" role=\"doc-noteref\">ii</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a id=\"noteref-1-2\" href=\"#note-1\""),
            "{html}"
        );
        let notes = &html[html.find("<section").expect("notes")..];
        assert!(
            notes.find("Note B").unwrap() < notes.find("Note A").unwrap(),
            "{notes}"
        );
        assert!(
            notes.contains("href=\"#noteref-1-2\" role=\"doc-backlink\""),
            "{notes}"
        );
    }

    fn markdown_html(source: &str) -> String {
        let (doc, d) = parse_markdown(Path::new("a.md"), source);
        assert!(d.is_empty(), "{d:?}");
        plain_html(&doc)
    }

    #[test]
    fn markdown_keeps_the_space_before_and_after_inline_markup() {
        for (source, html) in [
            (
                "see [a](https://x.test/) and *this*\n",
                "<p>see <a href=\"https://x.test/\">a</a> and <em>this</em></p>\n",
            ),
            (
                "at the **Moskvich plant** in Moscow\n",
                "<p>at the <strong>Moskvich plant</strong> in Moscow</p>\n",
            ),
            (
                "run `cargo build` now\n",
                "<p>run <code>cargo build</code> now</p>\n",
            ),
            (
                "- one *two*\n- [three](/x) four\n",
                "<ul>\n<li>one <em>two</em></li>\n<li><a href=\"/x\">three</a> four</li>\n</ul>\n",
            ),
        ] {
            assert_eq!(markdown_html(source), html, "{source:?}");
        }
    }

    #[test]
    fn markdown_hard_line_breaks_keep_the_text_around_them() {
        assert_eq!(
            markdown_html("one  \ntwo\\\nthree *four*\n"),
            "<p>one<br />\ntwo<br />\nthree <em>four</em></p>\n"
        );
    }

    #[test]
    fn markdown_drops_only_the_space_before_a_citation_marker() {
        let (doc, d) = parse_markdown(
            Path::new("a.md"),
            "Said so [Citation: TASS] *twice* and `x` [Citation: TASS]\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let texts: Vec<(&str, Vec<usize>)> = doc
            .runs()
            .map(|r| (&*r.text, r.citations.iter().map(|c| c.at).collect()))
            .collect();
        assert_eq!(
            texts,
            [
                ("Said so ", vec!["Said so".len()]),
                ("twice", vec![]),
                (" and ", vec![]),
                ("", vec![0]),
            ]
        );
    }

    #[test]
    fn markdown_tables_and_strikethrough() {
        let (doc, _) = parse_markdown(Path::new("a.md"), "|a|b|\n|-|-|\n|1|2|\n\n~~gone~~\n");
        let html = plain_html(&doc);
        assert!(
            html.contains("<table>") && html.contains("<del>gone</del>"),
            "{html}"
        );
    }
}
