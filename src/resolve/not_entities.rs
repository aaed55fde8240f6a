//! `not_entities:` lists (in `content/site.yaml` for every article, in an
//! annotation for its seed): capitalised phrases that `check`'s hint is not
//! to report, because they name nothing (`Czech`, `LNG`, `ФГУП`).
//!
//! An entity's name or alias in such a list is an error in every build: the
//! list would say "not an entity" of a name that is linked as one, and the
//! hint never reports names anyway, so the entry can only be a mistake
//! (usually meant as `mentions: exclude`). Entries that match no hinted
//! phrase are found by `check` (`resolve::curation`), which alone reads the
//! seeds for the hint.

use std::collections::HashMap;
use std::path::Path;

use serde_saphyr::Spanned;

use super::Entity;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Project, yaml};

/// The key, as curators write it.
pub const KEY: &str = "not_entities";

/// Checks the site's list and every annotation's against the entities'
/// names and aliases.
pub fn check(project: &Project, entities: &[Entity], diagnostics: &mut Diagnostics) {
    let lists = project
        .site
        .iter()
        .map(|site| (&site.path, &site.value.not_entities, false))
        .chain(
            project
                .articles
                .iter()
                .map(|article| (&article.path, &article.value.not_entities, true)),
        )
        .filter(|(_, list, _)| !list.is_empty())
        .collect::<Vec<_>>();
    if lists.is_empty() {
        return;
    }
    let mut names: HashMap<&str, (&Entity, bool)> = HashMap::new();
    for entity in entities {
        names.entry(entity.name.trim()).or_insert((entity, true));
        for alias in &entity.aliases {
            names.entry(alias.trim()).or_insert((entity, false));
        }
    }
    for (path, list, in_article) in lists {
        for entry in list {
            if let Some(problem) = entry_problem(entry, path, &names, in_article) {
                diagnostics.push(problem);
            }
        }
    }
}

fn entry_problem(
    entry: &Spanned<String>,
    path: &Path,
    names: &HashMap<&str, (&Entity, bool)>,
    in_article: bool,
) -> Option<Diagnostic> {
    let written = entry.value.trim();
    let place = yaml::place(path, &entry.referenced, entry.value.chars().count().max(1));
    if written.is_empty() {
        return Some(
            Diagnostic::error(format!("empty entry in `{KEY}`"))
                .at(place)
                .help("remove it, or write the phrase as `check` prints it"),
        );
    }
    let (entity, is_name) = names.get(written)?;
    let what = if *is_name { "the name" } else { "an alias" };
    let mut problem = Diagnostic::error(format!(
        "`{written}` in `{KEY}` is {what} of entity `{}`",
        entity.id
    ))
    .at(place)
    .label("an entity's name is linked, never hinted")
    .help("remove it from the list");
    if in_article {
        problem = problem.help(format!(
            "if `{written}` means something else in this article, keep the entity out of it with `mentions: {{exclude: [{}]}}`",
            entity.id
        ));
    }
    Some(problem)
}
