//! Entities: names, relations and facts, checked against each other and
//! against the sources. Facts' articles and quotes are checked with the
//! articles (they need the seeds).

use std::collections::HashMap;
use std::sync::Arc;

use super::sources::Sources;
use super::{Entity, Fact, Link, Relation, http_url, not_http};
use crate::diagnostics::{Diagnostic, Diagnostics, LineCol, Related};
use crate::load::{Project, schema::FactEntry, yaml};
use crate::model::{Period, is_valid_id};
use serde_saphyr::Spanned;

/// One entity per loaded entity file, in the same order (by id).
pub fn resolve(project: &Project, sources: &Sources, diagnostics: &mut Diagnostics) -> Vec<Entity> {
    let ids: Vec<&str> = project.entities.iter().map(|e| e.id.as_str()).collect();
    let entities: Vec<Entity> = project
        .entities
        .iter()
        .map(|loaded| {
            let file = &loaded.value;
            let path = &loaded.path;
            if file.name.value.trim().is_empty() {
                diagnostics.push(Diagnostic::error("entity name is empty").at(yaml::place(
                    path,
                    &file.name.referenced,
                    1,
                )));
            }
            let links = file
                .links
                .iter()
                .filter_map(|link| {
                    if http_url(&link.url.value) {
                        Some(Link {
                            title: link.title.clone(),
                            url: link.url.value.trim().to_string(),
                        })
                    } else {
                        diagnostics.push(not_http(path, &link.url));
                        None
                    }
                })
                .collect();
            let relations = file
                .relations
                .iter()
                .filter_map(|relation| {
                    // Both references are checked before giving up on the relation.
                    let to = entity_index(project, &ids, &relation.to, path, diagnostics);
                    let source = relation
                        .source
                        .as_ref()
                        .and_then(|s| source_index(sources, s, path, diagnostics));
                    let to = to?;
                    if relation.to.value == loaded.id {
                        diagnostics.push(
                            Diagnostic::error(format!(
                                "`{}` is related to itself",
                                loaded.id
                            ))
                            .at(yaml::place(
                                path,
                                &relation.to.referenced,
                                relation.to.value.chars().count(),
                            ))
                            .label("this file's own entity")
                            .help("a relation links two entities: give `to` the id of the other one, or remove the relation"),
                        );
                        return None;
                    }
                    if relation.kind.value.trim().is_empty() {
                        diagnostics.push(
                            Diagnostic::error("relation type is empty").at(yaml::place(
                                path,
                                &relation.kind.referenced,
                                1,
                            )),
                        );
                    }
                    Some(Relation {
                        to,
                        kind: relation.kind.value.trim().to_string(),
                        note: relation.note.clone(),
                        source,
                    })
                })
                .collect();
            let mut facts: Vec<Fact> = file
                .facts
                .iter()
                .map(|fact| resolve_fact(fact, sources, path, diagnostics))
                .collect();
            number_anchors(&mut facts);
            Entity {
                id: loaded.id.clone(),
                name: file.name.value.trim().to_string(),
                kind: file.kind,
                aliases: file.aliases.iter().map(|a| a.value.clone()).collect(),
                exact: pinned_names(file, path, diagnostics),
                role: file.role.clone(),
                summary: file.summary.clone(),
                links,
                relations,
                facts,
                figure_sets: Vec::new(),
                mentioned_in: Arc::default(),
                mention_count: 0,
                path: path.clone(),
            }
        })
        .collect();
    check_alias_collisions(project, diagnostics);
    check_duplicate_facts(&entities, project, diagnostics);
    entities
}

/// `exact:`: each must be the entity's name or one of its aliases.
fn pinned_names(
    file: &crate::load::schema::EntityFile,
    path: &std::path::Path,
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let names: Vec<&str> = std::iter::once(&file.name)
        .chain(&file.aliases)
        .map(|n| n.value.trim())
        .collect();
    let mut pinned = Vec::new();
    for entry in &file.exact {
        let text = entry.value.trim();
        if names.contains(&text) {
            pinned.push(text.to_string());
        } else {
            diagnostics.push(
                Diagnostic::error(format!(
                    "`{text}` in `exact` is not this entity's name or one of its aliases"
                ))
                .at(yaml::place(
                    path,
                    &entry.referenced,
                    text.chars().count().max(1),
                ))
                .suggest(text, names.iter().copied()),
            );
        }
    }
    pinned
}

fn resolve_fact(
    fact: &FactEntry,
    sources: &Sources,
    path: &std::path::Path,
    diagnostics: &mut Diagnostics,
) -> Fact {
    if !is_valid_id(&fact.metric.value) {
        diagnostics.push(
            Diagnostic::error(format!("`{}` is not a valid metric id", fact.metric.value))
                .at(yaml::place(
                    path,
                    &fact.metric.referenced,
                    fact.metric.value.chars().count(),
                ))
                .help(format!(
                    "metric ids match ^[a-z0-9]+(-[a-z0-9]+)*$, for example `{}`",
                    crate::markup::text::suggest_id(&fact.metric.value)
                )),
        );
    }
    let period = Period::parse(fact.period.value.trim()).unwrap_or_else(|| {
        if crate::model::is_placeholder(&fact.period.value) {
            diagnostics.push(super::not_filled_in(
                "fact period",
                yaml::place(path, &fact.period.referenced, fact.period.value.chars().count()),
                "write the year (or YYYY-MM, YYYY-MM-DD) the figure is for; the article's year is usual",
            ));
            return Period { year: 0, month: None, day: None };
        }
        diagnostics.push(
            Diagnostic::error(format!("`{}` is not a valid period", fact.period.value))
                .at(yaml::place(
                    path,
                    &fact.period.referenced,
                    fact.period.value.chars().count(),
                ))
                .help(super::date_help(
                    &fact.period.value,
                    "write YYYY, YYYY-MM or YYYY-MM-DD (a date that exists)",
                )),
        );
        Period {
            year: 0,
            month: None,
            day: None,
        }
    });
    if !fact.value.value.is_finite() {
        diagnostics.push(
            Diagnostic::error("fact value must be a finite number")
                .at(yaml::place(path, &fact.value.referenced, 1))
                .help("write the number, e.g. `value: 190000`"),
        );
    }
    check_unit(&fact.unit, path, diagnostics);
    let source = fact
        .source
        .as_ref()
        .and_then(|s| source_index(sources, s, path, diagnostics));
    let label = fact
        .label
        .clone()
        .unwrap_or_else(|| humanise(&fact.metric.value));
    let anchor = crate::routes::fact_anchor(&fact.metric.value, &period.iso());
    let as_of = fact.as_of.as_ref().and_then(|date| {
        let parsed = Period::parse_date(date.value.trim());
        if parsed.is_none() {
            diagnostics.push(
                Diagnostic::error(format!("`{}` is not a date", date.value))
                    .at(yaml::place(
                        path,
                        &date.referenced,
                        date.value.chars().count(),
                    ))
                    .label("`as_of` is the day the figure was given")
                    .help(super::date_help(
                        &date.value,
                        "write YYYY-MM-DD, a date that exists, e.g. `as_of: 2022-06-18`",
                    )),
            );
        }
        parsed
    });
    Fact {
        metric: fact.metric.value.clone(),
        label,
        value: fact.value.value,
        unit: fact.unit.value.trim().to_string(),
        period,
        status: fact.status,
        source,
        article: None,
        quote: fact.quote.as_ref().map(|q| q.value.clone()),
        quote_anchor: None,
        anchor,
        as_of,
        preferred: fact.preferred.as_ref().is_some_and(|p| p.value),
        leads: true,
        set: None,
    }
}

/// A figure without its unit cannot be read (`40` what? per cent, cars,
/// roubles?) and charts group figures by unit, so a blank unit is an error,
/// as is the placeholder `annotate` leaves when the text gave none.
fn check_unit(unit: &Spanned<String>, path: &std::path::Path, diagnostics: &mut Diagnostics) {
    let written = unit.value.trim();
    // `""` is two characters in the file; underline at least the quotes.
    let place = yaml::place(path, &unit.referenced, unit.value.chars().count().max(2));
    if crate::model::is_placeholder(written) {
        diagnostics.push(super::not_filled_in(
            "fact unit",
            place,
            "write what the value counts: `unit: '%'` for a share, a currency code (`unit: RUB`), or the counted noun (`unit: cars per year`)",
        ));
    } else if written.is_empty() {
        diagnostics.push(
            Diagnostic::error("fact unit is empty")
                .at(place)
                .label("a figure needs its unit")
                .help("write what the value counts: `unit: '%'` for a share, a currency code (`unit: RUB`), or the counted noun (`unit: cars per year`)"),
        );
    }
}

/// The second and later figures for one metric and period get anchors of
/// their own (`fact-<metric>-<period>-v2`…); the first keeps the plain one.
fn number_anchors(facts: &mut [Fact]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for fact in facts {
        let count = seen.entry(fact.anchor.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            fact.anchor = crate::routes::nth_fact_anchor(&fact.anchor, *count);
        }
    }
}

/// `annual-output` → `Annual output`.
fn humanise(id: &str) -> String {
    let text = id.replace('-', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn entity_index(
    project: &Project,
    ids: &[&str],
    id: &serde_saphyr::Spanned<String>,
    path: &std::path::Path,
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let found = ids.binary_search(&id.value.as_str()).ok();
    if found.is_none() && !entity_file_is_broken(project, &id.value) {
        diagnostics.push(unknown_entity(ids, id, path));
    }
    found
}

/// Whether `content/entities/<id>.yaml` exists but could not be loaded (or
/// is misnamed for that id): its own error is reported, so references to it
/// are not called unknown too.
pub fn entity_file_is_broken(project: &Project, id: &str) -> bool {
    project.broken_id(crate::inputs::ENTITIES, id)
}

pub fn unknown_entity(
    ids: &[&str],
    id: &serde_saphyr::Spanned<String>,
    path: &std::path::Path,
) -> Diagnostic {
    let d = Diagnostic::error(format!("unknown entity `{}`", id.value))
        .at(yaml::place(path, &id.referenced, id.value.chars().count()))
        .label("no file content/entities/<id>.yaml has this id");
    d.suggest(&id.value, ids.iter().copied())
}

fn source_index(
    sources: &Sources,
    id: &serde_saphyr::Spanned<String>,
    path: &std::path::Path,
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let found = sources.by_id(&id.value);
    if found.is_none() {
        diagnostics.extend(sources.unknown(
            yaml::place(path, &id.referenced, id.value.chars().count()),
            &id.value,
        ));
    }
    found
}

/// Two entities may not answer to the same name: mentions must be unambiguous.
fn check_alias_collisions(project: &Project, diagnostics: &mut Diagnostics) {
    let mut owners: HashMap<&str, (usize, &serde_saphyr::Spanned<String>)> = HashMap::new();
    for (index, loaded) in project.entities.iter().enumerate() {
        let names = std::iter::once(&loaded.value.name).chain(loaded.value.aliases.iter());
        for name in names {
            let text = name.value.trim();
            if text.is_empty() {
                continue;
            }
            match owners.get(text) {
                Some(&(other, other_name)) if other != index => {
                    let first = &project.entities[other];
                    let len = text.chars().count();
                    let there = yaml::place(&first.path, &other_name.referenced, len);
                    let end = LineCol::new(there.line, there.column + len);
                    diagnostics.push(
                        Diagnostic::error(format!(
                            "`{text}` is a name of two entities: `{}` and `{}`",
                            first.id, loaded.id
                        ))
                        .at(yaml::place(&loaded.path, &name.referenced, len))
                        .label(format!("also a name of `{}`", first.id))
                        .related(Related {
                            title: format!("`{}` has the name `{text}` here", first.id),
                            start: there,
                            end,
                            marks: Vec::new(),
                        })
                        .help("keep the name on one entity, or use `mentions: {include: [...]}` in an article"),
                    );
                }
                Some(_) => {}
                None => {
                    owners.insert(text, (index, name));
                }
            }
        }
    }
}

/// The same figure twice (same metric, period, source, article, date,
/// value and status) is a slip: several figures for one metric and period
/// must differ in where they come from or what they say (§7.5).
fn check_duplicate_facts(entities: &[Entity], project: &Project, diagnostics: &mut Diagnostics) {
    for (entity, loaded) in entities.iter().zip(&project.entities) {
        for (i, fact) in entity.facts.iter().enumerate() {
            let raw = &loaded.value.facts[i];
            let raw_facts = &loaded.value.facts;
            let Some(first) = (0..i).find(|&j| same_figure(&entity.facts, raw_facts, j, i)) else {
                continue;
            };
            diagnostics.push(
                Diagnostic::error(format!(
                    "`{}` has the same figure twice for metric `{}` and period {}",
                    entity.id,
                    fact.metric,
                    fact.period.iso()
                ))
                .at(yaml::place(
                    &loaded.path,
                    &raw.metric.referenced,
                    fact.metric.chars().count(),
                ))
                .note(format!(
                    "first written at {}",
                    yaml::place(
                        &loaded.path,
                        &loaded.value.facts[first].metric.referenced,
                        fact.metric.chars().count()
                    )
                ))
                .help("remove one of them; figures for one metric and period must differ in source, article or value"),
            );
        }
    }
}

/// Whether facts `a` and `b` of one entity file say the same thing from
/// the same place. Articles are compared as written: their positions among
/// the published articles are not known yet.
fn same_figure(facts: &[Fact], raw: &[FactEntry], a: usize, b: usize) -> bool {
    let (x, y) = (&facts[a], &facts[b]);
    let article = |f: &FactEntry| f.article.as_ref().map(|s| s.value.trim().to_string());
    x.metric == y.metric
        && x.period == y.period
        && x.source == y.source
        && x.as_of == y.as_of
        && x.value == y.value
        && x.status == y.status
        && article(&raw[a]) == article(&raw[b])
}

#[cfg(test)]
mod tests {
    #[test]
    fn metric_ids_become_labels() {
        assert_eq!(super::humanise("annual-output"), "Annual output");
    }
}
