//! YAML through serde-saphyr, with its errors turned into our diagnostics
//! (and a "did you mean" for unknown keys and values).
//!
//! serde stops at the first problem in a file. When a file does not fit its
//! schema, it is read again as plain YAML ([`tree::Value`]) to find its
//! pieces (each mapping entry, each list item), and parsed again with the
//! pieces already found wrong blanked out, until it fits or nothing more can
//! be learnt; so one run reports every independent problem of the file, each
//! at its own place, and no problem caused only by the blanking.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{DefaultMessageFormatter, Error, Location, MessageFormatter, Options, Spanned};

use super::tree::Value;
use crate::diagnostics::{Diagnostic, LineCol, Place, closest};

/// A file that does not load: its problems, and the file read as plain YAML
/// when it is at least that (for what can still be read of it).
#[derive(Debug)]
pub struct Broken {
    pub problems: Vec<Diagnostic>,
    pub tree: Option<Value>,
}

impl Broken {
    /// A file with one problem and nothing readable.
    pub fn unreadable(problem: Diagnostic) -> Broken {
        Broken {
            problems: vec![problem],
            tree: None,
        }
    }
}

/// Parses `text` (the YAML of `path`, starting at line `first_line` of that file).
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str, first_line: usize) -> Result<T, Broken> {
    // An empty file reads as an empty mapping, so the error names what is missing.
    let text = if is_blank(text) { "{}" } else { text };
    let first = match from_str(text) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let file = File {
        path,
        text,
        first_line,
    };
    if let Some(problem) = file.tab_indentation(&first) {
        return Err(Broken::unreadable(problem));
    }
    let tree: Option<Spanned<Value>> = from_str(text).ok();
    let problems = match &tree {
        Some(tree) => every_problem::<T>(&file, tree, first),
        None => vec![file.diagnostic(&first)],
    };
    Err(Broken {
        problems,
        tree: tree.map(|t| t.value),
    })
}

/// `text` read as plain YAML, if it is YAML.
pub fn plain(text: &str) -> Option<Value> {
    from_str::<Value>(text).ok()
}

fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_saphyr::from_str_with_options(text, Options::default())
}

/// The file a parse is about, for diagnostics.
struct File<'a> {
    path: &'a Path,
    text: &'a str,
    first_line: usize,
}

/// How many times a broken file is parsed again at most (each round finds
/// one more problem or stops).
const MAX_ROUNDS: usize = 64;

/// Every independent problem of `file`, which failed with `first` and reads
/// as the plain YAML `tree`.
fn every_problem<T: DeserializeOwned>(
    file: &File,
    tree: &Spanned<Value>,
    first: Error,
) -> Vec<Diagnostic> {
    let pieces = Pieces::of(file.text, tree);
    let mut blanked = vec![false; pieces.list.len()];
    // Scalars replaced by a value of the right type, so that the rest of
    // their mapping (a missing key beside them) is still checked.
    let mut replaced: Vec<(usize, String)> = Vec::new();
    // (container piece, key): keys a piece no longer has because they were
    // blanked or misspelt, so that "missing field" is not said of them.
    let mut dropped: Vec<(usize, String)> = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut error = first;
    for round in 0..MAX_ROUNDS {
        let at = error
            .location()
            .filter(|l| l.line() > 0)
            .map(|l| pieces.offset(&l));
        let inner = error.without_snippet();
        let innermost = at.map(|at| pieces.innermost(at));
        if round > 0 && innermost.is_none_or(|p| pieces.is_blanked(p, &blanked)) {
            // Only the blanking can have caused this.
            break;
        }
        let next = match inner {
            Error::SerdeMissingField { field, .. } => {
                let container = innermost.map(|p| pieces.struct_without(p, field, &blanked));
                let said = container.is_some_and(|c| dropped.contains(&(c, field.to_string())));
                if !said {
                    problems.push(missing_field(file, &pieces, container, field, &error));
                }
                container.map_or(Next::Stop, Next::Blank)
            }
            Error::SerdeUnknownField {
                field, expected, ..
            } => {
                problems.push(file.diagnostic(&error));
                if let Some(piece) = innermost {
                    let parent = pieces.list[piece].parent;
                    let meant = closest(field, expected.iter().copied()).unwrap_or(field);
                    dropped.push((parent, meant.to_string()));
                }
                innermost.map_or(Next::Stop, Next::Blank)
            }
            Error::ExternalMessage { .. } | Error::Budget { .. } if round > 0 => Next::Stop,
            _ => {
                problems.push(file.diagnostic(&error));
                let fresh = innermost.filter(|p| {
                    pieces.is_one_line_scalar(*p) && !replaced.iter().any(|(r, _)| r == p)
                });
                match (fresh, placeholder(inner)) {
                    (Some(piece), Some(stand_in)) => Next::Replace(piece, stand_in),
                    _ => innermost.map_or(Next::Stop, Next::Blank),
                }
            }
        };
        match next {
            Next::Replace(piece, stand_in) => replaced.push((piece, stand_in)),
            Next::Blank(piece) if piece != ROOT && !blanked[piece] => {
                if !pieces.blank(piece, &mut blanked, &mut dropped) {
                    break;
                }
            }
            Next::Blank(_) | Next::Stop => break,
        }
        match from_str::<T>(&pieces.masked(file.text, &blanked, &replaced)) {
            Ok(_) => break,
            Err(next) => error = next,
        }
    }
    problems.dedup();
    problems
}

/// What to do with the file before parsing it again.
enum Next {
    /// Turn this piece into spaces.
    Blank(usize),
    /// Put this value in place of the scalar value of this piece.
    Replace(usize, String),
    Stop,
}

/// A value of the type serde wanted instead of the one written, when one
/// can be told from the error.
fn placeholder(error: &Error) -> Option<String> {
    match error {
        Error::InvalidScalar { ty, .. } if ty.contains("bool") => Some("false".into()),
        Error::InvalidScalar { ty, .. } if is_number_type(ty) => Some("0".into()),
        Error::SerdeUnknownVariant { expected, .. } => expected.first().map(|v| v.to_string()),
        Error::SerdeInvalidType { expected, .. } if expected.contains("sequence") => {
            Some("[]".into())
        }
        Error::SerdeInvalidType { expected, .. }
            if expected.contains("map") || expected.contains("struct") =>
        {
            Some("{}".into())
        }
        Error::SerdeInvalidType { expected, .. } if expected.contains("string") => Some("x".into()),
        Error::NullIntoString { .. } => Some("x".into()),
        _ => None,
    }
}

fn missing_field(
    file: &File,
    pieces: &Pieces,
    container: Option<usize>,
    field: &str,
    error: &Error,
) -> Diagnostic {
    let d = file.diagnostic(error);
    let place = match container {
        // The whole file lacks it: the last key serde saw says nothing.
        Some(ROOT) | None => Place::file(file.path),
        Some(piece) => file.place(pieces.line_col(pieces.list[piece].value_at)),
    };
    let label = match container {
        Some(ROOT) | None => None,
        Some(_) => Some(format!("this has no `{field}`")),
    };
    Diagnostic {
        place: Some(place),
        label,
        ..d
    }
}

/// The root piece: the whole file.
const ROOT: usize = 0;

/// A mapping entry (key and value) or a list item, as a byte range of the file.
struct Piece {
    start: usize,
    end: usize,
    parent: usize,
    /// The key, for a mapping entry.
    key: Option<String>,
    /// Where its value starts.
    value_at: usize,
    /// The keys of its value, when that is a mapping.
    keys: Option<Vec<String>>,
    children: Vec<usize>,
}

/// A file cut into nested pieces. Only block collections are cut: flow
/// collections (`[…]`, `{…}`) and anything behind an anchor or alias stay
/// whole.
struct Pieces {
    list: Vec<Piece>,
    /// Byte offset of each line's start.
    lines: Vec<usize>,
    text: String,
}

impl Pieces {
    fn of(text: &str, tree: &Spanned<Value>) -> Pieces {
        let mut lines = vec![0];
        lines.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut pieces = Pieces {
            list: Vec::new(),
            lines,
            text: text.to_string(),
        };
        pieces.list.push(Piece {
            start: 0,
            end: text.len(),
            parent: ROOT,
            key: None,
            value_at: pieces.offset(&tree.referenced).min(text.len()),
            keys: keys_of(&tree.value),
            children: Vec::new(),
        });
        pieces.cut(ROOT, tree);
        pieces
    }

    /// The byte offset of a location (columns count characters).
    fn offset(&self, location: &Location) -> usize {
        let line = (location.line() as usize).clamp(1, self.lines.len());
        let start = self.lines[line - 1];
        let end = self.lines.get(line).copied().unwrap_or(self.text.len());
        let column = (location.column() as usize).max(1) - 1;
        self.text[start..end]
            .char_indices()
            .nth(column)
            .map_or(end, |(i, _)| start + i)
    }

    /// The 1-based line and column of a byte offset.
    fn line_col(&self, offset: usize) -> LineCol {
        let line = self.lines.partition_point(|&start| start <= offset);
        let start = self.lines[line - 1];
        let column = self.text[start..offset.min(self.text.len())]
            .chars()
            .count()
            + 1;
        LineCol { line, column }
    }

    /// Cuts the value of piece `index` (`value`) into child pieces.
    fn cut(&mut self, index: usize, value: &Spanned<Value>) {
        let end = self.list[index].end;
        let at = self.offset(&value.referenced);
        if matches!(
            self.text[at.min(self.text.len())..].chars().next(),
            Some('[' | '{' | '&' | '!' | '*')
        ) {
            return;
        }
        let children: Vec<(usize, Option<String>, &Spanned<Value>)> = match &value.value {
            Value::Map(entries) => entries
                .iter()
                .map(|(key, value)| {
                    let name = key.value.as_str().map(str::to_string);
                    (self.offset(&key.referenced), name, value)
                })
                .collect(),
            Value::List(items) => {
                let mut children = Vec::with_capacity(items.len());
                for item in items {
                    let Some(dash) = self.dash_before(self.offset(&item.referenced)) else {
                        return;
                    };
                    children.push((dash, None, item));
                }
                children
            }
            _ => return,
        };
        // Pieces must follow each other inside their parent (aliases and
        // merge keys can break that: then the value stays whole).
        let starts: Vec<usize> = children.iter().map(|c| c.0).collect();
        let ordered = starts.windows(2).all(|w| w[0] < w[1])
            && starts.first().is_some_and(|&s| s >= self.list[index].start)
            && starts.last().is_some_and(|&s| s < end);
        if !ordered {
            return;
        }
        for (i, (start, key, value)) in children.into_iter().enumerate() {
            let child = self.list.len();
            self.list.push(Piece {
                start,
                end: starts.get(i + 1).copied().unwrap_or(end),
                parent: index,
                key,
                value_at: self.offset(&value.referenced).min(self.text.len()),
                keys: keys_of(&value.value),
                children: Vec::new(),
            });
            self.list[index].children.push(child);
            self.cut(child, value);
        }
    }

    /// The `-` that starts the list item whose value is at `at`.
    fn dash_before(&self, at: usize) -> Option<usize> {
        let before = self.text[..at.min(self.text.len())].trim_end();
        before.ends_with('-').then(|| before.len() - 1)
    }

    /// The smallest piece containing byte `at`.
    fn innermost(&self, at: usize) -> usize {
        let mut current = ROOT;
        'down: loop {
            for &child in &self.list[current].children {
                let piece = &self.list[child];
                if piece.start <= at && at < piece.end {
                    current = child;
                    continue 'down;
                }
            }
            return current;
        }
    }

    /// The piece holding the mapping that lacks `field`: from `piece`
    /// outwards, the first whose value is a mapping without that key (or
    /// with it blanked).
    fn struct_without(&self, mut piece: usize, field: &str, blanked: &[bool]) -> usize {
        loop {
            let current = &self.list[piece];
            let has = if current.children.is_empty() {
                current
                    .keys
                    .as_ref()
                    .is_none_or(|keys| keys.iter().any(|k| k == field))
            } else {
                current.keys.is_none()
                    || current
                        .children
                        .iter()
                        .any(|&c| !blanked[c] && self.list[c].key.as_deref() == Some(field))
            };
            if !has || piece == ROOT {
                return piece;
            }
            piece = current.parent;
        }
    }

    fn is_blanked(&self, mut piece: usize, blanked: &[bool]) -> bool {
        loop {
            if blanked[piece] {
                return true;
            }
            if piece == ROOT {
                return false;
            }
            piece = self.list[piece].parent;
        }
    }

    /// Blanks `piece`, and its parent when all the parent's children are
    /// blank (an empty list or mapping could be an error of its own).
    /// Returns `false` when that would blank the whole file.
    fn blank(
        &self,
        mut piece: usize,
        blanked: &mut [bool],
        dropped: &mut Vec<(usize, String)>,
    ) -> bool {
        loop {
            if piece == ROOT {
                return false;
            }
            blanked[piece] = true;
            let parent = self.list[piece].parent;
            if let Some(key) = &self.list[piece].key {
                dropped.push((parent, key.clone()));
            }
            if !self.list[parent].children.iter().all(|&c| blanked[c]) {
                return true;
            }
            piece = parent;
        }
    }

    /// Whether the value of mapping entry `piece` is a scalar (or nothing)
    /// that ends its line, with only blank lines or comments after it.
    fn is_one_line_scalar(&self, piece: usize) -> bool {
        let line_end = self.line_end(self.scalar_start(piece));
        let piece = &self.list[piece];
        piece.key.is_some()
            && piece.keys.is_none()
            && piece.children.is_empty()
            && piece.value_at >= piece.start
            && line_end <= piece.end
            && self.text[line_end..piece.end].lines().all(|line| {
                let line = line.trim();
                line.is_empty() || line.starts_with('#')
            })
    }

    fn line_end(&self, offset: usize) -> usize {
        self.text[offset.min(self.text.len())..]
            .find(['\n', '\r'])
            .map_or(self.text.len(), |i| offset + i)
    }

    /// `text` with every blanked piece turned into spaces and each replaced
    /// scalar turned into its stand-in (lines, and the columns of
    /// everything before the stand-ins, stay where they were).
    fn masked(&self, text: &str, blanked: &[bool], replaced: &[(usize, String)]) -> String {
        let mut hidden = vec![false; text.len()];
        for (piece, _) in blanked.iter().enumerate().filter(|(_, b)| **b) {
            let Piece { start, end, .. } = self.list[piece];
            hidden[start..end].fill(true);
        }
        let mut stand_ins: Vec<(usize, usize, &str)> = replaced
            .iter()
            .filter(|(piece, _)| !self.is_blanked(*piece, blanked))
            .map(|(piece, text)| {
                let at = self.scalar_start(*piece);
                (at, self.line_end(at), text.as_str())
            })
            .collect();
        stand_ins.sort_unstable();
        let mut out = String::with_capacity(text.len());
        let mut next = stand_ins.iter().peekable();
        let mut skip_to = 0;
        for (i, c) in text.char_indices() {
            if i < skip_to {
                continue;
            }
            if let Some(&&(at, end, stand_in)) = next.peek()
                && at == i
            {
                // After `key:` a value needs a space before it.
                if !out.ends_with([' ', '\t']) {
                    out.push(' ');
                }
                out.push_str(stand_in);
                skip_to = end;
                next.next();
                if end > i {
                    continue;
                }
            }
            out.push(if hidden[i] && c != '\n' && c != '\r' {
                ' '
            } else {
                c
            });
        }
        // An empty value at the very end of the file.
        for &(_, _, stand_in) in next {
            out.push(' ');
            out.push_str(stand_in);
        }
        out
    }

    /// Where the scalar value of entry `piece` starts (an empty value is
    /// placed at its key's colon).
    fn scalar_start(&self, piece: usize) -> usize {
        let at = self.list[piece].value_at.min(self.text.len());
        if self.text[at..].starts_with(':') {
            at + 1
        } else {
            at
        }
    }
}

fn keys_of(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Map(entries) => Some(
            entries
                .iter()
                .filter_map(|(k, _)| k.value.as_str().map(str::to_string))
                .collect(),
        ),
        _ => None,
    }
}

/// Nothing but blank lines, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

/// The key on line `line` (1-based) of `text`, if the line reads `key: …` or `- key: …`.
fn key_on_line(text: &str, line: usize) -> Option<&str> {
    let source = text.lines().nth(line.checked_sub(1)?)?.trim_start();
    let source = source.strip_prefix("- ").unwrap_or(source);
    let (key, _) = source.split_once(':')?;
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    plain.then_some(key)
}

/// The scalar written at `line`:`column` (1-based), without quotes or a
/// trailing comment.
fn scalar_at(text: &str, line: usize, column: usize) -> Option<&str> {
    let source = text.lines().nth(line.checked_sub(1)?)?;
    let start = source
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map_or(source.len(), |(i, _)| i);
    // An empty value is placed at its key's colon.
    let rest = source[start..]
        .strip_prefix(':')
        .unwrap_or(&source[start..]);
    let rest = rest.find(" #").map_or(rest, |i| &rest[..i]).trim();
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|&q| rest.strip_prefix(q).and_then(|r| r.strip_suffix(q)));
    Some(unquoted.unwrap_or(rest))
}

/// The place of a spanned value, for later diagnostics.
pub fn place(path: &Path, location: &Location, len: usize) -> Place {
    Place::new(path, location.line() as usize, location.column() as usize).with_len(len)
}

impl File<'_> {
    fn place(&self, LineCol { line, column }: LineCol) -> Place {
        Place::new(self.path, line + self.first_line - 1, column.max(1))
    }

    fn diagnostic(&self, error: &Error) -> Diagnostic {
        let inner = error.without_snippet();
        let message = DefaultMessageFormatter.format_message(inner).into_owned();
        let location = error.location().filter(|l| l.line() > 0);
        let at = location.map(|l| LineCol::new(l.line() as usize, (l.column() as usize).max(1)));
        let diagnostic = Diagnostic::error(message).at(match at {
            Some(at) => self.place(at),
            None => Place::file(self.path),
        });
        let key = at.and_then(|at| key_on_line(self.text, at.line));
        match inner {
            Error::SerdeUnknownField { field, expected, .. } => diagnostic
                .label("unknown key")
                .suggest(field, expected.iter().copied()),
            Error::SerdeUnknownVariant { variant, expected, .. } => diagnostic
                .label("not one of the allowed values")
                .suggest(variant, expected.iter().copied()),
            Error::SerdeMissingField { field, .. } => {
                diagnostic.help(format!("add the required key `{field}`"))
            }
            Error::Budget { .. } => diagnostic
                .help("the file expands to too much data (YAML aliases nested too deeply?); write the values out"),
            Error::DuplicateMappingKey { key, .. } => {
                let key = key.as_deref().unwrap_or("this key");
                Diagnostic { message: format!("`{key}` appears twice in the same mapping"), ..diagnostic }
                    .label("second occurrence")
                    .help("keep one of them: keys must be unique")
            }
            Error::InvalidScalar { ty, .. } if is_number_type(ty) => {
                let written = at.and_then(|at| scalar_at(self.text, at.line, at.column));
                not_a_number(diagnostic, key.unwrap_or("value"), written.unwrap_or(""))
            }
            _ => match (self.unclosed_quote(at), key) {
                (Some(quote), _) => quote.into_diagnostic(self, diagnostic),
                (None, Some(key)) => diagnostic
                    .label(format!("in the value of `{key}`"))
                    .help(format!("check the type of `{key}` (text, number, list or mapping) against the format")),
                (None, None) => diagnostic,
            },
        }
    }

    /// One error for a file indented with tabs, when the parser tripped on
    /// them: at the first line whose indentation has a tab (the parser's own
    /// error may name the line before, or a scalar, and several follow).
    fn tab_indentation(&self, error: &Error) -> Option<Diagnostic> {
        let said = DefaultMessageFormatter
            .format_message(error.without_snippet())
            .to_lowercase();
        if !said.contains(" tab") && !said.starts_with("tab") {
            return None;
        }
        let indented = |line: &str| {
            let indentation = &line[..line.len() - line.trim_start().len()];
            indentation
                .find('\t')
                .map(|at| indentation[..at].chars().count() + 1)
        };
        let mut lines = self
            .text
            .lines()
            .enumerate()
            .filter(|(_, line)| !is_blank(line))
            .filter_map(|(index, line)| indented(line).map(|column| (index + 1, column)));
        let (line, column) = lines.next()?;
        let more = lines.count();
        let diagnostic = Diagnostic::error("a tab in the indentation")
            .at(self.place(LineCol::new(line, column)))
            .label("a tab")
            .help("indent with spaces: YAML does not allow tabs in indentation");
        Some(match more {
            0 => diagnostic,
            1 => diagnostic.note("1 more line below is indented with a tab"),
            n => diagnostic.note(format!("{n} more lines below are indented with tabs")),
        })
    }

    /// A quote left open before `error_at` (line, column): the usual cause
    /// of a syntax error further down.
    fn unclosed_quote(&self, error_at: Option<LineCol>) -> Option<OpenQuote> {
        let error_at = error_at?;
        let quote = first_open_quote(self.text)?;
        let before_error = LineCol::new(quote.line, quote.column) <= error_at;
        before_error.then_some(quote)
    }
}

fn is_number_type(ty: &str) -> bool {
    ty.contains("float") || ty.contains("int") || ty.starts_with(['f', 'i', 'u'])
}

/// `value: 16 GWh`, `value: 1,5`, `value: lots`: says what to write instead.
fn not_a_number(diagnostic: Diagnostic, key: &str, written: &str) -> Diagnostic {
    if written.is_empty() {
        return Diagnostic {
            message: format!("`{key}` is empty: it must be a number"),
            ..diagnostic
        }
        .help(format!("write the number, e.g. `{key}: 190000`"));
    }
    let message = format!("`{written}` is not a number");
    let diagnostic = Diagnostic {
        message: message.clone(),
        ..diagnostic
    };
    match split_number(written) {
        Some((number, unit)) if !unit.is_empty() && key == "value" => Diagnostic {
            message: format!("{message}: the number goes in `value` and the unit in `unit`"),
            ..diagnostic
        }
        .help(format!("write `value: {number}` and `unit: {unit}`")),
        Some((number, unit)) if unit.is_empty() => diagnostic.help(format!(
            "write `{key}: {number}` (a decimal point, no thousands separators)"
        )),
        _ => diagnostic.help(format!("write the number, e.g. `{key}: 190000`")),
    }
}

/// A number written for people (`16 GWh`, `1,5`, `300 000`, `1.5 million
/// cars`) as YAML wants it, and what follows it.
fn split_number(written: &str) -> Option<(String, String)> {
    let written = written.trim_start_matches(['~', '≈', '+']);
    let digits_end = written
        .char_indices()
        .find(|&(_, c)| {
            !(c.is_ascii_digit()
                || matches!(
                    c,
                    '.' | ',' | ' ' | '\'' | '’' | '_' | '\u{a0}' | '\u{202f}' | '-'
                ))
        })
        .map_or(written.len(), |(i, _)| i);
    let (digits, rest) = written.split_at(digits_end);
    let digits: String = digits
        .chars()
        .filter(|c| !matches!(c, ' ' | '\'' | '’' | '_' | '\u{a0}' | '\u{202f}'))
        .collect();
    let number = normalise_separators(&digits)?;
    let mut value: f64 = number.parse().ok()?;
    let mut unit = rest.trim();
    let (word, after) = unit.split_once(' ').unwrap_or((unit, ""));
    if let Some(factor) = multiplier(word) {
        value *= factor;
        unit = after.trim();
    }
    let shown = if number.contains('.') && value == number.parse::<f64>().ok()? {
        number
    } else {
        format_number(value)
    };
    Some((shown, unit.to_string()))
}

/// `1,5` → `1.5`; `300,000` and `1.234,5` → without their thousands separators.
fn normalise_separators(digits: &str) -> Option<String> {
    if !digits.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let last_comma = digits.rfind(',');
    let last_dot = digits.rfind('.');
    let (decimal, thousands) = match (last_comma, last_dot) {
        (Some(c), Some(d)) if c > d => (Some(','), '.'),
        (Some(_), Some(_)) => (Some('.'), ','),
        (Some(_), None) => {
            let groups: Vec<&str> = digits.split(',').collect();
            let grouped = groups[1..].iter().all(|g| g.len() == 3) && groups[0] != "0";
            if grouped {
                (None, ',')
            } else {
                (Some(','), '.')
            }
        }
        (None, _) => (Some('.'), ','),
    };
    let mut out: String = digits.chars().filter(|&c| c != thousands).collect();
    if let Some(decimal) = decimal {
        out = out.replace(decimal, ".");
    }
    (out.matches('.').count() <= 1).then_some(out)
}

fn multiplier(word: &str) -> Option<f64> {
    match word.trim_end_matches('.').to_lowercase().as_str() {
        "thousand" | "k" | "тыс" => Some(1e3),
        "million" | "millions" | "mln" | "mn" | "млн" => Some(1e6),
        "billion" | "billions" | "bn" | "bln" | "млрд" => Some(1e9),
        _ => None,
    }
}

fn format_number(value: f64) -> String {
    let text = format!("{value}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

/// A quote that opens a value and is not closed on its own line.
struct OpenQuote {
    line: usize,
    column: usize,
    quote: char,
    /// The line that closes it (swallowing the lines between), if any.
    closed_on: Option<usize>,
}

impl OpenQuote {
    fn into_diagnostic(self, file: &File, diagnostic: Diagnostic) -> Diagnostic {
        let q = self.quote;
        let (message, note) = match self.closed_on {
            Some(line) => (
                format!("unclosed quote: the `{q}` here is not closed on its line"),
                Some(format!(
                    "the value runs on to the next `{q}`, on line {}, taking in the lines between",
                    line + file.first_line - 1
                )),
            ),
            None => (
                format!("unclosed quote: the `{q}` here is never closed"),
                None,
            ),
        };
        let diagnostic = Diagnostic {
            message,
            place: Some(file.place(LineCol::new(self.line, self.column))),
            ..diagnostic
        }
        .label("the quoted value starts here");
        let diagnostic = match note {
            Some(note) => diagnostic.note(note),
            None => diagnostic,
        };
        diagnostic.help(format!(
            "end the value with `{q}` on the same line, or write it without quotes"
        ))
    }
}

/// The first quoted value whose closing quote is not on its own line, when
/// what it swallows looks like more YAML (`key: …`) or it never closes.
fn first_open_quote(text: &str) -> Option<OpenQuote> {
    let lines: Vec<&str> = text.lines().collect();
    let mut line_index = 0;
    while line_index < lines.len() {
        let line = lines[line_index];
        let Some((column, quote, rest_start)) = opening_quote(line) else {
            line_index += 1;
            continue;
        };
        match closing_quote(&line[rest_start..], quote) {
            Some(_) => {
                line_index += 1;
                continue;
            }
            None => {
                // Find where it closes, if anywhere.
                let mut swallowed_key = false;
                let mut closes_at = None;
                for (offset, later) in lines[line_index + 1..].iter().enumerate() {
                    if closing_quote(later, quote).is_some() {
                        closes_at = Some(line_index + 1 + offset);
                        break;
                    }
                    swallowed_key |= key_on_line(later, 1).is_some();
                }
                let closing_line_is_key =
                    closes_at.is_some_and(|l| key_on_line(lines[l], 1).is_some());
                if closes_at.is_none() || swallowed_key || closing_line_is_key {
                    return Some(OpenQuote {
                        line: line_index + 1,
                        column,
                        quote,
                        closed_on: closes_at.map(|l| l + 1),
                    });
                }
                line_index = closes_at.map_or(lines.len(), |l| l + 1);
            }
        }
    }
    None
}

/// A quote that starts a value on `line` (`key: "…`, `- "…`): its 1-based
/// column, the quote, and the byte offset just after it.
fn opening_quote(line: &str) -> Option<(usize, char, usize)> {
    let mut rest = line.trim_start();
    while let Some(item) = rest.strip_prefix("- ") {
        rest = item.trim_start();
    }
    if !rest.starts_with(['"', '\'']) {
        let (key, value) = rest.split_once(": ")?;
        let plain = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if !plain {
            return None;
        }
        rest = value.trim_start();
    }
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let at = line.len() - rest.len();
    Some((line[..at].chars().count() + 1, quote, at + 1))
}

/// Where `quote` closes in `rest` (escapes `\"` and `''` skipped).
fn closing_quote(rest: &str, quote: char) -> Option<usize> {
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('\'', '\'') if chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            (q, c) if c == q => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::schema::{ArticleFile, EntityFile, FactEntry, SiteFile, SourcesFile};

    fn problems<T: DeserializeOwned>(yaml: &str) -> Vec<Diagnostic> {
        match parse::<T>(Path::new("f.yaml"), yaml, 1) {
            Ok(_) => Vec::new(),
            Err(broken) => broken.problems,
        }
    }

    /// The places and messages of the problems, one line each.
    fn summary<T: DeserializeOwned>(yaml: &str) -> Vec<String> {
        problems::<T>(yaml)
            .iter()
            .map(|d| format!("{} {}", d.place.as_ref().unwrap(), d.message))
            .collect()
    }

    fn only<T>(result: Result<T, Broken>) -> Diagnostic {
        let Err(mut broken) = result else {
            panic!("expected a problem")
        };
        assert_eq!(broken.problems.len(), 1, "{:?}", broken.problems);
        broken.problems.remove(0)
    }

    #[test]
    fn unknown_key_names_its_place_and_suggests_the_right_one() {
        let yaml = "metric: a\nvalue: 1\nunit: u\nperiod: 2022\nstatus: reported\nqoute: x\n";
        let d = only(parse::<FactEntry>(Path::new("f.yaml"), yaml, 1));
        assert!(d.message.contains("unknown field `qoute`"), "{}", d.message);
        assert_eq!(d.place.unwrap().to_string(), "f.yaml:6:1");
        assert_eq!(d.help, vec!["did you mean `quote`?"]);
    }

    #[test]
    fn lines_are_offset_for_front_matter() {
        let d = only(parse::<FactEntry>(Path::new("p.md"), "metric: [", 2));
        assert_eq!(d.place.unwrap().line, 2);
    }

    #[test]
    fn an_alias_bomb_is_refused_quickly() {
        let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            yaml.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let d = parse::<std::collections::HashMap<String, serde_saphyr::Spanned<Vec<String>>>>(
            Path::new("b.yaml"),
            &yaml,
            1,
        );
        assert!(d.is_err());
    }

    const ENTITY: &str = "\
name: KAMAZ
kind: company
aliases: [KamAZ]
facts:
  - metric: output
    value: 1
    unit: cars
    period: 2022
    status: reported
  - metric: capacity
    value: 2
    unit: cars
    period: 2022
    status: target
";

    #[test]
    fn three_independent_problems_are_all_reported_at_their_places() {
        let yaml = ENTITY
            .replace("aliases:", "alises:")
            .replace("value: 1\n", "value: 16 GWh\n")
            .replace("status: target", "status: targte");
        let found = summary::<EntityFile>(&yaml);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(
            found[0].starts_with("f.yaml:3:1 unknown field `alises`"),
            "{found:#?}"
        );
        assert!(
            found[1].starts_with("f.yaml:6:12 `16 GWh` is not a number"),
            "{found:#?}"
        );
        assert!(
            found[2].starts_with("f.yaml:14:13 unknown variant `targte`"),
            "{found:#?}"
        );
    }

    #[test]
    fn a_misspelt_required_key_is_not_also_called_missing() {
        let found = summary::<EntityFile>(&ENTITY.replace("name:", "nmae:"));
        assert_eq!(found.len(), 1, "{found:#?}");
        let found = summary::<EntityFile>(&ENTITY.replace("kind: company", "kind: compnay"));
        assert_eq!(found.len(), 1, "{found:#?}");
        let found = summary::<EntityFile>(&ENTITY.replace(
            "    unit: cars\n    period: 2022\n    status: reported",
            "    unti: cars\n    period: 2022\n    status: reported",
        ));
        assert_eq!(found.len(), 1, "{found:#?}");
    }

    #[test]
    fn a_missing_key_in_a_list_item_points_at_the_item() {
        let yaml = ENTITY.replace(
            "    unit: cars\n    period: 2022\n    status: target",
            "    period: 2022\n    status: target",
        );
        let found = summary::<EntityFile>(&yaml);
        assert_eq!(found, ["f.yaml:10:5 missing field `unit`"]);
    }

    #[test]
    fn problems_in_several_list_items_and_a_missing_key_at_the_top() {
        let yaml = "seed: a.txt\ntitle: T\nclaims:\n  - quote: a\n    status: reported\n    entitie: [x]\n  - quote: b\n    status: maybe\n  - quote: c\n    status: reported\n    not: 1\n";
        let found = summary::<ArticleFile>(yaml);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].starts_with("f.yaml:6:5 unknown field `entitie`"));
        assert!(found[1].starts_with("f.yaml:8:13 unknown variant `maybe`"));
        assert!(found[2].starts_with("f.yaml:11:5 unknown field `not`"));
        assert_eq!(found[3], "f.yaml missing field `date`");
    }

    #[test]
    fn every_broken_source_is_reported() {
        let yaml = "tass:\n  name: TASS\n  url: https://tass.com/\n  knd: agency\nria:\n  name: RIA\n  aliases: RIA Novosti\ninterfax:\n  name: Interfax\n";
        let found = summary::<SourcesFile>(yaml);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("f.yaml:4:3 unknown field `knd`"));
        assert!(found[1].starts_with("f.yaml:7:12"));
    }

    #[test]
    fn flow_lists_are_checked_whole() {
        let yaml = "name: K\nkind: company\nfacts: [{metric: a, value: 1, unit: u, period: 2022, status: reported, x: 1}]\nrolle: r\n";
        let found = summary::<EntityFile>(yaml);
        assert_eq!(found.len(), 2, "{found:#?}");
    }

    #[test]
    fn numbers_written_for_people_get_the_yaml_spelling() {
        let cases = [
            ("16 GWh", Some(("16", "GWh"))),
            ("1,5", Some(("1.5", ""))),
            ("300,000", Some(("300000", ""))),
            ("300 000 cars", Some(("300000", "cars"))),
            ("1.234,5", Some(("1234.5", ""))),
            ("1.5 million cars", Some(("1500000", "cars"))),
            ("lots", None),
        ];
        for (written, expected) in cases {
            let got = split_number(written);
            let got = got.as_ref().map(|(n, u)| (n.as_str(), u.as_str()));
            assert_eq!(got, expected, "{written}");
        }
    }

    #[test]
    fn a_value_with_its_unit_says_where_each_goes() {
        let yaml = ENTITY.replace("value: 1\n", "value: \"16 GWh\"\n");
        let d = only(parse::<EntityFile>(Path::new("f.yaml"), &yaml, 1));
        assert_eq!(d.place.unwrap().to_string(), "f.yaml:6:12");
        assert!(
            d.message
                .contains("the number goes in `value` and the unit in `unit`"),
            "{}",
            d.message
        );
        assert_eq!(d.help, ["write `value: 16` and `unit: GWh`"]);
        let d = only(parse::<EntityFile>(
            Path::new("f.yaml"),
            &ENTITY.replace("value: 1\n", "value: 1,5\n"),
            1,
        ));
        assert_eq!(
            d.help,
            ["write `value: 1.5` (a decimal point, no thousands separators)"]
        );
    }

    #[test]
    fn an_unclosed_quote_is_named_where_it_opens() {
        let d = only(parse::<SiteFile>(
            Path::new("site.yaml"),
            "title: \"Moskvich\ndescription: x\n",
            1,
        ));
        assert!(d.message.starts_with("unclosed quote"), "{}", d.message);
        assert_eq!(d.place.unwrap().to_string(), "site.yaml:1:8");
        let d = only(parse::<SiteFile>(
            Path::new("site.yaml"),
            "title: \"Moskvich\ndescription: \"x\"\nlanguage: en\n",
            1,
        ));
        assert!(d.message.starts_with("unclosed quote"), "{}", d.message);
        assert_eq!(d.place.unwrap().to_string(), "site.yaml:1:8");
        // A quoted value may span lines when nothing in it looks like a key.
        assert!(
            parse::<SiteFile>(
                Path::new("site.yaml"),
                "title: \"Moskvich\n  revival\"\n",
                1
            )
            .is_ok()
        );
    }

    #[test]
    fn a_wrong_value_does_not_hide_a_missing_key_beside_it() {
        let yaml = ENTITY.replace("    value: 2\n    unit: cars\n", "    value: 1,5\n");
        let found = summary::<EntityFile>(&yaml);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].starts_with("f.yaml:11:12 `1,5` is not a number"),
            "{found:#?}"
        );
        assert_eq!(found[1], "f.yaml:10:5 missing field `unit`");
        let yaml = ENTITY
            .replace("    status: target\n", "    status: planned\n")
            .replace(
                "    unit: cars\n    period: 2022\n    status: planned",
                "    period: 2022\n    status: planned",
            );
        let found = summary::<EntityFile>(&yaml);
        assert_eq!(found.len(), 2, "{found:#?}");
    }

    #[test]
    fn an_empty_number_says_so() {
        let yaml = ENTITY.replace("value: 1\n", "value:\n");
        let d = only(parse::<EntityFile>(Path::new("f.yaml"), &yaml, 1));
        assert_eq!(d.message, "`value` is empty: it must be a number");
        let yaml = format!("{}    value:", ENTITY.replace("    value: 2\n", ""));
        let found = summary::<EntityFile>(&yaml);
        assert_eq!(found.len(), 1, "{found:#?}");
    }
    #[test]
    fn mutated_files_never_panic_and_always_say_something() {
        let article = "seed: a.txt\ntitle: \"T\"\ndate: 2022-06-18\ntags: [a, b]\nmentions:\n  include: [kamaz]\nclaims:\n  - quote: 'a ''b'''\n    status: reported\n    entities:\n      - kamaz\ncharts:\n  - title: C\n    metrics: [m]\n";
        let sources = "tass:\n  name: TASS\n  aliases:\n    - ТАСС\n  url: https://tass.com/\n";
        let inserts = [
            ":", "-", " ", "\n", "\"", "'", "[", "{", "#", "x", "\n  - ", "\t", "&a ", "*a", "ё",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        for base in [ENTITY, article, sources] {
            for _ in 0..150 {
                let mut text = base.to_string();
                for _ in 0..1 + next(3) {
                    let boundaries: Vec<usize> = (0..=text.len())
                        .filter(|&i| text.is_char_boundary(i))
                        .collect();
                    let at = boundaries[next(boundaries.len())];
                    if next(2) == 0 {
                        text.insert_str(at, inserts[next(inserts.len())]);
                    } else if let Some(c) = text[at..].chars().next() {
                        text.replace_range(at..at + c.len_utf8(), "");
                    }
                }
                let failures = [
                    parse::<EntityFile>(Path::new("f.yaml"), &text, 1).err(),
                    parse::<ArticleFile>(Path::new("f.yaml"), &text, 1).err(),
                    parse::<SourcesFile>(Path::new("f.yaml"), &text, 1).err(),
                ];
                for broken in failures.into_iter().flatten() {
                    assert!(!broken.problems.is_empty(), "{text:?}");
                }
            }
        }
    }
}
