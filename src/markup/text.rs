//! Small text helpers shared by the stages.

/// Trims and collapses every run of whitespace to one space.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of `text` in ASCII, lowercase, joined by `-` (`Грузовики` →
/// `gruzoviki`, `A.I.` → `a-i`); `None` when it has no letters or digits in
/// any script. Ids and tag slugs are both made this way.
pub fn slug(text: &str) -> Option<String> {
    // deunicode leaves ASCII as it is; most names and tags are ASCII already.
    let ascii: std::borrow::Cow<str> = if text.is_ascii() {
        text.into()
    } else {
        deunicode::deunicode(text).into()
    };
    let mut out = String::with_capacity(ascii.len());
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    (!out.is_empty()).then_some(out)
}

/// A valid id close to `text`, for hints and generated ids.
pub fn suggest_id(text: &str) -> String {
    slug(text).unwrap_or_else(|| "item".into())
}

/// The path segment of a tag (`routes::tag`): its name as a slug.
/// A name with no letters or digits in any script gets a slug from its hash.
pub fn tag_slug(name: &str) -> String {
    let name = name.trim();
    slug(name).unwrap_or_else(|| {
        let hash = xxhash_rust::xxh3::xxh3_64(name.as_bytes());
        format!("tag-{:08x}", hash as u32)
    })
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

    #[test]
    fn tag_slugs_are_ascii_words() {
        assert_eq!(tag_slug("Electric Trucks"), "electric-trucks");
        assert_eq!(tag_slug("Грузовики"), "gruzoviki");
        assert_eq!(tag_slug(" A.I. "), "a-i");
        assert!(tag_slug("!!!").starts_with("tag-"));
        assert_eq!(tag_slug("!!!"), tag_slug("!!!"));
    }
}
