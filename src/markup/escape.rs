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
    substitute(text, HTML_SPECIAL, html_special_at, write)
}

/// What replaces a character, and the character's width in bytes.
type Replacement = (&'static str, usize);

/// Which bytes may start a replacement: a table, and a test of eight bytes
/// at once whose result is non-zero where one of them is in the table, and
/// whose lowest set bit falls in the first such byte (see [`below`]).
type Starts = (&'static [bool; 256], fn(u64) -> u64);

/// Writes `text` in pieces with every character `found` names replaced;
/// `starts` marks the bytes that may begin one. Almost all text is plain:
/// eight bytes at a time are skipped when the word test finds none of them
/// in the table, and otherwise it points at the first that is.
fn substitute<E>(
    text: &str,
    (starts, may_start): Starts,
    found: fn(&[u8], usize) -> Option<Replacement>,
    mut write: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let bytes = text.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            match may_start(u64::from_le_bytes(word)) {
                0 => {
                    i += 8;
                    continue;
                }
                found => i += (found.trailing_zeros() / 8) as usize,
            }
        }
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

/// Bytes that may start something [`escape`] replaces, and the word test for them.
const HTML_SPECIAL: Starts = (&HTML_START, |word| {
    control_starts(word)
        | equal(word, b'&')
        | equal(word, b'<')
        | equal(word, b'>')
        | equal(word, b'"')
        | equal(word, b'\'')
});
static HTML_START: [bool; 256] = byte_table(b"&<>\"'");

/// Bytes that may start a character that [`without_controls`] replaces, and
/// the word test for them.
const CONTROLS: Starts = (&CONTROL_START, control_starts);
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
    if !holds_control(text.as_bytes()) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let written: Result<(), std::convert::Infallible> =
        substitute(&text, CONTROLS, control_at, |piece| {
            out.push_str(piece);
            Ok(())
        });
    let Ok(()) = written;
    out
}

/// Whether `bytes` hold a character [`control_at`] replaces. Seeds are read
/// whole through here, so the common case (none) is checked eight bytes at a
/// time: only a word that may start one (a byte below 0x20, 0x7F, 0xC2 or
/// 0xEF) is looked at byte by byte.
fn holds_control(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            break;
        };
        if control_starts(u64::from_le_bytes(word)) != 0
            && (at..at + 8)
                .any(|i| CONTROL_START[usize::from(bytes[i])] && control_at(bytes, i).is_some())
        {
            return true;
        }
        at += 8;
    }
    (at..bytes.len())
        .any(|i| CONTROL_START[usize::from(bytes[i])] && control_at(bytes, i).is_some())
}

/// Non-zero when a byte of `word` is below 0x20 or is 0x7F, 0xC2 or 0xEF
/// (the bytes [`CONTROL_START`] marks, and tab, LF and CR, which only cost
/// the byte-by-byte look).
#[inline(always)]
fn control_starts(word: u64) -> u64 {
    below(word, 0x20) | equal(word, 0x7F) | equal(word, 0xC2) | equal(word, 0xEF)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Non-zero when a byte of `word` is below `n` (at most 128), by the
/// classic borrow trick. A borrow only starts at such a byte and only runs
/// to higher ones, so the lowest bit set is always in the first of them
/// (bytes in memory order, the word read little-endian); bits above it may
/// be set wrongly.
#[inline(always)]
fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH
}

/// Non-zero when a byte of `word` is `b`.
#[inline(always)]
fn equal(word: u64, b: u8) -> u64 {
    below(word ^ (ONES * u64::from(b)), 1)
}

/// JSON text made safe inside `<script type="application/ld+json">`: `<`,
/// `>` and `&` become JSON escapes (so the text can neither close the script
/// element nor open a comment), and characters HTML forbids (controls,
/// U+FFFE, U+FFFF) become U+FFFD, as everywhere in the output.
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let written: Result<(), std::convert::Infallible> =
        substitute(json, SCRIPT_SPECIAL, script_special_at, |piece| {
            out.push_str(piece);
            Ok(())
        });
    let Ok(()) = written;
    out
}

/// Bytes that may start something [`script_safe_json`] replaces: besides the
/// table's controls, tab, LF and CR are controls too there. The word test
/// for them: [`control_starts`] counts every byte below 0x20.
const SCRIPT_SPECIAL: Starts = (&SCRIPT_START, |word| {
    control_starts(word) | equal(word, b'<') | equal(word, b'>') | equal(word, b'&')
});
static SCRIPT_START: [bool; 256] = byte_table(b"<>&\t\n\r");

fn script_special_at(bytes: &[u8], i: usize) -> Option<Replacement> {
    let next = bytes.get(i + 1).copied();
    match bytes[i] {
        b'<' => Some(("\\u003c", 1)),
        b'>' => Some(("\\u003e", 1)),
        b'&' => Some(("\\u0026", 1)),
        0x00..=0x1F | 0x7F => Some(("\u{FFFD}", 1)),
        0xC2 if next.is_some_and(|b| (0x80..=0x9F).contains(&b)) => Some(("\u{FFFD}", 2)),
        0xEF if next == Some(0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) => {
            Some(("\u{FFFD}", 3))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time check agrees with looking at every byte, for every
    /// special byte at every position of a word and around word edges.
    #[test]
    fn control_check_matches_the_byte_by_byte_one() {
        let specials: [&[u8]; 9] = [
            b"\x00",
            b"\x0B",
            b"\x1F",
            b"\x7F",
            b"\xC2\x85",
            b"\xC2\x9F",
            b"\xEF\xBF\xBE",
            b"\xEF\xBF\xBF",
            b"\t\n\r",
        ];
        let harmless: [&[u8]; 4] = [b"\xC2\xA0", b"\xEF\xBB\xBF", "\u{0416}".as_bytes(), b"~ "];
        for prefix in 0..20 {
            for piece in specials.iter().chain(&harmless) {
                let mut bytes = vec![b'a'; prefix];
                bytes.extend_from_slice(piece);
                bytes.extend_from_slice(b"tail of it");
                let slow = (0..bytes.len()).any(|i| {
                    CONTROL_START[usize::from(bytes[i])] && control_at(&bytes, i).is_some()
                });
                assert_eq!(holds_control(&bytes), slow, "{bytes:?}");
            }
        }
    }

    /// What `substitute` relies on: no byte before the one the word test
    /// points at is in the table, and no byte at all when it finds none.
    fn word_test_is_safe((table, test): Starts, word: [u8; 8]) -> bool {
        let found = test(u64::from_le_bytes(word));
        let first = if found == 0 {
            8
        } else {
            (found.trailing_zeros() / 8) as usize
        };
        !word[..first].iter().any(|&b| table[usize::from(b)])
    }

    #[test]
    fn word_tests_never_skip_a_byte_of_their_table() {
        for starts in [HTML_SPECIAL, SCRIPT_SPECIAL, CONTROLS] {
            for filler in 0..=255u8 {
                for byte in 0..=255u8 {
                    for lane in 0..8 {
                        let mut word = [filler; 8];
                        word[lane] = byte;
                        assert!(word_test_is_safe(starts, word), "{word:?}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn word_tests_never_skip_a_byte_of_their_table_in_any_word(word in proptest::prelude::any::<[u8; 8]>()) {
            for starts in [HTML_SPECIAL, SCRIPT_SPECIAL, CONTROLS] {
                proptest::prop_assert!(word_test_is_safe(starts, word), "{:?}", word);
            }
        }
    }

    #[test]
    fn controls_are_replaced_and_clean_text_is_kept() {
        assert_eq!(
            without_controls("plain \u{0416}\tline\r\n".into()),
            "plain \u{0416}\tline\r\n"
        );
        assert_eq!(
            without_controls("a\u{0B}b\u{85}c\u{1}d\u{FFFF}".into()),
            "a b c\u{FFFD}d\u{FFFD}"
        );
    }

    /// The table-driven escape of every special character at every offset
    /// equals escaping character by character.
    #[test]
    fn escape_matches_a_character_by_character_escape() {
        let by_char = |text: &str| -> String {
            let mut out = String::new();
            for c in text.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&#39;"),
                    '\u{0B}' | '\u{0C}' | '\u{85}' => out.push(' '),
                    '\t' | '\n' | '\r' => out.push(c),
                    c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                        out.push('\u{FFFD}')
                    }
                    c => out.push(c),
                }
            }
            out
        };
        let pieces = [
            "&", "<", ">", "\"", "'", "\u{0B}", "\u{85}", "\u{9F}", "\u{1}", "\u{7F}", "\u{FFFF}",
            "\u{A0}", "\u{FEFF}", "Ж", "\n",
        ];
        for pad in 0..17 {
            for piece in pieces {
                let text = format!("{}{piece}plain words after{piece}", "x".repeat(pad));
                assert_eq!(Escaped(&text).to_string(), by_char(&text), "{text:?}");
            }
        }
    }

    /// The same result as mapping each character, which is what it replaced.
    #[test]
    fn script_safe_json_replaces_what_each_character_did() {
        let json =
            "{\"a\":\"</script><!-- & \u{85}\u{9F}\u{7F}\u{1}\u{FFFE}\u{FFFF}\u{0416}\t\n\"}";
        let by_char: String = json
            .chars()
            .map(|c| match c {
                '<' => "\\u003c".to_string(),
                '>' => "\\u003e".to_string(),
                '&' => "\\u0026".to_string(),
                c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                    '\u{FFFD}'.to_string()
                }
                c => c.to_string(),
            })
            .collect();
        assert_eq!(script_safe_json(json), by_char);
    }
}
