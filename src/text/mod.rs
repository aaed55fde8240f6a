//! The text layer: what every stage above it means by a word, a sentence,
//! a month and a language. It sits below `resolve` (mention search,
//! "mentioned in" sentences, quotes, `check`'s hints) and below `detect`
//! (figures, claims, names), and depends on no pipeline stage.
//!
//! One rule each: [`words::is_word_char`] is the only word-character test,
//! [`sentences::sentence_ends`] the only sentence splitter (with the
//! abbreviations of each [`Language`]), [`calendar`] the only month list.

pub mod calendar;
pub mod fold;
pub mod inflect;
pub mod sentences;
pub mod words;

/// The languages whose text rules the layer knows. Any other language tag
/// gets English's rules, which only ask for Latin punctuation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    #[default]
    English,
    Russian,
}

impl Language {
    /// The rules for a BCP 47 tag (`ru`, `ru-RU`, `en-GB`); English for any
    /// language without rules of its own.
    pub fn from_tag(tag: &str) -> Language {
        let primary = tag.split(['-', '_']).next().unwrap_or(tag);
        if primary.eq_ignore_ascii_case("ru") {
            Language::Russian
        } else {
            Language::English
        }
    }

    /// The language a text is most likely written in, by its letters: more
    /// Cyrillic than Latin letters is Russian. For a seed whose language
    /// nobody declared (`annotate` drafting a new seed).
    pub fn guess(text: &str) -> Language {
        let (mut cyrillic, mut latin) = (0usize, 0usize);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            if ('\u{0400}'..='\u{04FF}').contains(&c) {
                cyrillic += 1;
            } else if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
                latin += 1;
            }
        }
        if cyrillic > latin {
            Language::Russian
        } else {
            Language::English
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_tags_and_from_letters() {
        assert_eq!(Language::from_tag("ru"), Language::Russian);
        assert_eq!(Language::from_tag("ru-RU"), Language::Russian);
        assert_eq!(Language::from_tag("en-GB"), Language::English);
        assert_eq!(Language::from_tag("de"), Language::English);
        assert_eq!(
            Language::guess("Завод КАМАЗ (KAMAZ) выпустил"),
            Language::Russian
        );
        assert_eq!(
            Language::guess("KAMAZ told ТАСС on Friday"),
            Language::English
        );
    }
}
