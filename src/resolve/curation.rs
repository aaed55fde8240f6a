//! Hints for curators, shown by `briefing check`: entities no article
//! mentions, and capitalised phrases in seeds (Latin and Cyrillic) that look
//! like names but belong to no entity, are warnings (they fail a check only
//! with `--deny-warnings`). Aliases that match nothing yet are normal for
//! curated entities (an alias waits for the articles that will use it):
//! they are only listed, with `check --verbose`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::Site;
use super::articles::{Body, BodyNode};
use super::mentions::MentionIndex;
use crate::detect::phrases::capitalised_phrases;
use crate::diagnostics::{Diagnostic, Place};
use crate::load::{Project, yaml};

/// How many unmatched phrases one warning lists.
const PHRASES_SHOWN: usize = 25;

/// What `check` tells curators.
#[derive(Debug, Default)]
pub struct Hints {
    pub warnings: Vec<Diagnostic>,
    /// Aliases that match nothing in the published articles: where, and the alias.
    pub unused_aliases: Vec<(Place, String)>,
}

/// What one article gives the hints: the entity names its text uses, and a
/// warning for its capitalised phrases that match no entity. Articles are
/// looked at one at a time (in parallel, each body read back from its seed
/// and let go), so `check` holds no more text than a build.
#[derive(Debug, Default)]
pub struct ArticleHints {
    pub used: HashSet<String>,
    pub warning: Option<Diagnostic>,
}

/// The hints of one article, from its body's text.
pub fn article_hints(index: &MentionIndex, seed_path: &Path, body: &Body) -> ArticleHints {
    let mut used = HashSet::new();
    let mut phrases: BTreeMap<String, usize> = BTreeMap::new();
    for text in body.nodes.iter().filter_map(|node| match node {
        BodyNode::Run { text, .. } => Some(text),
        BodyNode::Html(_) => None,
    }) {
        let found = index.find(text);
        for f in &found {
            used.insert(text[f.start..f.end].to_string());
        }
        for phrase in capitalised_phrases(text) {
            let inside_mention = found.iter().any(|f| f.start < phrase.1 && phrase.0 < f.end);
            if !inside_mention {
                *phrases
                    .entry(text[phrase.0..phrase.1].to_string())
                    .or_insert(0) += 1;
            }
        }
    }
    ArticleHints {
        used,
        warning: phrase_warning(seed_path, phrases),
    }
}

/// The site's hints, given the articles' warnings and the names they use
/// (from [`article_hints`]).
pub fn hints(
    project: &Project,
    site: &Site,
    article_warnings: impl IntoIterator<Item = Diagnostic>,
    used: &HashSet<String>,
) -> Hints {
    let mut warnings: Vec<Diagnostic> = article_warnings.into_iter().collect();
    let mut unused_aliases = Vec::new();
    for (entity, loaded) in site.entities.iter().zip(&project.entities) {
        if entity.mentioned_in.is_empty() {
            warnings.push(
                Diagnostic::warning(format!("entity `{}` is mentioned in no article", entity.id))
                    .at(yaml::place(&loaded.path, &loaded.value.name.referenced, entity.name.chars().count()))
                    .help("add an alias that the articles use, or `mentions: {include: [...]}` in an article"),
            );
            continue;
        }
        for alias in &loaded.value.aliases {
            if !used.contains(alias.value.trim()) {
                let place =
                    yaml::place(&loaded.path, &alias.referenced, alias.value.chars().count());
                unused_aliases.push((place, alias.value.clone()));
            }
        }
    }
    unused_aliases.sort();
    Hints {
        warnings,
        unused_aliases,
    }
}

fn phrase_warning(seed: &Path, phrases: BTreeMap<String, usize>) -> Option<Diagnostic> {
    if phrases.is_empty() {
        return None;
    }
    let mut list: Vec<(String, usize)> = phrases.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let total = list.len();
    let mut warning = Diagnostic::warning(format!(
        "{total} capitalised phrases look like names but match no entity"
    ))
    .at(Place::file(seed));
    for (phrase, count) in list.iter().take(PHRASES_SHOWN) {
        warning = warning.note(if *count > 1 {
            format!("{phrase} (×{count})")
        } else {
            phrase.clone()
        });
    }
    if total > PHRASES_SHOWN {
        warning = warning.note(format!("… and {} more", total - PHRASES_SHOWN));
    }
    Some(warning.help("add an entity (or an alias) for those that matter"))
}
