//! Hints for curators, shown by `briefing check`: entities no article
//! mentions, and capitalised phrases in seeds (Latin and Cyrillic) that look
//! like names but belong to no entity, are warnings (they fail a check only
//! with `--deny-warnings`). Aliases that match nothing yet are normal for
//! curated entities (an alias waits for the articles that will use it):
//! they are only listed, with `check --verbose`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde_saphyr::Spanned;

use super::Site;
use super::articles::{Body, BodyNode, MarkKind};
use super::mentions::MentionIndex;
use super::not_entities::KEY;
use crate::detect::phrases::capitalised_phrases;
use crate::diagnostics::{Diagnostic, Place};
use crate::load::{Project, yaml};
use crate::markup::document::{Document, Node};

/// How many unmatched phrases one warning lists.
const PHRASES_SHOWN: usize = 25;

/// What `check` tells curators.
#[derive(Debug, Default)]
pub struct Hints {
    pub warnings: Vec<Diagnostic>,
    /// Aliases that match nothing in the published articles: where, and the alias.
    pub unused_aliases: Vec<(Place, String)>,
}

/// What one article gives the hints: the entity names its text uses, a
/// warning for its capitalised phrases that match no entity, warnings for
/// its `not_entities` entries that match none of them, and the site-wide
/// entries it did match. Articles are looked at one at a time (in parallel,
/// each body read back from its seed and let go), so `check` holds no more
/// text than a build.
#[derive(Debug, Default)]
pub struct ArticleHints {
    pub used: HashSet<String>,
    pub warnings: Vec<Diagnostic>,
    pub site_entries_used: HashSet<String>,
}

/// The phrases an article's hint leaves out: the site's `not_entities`
/// (trimmed) and its annotation's, with the annotation's path for their places.
pub struct Listed<'a> {
    pub site: &'a HashSet<String>,
    pub article: &'a [Spanned<String>],
    pub annotation: &'a Path,
}

/// A hinted phrase: how often it occurs, and its first occurrence (the
/// body node, the byte offset in its text, its length in characters).
#[derive(Debug)]
struct Phrase {
    count: usize,
    node: usize,
    at: usize,
    chars: usize,
}

/// The hints of one article, from its body's text. `document` gives the
/// seed parsed again (the body keeps no positions), asked for only when
/// there is a phrase to place.
pub fn article_hints(
    index: &MentionIndex,
    seed_path: &Path,
    body: &Body,
    listed: &Listed,
    document: impl FnOnce() -> Option<Document>,
) -> ArticleHints {
    let mut used = HashSet::new();
    let mut phrases: BTreeMap<String, Phrase> = BTreeMap::new();
    for (node, text, marks) in body
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(n, node)| match node {
            BodyNode::Run { text, marks } => Some((n, text, marks)),
            BodyNode::Html(_) => None,
        })
    {
        let found = index.find(text);
        for f in &found {
            used.insert(text[f.start..f.end].to_string());
        }
        let markers: Vec<usize> = marks
            .iter()
            .filter(|m| matches!(m.kind, MarkKind::Citation { .. }))
            .map(|m| m.start)
            .collect();
        for (start, end) in capitalised_phrases(text)
            .into_iter()
            .flat_map(|phrase| split_at_markers(text, phrase, &markers))
        {
            let inside_mention = found.iter().any(|f| f.start < end && start < f.end);
            if !inside_mention {
                let phrase = &text[start..end];
                phrases
                    .entry(phrase.to_string())
                    .or_insert_with(|| Phrase {
                        count: 0,
                        node,
                        at: start,
                        chars: phrase.chars().count(),
                    })
                    .count += 1;
            }
        }
    }
    // A phrase that is itself a name (or a case form of one) was refused a
    // mention by its context (a place's name inside « »): it matches an
    // entity, so "add an entity" would be wrong advice.
    phrases.retain(|phrase, _| !is_a_name(index, phrase));
    let mut warnings = Vec::new();
    let listed_here: HashSet<&str> = listed.article.iter().map(|e| e.value.trim()).collect();
    for entry in listed.article {
        let written = entry.value.trim();
        if !written.is_empty() && !phrases.contains_key(written) {
            warnings.push(stale_entry(
                entry,
                listed.annotation,
                &format!("the hint finds in {}", seed_path.display()),
                is_a_name(index, written),
                phrases.keys().map(String::as_str),
            ));
        }
    }
    let site_entries_used = phrases
        .keys()
        .filter(|p| listed.site.contains(p.as_str()))
        .cloned()
        .collect();
    phrases.retain(|p, _| !listed.site.contains(p.as_str()) && !listed_here.contains(p.as_str()));
    if !phrases.is_empty() {
        warnings.push(phrase_warning(
            seed_path,
            listed.annotation,
            phrases,
            document,
        ));
    }
    ArticleHints {
        used,
        warnings,
        site_entries_used,
    }
}

/// A phrase split where a citation marker stood: the seed's text has the
/// marker between its words (`Prostějov [Citation: TASS] KAMAZ`), so they
/// are two phrases, not one.
fn split_at_markers(
    text: &str,
    (start, end): (usize, usize),
    markers: &[usize],
) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut from = start;
    for &at in markers.iter().filter(|&&at| start < at && at < end) {
        pieces.push((from, at));
        from = at;
    }
    pieces.push((from, end));
    pieces
        .into_iter()
        .filter_map(|(s, e)| {
            let piece = &text[s..e];
            let s = s + (piece.len() - piece.trim_start().len());
            let e = e - (piece.len() - piece.trim_end().len());
            (s < e).then_some((s, e))
        })
        .collect()
}

/// Whether `phrase` is, whole, an entity's name, alias or case form.
fn is_a_name(index: &MentionIndex, phrase: &str) -> bool {
    matches!(index.find(phrase).as_slice(), [f] if f.start == 0 && f.end == phrase.len())
}

/// A `not_entities` entry that matches no hinted phrase: a typo, or one
/// left behind after the seed or the entities changed.
fn stale_entry<'a>(
    entry: &Spanned<String>,
    path: &Path,
    hinted: &str,
    name: bool,
    phrases: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let written = entry.value.trim();
    let mut warning =
        Diagnostic::warning(format!("`{written}` in `{KEY}` matches no phrase {hinted}"))
            .at(yaml::place(
                path,
                &entry.referenced,
                entry.value.chars().count(),
            ))
            .label("nothing to leave out");
    if name {
        warning = warning.note(format!(
            "`{written}` is found as a mention (an entity's name, alias or case form), which is never hinted"
        ));
    }
    warning.suggest(written, phrases).help(
        "remove it, or write the phrase exactly as `check` prints it (case, spaces and hyphens count)",
    )
}

/// The site's hints, given the articles' warnings and the names they use
/// (from [`article_hints`]).
pub fn hints(
    project: &Project,
    site: &Site,
    article_warnings: impl IntoIterator<Item = Diagnostic>,
    used: &HashSet<String>,
    site_entries_used: &HashSet<String>,
) -> Hints {
    let mut warnings: Vec<Diagnostic> = article_warnings.into_iter().collect();
    if let Some(file) = &project.site {
        for entry in &file.value.not_entities {
            let written = entry.value.trim();
            if !written.is_empty() && !site_entries_used.contains(written) {
                warnings.push(stale_entry(
                    entry,
                    &file.path,
                    "the hint finds in any published article",
                    false,
                    [],
                ));
            }
        }
    }
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

/// The warning listing an article's unmatched phrases in the order they
/// first occur, each with its place and count.
fn phrase_warning(
    seed: &Path,
    annotation: &Path,
    phrases: BTreeMap<String, Phrase>,
    document: impl FnOnce() -> Option<Document>,
) -> Diagnostic {
    let mut list: Vec<(String, Phrase)> = phrases.into_iter().collect();
    list.sort_by_key(|(_, p)| (p.node, p.at));
    let document = document();
    let place = |p: &Phrase| {
        let run = document.as_ref().and_then(|d| match d.nodes.get(p.node) {
            Some(Node::Run(run)) => Some(run),
            _ => None,
        });
        match run {
            Some(run) => Place::at(seed, run.position(p.at)).with_len(p.chars),
            None => Place::file(seed),
        }
    };
    let total = list.len();
    let mut warning = Diagnostic::warning(if total == 1 {
        "1 capitalised phrase looks like a name but matches no entity".to_string()
    } else {
        format!("{total} capitalised phrases look like names but match no entity")
    })
    .at(place(&list[0].1))
    .label(if total == 1 {
        "this one"
    } else {
        "the first of them"
    });
    for (phrase, p) in list.iter().take(PHRASES_SHOWN) {
        let at = place(p);
        warning = warning.note(match p.count {
            1 => format!("{phrase} at {at}"),
            n => format!("{phrase} (×{n}) at {at}"),
        });
    }
    if total > PHRASES_SHOWN {
        warning = warning.note(format!("… and {} more", total - PHRASES_SHOWN));
    }
    let shown: Vec<String> = list
        .iter()
        .take(PHRASES_SHOWN)
        .map(|(phrase, _)| yaml_item(phrase))
        .collect();
    warning
        .help("add an entity (or an alias) for each phrase that names one")
        .help(format!(
            "list those that name nothing as not entities, for this article in {} or for every article in content/site.yaml: `{KEY}: [{}]`",
            annotation.display(),
            shown.join(", ")
        ))
}

/// `phrase` as an item of a YAML flow list: plain where YAML reads it back
/// as the same text, else in double quotes.
fn yaml_item(phrase: &str) -> String {
    let plain = phrase.chars().next().is_some_and(char::is_alphabetic)
        && phrase
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | '&' | '\'' | '’'))
        && !matches!(
            phrase.to_ascii_lowercase().as_str(),
            "yes" | "no" | "y" | "n" | "true" | "false" | "on" | "off" | "null"
        );
    if plain {
        phrase.to_string()
    } else {
        format!("\"{}\"", phrase.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::resolve::mentions::{Names, with_forms};
    use crate::text::inflect::NameKind;

    fn hints_of(text: &str, names: &[&str], site: &[&str]) -> ArticleHints {
        let index = with_forms(names.iter().map(|name| Names {
            names: vec![*name],
            kind: NameKind::Place,
            exact: Vec::new(),
        }));
        let body = Body {
            nodes: vec![BodyNode::Run {
                text: Arc::from(text),
                marks: Vec::new(),
            }],
        };
        let site = site.iter().map(|s| s.to_string()).collect();
        let listed = Listed {
            site: &site,
            article: &[],
            annotation: Path::new("content/articles/a.yaml"),
        };
        article_hints(&index, Path::new("seeds/a.txt"), &body, &listed, || None)
    }

    #[test]
    fn names_refused_by_their_context_are_not_hinted() {
        // «Россия» (the icebreaker) is the place's name, refused inside « »;
        // «России» its case form. Neither wants a new entity.
        let hints = hints_of(
            "Ледокол «Россия» строят в Большом Камне. Стоимость «России» растёт.",
            &["Россия"],
            &[],
        );
        let [warning] = hints.warnings.as_slice() else {
            panic!("{:?}", hints.warnings);
        };
        assert_eq!(
            warning.message,
            "1 capitalised phrase looks like a name but matches no entity"
        );
        assert!(warning.notes[0].starts_with("Большом Камне at seeds/a.txt"));
    }

    #[test]
    fn the_site_list_leaves_phrases_out_and_says_which_it_used() {
        let hints = hints_of(
            "They met the Czech side, then the Slovak side; the Czech side agreed.",
            &[],
            &["Czech", "EU"],
        );
        assert_eq!(
            hints.site_entries_used,
            HashSet::from(["Czech".to_string()])
        );
        let [warning] = hints.warnings.as_slice() else {
            panic!("{:?}", hints.warnings);
        };
        // No seed to place them in: the file, and the phrases without places.
        assert_eq!(warning.place, Some(Place::file("seeds/a.txt")));
        assert_eq!(warning.notes, ["Slovak at seeds/a.txt"]);
    }

    #[test]
    fn a_citation_marker_ends_a_phrase() {
        // `Prostějov [Citation: TASS] KAMAZ`, the marker taken out.
        let text = "Prostějov KAMAZ";
        let at = "Prostějov".len();
        let pieces = split_at_markers(text, (0, text.len()), &[at]);
        let shown: Vec<&str> = pieces.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(shown, ["Prostějov", "KAMAZ"]);
        assert_eq!(split_at_markers(text, (0, at), &[at]), [(0, at)]);
    }

    #[test]
    fn list_items_are_quoted_only_where_yaml_would_misread_them() {
        assert_eq!(yaml_item("South Korean"), "South Korean");
        assert_eq!(yaml_item("ФГУП"), "ФГУП");
        assert_eq!(yaml_item("Czech-Korean"), "Czech-Korean");
        assert_eq!(yaml_item("No"), "\"No\"");
        assert_eq!(yaml_item("«Россия»"), "\"«Россия»\"");
        assert_eq!(yaml_item("A: \"b\""), "\"A: \\\"b\\\"\"");
    }
}
