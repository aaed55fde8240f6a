//! Checks shared by the fuzz targets: a small scanner for the HTML the
//! generator emits, and the URL rule a browser applies.

#![allow(dead_code)]

/// One start tag: its lower-cased name and attributes (name, raw value).
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

/// Start tags of `html`, in order. End tags and comments are skipped; a `<`
/// that does not open a tag is text (and is reported by `stray_lt`).
pub fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        if next == b'/' || next == b'!' {
            i = html[i..].find('>').map_or(bytes.len(), |e| i + e + 1);
            continue;
        }
        if !next.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                j += 1;
                break;
            }
            if bytes[j] == b'/' {
                j += 1;
                continue;
            }
            let start = j;
            while j < bytes.len()
                && !matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r' | b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[j + 1..]
                            .find(q as char)
                            .map_or(bytes.len(), |e| j + 1 + e);
                        value = html[j + 1..end.min(bytes.len())].to_string();
                        j = end + 1;
                    }
                    _ => {
                        let start = j;
                        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>'
                        {
                            j += 1;
                        }
                        value = html[start..j].to_string();
                    }
                }
            }
            attrs.push((attr, value));
        }
        tags.push(Tag { name, attrs });
        i = j;
    }
    tags
}

/// Decodes the few entities the generator writes.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The scheme a browser would see in an attribute value (WHATWG URL: leading
/// and trailing C0 controls and spaces stripped, tabs and newlines removed).
pub fn scheme(raw_attribute_value: &str) -> Option<String> {
    let value = unescape(raw_attribute_value);
    let trimmed = value.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let candidate = &cleaned[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| candidate.to_ascii_lowercase())
}

/// Panics if any tag of `html` is a script-capable element, carries an event
/// handler, or links somewhere other than http(s), mailto or a relative path.
/// `fragment`: the HTML is a fragment made from content alone, where head
/// elements (`meta`, `link`, `style`) and inline SVG are not expected either.
pub fn assert_inert(html: &str, fragment: bool) {
    for tag in start_tags(html) {
        let forbidden = matches!(
            tag.name.as_str(),
            "script"
                | "iframe"
                | "object"
                | "embed"
                | "form"
                | "base"
                | "frame"
                | "frameset"
                | "template"
        ) || (fragment
            && matches!(
                tag.name.as_str(),
                "style" | "meta" | "link" | "svg" | "math"
            ));
        assert!(!forbidden, "dangerous element <{}> in {html:?}", tag.name);
        for (attr, value) in &tag.attrs {
            assert!(!attr.starts_with("on"), "event handler {attr} in {html:?}");
            assert!(
                attr != "srcdoc" && attr != "formaction",
                "attribute {attr} in {html:?}"
            );
            if matches!(
                attr.as_str(),
                "href" | "src" | "action" | "xlink:href" | "poster" | "cite"
            ) && let Some(s) = scheme(value)
            {
                assert!(
                    matches!(s.as_str(), "http" | "https" | "mailto"),
                    "unsafe URL scheme {s:?} in {attr}={value:?} of {html:?}"
                );
            }
        }
    }
}
