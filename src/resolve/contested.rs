//! Several figures for one entity, metric and period: which one leads, and
//! whether they are a disagreement (sources that differ) or a revision (a
//! source that changed its figure). Runs once the articles are resolved,
//! because a figure is dated by its article (docs/content-format.md §7.5).
//!
//! The rule, in one place: a figure marked `preferred: true` leads;
//! otherwise the one with the latest "as of" date; ties go by status
//! (reported > estimate > target > speculative), then to the first written.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Article, Entity, Fact, FigureSet};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Project, schema::FactEntry, yaml};
use crate::model::{Period, Status, hash_iter};

/// Dates every fact, groups each entity's figures by metric and period,
/// picks the leaders and finds disagreements and revisions; problems go to
/// `diagnostics`.
pub fn resolve(
    project: &Project,
    entities: &mut [Entity],
    articles: &[Arc<Article>],
    diagnostics: &mut Diagnostics,
) {
    for (e, entity) in entities.iter_mut().enumerate() {
        let Some(loaded) = project.entities.get(e).filter(|l| l.id == entity.id) else {
            continue;
        };
        let raw = &loaded.value.facts;
        for fact in &mut entity.facts {
            if fact.as_of.is_none() {
                fact.as_of = fact.article.map(|a| articles[a].date);
            }
        }
        let place = |f: usize| FactPlace {
            path: &loaded.path,
            raw: &raw[f],
        };
        entity.figure_sets = group(&entity.facts)
            .into_iter()
            .map(|members| {
                let set = judge(&entity.id, &entity.facts, members, &place, diagnostics);
                FigureSet {
                    key: set_key(&entity.facts, &set.facts, articles),
                    ..set
                }
            })
            .collect();
        for fact in &mut entity.facts {
            fact.leads = true;
            fact.set = None;
        }
        for (s, set) in entity.figure_sets.iter().enumerate() {
            for &f in &set.facts {
                entity.facts[f].leads = f == set.leader;
                entity.facts[f].set = Some(s);
            }
        }
    }
}

/// Where a fact is written, for its diagnostics.
struct FactPlace<'a> {
    path: &'a std::path::Path,
    raw: &'a FactEntry,
}

/// The facts sharing a metric and period, two or more, in the order their
/// first figure is written.
fn group(facts: &[Fact]) -> Vec<Vec<usize>> {
    let mut by_key: HashMap<(&str, Period), usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (f, fact) in facts.iter().enumerate() {
        let at = *by_key
            .entry((fact.metric.as_str(), fact.period))
            .or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
        groups[at].push(f);
    }
    groups.retain(|g| g.len() > 1);
    groups
}

/// reported > estimate > target > speculative: what has happened before what
/// is planned, and a plan before a guess.
pub fn status_rank(status: Status) -> u8 {
    match status {
        Status::Reported => 3,
        Status::Estimate => 2,
        Status::Target => 1,
        Status::Speculative => 0,
    }
}

/// Who gave a figure: two figures without a source are never taken for
/// the same source's.
fn giver(fact: &Fact, index: usize) -> (bool, usize) {
    match fact.source {
        Some(s) => (true, s),
        None => (false, index),
    }
}

fn judge<'a>(
    entity: &str,
    facts: &[Fact],
    members: Vec<usize>,
    place: &impl Fn(usize) -> FactPlace<'a>,
    diagnostics: &mut Diagnostics,
) -> FigureSet {
    let first = &facts[members[0]];
    check_preferred(entity, facts, &members, place, diagnostics);
    let revisions = revisions(entity, facts, &members, place, diagnostics);
    // Each giver's figure as it stands: its latest (the last written).
    let mut current: Vec<(bool, usize, usize)> = Vec::new();
    for &f in &members {
        let (named, who) = giver(&facts[f], f);
        match current.iter_mut().find(|c| (c.0, c.1) == (named, who)) {
            Some(c) => c.2 = f,
            None => current.push((named, who, f)),
        }
    }
    let disagreement = current
        .iter()
        .any(|c| facts[c.2].value != facts[current[0].2].value);
    if disagreement {
        for c in &current {
            if facts[c.2].as_of.is_none() {
                undated(entity, &facts[c.2], &place(c.2), diagnostics);
            }
        }
    }
    let leader = leader(facts, &members);
    let mut ordered = members;
    ordered.sort_by_key(|&f| (facts[f].as_of, f));
    FigureSet {
        metric: first.metric.clone(),
        period: first.period,
        disagreement,
        current: current.iter().map(|c| c.2).collect(),
        facts: ordered,
        leader,
        revisions,
        key: 0,
    }
}

/// The rule (the module's doc): `preferred`, then the latest "as of"
/// (undated earliest), then status, then the first written.
fn leader(facts: &[Fact], members: &[usize]) -> usize {
    let best = members.iter().max_by(|&&a, &&b| {
        let (x, y) = (&facts[a], &facts[b]);
        x.preferred
            .cmp(&y.preferred)
            .then(x.as_of.cmp(&y.as_of))
            .then(status_rank(x.status).cmp(&status_rank(y.status)))
            // The first written wins a full tie: `max_by` keeps the last maximum.
            .then(b.cmp(&a))
    });
    best.copied().unwrap_or(members[0])
}

/// At most one figure of a set may be `preferred`.
fn check_preferred<'a>(
    entity: &str,
    facts: &[Fact],
    members: &[usize],
    place: &impl Fn(usize) -> FactPlace<'a>,
    diagnostics: &mut Diagnostics,
) {
    let preferred: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&f| facts[f].preferred)
        .collect();
    let Some((&first, rest)) = preferred.split_first() else {
        return;
    };
    let spot = |f: usize| {
        let at = place(f);
        let flag = at.raw.preferred.as_ref();
        match flag {
            Some(flag) => yaml::place(at.path, &flag.referenced, 4),
            None => yaml::place(at.path, &at.raw.metric.referenced, 1),
        }
    };
    for &other in rest {
        let fact = &facts[other];
        diagnostics.push(
            Diagnostic::error(format!(
                "`{entity}` has two preferred figures for `{}` {}: {} and {}",
                fact.metric,
                fact.period.iso(),
                facts[first].value,
                fact.value,
            ))
            .at(spot(other))
            .note(format!("the other is marked preferred at {}", spot(first)))
            .help("keep `preferred: true` on one of them; without it, the latest figure leads"),
        );
    }
}

/// A source's figures for one key, in the order written, are its
/// revisions: each must be dated after the one before it. Pairs (earlier,
/// later) whose values differ.
fn revisions<'a>(
    entity: &str,
    facts: &[Fact],
    members: &[usize],
    place: &impl Fn(usize) -> FactPlace<'a>,
    diagnostics: &mut Diagnostics,
) -> Vec<(usize, usize)> {
    let mut last_of: HashMap<usize, usize> = HashMap::new();
    let mut pairs = Vec::new();
    for &f in members {
        let Some(source) = facts[f].source else {
            continue;
        };
        let Some(before) = last_of.insert(source, f) else {
            continue;
        };
        let (old, new) = (&facts[before], &facts[f]);
        if old.value == new.value {
            continue; // the source repeated its figure: nothing was revised
        }
        match (old.as_of, new.as_of) {
            (Some(a), Some(b)) if b < a => {
                diagnostics.push(dated_before(entity, old, new, a, b, &place(f)));
            }
            (Some(_), Some(_)) => {}
            _ => {
                for (i, fact) in [(before, old), (f, new)] {
                    if fact.as_of.is_none() {
                        undated(entity, fact, &place(i), diagnostics);
                    }
                }
            }
        }
        pairs.push((before, f));
    }
    pairs
}

fn dated_before(
    entity: &str,
    old: &Fact,
    new: &Fact,
    was: Period,
    is: Period,
    at: &FactPlace,
) -> Diagnostic {
    let spot = match (&at.raw.as_of, &at.raw.article) {
        (Some(d), _) => yaml::place(at.path, &d.referenced, d.value.chars().count()),
        (None, Some(a)) => yaml::place(at.path, &a.referenced, a.value.chars().count()),
        _ => yaml::place(at.path, &at.raw.metric.referenced, 1),
    };
    Diagnostic::error(format!(
        "`{entity}`: this figure for `{}` {} revises {} from the same source, but is dated {}, before it ({})",
        new.metric,
        new.period.iso(),
        old.value,
        is.iso(),
        was.iso()
    ))
    .at(spot)
    .label("dated before the figure it revises")
    .help("write a source's figures for one metric and period in the order it gave them, or correct `as_of` (or `article`)")
}

/// A figure that differs from another must say when it was given. (One
/// whose `as_of` is not a date has that error already.)
fn undated(entity: &str, fact: &Fact, at: &FactPlace, diagnostics: &mut Diagnostics) {
    if at.raw.as_of.is_some() {
        return;
    }
    let d = Diagnostic::error(format!(
        "`{entity}`: the figure {} for `{}` {} differs from another but has no date",
        fact.value,
        fact.metric,
        fact.period.iso()
    ))
    .at(yaml::place(
        at.path,
        &at.raw.metric.referenced,
        fact.metric.chars().count(),
    ))
    .label("no `article` and no `as_of`")
    .help("name the `article` it comes from, or add `as_of: YYYY-MM-DD` (the day it was given)");
    diagnostics.push(d);
}

/// What pages show of a set beyond the entity file (already in the keys
/// of every page showing facts): each figure's date and article.
fn set_key(facts: &[Fact], members: &[usize], articles: &[Arc<Article>]) -> u64 {
    hash_iter(members.iter().flat_map(|&f| {
        let fact = &facts[f];
        let date = fact.as_of.map_or(0, |p| p.number());
        [
            f as u64,
            date,
            fact.article.map_or(u64::MAX, |a| articles[a].listing_key),
        ]
    }))
}

/// What `check` notes of one entity's figures: each disagreement and revision, one line each.
pub struct Noted {
    pub entity: std::path::PathBuf,
    pub lines: Vec<String>,
    pub disagreements: usize,
    pub revisions: usize,
}

/// The entities with disagreements or revisions, by id, for `check`.
pub fn notes(site: &super::Site) -> Vec<Noted> {
    let source = |fact: &Fact| {
        fact.source
            .map_or("no source", |s| site.sources[s].name.as_str())
    };
    let date = |fact: &Fact| {
        fact.as_of
            .map_or_else(|| "undated".to_string(), |d| d.iso())
    };
    let mut noted = Vec::new();
    for entity in &site.entities {
        let mut lines = Vec::new();
        let (mut disagreements, mut revisions) = (0, 0);
        for set in &entity.figure_sets {
            let key = format!("{} {}", set.metric, set.period.iso());
            if set.disagreement {
                disagreements += 1;
                let each: Vec<String> = set
                    .current
                    .iter()
                    .map(|&f| {
                        let fact = &entity.facts[f];
                        format!(
                            "{} ({}, {}, {})",
                            fact.value,
                            source(fact),
                            fact.status.as_str(),
                            date(fact)
                        )
                    })
                    .collect();
                lines.push(format!("{key}: sources differ: {}", each.join(" · ")));
            }
            for &(old, new) in &set.revisions {
                revisions += 1;
                let (old, new) = (&entity.facts[old], &entity.facts[new]);
                lines.push(format!(
                    "{key}: {} revised {} ({}) to {} ({})",
                    source(new),
                    old.value,
                    date(old),
                    new.value,
                    date(new)
                ));
            }
        }
        if !lines.is_empty() {
            noted.push(Noted {
                entity: entity.path.clone(),
                lines,
                disagreements,
                revisions,
            });
        }
    }
    noted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(as_of: Option<&str>, status: Status, preferred: bool) -> Fact {
        Fact {
            metric: "capacity".into(),
            label: "Capacity".into(),
            value: 1.0,
            unit: "cars".into(),
            period: Period::parse("2022").expect("period"),
            status,
            source: None,
            article: None,
            quote: None,
            anchor: String::new(),
            quote_anchor: None,
            as_of: as_of.map(|d| Period::parse_date(d).expect("date")),
            preferred,
            leads: true,
            set: None,
        }
    }

    #[test]
    fn the_leading_figure_follows_the_documented_rule() {
        use Status::*;
        let june = Some("2022-06-18");
        let december = Some("2022-12-02");
        // The latest date leads; an undated figure is the earliest.
        let facts = [
            fact(june, Reported, false),
            fact(december, Speculative, false),
            fact(None, Reported, false),
        ];
        assert_eq!(leader(&facts, &[0, 1, 2]), 1);
        // `preferred` wins over any date.
        let facts = [fact(june, Target, true), fact(december, Reported, false)];
        assert_eq!(leader(&facts, &[0, 1]), 0);
        // Same day: reported > estimate > target > speculative.
        let facts = [
            fact(june, Speculative, false),
            fact(june, Target, false),
            fact(june, Estimate, false),
        ];
        assert_eq!(leader(&facts, &[0, 1, 2]), 2);
        let facts = [fact(june, Estimate, false), fact(june, Reported, false)];
        assert_eq!(leader(&facts, &[0, 1]), 1);
        // A full tie: the first written.
        let facts = [fact(june, Target, false), fact(june, Target, false)];
        assert_eq!(leader(&facts, &[0, 1]), 0);
    }
}
