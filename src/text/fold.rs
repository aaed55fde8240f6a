//! Folding words for matching: what the search index stores and what the
//! reader script (`templates/static/search.js`, `fold`) does to a query,
//! character for character. Lowercase; a Latin letter loses its accents
//! (`Škoda` → `skoda`); `ё` is `е`. Cyrillic keeps `й`, so stemmers still
//! see Russian endings.

use super::words::is_word_char;

/// Calls `each` with every word of `text`, folded: runs of word characters
/// (letters and digits of any script, `_`), split at every other character,
/// as the reader splits a query (`/[\p{Alphabetic}\p{N}_]+/u`). `buffer` is
/// reused between words.
pub fn each_folded_word(text: &str, buffer: &mut String, mut each: impl FnMut(&str)) {
    buffer.clear();
    append_folded_words(text, buffer, |buffer, _| {
        each(buffer);
        buffer.clear();
    });
}

/// Appends every folded word of `text` to `out`, each right after the one
/// before (nothing between them), and calls `each` with `out` and the byte
/// where the word just appended starts: the search index folds a text's
/// words into one string, to look them up together, without copying each.
pub fn append_folded_words(text: &str, out: &mut String, mut each: impl FnMut(&mut String, usize)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut start = out.len();
    while at < bytes.len() {
        // Most of a site's text is ASCII: a run of ASCII word bytes is
        // copied and lowercased at once, without decoding a char or asking
        // Unicode's tables (this loop runs over every byte of every article
        // when the search index is built). The word goes on if a non-ASCII
        // letter follows.
        let byte = bytes[at];
        if is_ascii_word_byte(byte) {
            let from = at;
            while at < bytes.len() && is_ascii_word_byte(bytes[at]) {
                at += 1;
            }
            let end = out.len();
            out.push_str(&text[from..at]);
            out[end..].make_ascii_lowercase();
            continue;
        }
        let in_word = if byte.is_ascii() {
            at += 1;
            false
        } else {
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            at += c.len_utf8();
            let in_word = is_word_char(c);
            if in_word {
                fold_into(c, out);
            }
            in_word
        };
        if !in_word && out.len() > start {
            each(out, start);
            start = out.len();
        }
    }
    if out.len() > start {
        each(out, start);
    }
}

fn is_ascii_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// `word` folded, as one string.
pub fn folded(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        fold_into(c, &mut out);
    }
    out
}

fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if ('\u{00C0}'..='\u{024F}').contains(&c) {
        // Latin-1 and Latin Extended: the base letter without its marks.
        unicode_normalization::char::decompose_canonical(c, |part| {
            if !('\u{0300}'..='\u{036F}').contains(&part) {
                out.extend(part.to_lowercase());
            }
        });
    } else if c == 'ё' || c == 'Ё' {
        out.push('е');
    } else {
        out.extend(c.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        each_folded_word(text, &mut String::new(), |w| found.push(w.to_string()));
        found
    }

    #[test]
    fn words_are_lowercased_and_latin_accents_dropped() {
        assert_eq!(
            words("Škoda’s Komerční banka, КАМАЗа и Королёв; «Новый» — 300,000 cars_x"),
            [
                "skoda",
                "s",
                "komercni",
                "banka",
                "камаза",
                "и",
                "королев",
                "новый",
                "300",
                "000",
                "cars_x"
            ]
        );
        assert_eq!(
            words("Zaporizhzhia-Škoda's ÉCOLEs Ёж2 x"),
            ["zaporizhzhia", "skoda", "s", "ecoles", "еж2", "x"]
        );
        let mut all = String::from("x");
        let mut starts = Vec::new();
        append_folded_words("Ёж, ÉCOLEs", &mut all, |_, start| starts.push(start));
        assert_eq!((all.as_str(), starts), ("xежecoles", vec![1, 5]));
        assert_eq!(folded("ÉCOLE"), "ecole");
        assert_eq!(folded("Straße"), "straße");
    }
}
