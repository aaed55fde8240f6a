//! Seeds: raw articles as received (docs/content-format.md §3), turned into
//! a [`Document`].
//!
//! A document is structure (already-escaped HTML such as `<p>` and `<ul>`)
//! interleaved with [`TextRun`]s: the article's literal words with the
//! citation markers taken out and remembered by position. Later stages find
//! entity mentions and quotes in the runs and decide what to wrap around
//! them; nothing here knows about sources or entities.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, LineCol, Place};

/// A parsed seed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub nodes: Vec<Node>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Markup around the text, already escaped and safe to emit.
    Html(Arc<str>),
    /// Words of the article, to be escaped when rendered.
    Run(TextRun),
}

/// A stretch of literal text (a paragraph, a list item, or the text between
/// two inline elements of a Markdown seed).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextRun {
    /// The text without citation markers (shared with the resolved article).
    pub text: Arc<str>,
    /// Citation markers, in order, each attached at a byte offset of `text`.
    pub citations: Vec<Citation>,
    /// Where the run's first character stands in the seed file (1-based;
    /// the column counted in characters).
    pub line: u32,
    pub column: u32,
    /// Markdown only: for each line break in `text`, the column in the seed
    /// of the character after it (indentation and `>` are not in the text).
    pub line_columns: Option<Box<[u32]>>,
}

impl TextRun {
    /// The seed file's line and column of byte `at` of the text. Exact in
    /// plain-text seeds; in Markdown, an escape or an entity earlier on the
    /// line puts the column a little off (the run keeps no full map of its
    /// source, only where it starts, its lines start and its markers stood).
    pub fn position(&self, at: usize) -> LineCol {
        let mut line = self.line as usize;
        let mut column = self.column as usize;
        let mut from = 0;
        // After a marker, count from where the marker ended.
        if let Some(marker) = self.citations.iter().rev().find(|c| c.at <= at) {
            (line, column, from) = (marker.line, marker.column + marker.len, marker.at);
        }
        let mut breaks = self.text.get(..from).map_or(0, |t| t.matches('\n').count());
        for c in self.text.get(from..at).unwrap_or_default().chars() {
            if c == '\n' {
                line += 1;
                column = self
                    .line_columns
                    .as_deref()
                    .and_then(|columns| columns.get(breaks))
                    .map_or(1, |&c| c as usize);
                breaks += 1;
            } else {
                column += 1;
            }
        }
        LineCol { line, column }
    }
}

/// A `[Citation: NAME]` marker.
#[derive(Clone, Debug, PartialEq)]
pub struct Citation {
    /// Byte offset in the run's text that the reference attaches to.
    pub at: usize,
    /// The name as written, whitespace collapsed.
    pub name: String,
    /// Where the marker stands in the seed file.
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

impl Document {
    pub fn runs(&self) -> impl Iterator<Item = &TextRun> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Run(run) => Some(run),
            Node::Html(_) => None,
        })
    }
}

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

/// Finds `[Citation: NAME]` markers in one stretch of text and drops the
/// whitespace before each; nothing else is trimmed. `locate` turns a
/// byte offset and length in `text` into the marker's line, column and length
/// in the file.
fn extract_citations(
    text: &str,
    locate: &mut dyn FnMut(usize, usize) -> (usize, usize, usize),
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> TextRun {
    const OPEN: &str = "[citation:";
    let (line, column, _) = locate(0, 0);
    let mut out = String::new();
    let mut citations = Vec::new();
    let mut rest = 0;
    while let Some(found) = find_ascii_ci(&text[rest..], OPEN) {
        let start = rest + found;
        let Some(close) = text[start..].find(']') else {
            let (line, column, _) = locate(start, OPEN.len());
            diagnostics.push(
                Diagnostic::warning("citation marker is not closed; it is shown as text")
                    .at(Place::new(path, line, column).with_len(OPEN.len()))
                    .help("a marker looks like `[Citation: NAME]`"),
            );
            break;
        };
        let end = start + close + 1;
        let name = collapse_whitespace(&text[start + OPEN.len()..end - 1]);
        let (line, column, len) = locate(start, text[start..end].chars().count());
        if name.is_empty() {
            diagnostics.push(
                Diagnostic::warning("citation marker names no source; it is shown as text")
                    .at(Place::new(path, line, column).with_len(len)),
            );
            out.push_str(&text[rest..end]);
            rest = end;
            continue;
        }
        out.push_str(text[rest..start].trim_end());
        citations.push(Citation {
            at: out.len(),
            name,
            line,
            column,
            len,
        });
        rest = end;
    }
    // Only the space before a marker goes (the reference sits against the
    // words it supports); the run's own edges stay, because in Markdown a run
    // may end just before inline markup (`the **plant**`).
    out.push_str(&text[rest..]);
    TextRun {
        text: out.into(),
        citations,
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        line_columns: None,
    }
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Trims and collapses every run of whitespace to one space.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Private-use characters that delimit text runs in rendered Markdown; removed from input.
const RUN_OPEN: char = '\u{E000}';
const RUN_CLOSE: char = '\u{E001}';

/// Parses a Markdown seed (CommonMark with GFM tables, strikethrough and
/// footnotes). Raw HTML is shown as text. Citation markers work outside code.
/// The seed's own footnotes are numbered i, ii, iii… by first reference (so
/// they never look like citation numbers) and get DPUB-ARIA back-links.
pub fn parse_markdown(path: &Path, source: &str) -> (Document, Vec<Diagnostic>) {
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
                writer.emit(safe_links(other));
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
            "<sup class=\"footnote-ref\"><a id=\"noteref-{number}-{nth}\" href=\"#note-{number}\" role=\"doc-noteref\">{}</a></sup>",
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
                    "<li id=\"note-{number}\">"
                ))));
                self.events.extend(body);
                let backlinks: String = (1..=count)
                    .map(|nth| {
                        format!(" <a href=\"#noteref-{number}-{nth}\" role=\"doc-backlink\" aria-label=\"Back to note {} reference {nth}\">↩</a>", roman(number))
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

/// Links and images keep only destinations that are safe to follow.
fn safe_links(event: Event<'_>) -> Event<'static> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from(safe_url(&dest_url).to_string()),
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
pub fn safe_url(url: &str) -> &str {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_end = lower.find([':', '/', '?', '#']);
    let has_scheme = scheme_end.is_some_and(|i| lower.as_bytes()[i] == b':');
    if !has_scheme
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
    {
        url
    } else {
        "#"
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

/// Renders a document's structure with each run's text escaped and nothing
/// else added. Used for plain previews (free pages, summaries).
pub fn plain_html(document: &Document) -> String {
    let mut out = String::new();
    for node in &document.nodes {
        match node {
            Node::Html(html) => out.push_str(html),
            Node::Run(run) => {
                let _ = write!(out, "{}", Escaped(&run.text));
            }
        }
    }
    out
}

/// HTML-escapes text for element content and quoted attribute values;
/// control characters and the noncharacters U+FFFE and U+FFFF become U+FFFD.
pub struct Escaped<'a>(pub &'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        escape(self.0, |piece| f.write_str(piece))
    }
}

/// HTML-escapes `input` for Tera's auto-escaping (the same rules as [`Escaped`]).
pub fn escape_for_tera(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escape(input, |piece| out.write_all(piece.as_bytes()))
}

/// Writes `text` escaped for HTML and XML text and quoted attributes.
/// Control characters, which neither HTML nor XML 1.0 allows, become U+FFFD.
fn escape<E>(text: &str, write: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    substitute(text, &HTML_SPECIAL, html_special_at, write)
}

/// What replaces a character, and the character's width in bytes.
type Replacement = (&'static str, usize);

/// Writes `text` in pieces with every character `found` names replaced;
/// `starts` marks the bytes that may begin one (almost every byte is plain
/// text and is skipped with one table lookup).
fn substitute<E>(
    text: &str,
    starts: &[bool; 256],
    found: fn(&[u8], usize) -> Option<Replacement>,
    mut write: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let bytes = text.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Every byte in `starts` is ASCII or starts a multi-byte character, so
        // the slices below always fall on character boundaries.
        match starts[usize::from(bytes[i])]
            .then(|| found(bytes, i))
            .flatten()
        {
            Some((replacement, width)) => {
                write(&text[last..i])?;
                write(replacement)?;
                i += width;
                last = i;
            }
            None => i += 1,
        }
    }
    write(&text[last..])
}

/// The HTML escape of a special character at `bytes[i]`, or what
/// [`control_at`] replaces there.
fn html_special_at(bytes: &[u8], i: usize) -> Option<Replacement> {
    match bytes[i] {
        b'&' => Some(("&amp;", 1)),
        b'<' => Some(("&lt;", 1)),
        b'>' => Some(("&gt;", 1)),
        b'"' => Some(("&quot;", 1)),
        b'\'' => Some(("&#39;", 1)),
        _ => control_at(bytes, i),
    }
}

/// Bytes that may start something [`escape`] replaces.
static HTML_SPECIAL: [bool; 256] = byte_table(b"&<>\"'");

/// Bytes that may start a character that [`without_controls`] replaces.
static CONTROL_START: [bool; 256] = byte_table(b"");

/// A table of `extra` plus the bytes that may start a control character or
/// U+FFFE/U+FFFF (C0 but tab, LF and CR; DEL; 0xC2 for C1; 0xEF).
const fn byte_table(extra: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    table[0x7F] = true;
    table[0xC2] = true;
    table[0xEF] = true;
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = true;
        i += 1;
    }
    table
}

/// The replacement and byte width of a control character or noncharacter
/// starting at `bytes[i]`, if one does.
fn control_at(bytes: &[u8], i: usize) -> Option<Replacement> {
    let next = bytes.get(i + 1).copied();
    match bytes[i] {
        // Controls that are whitespace (VT, FF, NEL) read as a space.
        0x0B | 0x0C => Some((" ", 1)),
        0xC2 if next == Some(0x85) => Some((" ", 2)),
        0x00..=0x08 | 0x0E..=0x1F | 0x7F => Some(("\u{FFFD}", 1)),
        0xC2 if next.is_some_and(|b| (0x80..=0x9F).contains(&b)) => Some(("\u{FFFD}", 2)),
        // U+FFFE and U+FFFF, noncharacters that XML forbids.
        0xEF if next == Some(0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) => {
            Some(("\u{FFFD}", 3))
        }
        _ => None,
    }
}

/// `text` with the characters HTML and XML do not allow replaced: control
/// characters that are whitespace (VT, FF, NEL) by a space, the others and
/// the noncharacters U+FFFE and U+FFFF by U+FFFD. Tab, LF and CR stay.
fn without_controls(text: String) -> String {
    let bytes = text.as_bytes();
    let clean = (0..bytes.len())
        .all(|i| !CONTROL_START[usize::from(bytes[i])] || control_at(bytes, i).is_none());
    if clean {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let written: Result<(), std::convert::Infallible> =
        substitute(&text, &CONTROL_START, control_at, |piece| {
            out.push_str(piece);
            Ok(())
        });
    let Ok(()) = written;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn roman_numerals() {
        assert_eq!([1, 4, 9, 14, 40].map(roman), ["i", "iv", "ix", "xiv", "xl"]);
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
