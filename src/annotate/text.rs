//! Text helpers shared by the detectors: sentences (the build's own
//! sentence ends), clauses within a sentence, and word boundaries.

use aho_corasick::{AhoCorasick, MatchKind};

/// Byte ranges of the sentences of `text`, trimmed, never empty.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let ends = crate::resolve::articles::sentence_ends(text);
    for end in ends.into_iter().chain(std::iter::once(text.len())) {
        if let Some(range) = trimmed(text, start, end) {
            ranges.push(range);
        }
        start = end;
    }
    ranges
}

/// `start..end` without surrounding whitespace, or `None` when nothing is left.
pub fn trimmed(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.trim_end().len();
    (trail > lead).then(|| (start + lead, start + trail))
}

/// The sentence (from `sentences`) that contains byte `at`.
pub fn sentence_at(sentences: &[(usize, usize)], at: usize) -> Option<(usize, usize)> {
    sentences.iter().copied().find(|&(s, e)| s <= at && at < e)
}

/// The clause of `text[sentence]` around `start..end`: the stretch between
/// commas, semicolons, colons, dashes and brackets (not a comma inside a
/// number), without a final full stop. Falls back to the whole sentence when
/// the clause would be shorter than four words.
pub fn clause(text: &str, sentence: (usize, usize), start: usize, end: usize) -> (usize, usize) {
    let (s, e) = sentence;
    let mut from = s;
    let mut to = e;
    for (i, c) in text[s..start].char_indices() {
        if is_clause_break(text, s + i, c) {
            from = s + i + c.len_utf8();
        }
    }
    for (i, c) in text[end..e].char_indices() {
        if is_clause_break(text, end + i, c) {
            to = end + i;
            break;
        }
    }
    let Some((from, mut to)) = trimmed(text, from, to) else {
        return sentence;
    };
    if text[..to].ends_with('.') && !text[from..to].ends_with("..") {
        to -= 1;
    }
    let words = text[from..to].split_whitespace().count();
    if words < 4 { sentence } else { (from, to) }
}

fn is_clause_break(text: &str, at: usize, c: char) -> bool {
    match c {
        ';' | ':' | '—' | '–' | '(' | ')' => true,
        ',' => !text[at + 1..].starts_with(|d: char| d.is_ascii_digit()),
        _ => false,
    }
}

/// Whether `start..end` of `text` stands at word boundaries.
pub fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Byte ranges of the words of `text` (letters and digits; inner `-` and `'`).
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
            let part =
                c.is_alphanumeric() || (inner && next_is_alphanumeric(text, i + c.len_utf8()));
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

fn next_is_alphanumeric(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphanumeric)
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

    pub const MAX_WORDS: usize = 64;

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
    fn clauses_stop_at_commas_and_dashes_but_not_inside_numbers() {
        let text = "This marks a scale-up over Renault Russia, which operated at roughly 190,000 units annually in its last months—an indication.";
        let at = text.find("190").unwrap();
        let sentence = sentences(text)[0];
        let (s, e) = clause(text, sentence, at, at + 7);
        assert_eq!(
            &text[s..e],
            "which operated at roughly 190,000 units annually in its last months"
        );
    }

    #[test]
    fn short_clauses_fall_back_to_the_sentence() {
        let text = "Margins grew, 40%, said the firm.";
        let at = text.find("40").unwrap();
        let (s, e) = clause(text, sentences(text)[0], at, at + 3);
        assert_eq!(&text[s..e], text);
    }

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
