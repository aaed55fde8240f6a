//! Small text helpers shared by the stages.

/// Trims and collapses every run of whitespace to one space.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of `text` in ASCII, lowercase, joined by `-` (`Грузовики` →
/// `gruzoviki`, `A.I.` → `a-i`); `None` when it has no letters or digits in
/// any script. Ids and tag slugs are both made this way.
pub fn slug(text: &str) -> Option<String> {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join("-"))
}

/// A valid id close to `text`, for hints and generated ids.
pub fn suggest_id(text: &str) -> String {
    slug(text).unwrap_or_else(|| "item".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_ids_are_ascii_words() {
        assert_eq!(suggest_id("Sergey Kogogin"), "sergey-kogogin");
        assert_eq!(suggest_id("КАМАЗ"), "kamaz");
        assert_eq!(suggest_id("!!!"), "item");
        assert!(crate::model::is_valid_id(&suggest_id("../../etc")));
    }
}
