//! YAML through serde-saphyr, with its errors turned into our diagnostics
//! (and a "did you mean" for unknown keys and values).

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{DefaultMessageFormatter, Error, Location, MessageFormatter, Options};

use crate::diagnostics::{Diagnostic, Place};

/// Parses `text` (the YAML of `path`, starting at line `first_line` of that file).
/// An empty document parses as `T::default()` when `empty` is given.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    // An empty file reads as an empty mapping, so the error names what is missing.
    let text = if is_blank(text) { "{}" } else { text };
    serde_saphyr::from_str_with_options(text, Options::default())
        .map_err(|error| to_diagnostic(&error, path, text, first_line))
}

/// Nothing but blank lines, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

/// The key on line `line` (1-based) of `text`, if the line reads `key: …` or `- key: …`.
fn key_on_line(text: &str, line: usize) -> Option<&str> {
    let source = text.lines().nth(line.checked_sub(1)?)?.trim_start();
    let source = source.strip_prefix("- ").unwrap_or(source);
    let (key, _) = source.split_once(':')?;
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    plain.then_some(key)
}
/// The place of a spanned value, for later diagnostics.
pub fn place(path: &Path, location: &Location, len: usize) -> Place {
    Place::new(path, location.line() as usize, location.column() as usize).with_len(len)
}

fn to_diagnostic(error: &Error, path: &Path, text: &str, first_line: usize) -> Diagnostic {
    let inner = error.without_snippet();
    let message = DefaultMessageFormatter.format_message(inner).into_owned();
    let mut diagnostic = Diagnostic::error(message);
    if let Some(location) = error.location().filter(|l| l.line() > 0) {
        let line = location.line() as usize + first_line - 1;
        let column = (location.column() as usize).max(1);
        diagnostic = diagnostic.at(Place::new(path, line, column));
    } else {
        diagnostic = diagnostic.at(Place::file(path));
    }
    match inner {
        Error::SerdeUnknownField { field, expected, .. } => diagnostic
            .label("unknown key")
            .suggest(field, expected.iter().copied()),
        Error::SerdeUnknownVariant { variant, expected, .. } => diagnostic
            .label("not one of the allowed values")
            .suggest(variant, expected.iter().copied()),
        Error::SerdeMissingField { field, .. } => {
            diagnostic.help(format!("add the required key `{field}`"))
        }
        Error::Budget { .. } => diagnostic
            .help("the file expands to too much data (YAML aliases nested too deeply?); write the values out"),
        Error::DuplicateMappingKey { key, .. } => {
            let key = key.as_deref().unwrap_or("this key");
            Diagnostic { message: format!("`{key}` appears twice in the same mapping"), ..diagnostic }
                .label("second occurrence")
                .help("keep one of them: keys must be unique")
        }
        _ => {
            let key = error.location().and_then(|l| key_on_line(text, l.line() as usize));
            match key {
                Some(key) => diagnostic
                    .label(format!("in the value of `{key}`"))
                    .help(format!("check the type of `{key}` (text, number, list or mapping) against the format")),
                None => diagnostic,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::schema::FactEntry;

    #[test]
    fn unknown_key_names_its_place_and_suggests_the_right_one() {
        let yaml = "metric: a\nvalue: 1\nunit: u\nperiod: 2022\nstatus: reported\nqoute: x\n";
        let d = parse::<FactEntry>(Path::new("f.yaml"), yaml, 1).unwrap_err();
        assert!(d.message.contains("unknown field `qoute`"), "{}", d.message);
        assert_eq!(d.place.unwrap().to_string(), "f.yaml:6:1");
        assert_eq!(d.help, vec!["did you mean `quote`?"]);
    }

    #[test]
    fn lines_are_offset_for_front_matter() {
        let d = parse::<FactEntry>(Path::new("p.md"), "metric: [", 2).unwrap_err();
        assert_eq!(d.place.unwrap().line, 2);
    }

    #[test]
    fn an_alias_bomb_is_refused_quickly() {
        let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            yaml.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let d = parse::<std::collections::HashMap<String, serde_saphyr::Spanned<Vec<String>>>>(
            Path::new("b.yaml"),
            &yaml,
            1,
        );
        assert!(d.is_err());
    }
}
