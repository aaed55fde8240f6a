//! The site's language for its pages: the built-in translation table with
//! the site's own `templates/i18n/<language>.yaml` on top, and the warnings
//! a curator needs (a language with no table, a key the table lacks, a key
//! no template knows).

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::i18n::{self, Locale, Table};
use crate::load::{Project, yaml};

/// The locale of the site's `language`, with its warnings.
pub fn resolve(project: &Project, tag: &str, diagnostics: &mut Diagnostics) -> Locale {
    let file = override_file(project, tag);
    let overrides = file.and_then(|(path, text)| match yaml::parse::<Table>(path, text, 1) {
        Ok(table) => Some(table),
        Err(broken) => {
            diagnostics.extend(broken.problems);
            None
        }
    });
    let parsed = overrides.is_some();
    let locale = Locale::new(tag, overrides);
    if !locale.has_table() {
        let mut warning = Diagnostic::warning(format!(
            "no translation table for the language `{tag}`: the theme's words are English"
        ))
        .help(format!(
            "add `templates/i18n/{}.yaml` with the keys of the built-in English table (docs/templates.md, \"Languages\")",
            i18n::primary(tag)
        ));
        if let Some(place) = language_place(project) {
            warning = warning.at(place);
        }
        diagnostics.push(warning);
        return locale;
    }
    let place = |key: Option<&str>| match (file, key) {
        (Some((path, text)), Some(key)) => key_place(path, text, key),
        (Some((path, _)), None) => Place::file(path),
        (None, _) => {
            language_place(project).unwrap_or_else(|| Place::file(crate::inputs::SITE_FILE))
        }
    };
    for key in locale.missing_keys() {
        diagnostics.push(
            Diagnostic::warning(format!(
                "translation key `{key}` is missing for the language `{tag}`: pages show the English text"
            ))
            .at(place(None)),
        );
    }
    if parsed {
        let english = i18n::builtin("en").unwrap_or_default();
        let known: Vec<&str> = english.keys().map(String::as_str).collect();
        for key in locale.unknown_keys() {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "unknown translation key `{key}`: no template of the theme asks for it"
                ))
                .at(place(Some(key)))
                .suggest(key, known.iter().copied()),
            );
        }
    }
    locale
}

/// The site's table file: `templates/i18n/<tag>.yaml`, else the file of
/// the tag's primary subtag (`en.yaml` for `en-GB`).
fn override_file<'a>(project: &'a Project, tag: &str) -> Option<(&'a Path, &'a str)> {
    let exact = format!("i18n/{tag}.yaml");
    let primary = format!("i18n/{}.yaml", i18n::primary(tag));
    let find = |name: &str| {
        project
            .templates
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, path, text)| (path.as_path(), text.as_str()))
    };
    find(&exact).or_else(|| find(&primary))
}

fn language_place(project: &Project) -> Option<Place> {
    let site = project.site.as_ref()?;
    let language = site.value.language.as_ref()?;
    Some(yaml::place(
        &site.path,
        &language.referenced,
        language.value.chars().count(),
    ))
}

/// Where `key:` starts a line of the table's text (the file otherwise).
fn key_place(path: &Path, text: &str, key: &str) -> Place {
    let line = text.lines().position(|line| {
        line.strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
    });
    match line {
        Some(index) => Place::new(PathBuf::from(path), index + 1, 1).with_len(key.chars().count()),
        None => Place::file(path),
    }
}
