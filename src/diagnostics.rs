//! Problems found in a site's files, as values with a place.
//!
//! Every stage reports what is wrong by pushing a [`Diagnostic`] instead of
//! stopping at the first problem, so one run shows the curator everything to
//! fix. Rendering them for the terminal (like rustc: `error: …`, `--> path:line:col`,
//! the offending line with a caret) happens once, at the end, in [`render`].

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in one of the site's files. `path` is relative to the site root;
/// `line` and `column` are 1-based, the column counted in characters.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    /// How many characters the problem spans on its line (at least 1 is shown).
    pub len: usize,
}

impl Place {
    pub fn new(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Place {
            path: path.into(),
            line,
            column,
            len: 1,
        }
    }

    /// `path` at `position`, one character long.
    pub fn at(path: impl Into<PathBuf>, position: LineCol) -> Self {
        Place::new(path, position.line, position.column)
    }

    /// The place of a whole file, when no finer position exists.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Place::new(path, 0, 0)
    }

    pub fn with_len(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.path.display())
        } else {
            write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
        }
    }
}

/// One problem: what is wrong, where, and what would help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub place: Option<Place>,
    /// Short text shown under the caret.
    pub label: Option<String>,
    /// `help:` lines: what to do about it.
    pub help: Vec<String>,
    /// `note:` lines: related places and context.
    pub notes: Vec<String>,
    /// Other places shown with their source lines (after the notes).
    pub related: Vec<Related>,
}

/// A 1-based line and column (in characters) of a file, as editors count them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineCol {
    pub fn new(line: usize, column: usize) -> Self {
        LineCol { line, column }
    }
}

/// A second place a diagnostic shows with its source, such as the passage
/// of a seed that comes closest to a quote that is not in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// Shown as `note: …` above the snippet.
    pub title: String,
    /// Where the stretch starts (`len` is ignored) …
    pub start: Place,
    /// … and the line and column just after it.
    pub end: LineCol,
    /// Stretches inside it to underline, each with a label.
    pub marks: Vec<(Place, String)>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            place: None,
            label: None,
            help: Vec::new(),
            notes: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, place: Place) -> Self {
        self.place = Some(place);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    /// Adds a "did you mean" help when one of `candidates` is close to `wrong`.
    pub fn suggest<'a>(self, wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        self.suggest_or(wrong, candidates, |d| d)
    }

    /// Like [`Diagnostic::suggest`], with `otherwise` applied when no
    /// candidate is close.
    pub fn suggest_or<'a>(
        self,
        wrong: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        otherwise: impl FnOnce(Self) -> Self,
    ) -> Self {
        match closest(wrong, candidates) {
            Some(best) => self.meant(best),
            None => otherwise(self),
        }
    }

    /// The "did you mean" help for `best`, found by the caller.
    pub fn meant(self, best: &str) -> Self {
        self.help(format!("did you mean `{best}`?"))
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The candidate closest to `wrong`, if any is close enough to be a plausible typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wrong_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The diagnostics of one run, in a stable order: by file, position, then message.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted and de-duplicated, so output does not depend on thread scheduling.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.severity, &a.place, &a.message).cmp(&(b.severity, &b.place, &b.message))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Renders diagnostics like the compiler does. Source lines are read from
/// `root` joined with each place's path; a file that cannot be read is shown
/// without its line.
pub fn render(diagnostics: &[Diagnostic], root: &Path, styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_one(diagnostic, root, &renderer));
        out.push_str("\n\n");
    }
    out.push_str(&summary(diagnostics));
    out
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => String::new(),
        (0, w) => format!("{} emitted\n", plural(w, "warning")),
        (e, 0) => format!("{} found\n", plural(e, "error")),
        (e, w) => format!(
            "{} and {} found\n",
            plural(e, "error"),
            plural(w, "warning")
        ),
    }
}

fn render_one(diagnostic: &Diagnostic, root: &Path, renderer: &Renderer) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(diagnostic.message.as_str());
    let path_text = diagnostic
        .place
        .as_ref()
        .map(|p| p.path.display().to_string())
        .unwrap_or_default();
    let line_text = diagnostic
        .place
        .as_ref()
        .filter(|p| p.line > 0)
        .and_then(|p| source_line(&root.join(&p.path), p.line));
    let mut group = match (&diagnostic.place, &line_text) {
        (Some(place), Some(text)) => {
            let span = char_span(text, place.column, place.len);
            let mut annotation = AnnotationKind::Primary.span(span);
            if let Some(label) = &diagnostic.label {
                annotation = annotation.label(label.as_str());
            }
            title.element(
                Snippet::source(text.as_str())
                    .line_start(place.line)
                    .path(path_text.as_str())
                    .annotation(annotation),
            )
        }
        (Some(place), None) => {
            let mut origin = annotate_snippets::Origin::path(path_text.as_str());
            if place.line > 0 {
                origin = origin.line(place.line).char_column(place.column.max(1));
            }
            title.element(origin)
        }
        (None, _) => Group::with_title(title),
    };
    for note in &diagnostic.notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    let sources: Vec<Option<(String, usize)>> = diagnostic
        .related
        .iter()
        .map(|r| source_lines(&root.join(&r.start.path), r.start.line, r.end.line))
        .collect();
    // Help comes last, after the related places, so it is the last thing read.
    let help = diagnostic
        .help
        .iter()
        .map(|help| Level::HELP.message(help.as_str()));
    let mut groups = vec![group];
    groups.extend(
        diagnostic
            .related
            .iter()
            .zip(&sources)
            .map(|(r, source)| related_group(r, source.as_ref())),
    );
    if let Some(last) = groups.pop() {
        groups.push(last.elements(help));
    }
    renderer.render(&groups)
}

/// The most lines of a related stretch shown.
const RELATED_LINES: usize = 6;

/// A related place as a titled group: its lines (`source`: their text and
/// the number of the first) with the stretch and its marks underlined.
fn related_group<'a>(related: &'a Related, source: Option<&'a (String, usize)>) -> Group<'a> {
    let title = Level::NOTE.secondary_title(related.title.as_str());
    let path = related.start.path.display().to_string();
    let Some((text, first_line)) = source else {
        let origin = annotate_snippets::Origin::path(path)
            .line(related.start.line)
            .char_column(related.start.column.max(1));
        return Group::with_title(title).element(origin);
    };
    let at = |line: usize, column: usize| offset_of(text, line - first_line, column);
    let start = at(related.start.line, related.start.column);
    let end = at(related.end.line, related.end.column).max(start);
    let shown =
        |place: &Place| place.line >= *first_line && place.line < first_line + RELATED_LINES;
    let marks: Vec<_> = related
        .marks
        .iter()
        .filter(|(place, _)| shown(place))
        .map(|(place, label)| {
            let from = at(place.line, place.column);
            let to = offset_of(text, place.line - first_line, place.column + place.len).max(from);
            AnnotationKind::Primary.span(from..to).label(label.as_str())
        })
        .collect();
    let snippet = Snippet::source(text.as_str())
        .line_start(*first_line)
        .path(path)
        .fold(false);
    // The stretch is underlined when nothing inside it is, or when it is on
    // one line (drawn across lines, it would tangle with the marks).
    let snippet = if marks.is_empty() {
        snippet.annotation(AnnotationKind::Primary.span(start..end))
    } else if related.start.line == related.end.line {
        snippet
            .annotation(AnnotationKind::Context.span(start..end))
            .annotations(marks)
    } else {
        snippet.annotations(marks)
    };
    Group::with_title(title).element(snippet)
}

/// The byte offset in `text` of 1-based `column` on its line `line` (0-based);
/// clamped to the end of that line.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 0..line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let span = char_span(&text[line_start..line_end], column, 1);
    line_start + span.start
}

/// Lines `first..=last` of a file (at most [`RELATED_LINES`]), joined, and `first`.
fn source_lines(path: &Path, first: usize, last: usize) -> Option<(String, usize)> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let count = last.saturating_sub(first).min(RELATED_LINES - 1) + 1;
    let lines: Vec<&str> = text
        .lines()
        .skip(first.checked_sub(1)?)
        .take(count)
        .map(|l| l.trim_end_matches('\r'))
        .collect();
    (!lines.is_empty()).then(|| (lines.join("\n"), first))
}

/// The byte range in `line` for `len` characters starting at 1-based `column`.
fn char_span(line: &str, column: usize, len: usize) -> std::ops::Range<usize> {
    let start_char = column.saturating_sub(1);
    let mut indices = line.char_indices().map(|(i, _)| i).chain([line.len()]);
    let start = indices.nth(start_char).unwrap_or(line.len());
    let end = line[start..]
        .char_indices()
        .nth(len.max(1))
        .map(|(i, _)| start + i)
        .unwrap_or(line.len());
    start..end.max(start)
}

fn source_line(path: &Path, line: usize) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    text.lines()
        .nth(line - 1)
        .map(|l| l.trim_end_matches('\r').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_a_near_miss_and_ignores_strangers() {
        assert_eq!(closest("TASS.", ["tass", "rutube"]), Some("tass"));
        assert_eq!(closest("metrc", ["metric", "label"]), Some("metric"));
        assert_eq!(closest("zzz", ["metric", "label"]), None);
    }

    #[test]
    fn char_span_counts_characters_not_bytes() {
        let line = "Москва: TASS";
        assert_eq!(&line[char_span(line, 9, 4)], "TASS");
        assert_eq!(&line[char_span(line, 1, 6)], "Москва");
    }

    #[test]
    fn a_related_place_is_shown_with_its_lines_and_marks() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "Intro.\nThe plant made 190,000 units.\n",
        )
        .unwrap();
        let mark = Place::new("a.txt", 2, 16).with_len(7);
        let d = Diagnostic::error("quote not found")
            .related(Related {
                title: "the closest passage".into(),
                start: Place::new("a.txt", 2, 5),
                end: LineCol::new(2, 29),
                marks: vec![(mark, "the quote has `190 000`".into())],
            })
            .help("fix it");
        let out = render(&[d], dir.path(), false);
        let expected = "note: the closest passage
 --> a.txt:2:16
  |
2 | The plant made 190,000 units.
  |     -----------^^^^^^^------
  |                |
  |                the quote has `190 000`
  = help: fix it
";
        assert!(out.contains(expected), "{out}");
        // A file that cannot be read still gives the place.
        let gone = render(
            &[Diagnostic::error("x").related(Related {
                title: "there".into(),
                start: Place::new("missing.txt", 3, 4),
                end: LineCol::new(3, 9),
                marks: Vec::new(),
            })],
            dir.path(),
            false,
        );
        assert!(gone.contains("missing.txt:3:4"), "{gone}");
    }

    #[test]
    fn summary_counts_errors_and_warnings() {
        let d = vec![Diagnostic::error("a"), Diagnostic::warning("b")];
        assert_eq!(summary(&d), "1 error and 1 warning found\n");
    }
}
