//! Finding a curated quote in a seed, whitespace-normalised
//! (docs/content-format.md §12).

/// The byte range of `quote` in `text`, comparing both with every run of
/// whitespace as one space. `None` when the quote does not occur.
pub fn find(text: &str, quote: &str) -> Option<(usize, usize)> {
    let needle = crate::load::seed::collapse_whitespace(quote);
    if needle.is_empty() {
        return None;
    }
    // Most quotes are copied verbatim; only normalise when that fails and
    // the first word is at least there.
    if let Some(start) = text.find(&needle) {
        return Some((start, start + needle.len()));
    }
    let first_word = needle.split(' ').next().unwrap_or(&needle);
    if !text.contains(first_word) {
        return None;
    }
    let (normalised, origins) = normalise_with_origins(text);
    let start = normalised.find(&needle)?;
    let end = start + needle.len();
    let text_start = origins[start];
    let last = origins[end - 1];
    let text_end = last + text[last..].chars().next().map_or(1, char::len_utf8);
    Some((text_start, text_end))
}

/// `text` with whitespace runs collapsed to one space (and trimmed), plus,
/// for each byte of the result, the byte offset in `text` it came from.
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
        out.push(c);
        origins.extend(std::iter::repeat_n(i, c.len_utf8()));
    }
    (out, origins)
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
    fn ranges_land_on_character_boundaries() {
        let text = "JAC’s involvement — «Москвич»";
        let (s, e) = find(text, "«Москвич»").unwrap();
        assert_eq!(&text[s..e], "«Москвич»");
    }
}
