//! Words: the one rule for what a word character is, where a word or a
//! name stands at word boundaries, and how a text splits into words. Mention
//! search, quotes, `check`'s hints and the detectors all ask it.

use aho_corasick::{AhoCorasick, MatchKind};

/// What a word is made of: letters and digits of any script, and `_`.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `start..end` of `text` stands at word boundaries: no word
/// character touches it where it starts or ends with one (a name that ends
/// in `.` or `»` needs no boundary after it).
pub fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let open = !first.is_some_and(is_word_char) || !before.is_some_and(is_word_char);
    let close = !last.is_some_and(is_word_char) || !after.is_some_and(is_word_char);
    open && close
}

/// Byte ranges of the words of `text`: runs of word characters, joined by
/// an inner `-`, `'` or `’` (`well-known`, `JAC’s`).
pub fn words(text: &str) -> Vec<(usize, usize)> {
    word_spans(text).collect()
}

/// The words of `text` one at a time, as [`words`] finds them: a caller that
/// needs only the first does not scan the rest of the text.
pub fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices();
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut start: Option<usize> = None;
        for (i, c) in chars.by_ref() {
            let inner = start.is_some() && matches!(c, '-' | '\'' | '’');
            let part = is_word_char(c) || (inner && next_is_word_char(text, i + c.len_utf8()));
            match (part, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => return Some((s, i)),
                _ => {}
            }
        }
        done = true;
        start.map(|s| (s, text.len()))
    })
}

fn next_is_word_char(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}

/// Fixed lists of words and phrases, all looked for in one pass over a text
/// (one automaton) instead of one search per word: `check` and `annotate`
/// ask it of every sentence of every article.
pub struct WordLists {
    automaton: AhoCorasick,
    /// For each word: its length, and the list it is in.
    words: Vec<(usize, usize)>,
}

impl WordLists {
    /// At most [`WordLists::MAX_WORDS`] words in all, none empty.
    pub fn new(lists: &[&[&str]]) -> WordLists {
        let words: Vec<(&str, usize)> = lists
            .iter()
            .enumerate()
            .flat_map(|(list, words)| words.iter().map(move |w| (*w, list)))
            .collect();
        assert!(
            words.len() <= WordLists::MAX_WORDS && words.iter().all(|(w, _)| !w.is_empty()),
            "word lists hold up to {} non-empty words",
            WordLists::MAX_WORDS
        );
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(words.iter().map(|(w, _)| w))
            .expect("a few short words always make an automaton");
        WordLists {
            automaton,
            words: words.iter().map(|(w, list)| (w.len(), *list)).collect(),
        }
    }

    pub const MAX_WORDS: usize = 256;

    /// For each list, whether `haystack` holds one of its words as
    /// [`has_word`] would find it: a whole word or phrase, where an
    /// occurrence that fails its boundaries hides the occurrences of the
    /// same word that overlap it. Bit `n` stands for list `n`.
    pub fn found_in(&self, haystack: &str) -> u64 {
        let mut lists = 0u64;
        let mut next_start = [0usize; WordLists::MAX_WORDS];
        for found in self.automaton.find_overlapping_iter(haystack) {
            let word = found.pattern().as_usize();
            let (len, list) = self.words[word];
            // Matches of one word come in order, so this skips exactly the
            // ones `has_word` steps over.
            if found.start() < next_start[word] || lists & (1 << list) != 0 {
                continue;
            }
            if at_word_boundaries(haystack, found.start(), found.end()) {
                lists |= 1 << list;
            } else {
                next_start[word] = found.start() + len;
            }
        }
        lists
    }
}

/// Whether `haystack` (lowercased by the caller) holds `word` as a whole word or phrase.
pub fn has_word(haystack: &str, word: &str) -> bool {
    let mut from = 0;
    while let Some(found) = haystack[from..].find(word) {
        let start = from + found;
        let end = start + word.len();
        if at_word_boundaries(haystack, start, end) {
            return true;
        }
        from = start + word.len().max(1);
        while !haystack.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// Whether any word of `haystack` starts with `stem` (for inflected languages).
pub fn has_stem(haystack: &str, stem: &str) -> bool {
    // Most texts hold no such word: one substring search rules them out
    // before they are split into words.
    haystack.contains(stem) && word_spans(haystack).any(|(s, e)| haystack[s..e].starts_with(stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_phrases_at_boundaries() {
        assert!(has_word("up to 300", "up to"));
        assert!(!has_word("setup tomorrow", "up to"));
        assert!(has_stem("министерства промышленности", "министерств"));
        let text = "JAC’s J7 well-known";
        let found: Vec<&str> = words(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["JAC’s", "J7", "well-known"]);
    }
}
