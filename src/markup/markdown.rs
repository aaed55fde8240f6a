//! Markdown into a [`Document`] (CommonMark with GFM tables, strikethrough
//! and footnotes), for Markdown seeds, free pages and summaries. Raw HTML is
//! shown as text and link schemes other than http(s), mailto and relative
//! are dropped (docs/content-format.md).

use std::path::Path;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use super::document::{Document, Node, TextRun, extract_citations, plain_html};
use crate::diagnostics::{Diagnostic, LineCol, Place};
use crate::routes;

/// Private-use characters that delimit text runs in rendered Markdown; removed from input.
const RUN_OPEN: char = '\u{E000}';
const RUN_CLOSE: char = '\u{E001}';

/// Parses a Markdown seed (CommonMark with GFM tables, strikethrough and
/// footnotes). Raw HTML is shown as text. Citation markers work outside code.
/// The seed's own footnotes are numbered i, ii, iii… by first reference (so
/// they never look like citation numbers) and get DPUB-ARIA back-links.
pub fn parse_markdown(path: &Path, source: &str) -> (Document, Vec<Diagnostic>) {
    parse(path, source, false)
}

/// [`parse_markdown`] for a seed: a link to another seed (`other.md`,
/// `./other.md#part`) is kept as a seed link (see [`SEED_LINK`]), which
/// rendering turns into the address of the article that publishes it.
pub fn parse_markdown_seed(path: &Path, source: &str) -> (Document, Vec<Diagnostic>) {
    parse(path, source, true)
}

/// How a link to another seed stands in a Markdown seed's HTML until the
/// page is rendered: `href="briefing-seed:other.md#part"`. No link written
/// in a seed can produce it (its scheme is not one `safe_url` keeps).
pub const SEED_LINK: &str = "briefing-seed:";

/// The seed a relative link names, with its fragment: `other.md`,
/// `./other.md`, `other.txt#x` (a file name of ASCII letters, digits, `.`,
/// `_` and `-`, in the same folder); `None` for any other destination.
fn seed_link(url: &str) -> Option<(&str, &str)> {
    let url = url.strip_prefix("./").unwrap_or(url);
    let (name, fragment) = url.find('#').map_or((url, ""), |at| url.split_at(at));
    let plain = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    let seed = name.ends_with(".md") || name.ends_with(".txt");
    (plain && seed && !name.starts_with('.')).then_some((name, fragment))
}

/// Each seed link in `html` (see [`SEED_LINK`]): the destination as
/// written, the seed's name, its fragment, and the HTML after it.
fn each_seed_link(html: &str) -> impl Iterator<Item = (&str, Option<(&str, &str)>, &str)> {
    html.split(SEED_LINK).skip(1).map(|rest| {
        let end = rest.find('"').unwrap_or(rest.len());
        let written = &rest[..end];
        (written, seed_link(written), &rest[end..])
    })
}

/// The seed names of the seed links in `html`.
pub fn seed_links(html: &str) -> impl Iterator<Item = &str> {
    each_seed_link(html).filter_map(|(_, link, _)| link.map(|(name, _)| name))
}

/// `html` with each seed link's destination replaced by `address(name)`
/// (an already safe, escaped URL) and its fragment, or by the destination
/// as written (a path relative to the page) when `address` has none.
pub fn resolve_seed_links(html: &str, address: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len());
    out.push_str(html.split(SEED_LINK).next().unwrap_or(""));
    for (written, link, after) in each_seed_link(html) {
        match link.and_then(|(name, fragment)| Some((address(name)?, fragment))) {
            Some((url, fragment)) => {
                out.push_str(&url);
                out.push_str(fragment);
            }
            None => out.push_str(written),
        }
        out.push_str(after);
    }
    out
}

fn parse(path: &Path, source: &str, seed: bool) -> (Document, Vec<Diagnostic>) {
    let source = source.replace([RUN_OPEN, RUN_CLOSE], "\u{FFFD}");
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut writer = MarkdownWriter::new(path, &source);
    let mut opaque_depth = 0usize; // inside code blocks, links and images: no runs
    for (event, range) in Parser::new_ext(&source, options).into_offset_iter() {
        match event {
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text)
                if opaque_depth == 0 =>
            {
                writer.pending.push(&text, range.start);
            }
            Event::SoftBreak if opaque_depth == 0 => writer.pending.push("\n", range.start),
            Event::Html(text) | Event::InlineHtml(text) => {
                writer.emit(Event::Text(CowStr::from(text.to_string())))
            }
            Event::Start(Tag::HtmlBlock) => writer.emit_html("<p>".into()),
            Event::End(TagEnd::HtmlBlock) => writer.emit_html("</p>\n".into()),
            Event::FootnoteReference(label) => writer.note_reference(&label),
            Event::Start(Tag::FootnoteDefinition(label)) => writer.start_note(&label),
            Event::End(TagEnd::FootnoteDefinition) => writer.end_note(),
            other => {
                match &other {
                    Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. }) => {
                        opaque_depth += 1
                    }
                    Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image) => {
                        opaque_depth = opaque_depth.saturating_sub(1)
                    }
                    _ => {}
                }
                writer.emit(safe_links(other, seed));
            }
        }
    }
    writer.finish()
}

/// Collects the rewritten event stream of a Markdown seed: text runs become
/// placeholders, footnote definitions are set aside and appended as a notes
/// list in order of first reference.
struct MarkdownWriter<'a> {
    path: &'a Path,
    source: &'a str,
    lines: LineIndex,
    pending: PendingRun,
    runs: Vec<TextRun>,
    events: Vec<Event<'static>>,
    diagnostics: Vec<Diagnostic>,
    /// Footnote label → (number, references so far).
    note_numbers: std::collections::HashMap<String, (usize, usize)>,
    /// Footnote label → its definition's events.
    note_bodies: std::collections::HashMap<String, Vec<Event<'static>>>,
    /// The definition being collected: its label and the main stream set aside.
    in_note: Option<(String, Vec<Event<'static>>)>,
}

impl<'a> MarkdownWriter<'a> {
    fn new(path: &'a Path, source: &'a str) -> Self {
        MarkdownWriter {
            path,
            source,
            lines: LineIndex::new(source),
            pending: PendingRun::default(),
            runs: Vec::new(),
            events: Vec::new(),
            diagnostics: Vec::new(),
            note_numbers: Default::default(),
            note_bodies: Default::default(),
            in_note: None,
        }
    }

    fn flush(&mut self) {
        self.pending.flush(
            &mut self.runs,
            &mut self.events,
            self.source,
            &self.lines,
            self.path,
            &mut self.diagnostics,
        );
    }

    fn emit(&mut self, event: Event<'static>) {
        self.flush();
        self.events.push(event);
    }

    fn emit_html(&mut self, html: String) {
        self.emit(Event::InlineHtml(CowStr::from(html)));
    }

    fn note_reference(&mut self, label: &str) {
        let next = self.note_numbers.len() + 1;
        let (number, count) = self
            .note_numbers
            .entry(label.to_string())
            .or_insert((next, 0));
        *count += 1;
        let (number, nth) = (*number, *count);
        self.emit_html(format!(
            "<sup class=\"footnote-ref\"><a id=\"{}\" href=\"#{}\" role=\"doc-noteref\">{}</a></sup>",
            routes::seed_noteref_anchor(number, nth),
            routes::seed_note_anchor(number),
            roman(number)
        ));
    }

    fn start_note(&mut self, label: &str) {
        self.flush();
        let outer = std::mem::take(&mut self.events);
        self.in_note = Some((label.to_string(), outer));
    }

    fn end_note(&mut self) {
        self.flush();
        if let Some((label, outer)) = self.in_note.take() {
            let body = std::mem::replace(&mut self.events, outer);
            self.note_bodies.entry(label).or_insert(body);
        }
    }

    fn finish(mut self) -> (Document, Vec<Diagnostic>) {
        self.flush();
        let mut referenced: Vec<(usize, usize, String)> = self
            .note_numbers
            .iter()
            .map(|(label, (n, count))| (*n, *count, label.clone()))
            .collect();
        referenced.sort();
        if !referenced.is_empty() {
            self.events.push(Event::InlineHtml(CowStr::from(
                "<section class=\"seed-notes\" role=\"doc-endnotes\" aria-label=\"Notes\">\n<ol class=\"seed-notes-list\">\n",
            )));
            for (number, count, label) in referenced {
                let body = self.note_bodies.remove(&label).unwrap_or_default();
                self.events.push(Event::InlineHtml(CowStr::from(format!(
                    "<li id=\"{}\">",
                    routes::seed_note_anchor(number)
                ))));
                self.events.extend(body);
                let backlinks: String = (1..=count)
                    .map(|nth| {
                        format!(" <a href=\"#{}\" role=\"doc-backlink\" aria-label=\"Back to note {} reference {nth}\">↩</a>", routes::seed_noteref_anchor(number, nth), roman(number))
                    })
                    .collect();
                self.events.push(Event::InlineHtml(CowStr::from(format!(
                    "{backlinks}</li>\n"
                ))));
            }
            self.events
                .push(Event::InlineHtml(CowStr::from("</ol>\n</section>\n")));
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        let nodes = split_runs(&html, self.runs);
        if nodes.is_empty() {
            self.diagnostics
                .push(Diagnostic::warning("seed is empty").at(Place::file(self.path)));
        }
        (Document { nodes }, self.diagnostics)
    }
}

/// Lower-case Roman numerals for note numbers: 1 → i, 4 → iv, 14 → xiv.
fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// Text gathered across consecutive Markdown text events, with where each
/// piece came from in the source (for marker positions).
#[derive(Default)]
struct PendingRun {
    text: String,
    origins: Vec<(usize, usize)>, // (offset in text, offset in source)
}

impl PendingRun {
    fn push(&mut self, text: &str, source_offset: usize) {
        self.origins.push((self.text.len(), source_offset));
        self.text.push_str(text);
    }

    fn source_offset(&self, at: usize) -> usize {
        let index = self
            .origins
            .partition_point(|(start, _)| *start <= at)
            .saturating_sub(1);
        self.origins
            .get(index)
            .map_or(0, |(start, source)| source + (at - start))
    }

    fn flush(
        &mut self,
        runs: &mut Vec<TextRun>,
        events: &mut Vec<Event<'static>>,
        source: &str,
        lines: &LineIndex,
        path: &Path,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        let line_columns: Vec<u32> = text
            .match_indices('\n')
            .map(|(i, _)| {
                let offset = self.source_offset(i + 1).min(source.len());
                u32::try_from(lines.locate(source, offset).column).unwrap_or(u32::MAX)
            })
            .collect();
        let mut run = extract_citations(
            &text,
            &mut |byte, len| {
                let offset = self.source_offset(byte).min(source.len());
                let LineCol { line, column } = lines.locate(source, offset);
                (line, column, len)
            },
            path,
            diagnostics,
        );
        if !line_columns.is_empty() {
            run.line_columns = Some(line_columns.into_boxed_slice());
        }
        self.origins.clear();
        events.push(Event::InlineHtml(CowStr::from(format!(
            "{RUN_OPEN}{}{RUN_CLOSE}",
            runs.len()
        ))));
        runs.push(run);
    }
}

/// Links and images keep only destinations that are safe to follow; in a
/// seed (`seed`), links to other seeds become seed links.
fn safe_links(event: Event<'_>, seed: bool) -> Event<'static> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from(match seed_link(&dest_url).filter(|_| seed) {
                Some(_) => format!("{SEED_LINK}{dest_url}"),
                None => safe_url(&dest_url).to_string(),
            }),
            title: CowStr::from(title.to_string()),
            id: CowStr::from(id.to_string()),
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from(safe_url(&dest_url).to_string()),
            title: CowStr::from(title.to_string()),
            id: CowStr::from(id.to_string()),
        }),
        other => other.into_static(),
    }
}

/// `url` if it is http(s), mailto, a fragment or a relative path; `#` otherwise
/// (no `javascript:`, `data:` or other schemes reach the page).
///
/// Whether it has a scheme is judged as browsers do (the WHATWG URL
/// standard): leading spaces and control characters are dropped, tabs and
/// line breaks anywhere, and a scheme is a letter, then letters, digits,
/// `+`, `-` or `.`, up to the first `:`. So `java\tscript:` is a scheme,
/// and `foo):` (CommonMark example 541) a relative path.
pub fn safe_url(url: &str) -> &str {
    let seen: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = seen.split_once(':').map(|(before, _)| before).filter(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    match scheme {
        None | Some("http" | "https" | "mailto") => url,
        Some(_) => "#",
    }
}

/// Splits rendered HTML at run placeholders into nodes.
fn split_runs(html: &str, runs: Vec<TextRun>) -> Vec<Node> {
    let mut runs: Vec<Option<TextRun>> = runs.into_iter().map(Some).collect();
    let mut nodes = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find(RUN_OPEN) {
        if open > 0 {
            nodes.push(Node::Html(rest[..open].into()));
        }
        let after = &rest[open + RUN_OPEN.len_utf8()..];
        let close = after.find(RUN_CLOSE).unwrap_or(after.len());
        if let Some(run) = after[..close]
            .parse::<usize>()
            .ok()
            .and_then(|i| runs.get_mut(i))
            .and_then(Option::take)
        {
            nodes.push(Node::Run(run));
        }
        rest = after.get(close + RUN_CLOSE.len_utf8()..).unwrap_or("");
    }
    if !rest.is_empty() {
        nodes.push(Node::Html(rest.into()));
    }
    nodes
}

/// Line starts of a source, to turn byte offsets into 1-based line and column.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(source: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    fn locate(&self, source: &str, offset: usize) -> LineCol {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = source
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        LineCol { line, column }
    }
}

/// Curator-written Markdown (summaries) as HTML: raw HTML escaped, unsafe
/// links dropped, citation markers taken out.
pub fn to_html(text: &str) -> String {
    let (document, _) = parse_markdown(Path::new(""), text);
    plain_html(&document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_other_seeds_are_told_apart() {
        assert_eq!(seed_link("other.md"), Some(("other.md", "")));
        assert_eq!(seed_link("./b_1-x.txt#part"), Some(("b_1-x.txt", "#part")));
        for other in [
            "sub/other.md",
            "../other.md",
            "other.html",
            ".md",
            "https://x/a.md",
            "a b.md",
            "",
        ] {
            assert_eq!(seed_link(other), None, "{other:?}");
        }
        let html = "<a href=\"briefing-seed:a.md#x\">A</a> <a href=\"briefing-seed:./b.txt\">B</a>";
        assert_eq!(seed_links(html).collect::<Vec<_>>(), ["a.md", "b.txt"]);
        let resolved = resolve_seed_links(html, |name| {
            (name == "a.md").then(|| "../../articles/a/index.html".into())
        });
        assert_eq!(
            resolved,
            "<a href=\"../../articles/a/index.html#x\">A</a> <a href=\"./b.txt\">B</a>"
        );
    }

    #[test]
    fn schemes_are_judged_as_browsers_judge_them() {
        for kept in [
            "https://kamaz.test/",
            "HTTP://x",
            "mailto:a@b.test",
            "other.md",
            "./a/b:c",
            "#fn-1",
            "?q=a:b",
            "foo):",
            ":x",
        ] {
            assert_eq!(safe_url(kept), kept);
        }
        for dropped in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,x",
            "irc://x",
            "made-up-scheme+x.y:z",
        ] {
            assert_eq!(safe_url(dropped), "#", "{dropped:?}");
        }
    }

    #[test]
    fn roman_numerals() {
        assert_eq!([1, 4, 9, 14, 40].map(roman), ["i", "iv", "ix", "xiv", "xl"]);
    }

    #[test]
    fn summaries_keep_the_space_before_inline_markup() {
        assert_eq!(
            to_html("A *truck* maker, see [site](https://kamaz.test/) and `KMZ`.  \nNext."),
            "<p>A <em>truck</em> maker, see <a href=\"https://kamaz.test/\">site</a> and <code>KMZ</code>.<br />\nNext.</p>\n"
        );
    }
}
