//! Sentences and clauses: where a sentence ends (one splitter, with the
//! abbreviations of each language), the sentence around a mention, and the
//! clause around a figure.

use super::Language;

/// English words that end in a full stop without ending a sentence.
const ENGLISH_ABBREVIATIONS: [&str; 16] = [
    "St", "Mr", "Mrs", "Ms", "Dr", "Prof", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "vs", "etc",
    "No", "Gen",
];

/// Russian abbreviations (lowercase) that end in a full stop: `40 тыс.
/// машин`, `в 2023 г. завод`. They end a sentence only where the next word
/// starts with a capital letter, since they also close sentences (`… в
/// 2023 г.`).
const RUSSIAN_ABBREVIATIONS: [&str; 24] = [
    "тыс", "млн", "млрд", "трлн", "руб", "коп", "долл", "г", "гг", "в", "вв", "т", "ок", "др",
    "пр", "им", "ул", "д", "обл", "р", "ст", "см", "стр", "шт",
];

/// Byte offsets just after each sentence-ending punctuation mark (and its
/// closing quotes) of `text`, written in `language`.
pub fn sentence_ends(text: &str, language: Language) -> Vec<usize> {
    let mut ends = Vec::new();
    // Candidates by byte: '.', '!', '?' and the first byte of '…' (E2 80 A6).
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if !matches!(b, b'.' | b'!' | b'?' | 0xE2) {
            continue;
        }
        let Some(mark) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        if !matches!(mark, '.' | '!' | '?' | '…') {
            continue;
        }
        let after = &text[i + mark.len_utf8()..];
        let closing: usize = after
            .chars()
            .take_while(|c| matches!(c, '"' | '\'' | '”' | '’' | '»' | ')'))
            .map(char::len_utf8)
            .sum();
        let end = i + mark.len_utf8() + closing;
        if !text[end..].starts_with(char::is_whitespace) {
            continue;
        }
        if mark == '.' && abbreviated(text, i, end, language) {
            continue;
        }
        ends.push(end);
    }
    ends
}

/// Whether the full stop at byte `at` closes an abbreviation or an initial
/// rather than the sentence.
fn abbreviated(text: &str, at: usize, end: usize, language: Language) -> bool {
    // The word before the mark, found by walking back over it (not the whole text).
    let word_len: usize = text[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .map(char::len_utf8)
        .sum();
    let word = &text[at - word_len..at];
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    if initial || ENGLISH_ABBREVIATIONS.contains(&word) {
        return true;
    }
    language == Language::Russian
        && RUSSIAN_ABBREVIATIONS.contains(&word)
        && !text[end..]
            .trim_start()
            .starts_with(|c: char| c.is_uppercase() || matches!(c, '«' | '"' | '“' | '„'))
}

/// Byte ranges of the sentences of `text`, trimmed, never empty.
pub fn sentences(text: &str, language: Language) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let ends = sentence_ends(text, language);
    for end in ends.into_iter().chain(std::iter::once(text.len())) {
        if let Some(range) = trimmed(text, start, end) {
            ranges.push(range);
        }
        start = end;
    }
    ranges
}

/// The byte range of the sentence of `text` containing `start..end`, given
/// the text's sentence ends (sorted, from [`sentence_ends`]).
pub fn sentence_around(text: &str, ends: &[usize], start: usize, end: usize) -> (usize, usize) {
    let before = ends.partition_point(|&b| b <= start);
    let s = if before == 0 { 0 } else { ends[before - 1] };
    let e = ends[ends.partition_point(|&b| b < end)..]
        .first()
        .copied()
        .unwrap_or(text.len());
    let sentence = &text[s..e];
    let lead = sentence.len() - sentence.trim_start().len();
    let trail = sentence.trim_end().len();
    (s + lead, s + trail)
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
/// the clause would be shorter than four words. A range that reaches past
/// the sentence is cut to it.
pub fn clause(text: &str, sentence: (usize, usize), start: usize, end: usize) -> (usize, usize) {
    let (s, e) = sentence;
    let start = start.clamp(s, e);
    let end = end.clamp(start, e);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str, word: &str, language: Language) -> String {
        let start = text.find(word).unwrap();
        let ends = sentence_ends(text, language);
        let (s, e) = sentence_around(text, &ends, start, start + word.len());
        text[s..e].to_string()
    }

    #[test]
    fn sentences_skip_abbreviations_and_initials() {
        let text = "Following the recent St. Petersburg forum, KAMAZ spoke. J. Smith agreed. Then “Kama” came? Yes.";
        let english = Language::English;
        assert_eq!(
            sentence(text, "KAMAZ", english),
            "Following the recent St. Petersburg forum, KAMAZ spoke."
        );
        assert_eq!(sentence(text, "Smith", english), "J. Smith agreed.");
        assert_eq!(sentence(text, "Kama", english), "Then “Kama” came?");
    }

    #[test]
    fn russian_abbreviations_end_a_sentence_only_before_a_capital() {
        let text = "Завод выпустил 40 тыс. машин в 2021 г. и 2 млрд руб. выручки. Выпуск вырос в 2023 г. Завод ждёт.";
        let russian = Language::Russian;
        assert_eq!(
            sentence(text, "машин", russian),
            "Завод выпустил 40 тыс. машин в 2021 г. и 2 млрд руб. выручки."
        );
        assert_eq!(sentence(text, "Выпуск", russian), "Выпуск вырос в 2023 г.");
        assert_eq!(sentences(text, russian).len(), 3);
        // English rules end a sentence at every such full stop.
        assert_eq!(
            sentence(text, "машин", Language::English),
            "машин в 2021 г."
        );
    }

    #[test]
    fn clauses_stop_at_commas_and_dashes_but_not_inside_numbers() {
        let text = "This marks a scale-up over Renault Russia, which operated at roughly 190,000 units annually in its last months—an indication.";
        let at = text.find("190").unwrap();
        let sentence = sentences(text, Language::English)[0];
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
        let (s, e) = clause(text, sentences(text, Language::English)[0], at, at + 3);
        assert_eq!(&text[s..e], text);
    }

    #[test]
    fn a_range_past_its_sentence_is_cut_to_it() {
        let text = "Завод выпустил 40 тыс. машин.";
        let (s, e) = clause(text, (0, 21), 27, text.len());
        assert!(s <= e && e <= 21);
    }
}
