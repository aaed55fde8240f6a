//! `annotate --json`: the same [`Plan`] the YAML drafts are made from, as
//! one JSON document for editors and scripts. The schema is documented in
//! docs/annotate.md ("JSON output"); fields are only ever added to version 1.

use serde::Serialize;

use super::{ArticleDraft, Cited, ClaimDraft, EntityDraft, FactDraft, Plan, SourceDraft};

/// The format's version: a script checks it before reading on.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    articles: Vec<Article<'a>>,
    entities: Vec<Entity<'a>>,
    sources: Vec<Source<'a>>,
}

#[derive(Serialize)]
struct Article<'a> {
    seed: &'a str,
    slug: &'a str,
    /// The annotation that exists already (proposals then extend it).
    existing: Option<String>,
    title: &'a str,
    citations: Vec<Citation<'a>>,
    /// Every entity the seed mentions: known ones and proposed ones.
    entities: Vec<Mention<'a>>,
    claims: Vec<Claim<'a>>,
    facts: Vec<Fact<'a>>,
}

#[derive(Serialize)]
struct Citation<'a> {
    name: &'a str,
    line: usize,
    /// The source id it resolves to, or null when none matches.
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct Mention<'a> {
    id: &'a str,
    /// `known` (an entity file has it) or `proposed` (in `entities` below).
    status: &'static str,
    /// How often the build's mention search finds it (known entities).
    count: Option<usize>,
}

#[derive(Serialize)]
struct Claim<'a> {
    quote: &'a str,
    status: &'static str,
    entities: &'a [String],
}

#[derive(Serialize)]
struct Fact<'a> {
    /// The entity the fact is about (its owner), or null when none is named near it.
    entity: Option<&'a str>,
    metric: &'a str,
    value: f64,
    /// Null when the text gives no unit.
    unit: Option<&'a str>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; null when the text gives no year.
    period: Option<String>,
    status: &'static str,
    source: Option<&'a str>,
    quote: &'a str,
    differs_from: &'a [String],
}

#[derive(Serialize)]
struct Entity<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    aliases: &'a [String],
    role: Option<&'a str>,
    /// Why it was proposed, and as this kind.
    reason: &'a str,
    seed: String,
    /// The sentence it was first seen in.
    sentence: &'a str,
    /// Proposed for a seed that has an annotation already.
    comment_only: bool,
}

#[derive(Serialize)]
struct Source<'a> {
    id: &'a str,
    name: &'a str,
    /// The closest existing source, when the name may be one of its aliases.
    closest: Option<Closest<'a>>,
}

#[derive(Serialize)]
struct Closest<'a> {
    id: &'a str,
    name: &'a str,
}

/// The plan as a pretty-printed JSON document (with a final line break).
pub fn render(plan: &Plan) -> String {
    let document = Document {
        version: VERSION,
        articles: plan.articles.iter().map(|a| article(a, plan)).collect(),
        entities: plan.entities.iter().map(entity).collect(),
        sources: plan.sources.iter().map(source).collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn article<'a>(draft: &'a ArticleDraft, plan: &'a Plan) -> Article<'a> {
    let known = draft.known.iter().map(|(id, count)| Mention {
        id,
        status: "known",
        count: Some(*count),
    });
    let proposed = draft.new_entities.iter().map(|id| Mention {
        id,
        status: "proposed",
        count: None,
    });
    // A new entity's facts are drafted into its stub; they belong to this
    // article all the same.
    let stub_facts = plan.entities.iter().flat_map(|e| {
        e.facts
            .iter()
            .filter(|f| f.article == draft.slug)
            .map(|f| fact(Some(&e.candidate.id), f))
    });
    let loose = draft
        .loose_facts
        .iter()
        .map(|(owner, f)| fact(owner.as_deref(), f));
    Article {
        seed: &draft.seed,
        slug: &draft.slug,
        existing: draft.existing.as_ref().map(|p| p.display().to_string()),
        title: &draft.title,
        citations: draft.citations.iter().map(citation).collect(),
        entities: known.chain(proposed).collect(),
        claims: draft.claims.iter().map(claim).collect(),
        facts: stub_facts.chain(loose).collect(),
    }
}

fn citation(cited: &Cited) -> Citation<'_> {
    Citation {
        name: &cited.name,
        line: cited.line,
        source: cited.source.as_deref(),
    }
}

fn claim(draft: &ClaimDraft) -> Claim<'_> {
    Claim {
        quote: &draft.quote,
        status: draft.status.as_str(),
        entities: &draft.entities,
    }
}

fn fact<'a>(entity: Option<&'a str>, draft: &'a FactDraft) -> Fact<'a> {
    Fact {
        entity,
        metric: &draft.metric,
        value: draft.value,
        unit: (!draft.unit.is_empty()).then_some(draft.unit.as_str()),
        period: draft.period.map(|p| p.iso()),
        status: draft.status.as_str(),
        source: draft.source.as_deref(),
        quote: &draft.quote,
        differs_from: &draft.differs_from,
    }
}

fn entity(draft: &EntityDraft) -> Entity<'_> {
    let candidate = &draft.candidate;
    Entity {
        id: &candidate.id,
        name: &candidate.name,
        kind: candidate.kind.as_str(),
        aliases: &candidate.aliases,
        role: candidate.role.as_deref(),
        reason: &candidate.because,
        seed: draft.seed_path.display().to_string(),
        sentence: &draft.sentence,
        comment_only: draft.comment_only,
    }
}

fn source(draft: &SourceDraft) -> Source<'_> {
    Source {
        id: &draft.id,
        name: &draft.name,
        closest: draft
            .closest
            .as_ref()
            .map(|(id, name)| Closest { id, name }),
    }
}
