//! The one escaper: every piece of content that reaches a page (HTML), a
//! feed or sitemap (XML through Tera) or a chart (SVG) goes through it, for
//! element content and quoted attribute values alike. Characters that
//! neither HTML nor XML 1.0 allows are replaced, never passed on.

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
pub fn without_controls(text: String) -> String {
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
