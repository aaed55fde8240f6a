//! Finding a curated quote in a seed, and when it is not there, the passage
//! that comes closest (docs/content-format.md, "Quotes").
//!
//! A quote matches a stretch of one text run of the seed when the two are
//! equal after these typographic variants are made the same:
//!
//! - whitespace: any run of whitespace (spaces, tabs, line breaks, and the
//!   no-break spaces U+00A0, U+2007 figure space and U+202F narrow no-break
//!   space) equals one space; whitespace around the quote is ignored;
//! - single quotes and apostrophes: `'` ‘ ’ ‚ ‛ ‹ ›;
//! - double quotes: `"` “ ” „ ‟ « »;
//! - hyphens, dashes and minus: `-` ‐ (U+2010) ‑ (U+2011) ‒ – — ― −;
//! - ё and е (Ё and Е), as the Russian press prints ё as е.
//!
//! This works both ways (a straight quote in the YAML matches a curly one in
//! the seed and the reverse). Everything else, letter case included, must be
//! as in the seed. The match is a byte range of the seed's own text, so the
//! highlight covers the seed's characters, whatever the curator typed.

use xxhash_rust::xxh3::xxh3_64;

use crate::model::RunSpan;
use crate::text::words::is_word_char;

/// The character a typographic variant stands for (see the module doc);
/// every other character stands for itself. Whitespace is handled apart.
pub fn fold(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2039}' | '\u{203A}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{AB}' | '\u{BB}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        'ё' => 'е',
        'Ё' => 'Е',
        _ => c,
    }
}

/// The byte range of `quote` in `text` (see the module doc for what counts
/// as equal). `None` when the quote does not occur.
pub fn find(text: &str, quote: &str) -> Option<(usize, usize)> {
    Needle::new(quote)?.find_in(text)
}

/// A quote prepared once for searching many runs.
pub struct Needle {
    /// Whitespace collapsed: what a verbatim copy looks like.
    verbatim: String,
    /// `verbatim` with typographic variants folded.
    folded: String,
    /// The longest stretch of `folded` without spaces or foldable characters:
    /// any text containing the quote contains it as it is.
    plain: String,
}

impl Needle {
    /// `None` for a quote that is empty or only whitespace.
    pub fn new(quote: &str) -> Option<Needle> {
        let verbatim = crate::markup::text::collapse_whitespace(quote);
        if verbatim.is_empty() {
            return None;
        }
        let folded: String = verbatim.chars().map(fold).collect();
        // Split at every character `fold` maps to, so no piece holds one
        // (`ё` in the text is `е` in `folded`).
        let plain = folded
            .split([' ', '\'', '"', '-', 'е', 'Е'])
            .max_by_key(|piece| piece.len())
            .unwrap_or_default()
            .to_string();
        Some(Needle {
            verbatim,
            folded,
            plain,
        })
    }

    /// The byte range of the quote in `text`, if it is there.
    pub fn find_in(&self, text: &str) -> Option<(usize, usize)> {
        // Most quotes are copied verbatim; only normalise the text when that
        // fails and the part of the quote that cannot vary is there.
        if let Some(start) = text.find(&self.verbatim) {
            return Some((start, start + self.verbatim.len()));
        }
        if !text.contains(&self.plain) {
            return None;
        }
        let (normalised, origins) = normalise_with_origins(text);
        let start = normalised.find(&self.folded)?;
        let end = start + self.folded.len();
        let text_start = origins[start];
        let last = origins[end - 1];
        let text_end = last + text[last..].chars().next().map_or(1, char::len_utf8);
        Some((text_start, text_end))
    }
}

/// `text` with whitespace runs collapsed to one space (and trimmed) and
/// typographic variants folded, plus, for each byte of the result, the byte
/// offset in `text` of the character it came from.
fn normalise_with_origins(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut origins = Vec::with_capacity(text.len());
    let mut pending_space: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !out.is_empty() && pending_space.is_none() {
                pending_space = Some(i);
            }
            continue;
        }
        if let Some(at) = pending_space.take() {
            out.push(' ');
            origins.push(at);
        }
        let c = fold(c);
        out.push(c);
        origins.extend(std::iter::repeat_n(i, c.len_utf8()));
    }
    (out, origins)
}

/// Where in a document's runs: a byte offset in one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RunOffset {
    pub run: usize,
    pub at: usize,
}

/// The stretch of a seed that comes closest to a quote that is not in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// Where its first word starts.
    pub start: RunOffset,
    /// Where its last word ends (in the same run as `start`, or a later one).
    pub end: RunOffset,
    /// What differs, in the seed's order.
    pub differences: Vec<Difference>,
}

/// One difference between a quote and its closest passage, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The quote's words here; empty when the seed has words the quote lacks.
    pub quote: String,
    /// The seed's words here; empty when the quote has words the seed lacks.
    pub seed: String,
    /// The seed's words. For words only the quote has, an empty span where
    /// they would go.
    pub at: RunSpan,
}

impl Difference {
    /// A sentence for the message: "the seed has `190,000` where the quote has `190 000`".
    pub fn describe(&self) -> String {
        match (self.quote.is_empty(), self.seed.is_empty()) {
            (false, false) => format!(
                "the seed has `{}` where the quote has `{}`",
                self.seed, self.quote
            ),
            (false, true) => format!(
                "the quote has {} `{}`",
                extra_words(&self.quote),
                self.quote
            ),
            _ => format!("the quote is missing `{}`", self.seed),
        }
    }

    /// A short label for the seed's words in a snippet.
    pub fn label(&self) -> String {
        match (self.quote.is_empty(), self.seed.is_empty()) {
            (false, false) => format!("the quote has `{}`", self.quote),
            (false, true) => format!("the quote adds `{}` here", self.quote),
            _ => "not in the quote".to_string(),
        }
    }
}

fn extra_words(words: &str) -> &'static str {
    if words.contains(' ') {
        "extra words"
    } else {
        "an extra word"
    }
}

/// Quotes longer than this (in words) are not compared word by word.
const MAX_QUOTE_WORDS: usize = 300;
/// How many separate stretches of the seed are compared closely.
const CANDIDATES: usize = 4;

/// Whether [`closest_passage`] compares this quote at all (it has words,
/// and not too many).
pub fn can_compare(quote: &str) -> bool {
    (1..=MAX_QUOTE_WORDS).contains(&quote.split_whitespace().count())
}

/// The passage of `runs` (a seed's text runs, in order) closest to `quote`,
/// if at least half of the quote's words are in it.
///
/// Linear in the seed's size: one pass counts, for every window of the
/// quote's length, how many of its words are also the quote's; only the few
/// best windows are then aligned with the quote word by word.
pub fn closest_passage(runs: &[&str], quote: &str) -> Option<Passage> {
    if !can_compare(quote) {
        return None;
    }
    let quote_words: Vec<&str> = quote.split_whitespace().collect();
    let mut buffer = String::new();
    let quote_keys: Vec<u64> = quote_words
        .iter()
        .map(|w| word_key(w, &mut buffer))
        .collect();
    let (starts, candidates) = best_windows(runs, &quote_keys);
    candidates
        .into_iter()
        .filter_map(|start| {
            let words = words_around(runs, &starts, start, quote_words.len());
            align(&quote_words, &quote_keys, runs, &words)
        })
        .min_by_key(|(cost, passage)| (*cost, passage.start))
        .map(|(_, passage)| passage)
}

/// A word of the seed: its run and byte range there.
#[derive(Debug, Clone, Copy)]
struct Word {
    run: usize,
    start: usize,
    end: usize,
}

/// Byte ranges of the whitespace-separated words of `text`.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let base = text.as_ptr() as usize;
    text.split_whitespace().map(move |w| {
        let start = w.as_ptr() as usize - base;
        (start, start + w.len())
    })
}

/// A word compared loosely, for alignment: folded, lower case, without the
/// punctuation around it.
fn word_key(word: &str, buffer: &mut String) -> u64 {
    loosen(word, buffer);
    xxh3_64(buffer.as_bytes())
}

/// Puts `word` as compared loosely into `buffer`.
fn loosen(word: &str, buffer: &mut String) {
    buffer.clear();
    let trimmed = word.trim_matches(|c: char| !is_word_char(c));
    let word = if trimmed.is_empty() { word } else { trimmed };
    for c in word.chars().map(fold) {
        if c.is_ascii() {
            buffer.push(c.to_ascii_lowercase());
        } else {
            buffer.extend(c.to_lowercase());
        }
    }
}

/// Whether two loosely compared words look like variants of each other
/// (one starts the other, or they share most letters): replacing one with
/// the other is the likelier edit.
fn similar(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a) || strsim::normalized_levenshtein(a, b) >= 0.5
}

/// The index of each run's first word among all the seed's words, and the
/// first word of each of the best windows (most words shared with the quote;
/// windows do not overlap).
fn best_windows(runs: &[&str], quote_keys: &[u64]) -> (Vec<usize>, Vec<usize>) {
    let length = quote_keys.len();
    let wanted: crate::model::FastSet<u64> = quote_keys.iter().copied().collect();
    let mut in_window = vec![false; length];
    let mut count = 0usize;
    let mut best: Vec<(usize, usize)> = Vec::with_capacity(CANDIDATES); // (count, first word)
    let mut starts = Vec::with_capacity(runs.len());
    let mut buffer = String::new();
    let mut index = 0usize;
    for text in runs {
        starts.push(index);
        for (s, e) in word_spans(text) {
            let hit = wanted.contains(&word_key(&text[s..e], &mut buffer));
            let slot = index % length;
            count = count - usize::from(in_window[slot]) + usize::from(hit);
            in_window[slot] = hit;
            if hit {
                keep_if_better(&mut best, count, (index + 1).saturating_sub(length), length);
            }
            index += 1;
        }
    }
    (starts, best.into_iter().map(|(_, start)| start).collect())
}

fn keep_if_better(best: &mut Vec<(usize, usize)>, count: usize, start: usize, length: usize) {
    if let Some(near) = best.iter_mut().find(|(_, s)| s.abs_diff(start) < length) {
        if count > near.0 {
            *near = (count, start);
        }
        return;
    }
    if best.len() < CANDIDATES {
        best.push((count, start));
    } else if let Some(worst) = best.iter_mut().min_by_key(|(c, _)| *c)
        && count > worst.0
    {
        *worst = (count, start);
    }
}

/// The seed's words from half a quote before the window starting at word
/// `first` to half a quote after it.
fn words_around(runs: &[&str], starts: &[usize], first: usize, length: usize) -> Vec<Word> {
    let from = first.saturating_sub(length / 2 + 1);
    let to = first + length + length / 2 + 1;
    let mut run = starts.partition_point(|&s| s <= from).saturating_sub(1);
    let mut words = Vec::with_capacity(to - from);
    while run < runs.len() && starts[run] < to {
        for (i, (start, end)) in word_spans(runs[run]).enumerate() {
            let index = starts[run] + i;
            if index >= to {
                break;
            }
            if index >= from {
                words.push(Word { run, start, end });
            }
        }
        run += 1;
    }
    words
}

/// One step of an alignment of the quote's words with the seed's.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    /// Quote word `.0` and seed word `.1` are the same word (loosely).
    Same(usize, usize),
    Replaced(usize, usize),
    /// A quote word the seed does not have.
    Extra(usize),
    /// A seed word the quote does not have.
    Missing(usize),
}

/// Aligns the whole quote with the stretch of `words` that fits it best
/// (see [`fit`]). Returns its cost and the
/// passage, if at least half of the quote's words are in it.
fn align(
    quote: &[&str],
    quote_keys: &[u64],
    runs: &[&str],
    words: &[Word],
) -> Option<(u32, Passage)> {
    let mut buffer = String::new();
    let keys: Vec<u64> = words
        .iter()
        .map(|w| word_key(&runs[w.run][w.start..w.end], &mut buffer))
        .collect();
    let loose = |word: &str| {
        let mut buffer = String::new();
        loosen(word, &mut buffer);
        buffer
    };
    let quote_loose: Vec<String> = quote.iter().map(|w| loose(w)).collect();
    let seed_loose: Vec<String> = words
        .iter()
        .map(|w| loose(&runs[w.run][w.start..w.end]))
        .collect();
    let (cost, steps) = fit(quote_keys, &keys, |i, j| {
        similar(&quote_loose[i], &seed_loose[j])
    });
    let same = steps.iter().filter(|s| matches!(s, Step::Same(..))).count();
    if same == 0 || same * 2 < quote.len() {
        return None;
    }
    let seed_words = || {
        steps
            .iter()
            .filter_map(|&s| seed_word_of(s).map(|j| words[j]))
    };
    let first = seed_words().next()?;
    let last = seed_words().next_back()?;
    let differences = differences(&steps, quote, runs, words);
    Some((
        cost,
        Passage {
            start: RunOffset {
                run: first.run,
                at: first.start,
            },
            end: RunOffset {
                run: last.run,
                at: last.end,
            },
            differences,
        },
    ))
}

/// The alignment of all of `quote` with a stretch of `seed` (the seed's
/// words before and after it are free) and its cost: fewest words added,
/// removed or replaced (one each, so a replacement beats an addition and a
/// removal); among those, the fewest quote words that do not agree, and
/// replacements of `similar` words (by index) before others.
fn fit(quote: &[u64], seed: &[u64], similar: impl Fn(usize, usize) -> bool) -> (u32, Vec<Step>) {
    // An edit costs EDIT; the small extra costs only break ties between
    // alignments with as many edits.
    const EDIT: u32 = 1024;
    const EXTRA: u32 = EDIT + 1;
    const MISSING: u32 = EDIT;
    let (n, m) = (quote.len(), seed.len());
    let width = m + 1;
    let step_cost = |i: usize, j: usize| match (quote[i] == seed[j], similar(i, j)) {
        (true, _) => 0,
        (false, true) => EDIT + 1,
        (false, false) => EDIT + 2,
    };
    // cost[i * width + j]: the quote's first i words against seed words ending at j.
    let mut cost = vec![0u32; (n + 1) * width];
    for i in 1..=n {
        cost[i * width] = i as u32 * EXTRA;
        for j in 1..=m {
            let diagonal = cost[(i - 1) * width + j - 1] + step_cost(i - 1, j - 1);
            cost[i * width + j] = diagonal
                .min(cost[(i - 1) * width + j] + EXTRA)
                .min(cost[i * width + j - 1] + MISSING);
        }
    }
    let mut j = (0..=m).min_by_key(|&j| cost[n * width + j]).unwrap_or(0);
    let total = cost[n * width + j];
    let mut i = n;
    let mut steps = Vec::with_capacity(n + 4);
    while i > 0 {
        let here = cost[i * width + j];
        if j > 0 {
            let same = quote[i - 1] == seed[j - 1];
            if here == cost[(i - 1) * width + j - 1] + step_cost(i - 1, j - 1) {
                steps.push(if same {
                    Step::Same(i - 1, j - 1)
                } else {
                    Step::Replaced(i - 1, j - 1)
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if here == cost[(i - 1) * width + j] + EXTRA {
            steps.push(Step::Extra(i - 1));
            i -= 1;
        } else {
            steps.push(Step::Missing(j - 1));
            j -= 1;
        }
    }
    steps.reverse();
    (total, steps)
}

/// Groups the steps that are not plain agreement into [`Difference`]s. Words
/// that agree loosely but not exactly (case, punctuation) differ too, except
/// where the quote may start or end inside a seed word.
fn differences(steps: &[Step], quote: &[&str], runs: &[&str], words: &[Word]) -> Vec<Difference> {
    let text = |w: Word| &runs[w.run][w.start..w.end];
    let agrees = |k: usize, step: Step| match step {
        Step::Same(i, j) => {
            let (q, s) = (fold_str(quote[i]), fold_str(text(words[j])));
            q == s || (k == 0 && s.ends_with(&q)) || (k + 1 == steps.len() && s.starts_with(&q))
        }
        _ => false,
    };
    let mut found = Vec::new();
    let mut group: Vec<Step> = Vec::new();
    // Where words only the quote has would go: just before the next seed
    // word, or after the last one.
    let mut insert_at = None;
    for (k, &step) in steps.iter().enumerate() {
        let seed_word = seed_word_of(step).map(|j| words[j]);
        if agrees(k, step) {
            if !group.is_empty() {
                let at = seed_word.map(|w| RunSpan::empty(w.run, w.start));
                found.push(difference(&group, quote, runs, words, at.or(insert_at)));
                group.clear();
            }
        } else {
            group.push(step);
        }
        if let Some(w) = seed_word {
            insert_at = Some(RunSpan::empty(w.run, w.end));
        }
    }
    if !group.is_empty() {
        found.push(difference(&group, quote, runs, words, insert_at));
    }
    found
}

fn seed_word_of(step: Step) -> Option<usize> {
    match step {
        Step::Same(_, j) | Step::Replaced(_, j) | Step::Missing(j) => Some(j),
        Step::Extra(_) => None,
    }
}

fn fold_str(text: &str) -> String {
    text.chars().map(fold).collect()
}

/// One group of differing steps; `insert_at` is where words only the quote
/// has would go when the group has no seed words.
fn difference(
    group: &[Step],
    quote: &[&str],
    runs: &[&str],
    words: &[Word],
    insert_at: Option<RunSpan>,
) -> Difference {
    let quote_words: Vec<&str> = group
        .iter()
        .filter_map(|s| match *s {
            Step::Same(i, _) | Step::Replaced(i, _) | Step::Extra(i) => Some(quote[i]),
            Step::Missing(_) => None,
        })
        .collect();
    let seed_words: Vec<Word> = group
        .iter()
        .filter_map(|&s| seed_word_of(s).map(|j| words[j]))
        .collect();
    let (seed, at) = match (seed_words.first(), seed_words.last()) {
        (Some(first), Some(last)) if first.run == last.run => (
            runs[first.run][first.start..last.end].to_string(),
            RunSpan {
                run: first.run,
                start: first.start,
                end: last.end,
            },
        ),
        (Some(first), Some(_)) => (
            seed_words
                .iter()
                .map(|w| &runs[w.run][w.start..w.end])
                .collect::<Vec<_>>()
                .join(" "),
            RunSpan {
                run: first.run,
                start: first.start,
                end: runs[first.run].len(),
            },
        ),
        _ => (String::new(), insert_at.unwrap_or_default()),
    };
    Difference {
        quote: quote_words.join(" "),
        seed: crate::markup::text::collapse_whitespace(&seed),
        at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_match_across_different_whitespace() {
        let text = "produce up to\n 300,000  cars per year here";
        let (s, e) = find(text, "up to 300,000 cars\tper year").unwrap();
        assert_eq!(&text[s..e], "up to\n 300,000  cars per year");
        assert!(find(text, "400,000").is_none());
        assert!(find(text, "  ").is_none());
    }

    #[test]
    fn yo_and_ye_are_equal_beside_another_variant() {
        // The quick check once looked for the folded `Цивилев` in the text
        // as written, so a quote with `ё` and one more variant (here a
        // no-break space) was not found.
        let seed = "Министр Цивилёв 1\u{a0}234,5 тыс.";
        assert_eq!(
            found(seed, "Цивилёв 1 234,5 тыс."),
            Some(&seed["Министр ".len()..])
        );
        assert_eq!(
            found(seed, "Цивилев 1 234,5 тыс."),
            Some(&seed["Министр ".len()..])
        );
        assert_eq!(
            found("Цивилев 1\u{a0}234", "Цивилёв 1 234"),
            Some("Цивилев 1\u{a0}234")
        );
    }

    #[test]
    fn ranges_land_on_character_boundaries() {
        let text = "JAC’s involvement — «Москвич»";
        let (s, e) = find(text, "«Москвич»").unwrap();
        assert_eq!(&text[s..e], "«Москвич»");
    }

    /// Finds `quote` in `text` and returns the original text it covers.
    fn found<'a>(text: &'a str, quote: &str) -> Option<&'a str> {
        find(text, quote).map(|(s, e)| &text[s..e])
    }

    #[test]
    fn single_quotes_and_apostrophes_are_equal_both_ways() {
        for curly in ['‘', '’', '‚', '‛', '‹', '›'] {
            let seed = format!("Он сказал: JAC{curly}s plan is {curly}bold{curly}.");
            assert_eq!(
                found(&seed, "JAC's plan is 'bold'"),
                Some(&seed["Он сказал: ".len()..seed.len() - 1]),
                "{curly}"
            );
            let quote = format!("JAC{curly}s plan");
            assert_eq!(found("Yes, JAC's plan.", &quote), Some("JAC's plan"));
        }
    }

    #[test]
    fn double_quotes_and_guillemets_are_equal_both_ways() {
        for (open, close) in [('“', '”'), ('„', '“'), ('‟', '”'), ('«', '»')] {
            let seed = format!("the {open}Moskvich{close} plant");
            let covered = found(&seed, "the \"Moskvich\" plant").unwrap();
            assert_eq!(covered, seed, "{open}{close}");
            let quote = format!("{open}Moskvich{close} plant");
            assert_eq!(
                found("the \"Moskvich\" plant", &quote),
                Some("\"Moskvich\" plant")
            );
        }
    }

    #[test]
    fn hyphens_dashes_and_minus_are_equal_both_ways() {
        for dash in ['‐', '‑', '‒', '–', '—', '―', '−'] {
            let seed = format!("Moscow{dash}based, 2022{dash}2023, {dash}5%");
            assert_eq!(
                found(&seed, "Moscow-based, 2022-2023, -5%"),
                Some(seed.as_str()),
                "{dash}"
            );
            let quote = format!("Moscow{dash}based");
            assert_eq!(found("a Moscow-based plant", &quote), Some("Moscow-based"));
        }
    }

    #[test]
    fn no_break_spaces_are_spaces_both_ways() {
        for space in ['\u{A0}', '\u{2007}', '\u{202F}'] {
            let seed = format!("made 190{space}000 cars");
            assert_eq!(found(&seed, "190 000 cars"), Some(&seed[5..]), "{space:?}");
            let quote = format!("190{space}000");
            assert_eq!(found("made 190 000 cars", &quote), Some("190 000"));
        }
    }

    #[test]
    fn offsets_map_back_to_the_original_bytes() {
        // Multi-byte variants before, inside and at both ends of the match.
        let text = "«Да» — said KAMAZ’s head: “we’ll make 300\u{202F}000 cars” — in 2022.";
        let (s, e) = find(text, "\"we'll make 300 000 cars\" - in").unwrap();
        assert_eq!(&text[s..e], "“we’ll make 300\u{202F}000 cars” — in");
        assert_eq!(s, text.find('“').unwrap());
        // Only the variants listed are equal: other characters still differ.
        assert!(find(text, "KAMAZ's Head").is_none());
        assert!(find(text, "we`ll").is_none());
    }

    #[test]
    fn yo_and_ye_are_the_same_letter() {
        let text = "Лихачев заявил: «Мы всё успеем».";
        let (s, e) = find(text, "Лихачёв заявил: „Мы все успеем“").unwrap();
        assert_eq!(&text[s..e], "Лихачев заявил: «Мы всё успеем»");
    }

    #[test]
    fn an_exact_copy_is_preferred_to_a_variant() {
        let text = "KAMAZ’s plan. KAMAZ's plan.";
        assert_eq!(find(text, "KAMAZ's plan"), Some((16, 28)));
        assert_eq!(find(text, "KAMAZ’s plan"), Some((0, 14)));
    }

    fn describe(passage: &Passage) -> Vec<String> {
        passage
            .differences
            .iter()
            .map(Difference::describe)
            .collect()
    }

    #[test]
    fn the_closest_passage_names_a_replaced_word() {
        let runs = [
            "KAMAZ could make up to 300,000 cars per year in Moscow.",
            "The plant made roughly 190,000 units annually before.",
        ];
        let passage = closest_passage(&runs, "made roughly 190 000 units annually").unwrap();
        assert_eq!(passage.start, RunOffset { run: 1, at: 10 });
        assert_eq!(
            &runs[1][passage.start.at..passage.end.at],
            "made roughly 190,000 units annually"
        );
        assert_eq!(
            describe(&passage),
            ["the seed has `190,000` where the quote has `190 000`"]
        );
        let RunSpan { run, start, end } = passage.differences[0].at;
        assert_eq!(&runs[run][start..end], "190,000");
    }

    #[test]
    fn the_closest_passage_names_extra_and_missing_words() {
        let runs = ["The plant made roughly 190,000 units annually before the war."];
        let extra = closest_passage(&runs, "made roughly 190,000 units per year annually").unwrap();
        assert_eq!(describe(&extra), ["the quote has extra words `per year`"]);
        let before = runs[0].find("annually").unwrap();
        assert_eq!(extra.differences[0].at, RunSpan::empty(0, before));
        let missing = closest_passage(&runs, "made 190,000 units annually").unwrap();
        assert_eq!(describe(&missing), ["the quote is missing `roughly`"]);
        let case = closest_passage(&runs, "The Plant made").unwrap();
        assert_eq!(
            describe(&case),
            ["the seed has `plant` where the quote has `Plant`"]
        );
    }

    #[test]
    fn punctuation_at_the_ends_of_a_passage_does_not_count() {
        let runs = ["He said: «KAMAZ could make 300,000 cars.» Nobody agreed."];
        let passage = closest_passage(&runs, "KAMAZ could build 300,000 cars").unwrap();
        assert_eq!(
            describe(&passage),
            ["the seed has `make` where the quote has `build`"]
        );
        assert_eq!(
            &runs[0][passage.start.at..passage.end.at],
            "«KAMAZ could make 300,000 cars.»"
        );
    }

    #[test]
    fn a_passage_across_two_runs_is_found() {
        let runs = ["The plant made roughly", "190,000 units annually."];
        let passage = closest_passage(&runs, "made roughly 190,000 units").unwrap();
        assert_eq!(passage.start, RunOffset { run: 0, at: 10 });
        assert_eq!(passage.end, RunOffset { run: 1, at: 13 });
        assert!(passage.differences.is_empty());
    }

    #[test]
    fn nothing_close_is_no_passage() {
        let runs = ["KAMAZ could make up to 300,000 cars per year in Moscow."];
        assert_eq!(
            closest_passage(&runs, "Nobody said anything like this"),
            None
        );
        assert_eq!(closest_passage(&runs, ""), None);
        assert_eq!(closest_passage(&[], "KAMAZ could"), None);
    }

    #[test]
    fn the_best_of_many_similar_lines_is_found() {
        let mut text = String::new();
        for i in 0..40_000 {
            text.push_str(&format!(
                "Line {i}: KAMAZ said the plant could make {i} more cars.\n"
            ));
        }
        let runs: Vec<&str> = text.lines().collect();
        let quote = "KAMAZ said the plant could make 31415 extra cars";
        let passage = closest_passage(&runs, quote).unwrap();
        assert_eq!(passage.start.run, 31_415);
        assert_eq!(
            describe(&passage),
            ["the seed has `more` where the quote has `extra`"]
        );
        let runs = ["KAMAZ and ".repeat(50_000)];
        let runs: Vec<&str> = runs.iter().map(String::as_str).collect();
        let passage = closest_passage(&runs, "KAMAZ and KAMAZ or KAMAZ").unwrap();
        assert_eq!(
            describe(&passage),
            ["the seed has `and` where the quote has `or`"]
        );
    }
}
