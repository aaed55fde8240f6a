//! One function per kind of page: each takes the resolved site (and the
//! site-wide derived indexes) and returns the page's template context.
//! None of them reads files or shared state, so pages render in parallel.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use tera::Context;

use super::charts::data::ChartView;
use super::context::{
    ArticleRef, EntityRef, FactView, FigureSetView, SourceRef, common, kind_label, status_label,
};
use super::derived::{Derived, Incoming, Metric};
use crate::markup::escape::Escaped;
use crate::model::{EntityKind, FactRef, Span};
use crate::resolve::{Body, Sentence, Site};
use crate::routes::{self, root_for};

/// How many of the newest articles the front page lists.
const FRONT_PAGE_ARTICLES: usize = 20;

pub fn index(site: &Site, derived: &Derived) -> Context {
    let mut context = common(site, routes::INDEX, None, None);
    context.insert("jsonld_html", &super::meta::website(site));
    let articles: Vec<ArticleRef> = site
        .articles
        .iter()
        .take(FRONT_PAGE_ARTICLES)
        .map(|a| ArticleRef::listed(a, &site.locale))
        .collect();
    let mut key: Vec<EntityRef> = site
        .entities
        .iter()
        .map(|e| EntityRef::new(e, &site.locale))
        .filter(|e| e.mention_count > 0)
        .collect();
    key.sort_by(|a, b| {
        let rank = |e: &EntityRef| (e.article_count, e.mention_count);
        rank(b).cmp(&rank(a)).then_with(|| a.name.cmp(&b.name))
    });
    key.truncate(12);
    context.insert("articles", &articles);
    context.insert("article_count", &site.articles.len());
    context.insert("key_entities", &key);
    if let Some(chart) = derived.article_charts.iter().flat_map(|c| c.iter()).next() {
        context.insert("headline_chart", &*chart.at_root(""));
    }
    context.insert("charts", derived.site_charts.as_slice());
    context
}

#[derive(Serialize)]
struct FootnoteView {
    number: usize,
    id: String,
    source: SourceRef,
    backlinks: Vec<Backlink>,
}

#[derive(Serialize)]
struct Backlink {
    id: String,
    label: String,
    text: String,
}

#[derive(Serialize)]
struct KindGroup {
    kind: &'static str,
    kind_label: String,
    entities: Vec<EntityRef>,
}

#[derive(Serialize)]
struct ClaimView {
    anchor: String,
    quote: String,
    status: &'static str,
    status_label: String,
    note: Option<String>,
    entities: Vec<EntityRef>,
}

/// An article's page; `body` is the article's, from the build's body source.
pub fn article(site: &Site, derived: &Derived, index: usize, body: &Body) -> Context {
    let article = &site.articles[index];
    let path = routes::article(&article.slug);
    let mut context = common(
        site,
        &path,
        Some(&article.title),
        article.summary.as_deref(),
    );
    let root = root_for(&path);
    context.insert("og_type", "article");
    context.insert("published_time", &article.date.iso());
    context.insert("jsonld_html", &super::meta::article(site, article));
    context.insert("article", &ArticleRef::listed(article, &site.locale));
    context.insert(
        "body_html",
        &super::body::render(body, &article.seed_path, site, &root),
    );
    let footnotes: Vec<FootnoteView> = article
        .footnotes
        .iter()
        .map(|note| FootnoteView {
            number: note.number,
            id: routes::footnote_anchor(note.number),
            source: SourceRef::new(&site.sources[note.source]),
            backlinks: (0..note.citations)
                .map(|nth| {
                    let letter = super::body::citation_letter(nth);
                    let many = note.citations > 1;
                    Backlink {
                        id: routes::citation_anchor(note.number, &letter),
                        // The visible letter is a word of the label, so what
                        // is seen is what speech input can say (WCAG 2.5.3).
                        label: if many {
                            site.locale.phrase(
                                "backlink_letter",
                                &[
                                    ("number", &site.locale.integer(note.number as u64)),
                                    ("letter", &letter),
                                ],
                            )
                        } else {
                            site.locale.phrase(
                                "backlink",
                                &[("number", &site.locale.integer(note.number as u64))],
                            )
                        },
                        text: if many {
                            format!("↩ {letter}")
                        } else {
                            "↩".into()
                        },
                    }
                })
                .collect(),
        })
        .collect();
    context.insert("footnotes", &footnotes);
    let mentioned: Vec<usize> = article.mentioned.iter().map(|m| m.entity).collect();
    context.insert("mentioned", &group_by_kind(site, &mentioned));
    let claims: Vec<ClaimView> = article
        .claims
        .iter()
        .map(|claim| ClaimView {
            anchor: claim.anchor.clone(),
            quote: claim.quote.clone(),
            status: claim.status.as_str(),
            status_label: status_label(&site.locale, claim.status),
            note: claim.note.clone(),
            entities: claim
                .entities
                .iter()
                .map(|&e| EntityRef::new(&site.entities[e], &site.locale))
                .collect(),
        })
        .collect();
    context.insert("claims", &claims);
    context.insert("charts", derived.article_charts[index].as_slice());
    let facts: Vec<FactView> = article
        .facts
        .iter()
        .map(|&FactRef { entity: e, fact: f }| {
            FactView::new(site, &site.entities[e], &site.entities[e].facts[f])
        })
        .collect();
    context.insert("facts", &facts);
    let sets = article
        .facts
        .iter()
        .filter_map(|&FactRef { entity, fact }| {
            Some((entity, site.entities[entity].facts[fact].set?))
        });
    context.insert("figure_sets", &figure_sets(site, sets));
    context
}

/// The views of the sets (entity index, set index) whose figures differ,
/// each once, in the order given.
fn figure_sets(site: &Site, sets: impl Iterator<Item = (usize, usize)>) -> Vec<FigureSetView> {
    let mut seen = Vec::new();
    let mut views = Vec::new();
    for (e, s) in sets {
        let entity = &site.entities[e];
        let set = &entity.figure_sets[s];
        if !set.is_contested() || seen.contains(&(e, s)) {
            continue;
        }
        seen.push((e, s));
        views.push(FigureSetView::new(site, entity, set));
    }
    views
}

fn group_by_kind(site: &Site, entities: &[usize]) -> Vec<KindGroup> {
    EntityKind::ALL
        .iter()
        .filter_map(|&kind| {
            let mut members: Vec<EntityRef> = entities
                .iter()
                .map(|&e| &site.entities[e])
                .filter(|e| e.kind == kind)
                .map(|e| EntityRef::new(e, &site.locale))
                .collect();
            members.sort_by(|a, b| a.name.cmp(&b.name));
            (!members.is_empty()).then_some(KindGroup {
                kind: kind.as_str(),
                kind_label: kind_label(&site.locale, kind, true),
                entities: members,
            })
        })
        .collect()
}

pub fn entities(site: &Site) -> Context {
    let mut context = common(
        site,
        &routes::ENTITIES.index(),
        Some(&site.locale.word("nav_entities")),
        None,
    );
    let all: Vec<usize> = (0..site.entities.len()).collect();
    context.insert("groups", &group_by_kind(site, &all));
    context
}

#[derive(Serialize)]
struct RelationView {
    label: String,
    /// True when the label reads from the other entity's side ("KAMAZ partner of this").
    from_other: bool,
    other: EntityRef,
    note: Option<String>,
    source: Option<SourceRef>,
}

#[derive(Serialize)]
struct MentionView<'a> {
    article: ArticleRef<'a>,
    sentences_html: Vec<String>,
}

#[derive(Serialize)]
struct CoMention {
    entity: EntityRef,
    count: usize,
}

pub fn entity(site: &Site, derived: &Derived, index: usize) -> Context {
    let entity = &site.entities[index];
    let path = routes::entity(&entity.id);
    let description = format!(
        "{} — {}",
        entity.name,
        entity
            .role
            .clone()
            .unwrap_or_else(|| kind_label(&site.locale, entity.kind, false))
    );
    let mut context = common(site, &path, Some(&entity.name), Some(&description));
    context.insert("entity", &EntityRef::new(entity, &site.locale));
    context.insert("jsonld_html", &super::meta::entity(site, entity));
    context.insert("timeline_url", &routes::entity_timeline(&entity.id));
    if site.settings.base_url.is_some() {
        context.insert("feed_url", &routes::entity_feed(&entity.id));
    }
    if let Some(summary) = &entity.summary {
        context.insert("summary_html", &crate::markup::markdown::to_html(summary));
    }
    let links: Vec<BTreeMap<&str, &str>> = entity
        .links
        .iter()
        .map(|l| BTreeMap::from([("title", l.title.as_str()), ("url", l.url.as_str())]))
        .collect();
    context.insert("links", &links);
    let outgoing = entity.relations.iter().map(|r| RelationView {
        label: r.kind.clone(),
        from_other: false,
        other: EntityRef::new(&site.entities[r.to], &site.locale),
        note: r.note.clone(),
        source: r.source.map(|s| SourceRef::new(&site.sources[s])),
    });
    let incoming = derived.incoming[index]
        .iter()
        .map(|Incoming { from, relation: r }| RelationView {
            from_other: inverse(&r.kind).is_none(),
            label: inverse(&r.kind).unwrap_or_else(|| r.kind.clone()),
            other: EntityRef::new(&site.entities[*from], &site.locale),
            note: r.note.clone(),
            source: r.source.map(|s| SourceRef::new(&site.sources[s])),
        });
    let relations: Vec<RelationView> = outgoing.chain(incoming).collect();
    context.insert("relations", &relations);
    let mentions: Vec<MentionView> = entity
        .mentioned_in
        .iter()
        .map(|m| MentionView {
            article: ArticleRef::new(&site.articles[m.article], &site.locale),
            sentences_html: m.sentences.iter().map(sentence_html).collect(),
        })
        .collect();
    context.insert("mentions", &mentions);
    let co: Vec<CoMention> = derived.co_mentioned[index]
        .iter()
        .map(|co| CoMention {
            entity: EntityRef::new(&site.entities[co.entity], &site.locale),
            count: co.count,
        })
        .collect();
    context.insert("co_mentioned", &co);
    let facts: Vec<FactView> = entity
        .facts
        .iter()
        .map(|f| FactView::new(site, entity, f))
        .collect();
    context.insert("facts", &facts);
    let sets = (0..entity.figure_sets.len()).map(|s| (index, s));
    context.insert("figure_sets", &figure_sets(site, sets));
    context.insert("charts", derived.entity_charts[index].as_slice());
    context
}

/// How a relation reads from its target's side: "head of" → "headed by";
/// `None` when there is no known wording (the page then phrases it from the
/// other entity's side).
pub fn inverse(kind: &str) -> Option<String> {
    const PAIRS: [(&str, &str); 27] = [
        ("head of", "headed by"),
        ("chief executive of", "led by"),
        ("ceo of", "led by"),
        ("minister of", "headed by"),
        ("partner of", "partner of"),
        ("supplies the cab for", "cab supplied by"),
        ("supplies", "supplied by"),
        ("supplier of", "supplied by"),
        ("formerly", "later"),
        ("successor of", "succeeded by"),
        ("brand of", "owns the brand"),
        ("product of", "makes"),
        ("made by", "makes"),
        ("produced at", "produces"),
        ("produced in", "place of production of"),
        ("built at", "builds"),
        ("owned by", "owns"),
        ("owner of", "owned by"),
        ("subsidiary of", "parent of"),
        ("parent of", "subsidiary of"),
        ("announced at", "venue of announcement by"),
        ("located in", "location of"),
        ("based in", "home of"),
        ("historic maker of", "historically made by"),
        ("maker of", "made by"),
        ("to be built at", "planned production site of"),
        ("member of", "has member"),
    ];
    let lower = kind.to_lowercase();
    PAIRS.iter().find_map(|(a, b)| {
        if lower == *a {
            Some(b.to_string())
        } else if lower == *b && a != b {
            Some(a.to_string())
        } else {
            None
        }
    })
}

/// A sentence with each mention in `<strong>`.
fn sentence_html(sentence: &Sentence) -> String {
    let mut out = String::new();
    let mut last = 0;
    let mut highlights = sentence.highlights.clone();
    highlights.sort_unstable();
    for Span { start, end } in highlights {
        if start < last {
            continue;
        }
        let _ = write!(
            out,
            "{}<strong>{}</strong>",
            Escaped(&sentence.text[last..start]),
            Escaped(&sentence.text[start..end])
        );
        last = end;
    }
    let _ = write!(out, "{}", Escaped(&sentence.text[last..]));
    out
}

#[derive(Serialize)]
struct MetricGroup<'a> {
    metric: String,
    label: String,
    /// The metric's own page.
    url: String,
    unit: String,
    facts: Vec<FactView<'a>>,
}

pub fn facts(site: &Site) -> Context {
    let mut context = common(
        site,
        &routes::FACTS.index(),
        Some(&site.locale.word("nav_facts")),
        None,
    );
    let mut groups: BTreeMap<&str, MetricGroup> = BTreeMap::new();
    for entity in &site.entities {
        for fact in &entity.facts {
            groups
                .entry(&fact.metric)
                .or_insert_with(|| MetricGroup {
                    url: routes::metric(&fact.metric),
                    metric: fact.metric.clone(),
                    label: fact.label.clone(),
                    unit: fact.unit.clone(),
                    facts: Vec::new(),
                })
                .facts
                .push(FactView::new(site, entity, fact));
        }
    }
    let mut metrics: Vec<MetricGroup> = groups.into_values().collect();
    for group in &mut metrics {
        group.facts.sort_by(|a, b| {
            a.period
                .cmp(&b.period)
                .then_with(|| a.entity.name.cmp(&b.entity.name))
        });
    }
    let labels: Vec<&str> = metrics.iter().map(|m| m.label.as_str()).collect();
    context.insert("jsonld_html", &super::meta::facts(site, &labels));
    context.insert("metrics", &metrics);
    let figures = crate::resolve::coverage::figure_counts(site);
    let (annotated, found) = (figures.quoted, figures.found);
    context.insert("figures", &FigureCoverage { annotated, found });
    context.insert("csv_url", routes::FACTS_CSV);
    context.insert("json_url", routes::FACTS_JSON);
    context
}

/// A metric's page: every figure across entities, the latest compared, each
/// entity's figures over time.
pub fn metric(site: &Site, derived: &Derived, index: usize) -> Context {
    let Metric { id: metric, label } = &derived.metrics[index];
    let mut context = common(site, &routes::metric(metric), Some(label), None);
    let mut facts: Vec<FactView> = site
        .entities
        .iter()
        .flat_map(|e| e.facts.iter().map(move |f| (e, f)))
        .filter(|(_, f)| f.metric == *metric)
        .map(|(e, f)| FactView::new(site, e, f))
        .collect();
    facts.sort_by(|a, b| {
        a.period
            .cmp(&b.period)
            .then_with(|| a.entity.name.cmp(&b.entity.name))
    });
    let charts = derived.metric_charts[index].as_slice();
    let (comparisons, over_time): (Vec<&ChartView>, Vec<&ChartView>) =
        charts.iter().partition(|c| c.compare.is_some());
    context.insert(
        "metric",
        &MetricView {
            metric,
            label,
            url: routes::metric(metric),
        },
    );
    context.insert("facts", &facts);
    // Each entity's sets for this metric, by entity name then period.
    let mut sets: Vec<(usize, usize)> = site
        .entities
        .iter()
        .enumerate()
        .flat_map(|(e, entity)| {
            let sets = entity.figure_sets.iter().enumerate();
            sets.filter(|(_, set)| set.metric == *metric)
                .map(move |(s, _)| (e, s))
        })
        .collect();
    sets.sort_by(|&(a, s), &(b, t)| {
        let name = |e: usize| &site.entities[e].name;
        let period = |e: usize, s: usize| site.entities[e].figure_sets[s].period;
        name(a).cmp(name(b)).then(period(a, s).cmp(&period(b, t)))
    });
    context.insert("figure_sets", &figure_sets(site, sets.into_iter()));
    context.insert("comparisons", &comparisons);
    context.insert("charts", &over_time);
    context.insert("csv_url", routes::FACTS_CSV);
    context
}

#[derive(Serialize)]
struct MetricView<'a> {
    metric: &'a str,
    label: &'a str,
    url: String,
}

/// How many of the figures in the articles a fact or claim quotes.
#[derive(Serialize)]
struct FigureCoverage {
    annotated: usize,
    found: usize,
}

#[derive(Serialize)]
struct SourceView {
    #[serde(flatten)]
    source: SourceRef,
    anchor: String,
    articles: Vec<CitingArticle>,
}

#[derive(Serialize)]
struct CitingArticle {
    /// The article's `ArticleRef`, made into a template value once and
    /// shared by every source the article cites (the value is reference
    /// counted, and Tera takes a value inside a context as it is).
    article: tera::Value,
    count: usize,
}

/// Every source with the articles citing it. At 100,000 articles the page
/// lists some 300,000 citing articles, and rendering it took about 480 MB
/// beyond what the build held; with one `ArticleRef` value per article
/// instead of one per citing source, about 290 MB (BENCHMARKS.md).
pub fn sources(site: &Site, derived: &Derived) -> Context {
    let mut context = common(
        site,
        &routes::SOURCES.index(),
        Some(&site.locale.word("nav_sources")),
        None,
    );
    let mut refs: Vec<Option<tera::Value>> = vec![None; site.articles.len()];
    let mut article_ref = |a: usize| {
        refs[a]
            .get_or_insert_with(|| {
                tera::Value::from_serializable(&ArticleRef::new(&site.articles[a], &site.locale))
            })
            .clone()
    };
    let sources: Vec<SourceView> = site
        .sources
        .iter()
        .enumerate()
        .map(|(i, source)| SourceView {
            source: SourceRef::new(source),
            anchor: routes::source_anchor(&source.id),
            articles: derived.cited_by[i]
                .iter()
                .map(|citing| CitingArticle {
                    article: article_ref(citing.article),
                    count: citing.citations,
                })
                .collect(),
        })
        .collect();
    context.insert("sources", &sources);
    context
}

#[derive(Serialize)]
struct PageView<'a> {
    slug: &'a str,
    title: &'a str,
    url: &'a str,
    description: &'a str,
    draft: bool,
    heading_html: &'a str,
    content_html: &'a str,
}

pub fn page(site: &Site, index: usize) -> Context {
    let page = &site.pages[index];
    let path = routes::page(&page.slug);
    let mut context = common(site, &path, Some(&page.title), page.description.as_deref());
    let view = PageView {
        slug: &page.slug,
        title: &page.title,
        url: &path,
        description: page.description.as_deref().unwrap_or_default(),
        draft: page.draft,
        heading_html: &page.heading_html,
        content_html: &page.content_html,
    };
    context.insert("page", &view);
    context
}

/// The 404 page is served from any depth, so its links start at the site's
/// absolute path (from `base_url`), or `/`.
pub fn not_found(site: &Site) -> Context {
    let mut context = common(
        site,
        routes::NOT_FOUND,
        Some(&site.locale.word("title_not_found")),
        None,
    );
    let root = site
        .settings
        .base_url
        .as_deref()
        .and_then(|url| url.splitn(4, '/').nth(3))
        .map_or_else(|| "/".to_string(), |path| format!("/{path}"));
    context.insert("root", &root);
    context
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_read_backwards() {
        assert_eq!(inverse("head of").as_deref(), Some("headed by"));
        assert_eq!(inverse("Headed by").as_deref(), Some("head of"));
        assert_eq!(inverse("partner of").as_deref(), Some("partner of"));
        assert_eq!(inverse("sponsors"), None);
    }

    #[test]
    fn sentences_escape_and_bold_mentions() {
        let s = Sentence {
            text: "KAMAZ & <JAC>".into(),
            highlights: vec![Span { start: 0, end: 5 }],
        };
        assert_eq!(
            sentence_html(&s),
            "<strong>KAMAZ</strong> &amp; &lt;JAC&gt;"
        );
    }
}
