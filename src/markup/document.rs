//! A [`Document`]: structure (already-escaped HTML such as `<p>` and `<ul>`)
//! interleaved with [`TextRun`]s, the literal words with their citation
//! markers taken out and remembered by position. Seeds, free pages and
//! summaries are parsed into one; later stages find mentions and quotes in
//! the runs and decide what to wrap around them.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use super::escape::Escaped;
use super::text::collapse_whitespace;
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

/// Finds `[Citation: NAME]` markers in one stretch of text and drops the
/// whitespace before each; nothing else is trimmed. `locate` turns a
/// byte offset and length in `text` into the marker's line, column and length
/// in the file.
pub fn extract_citations(
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

/// Where `needle` (which starts with `[`) first occurs in `haystack`, ignoring
/// ASCII case. Jumps from `[` to `[` (a fast byte search): most of a seed
/// has none.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (bytes, needle) = (haystack.as_bytes(), needle.as_bytes());
    let mut from = 0;
    while let Some(found) = haystack[from..].find('[') {
        let at = from + found;
        if bytes
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
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
