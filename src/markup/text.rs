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

/// The part of a chart id made from a unit: its words as a slug, with the
/// signs that are the whole of many units spelt out (`%` → `percent`,
/// `% of GDP` → `percent-of-gdp`, `‰` → `permille`); a unit with no letters
/// or digits still gets a slug of its own, from its hash.
pub fn unit_slug(unit: &str) -> String {
    let unit = unit.trim();
    let spelt = unit
        .replace('%', " percent ")
        .replace('‰', " permille ")
        .replace('$', " dollar ");
    slug(&spelt).unwrap_or_else(|| {
        let hash = xxhash_rust::xxh3::xxh3_64(unit.as_bytes());
        format!("unit-{:08x}", hash as u32)
    })
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

/// The text of generated HTML (a free page, a rendered summary): tags
/// dropped (a block's separates words, an inline one's does not), the
/// escaper's entities read back.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_unescaped(&rest[..open], &mut text);
        let tag_end = rest[open..].find('>').map(|close| open + close + 1);
        let tag = &rest[open..tag_end.unwrap_or(rest.len())];
        // A block ends a word; an inline tag (`<em>truck</em>.`) does not.
        if !is_inline_tag(tag) {
            text.push(' ');
        }
        rest = tag_end.map_or("", |end| &rest[end..]);
    }
    push_unescaped(rest, &mut text);
    collapse_whitespace(&text)
}

/// `<em>`, `</a>`, `<code class="x">`: a tag that runs inside a line of text.
fn is_inline_tag(tag: &str) -> bool {
    const INLINE: [&str; 16] = [
        "a", "abbr", "b", "bdi", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s",
        "small", "strong",
    ];
    const MORE_INLINE: [&str; 5] = ["span", "sub", "sup", "time", "u"];
    let name: String = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    INLINE.contains(&name.as_str()) || MORE_INLINE.contains(&name.as_str())
}

fn push_unescaped(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let entity = rest[amp..].find(';').map(|end| &rest[amp..=amp + end]);
        let known = match entity {
            Some("&amp;") => Some('&'),
            Some("&lt;") => Some('<'),
            Some("&gt;") => Some('>'),
            Some("&quot;") => Some('"'),
            Some("&#39;" | "&#x27;" | "&apos;") => Some('\''),
            _ => None,
        };
        match (known, entity) {
            (Some(c), Some(entity)) => {
                out.push(c);
                rest = &rest[amp + entity.len()..];
            }
            _ => {
                out.push('&');
                rest = &rest[amp + 1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_slugs_spell_out_signs() {
        assert_eq!(unit_slug("%"), "percent");
        assert_eq!(unit_slug(" % of GDP"), "percent-of-gdp");
        assert_eq!(unit_slug("‰"), "permille");
        assert_eq!(unit_slug("$bn"), "dollar-bn");
        assert_eq!(unit_slug("cars per year"), "cars-per-year");
        assert_eq!(unit_slug("млн руб."), "mln-rub");
        let sign = unit_slug("±");
        assert!(
            sign.starts_with("unit-") && sign != unit_slug("×"),
            "{sign}"
        );
    }

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

    #[test]
    fn html_becomes_its_text() {
        assert_eq!(
            html_to_text("<p>A &amp; B &lt;i&gt;</p><ul><li>one</li><li>two</li></ul>"),
            "A & B <i> one two"
        );
        assert_eq!(
            html_to_text(
                "<p>A Russian <em>truck</em>. <a href=\"x\">Maker</a>, <strong>big</strong></p>"
            ),
            "A Russian truck. Maker, big"
        );
        assert_eq!(
            html_to_text("<p>one</p><p>two<br>three</p>"),
            "one two three"
        );
    }
}
