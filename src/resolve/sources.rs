//! Sources: who the articles cite, and how a `[Citation: NAME]` finds one.

use std::collections::HashMap;

use super::{MayExist, Source, http_url, not_http};
use crate::diagnostics::{Diagnostic, Diagnostics, Place, closest};
use crate::load::{Project, Value, yaml};
use crate::model::is_valid_id;

/// The resolved sources and the names they answer to.
pub struct Sources {
    pub list: Vec<Source>,
    /// Normalised id, name or alias → source index.
    by_name: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
    /// Normalised ids, names and aliases that a broken sources file may define.
    broken: MayExist,
}

impl Sources {
    /// The source a citation marker names (case-insensitive, whitespace collapsed).
    pub fn cited(&self, name: &str) -> Option<usize> {
        self.by_name.get(&normalise(name)).copied()
    }

    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The display name closest to `name`, for hints.
    pub fn closest_name(&self, name: &str) -> Option<&str> {
        closest(name, self.list.iter().map(|s| s.name.as_str()))
    }

    /// Whether a citation or reference naming `name` may be to a source in a
    /// sources file that failed to load (then it is not called unknown).
    pub fn maybe_broken(&self, name: &str) -> bool {
        self.broken.contains(&normalise(name))
    }

    /// An error for a reference to an unknown source id, unless the source
    /// may be in a sources file that failed to load.
    pub fn unknown(&self, place: Place, id: &str) -> Option<Diagnostic> {
        if self.maybe_broken(id) {
            return None;
        }
        let d = Diagnostic::error(format!("unknown source `{id}`"))
            .at(place)
            .label("not an id in content/sources.yaml");
        Some(d.suggest(id, self.list.iter().map(|s| s.id.as_str())))
    }
}

/// Every id, name and alias in a sources file read as plain YAML.
fn names_in(file: &Value) -> Option<Vec<String>> {
    let Value::Map(entries) = file else {
        return None;
    };
    let ids = entries.iter().filter_map(|(id, _)| id.value.as_str());
    let names = file.strings_at(&["*", "name"]);
    let aliases = file.strings_at(&["*", "aliases", "*"]);
    Some(
        ids.map(str::to_string)
            .chain(names)
            .chain(aliases)
            .map(|name| normalise(&name))
            .collect(),
    )
}

pub fn normalise(name: &str) -> String {
    crate::markup::text::collapse_whitespace(name).to_lowercase()
}

pub fn resolve(project: &Project, diagnostics: &mut Diagnostics) -> Sources {
    let path = &project.sources_path;
    let mut sources = Sources {
        list: Vec::new(),
        by_name: HashMap::new(),
        by_id: HashMap::new(),
        broken: MayExist::from_broken(project.broken(path), names_in),
    };
    for (id, entry) in &project.sources {
        let place = yaml::place(path, &id.referenced, id.value.chars().count());
        if !is_valid_id(&id.value) {
            diagnostics.push(
                Diagnostic::error(format!("`{}` is not a valid source id", id.value))
                    .at(place)
                    .help(format!(
                        "ids match ^[a-z0-9]+(-[a-z0-9]+)*$, for example `{}`",
                        crate::markup::text::suggest_id(&id.value)
                    )),
            );
            // Left out, but what names it is not called unknown.
            let names = [
                id.value.clone(),
                crate::markup::text::suggest_id(&id.value),
                entry.name.value.clone(),
            ];
            let aliases = entry.aliases.iter().map(|a| a.value.clone());
            sources
                .broken
                .add(names.into_iter().chain(aliases).map(|n| normalise(&n)));
            continue;
        }
        if entry.name.value.trim().is_empty() {
            diagnostics.push(Diagnostic::error("source name is empty").at(yaml::place(
                path,
                &entry.name.referenced,
                1,
            )));
        }
        let url = entry.url.as_ref().and_then(|url| {
            if http_url(&url.value) {
                Some(url.value.trim().to_string())
            } else {
                diagnostics.push(not_http(path, url));
                None
            }
        });
        let index = sources.list.len();
        sources.by_id.insert(id.value.clone(), index);
        let names = std::iter::once((&id.value, &id.referenced))
            .chain(std::iter::once((&entry.name.value, &entry.name.referenced)))
            .chain(entry.aliases.iter().map(|a| (&a.value, &a.referenced)));
        for (name, location) in names {
            let key = normalise(name);
            match sources.by_name.get(&key) {
                Some(&other) if other != index => diagnostics.push(
                    Diagnostic::error(format!(
                        "`{name}` names two sources: `{}` and `{}`",
                        sources.list[other].id, id.value
                    ))
                    .at(yaml::place(path, location, name.chars().count()))
                    .help("citation markers must name exactly one source; remove one of the names"),
                ),
                _ => {
                    sources.by_name.insert(key, index);
                }
            }
        }
        sources.list.push(Source {
            id: id.value.clone(),
            name: entry.name.value.trim().to_string(),
            kind: entry.kind.clone(),
            url,
            aliases: entry
                .aliases
                .iter()
                .map(|a| a.value.trim().to_string())
                .collect(),
        });
    }
    sources
}
