//! Articles: each annotation with its seed, turned into a [`Body`] whose text
//! runs carry marks (mentions, quotes, citation references), plus numbered
//! footnotes, claims and the entities it mentions. Articles are resolved in
//! parallel; each one depends only on the project, the sources and the
//! mention index.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_saphyr::Spanned;

use super::entities::unknown_entity;
use super::mentions::MentionIndex;
use super::sources::Sources;
use super::{
    Article, ChartRequest, Claim, Entity, Footnote, MayExist, MentionedIn, Sentence, broken_in,
    quotes,
};
use crate::diagnostics::{Diagnostic, Diagnostics, Place, Related};
use crate::load::schema::ArticleFile;
use crate::load::{Loaded, Project, Seed, Value, yaml};
use crate::markup::document::{Citation, Document, Node, TextRun};
use crate::model::{FactRef, FastMap, Mention, Period, RunSpan, Span, Status};
use crate::text::Language;
use crate::text::sentences::{sentence_around, sentence_ends};

mod body;
mod cache;
mod quoting;

pub use body::{Body, BodyNode, HeldBody, Mark, MarkKind};
pub use cache::ArticleCache;
use cache::*;
use quoting::*;

/// Resolves every published article, newest first; fills in each entity's
/// `mentioned_in` and each fact's article link. Also returns the seeds no
/// annotation publishes. An article whose annotation, seed, entities and
/// sources are unchanged since it went into `cache` is taken from there.
pub fn resolve(
    project: &Project,
    sources: &Sources,
    entities: &mut [Entity],
    drafts: bool,
    cache: &mut ArticleCache,
    diagnostics: &mut Diagnostics,
) -> (Vec<Arc<Article>>, Vec<PathBuf>) {
    let seed_edits = cache.seed_edits.take();
    let kept_usage = match (&seed_edits, &cache.last) {
        (Some(_), Some(last)) => Some(last.seed_usage.clone()),
        _ => None,
    };
    // Which seeds are annotated does not depend on the rest: it is checked
    // beside the articles (a rebuild in watch mode is that much sooner done).
    let ((seed_problems, unpublished), articles) = rayon::join(
        || kept_usage.unwrap_or_else(|| seed_usage(project)),
        || {
            let edits = seed_edits.as_deref();
            resolve_articles(
                project,
                sources,
                entities,
                drafts,
                cache,
                edits,
                diagnostics,
            )
        },
    );
    if let Some(last) = &mut cache.last {
        last.seed_usage = (seed_problems.clone(), unpublished.clone());
    }
    diagnostics.extend(seed_problems);
    (articles, unpublished)
}

/// Seeds that two annotations name (errors), and the seeds no annotation
/// names, sorted.
fn seed_usage(project: &Project) -> (Vec<Diagnostic>, Vec<PathBuf>) {
    let mut problems = Vec::new();
    let annotated = check_shared_seeds(project, &mut problems);
    // An annotation that failed to load may name any seed it can be read to name.
    let named_by_broken =
        MayExist::from_broken(broken_in(project, crate::inputs::ARTICLES), |file| {
            file.get("seed")
                .and_then(Value::as_str)
                .map(|seed| vec![seed.to_string()])
        });
    let mut unpublished: Vec<PathBuf> = project
        .seeds
        .iter()
        .filter(|(name, _)| {
            !annotated.contains_key(name.as_str()) && !named_by_broken.contains(name)
        })
        .map(|(_, seed)| seed.path.clone())
        .collect();
    unpublished.sort();
    (problems, unpublished)
}

/// Resolves the published articles (see [`resolve`]); drafts too when
/// `drafts`. With `seed_edits` (see [`ArticleCache::expect_seed_edits`]),
/// only the articles of those seeds are looked at again.
fn resolve_articles(
    project: &Project,
    sources: &Sources,
    entities: &mut [Entity],
    drafts: bool,
    cache: &mut ArticleCache,
    seed_edits: Option<&[String]>,
    diagnostics: &mut Diagnostics,
) -> Vec<Arc<Article>> {
    let shared_key = inputs_key(project);
    let mut last = cache.last.take().filter(|last| {
        seed_edits.is_some() && last.shared_key == shared_key && last.drafts == drafts
    });
    // After seed edits only, the annotations are as they were, and so are
    // the published list and the facts quoting each article (finding them
    // again reads every annotation: a cache miss each at 100,000).
    let kept = last.as_mut().and_then(|last| {
        let quoting = last.quoting.take()?;
        Some((std::mem::take(&mut last.published), quoting))
    });
    let (published_at, quoting, reusable) = match kept {
        Some((published_at, quoting)) => (published_at, quoting, true),
        None => {
            let published_at: Vec<usize> = (0..project.articles.len())
                .filter(|&i| drafts || !project.articles[i].value.draft)
                .collect();
            let slugs: Vec<&str> = published_at
                .iter()
                .map(|&i| project.articles[i].id.as_str())
                .collect();
            debug_assert!(slugs.is_sorted(), "annotations are kept sorted by slug");
            let before = diagnostics.iter().count();
            let quoting = quoting_facts(project, &slugs, diagnostics);
            // A problem's help may quote a seed: found again next time.
            let clean = diagnostics.iter().count() == before;
            (published_at, quoting, clean)
        }
    };
    let published: Vec<&Loaded<ArticleFile>> =
        published_at.iter().map(|&i| &project.articles[i]).collect();
    let quotes_by_article = quotes_by_article(project, &quoting);
    let index = match &cache.index {
        Some((key, index)) if *key == shared_key => Arc::clone(index),
        _ => Arc::new(mention_index(entities)),
    };
    cache.index = Some((shared_key, Arc::clone(&index)));
    let entity_ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
    let broken_metrics =
        MayExist::from_broken(broken_in(project, crate::inputs::ENTITIES), |file| {
            Some(file.strings_at(&["facts", "*", "metric"]))
        });
    let context = Context {
        project,
        sources,
        entities,
        index: &index,
        entity_ids: &entity_ids,
        broken_metrics: &broken_metrics,
    };
    let resolve_one = |i: usize, loaded: &Loaded<ArticleFile>, key: u64| {
        let quotes = quotes_by_article.get(&i).map_or(&[][..], Vec::as_slice);
        context.article(loaded, quotes, key)
    };
    let last = last.filter(|last| last.resolved.len() == published.len());
    // Positions of the articles resolved again after seed edits.
    let mut edited: Vec<usize> = Vec::new();
    let mut last = match (last, seed_edits) {
        (Some(mut last), Some(edits)) => {
            let positions = edited_positions(&mut last, edits, &published);
            let fresh: Vec<(usize, Resolved)> = positions
                .into_par_iter()
                .filter_map(|i| {
                    let key = article_key(shared_key, published[i], project);
                    (key != last.resolved[i].key).then(|| (i, resolve_one(i, published[i], key)))
                })
                .collect();
            let date = |r: &Resolved| r.article.as_ref().map(|a| a.date);
            let mut reorder = false;
            for (i, resolved) in fresh {
                reorder |= date(&last.resolved[i]) != date(&resolved);
                if !same_crossings(&last.resolved[i], &resolved) {
                    last.linked = None;
                }
                cache
                    .by_slug
                    .insert(published[i].id.clone(), resolved.clone());
                last.resolved[i] = resolved;
                edited.push(i);
            }
            if reorder {
                last.order = newest_first(&last.resolved);
                last.linked = None;
            }
            last
        }
        _ => {
            // Each result says whether it was resolved now (false: from the cache).
            let results: Vec<(Resolved, bool)> = published
                .par_iter()
                .enumerate()
                .map(|(i, loaded)| {
                    let key = article_key(shared_key, loaded, project);
                    match cache.by_slug.get(&loaded.id) {
                        Some(cached) if cached.key == key => (cached.clone(), false),
                        _ => (resolve_one(i, loaded, key), true),
                    }
                })
                .collect();
            remember(cache, &published, &results);
            let resolved: Vec<Resolved> = results.into_iter().map(|(r, _)| r).collect();
            LastRun {
                shared_key,
                drafts,
                order: newest_first(&resolved),
                resolved,
                by_seed: None,
                seed_usage: Default::default(),
                linked: None,
                published: Vec::new(),
                quoting: None,
            }
        }
    };
    for resolved in &last.resolved {
        diagnostics.extend(resolved.problems.iter().cloned());
    }
    let articles: Vec<Arc<Article>> = last
        .order
        .iter()
        .filter_map(|&i| last.resolved[i].article.clone())
        .collect();
    // Only needed to link entities from scratch (not after a typical edit).
    let mentions = || -> Vec<Arc<MentionsOf>> {
        let resolved = last.order.iter().map(|&i| &last.resolved[i]);
        resolved
            .filter(|r| r.article.is_some())
            .map(|r| Arc::clone(&r.sentences))
            .collect()
    };
    let kept = last.linked.take().filter(|linked| {
        linked.mentioned_in.len() == entities.len() && last.shared_key == shared_key
    });
    let linked = match kept {
        Some(mut linked) => {
            let patched = edited.iter().all(|&i| {
                let place = last.order.iter().position(|&j| j == i);
                place.is_some_and(|place| {
                    linked.replace_sentences(place, &last.resolved[i].sentences)
                })
            });
            if patched {
                linked
            } else {
                Linked::new(entities.len(), &articles, &mentions())
            }
        }
        None => Linked::new(entities.len(), &articles, &mentions()),
    };
    link_back(entities, &articles, &linked);
    last.linked = Some(linked);
    last.published = published_at;
    last.quoting = reusable.then_some(quoting);
    cache.last = Some(last);
    articles
}

/// Every name of every entity, for the automaton.
pub(crate) fn mention_index(entities: &[Entity]) -> MentionIndex {
    use crate::text::inflect::NameKind;
    super::mentions::with_forms(entities.iter().map(|entity| {
        let kind = NameKind::of(entity.kind);
        super::mentions::Names {
            names: std::iter::once(entity.name.as_str())
                .chain(entity.aliases.iter().map(String::as_str))
                .collect(),
            kind,
            exact: entity.exact.iter().map(String::as_str).collect(),
        }
    }))
}

/// Each entity's "mentioned in" list and mention count, by entity index.
#[derive(Clone)]
struct Linked {
    mentioned_in: Vec<Arc<Vec<MentionedIn>>>,
    counts: Vec<usize>,
}

impl Linked {
    /// From the articles (newest first) and the sentences around their mentions.
    fn new(entities: usize, articles: &[Arc<Article>], mentions: &[Arc<MentionsOf>]) -> Linked {
        let mut lists: Vec<Vec<MentionedIn>> = vec![Vec::new(); entities];
        let mut counts = vec![0; entities];
        for (article, found) in mentions.iter().enumerate() {
            for (entity, sentences, key) in found.iter() {
                lists[*entity].push(MentionedIn {
                    article,
                    sentences: Arc::clone(sentences),
                    sentences_key: *key,
                });
            }
            for &Mention { entity, count } in &articles[article].mentioned {
                counts[entity] += count;
            }
        }
        Linked {
            mentioned_in: lists.into_iter().map(Arc::new).collect(),
            counts,
        }
    }

    /// Puts the sentences of the article at `article` (its place, newest
    /// first) in place of the old ones; `false` if it was not listed
    /// under an entity it mentions (then the lists must be made again).
    fn replace_sentences(&mut self, article: usize, mentions: &MentionsOf) -> bool {
        for (entity, sentences, key) in mentions {
            let Some(list) = self.mentioned_in.get_mut(*entity) else {
                return false;
            };
            let Ok(at) = list.binary_search_by_key(&article, |m| m.article) else {
                return false;
            };
            if list[at].sentences_key == *key && list[at].sentences == *sentences {
                continue; // the same words: the list stays as it is, shared
            }
            let list = Arc::make_mut(list);
            list[at].sentences = Arc::clone(sentences);
            list[at].sentences_key = *key;
        }
        true
    }
}

/// Fills each entity's "mentioned in" and mention count from `linked`, and
/// each fact's article index.
fn link_back(entities: &mut [Entity], articles: &[Arc<Article>], linked: &Linked) {
    for (e, entity) in entities.iter_mut().enumerate() {
        entity.mentioned_in = Arc::clone(&linked.mentioned_in[e]);
        entity.mention_count = linked.counts[e];
    }
    for (a, article) in articles.iter().enumerate() {
        for &FactRef { entity, fact } in &article.facts {
            let anchor = crate::routes::quote_anchor(
                &entities[entity].id,
                &entities[entity].facts[fact].anchor,
            );
            let fact = &mut entities[entity].facts[fact];
            fact.article = Some(a);
            if fact.quote.is_some() {
                fact.quote_anchor = Some(anchor);
            }
        }
    }
}

/// Two annotations may not publish the same seed: reports seeds that more
/// than one annotation names; returns each annotated seed's first annotation.
fn check_shared_seeds<'a>(
    project: &'a Project,
    problems: &mut Vec<Diagnostic>,
) -> FastMap<&'a str, &'a Loaded<ArticleFile>> {
    let mut first: FastMap<&str, &Loaded<ArticleFile>> = FastMap::default();
    first.reserve(project.articles.len());
    for article in &project.articles {
        let seed = article.value.seed.value.as_str();
        if let Some(other) = first.get(seed) {
            problems.push(
                Diagnostic::error(format!(
                    "seed `{seed}` is annotated twice: `{}` and `{}`",
                    other.id, article.id
                ))
                .at(yaml::place(
                    &article.path,
                    &article.value.seed.referenced,
                    seed.chars().count(),
                ))
                .note(format!("also used by {}", other.path.display()))
                .help("each seed is published by one annotation; remove one"),
            );
        } else {
            first.insert(seed, article);
        }
    }
    first
}

/// One article resolved: the article (unless its seed is missing), its
/// problems, and for each entity it mentions the sentences around the mentions.
#[derive(Clone)]
struct Resolved {
    /// Hash of everything the resolution depended on.
    key: u64,
    article: Option<Arc<Article>>,
    problems: Vec<Diagnostic>,
    sentences: Arc<MentionsOf>,
}

struct Context<'a> {
    project: &'a Project,
    sources: &'a Sources,
    entities: &'a [Entity],
    index: &'a MentionIndex,
    entity_ids: &'a [&'a str],
    /// Metrics that entity files which failed to load may have facts for.
    broken_metrics: &'a MayExist,
}

impl Context<'_> {
    /// Whose text rules split an article into sentences: its own
    /// `language`, else the site's (English's rules where a language has
    /// none of its own).
    fn language(&self, article: Option<&str>) -> Language {
        let site = self
            .project
            .site
            .as_ref()
            .and_then(|site| site.value.language.as_ref())
            .map(|tag| tag.value.as_str());
        article
            .or(site)
            .map_or(Language::English, Language::from_tag)
    }

    /// The article's declared `language`, checked.
    fn declared_language(
        &self,
        loaded: &Loaded<ArticleFile>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let tag = loaded.value.language.as_ref()?;
        if super::is_language_tag(&tag.value) {
            return Some(tag.value.clone());
        }
        problems.push(
            Diagnostic::error(format!("`{}` is not a BCP 47 language tag", tag.value))
                .at(yaml::place(
                    &loaded.path,
                    &tag.referenced,
                    tag.value.chars().count(),
                ))
                .help("use a tag such as `en`, `en-GB` or `ru`"),
        );
        None
    }
}

/// Per-article bookkeeping while marks are placed.
#[derive(Default)]
struct Tally {
    /// Source index → its footnote's index in `footnotes` (which counts
    /// the citations so far).
    notes: HashMap<usize, usize>,
    footnotes: Vec<Footnote>,
    /// Entity index → mention count.
    mentioned: BTreeMap<usize, usize>,
    sentences: BTreeMap<usize, Vec<Sentence>>,
    /// (entity, run, sentence start) → index in that entity's sentences.
    sentence_slots: HashMap<(usize, usize, usize), usize>,
}

impl Context<'_> {
    fn article(
        &self,
        loaded: &Loaded<ArticleFile>,
        fact_quotes: &[FactQuote<'_>],
        key: u64,
    ) -> Resolved {
        let mut problems = Vec::new();
        let file = &loaded.value;
        let path = &loaded.path;
        let date = Period::parse_date(file.date.value.trim());
        if date.is_none() && crate::model::is_placeholder(&file.date.value) {
            problems.push(super::not_filled_in(
                "article date",
                yaml::place(path, &file.date.referenced, file.date.value.chars().count()),
                "write the article's date as YYYY-MM-DD",
            ));
        } else if date.is_none() {
            problems.push(
                Diagnostic::error(format!("`{}` is not a valid date", file.date.value))
                    .at(yaml::place(
                        path,
                        &file.date.referenced,
                        file.date.value.chars().count(),
                    ))
                    .help(super::date_help(
                        &file.date.value,
                        "write YYYY-MM-DD, a date that exists",
                    )),
            );
        }
        if file.title.value.trim().is_empty() {
            problems.push(Diagnostic::error("article title is empty").at(yaml::place(
                path,
                &file.title.referenced,
                1,
            )));
        }
        let Some(seed) = self.project.seeds.get(&file.seed.value) else {
            // A seed that exists but could not be read has its own error already.
            if !self
                .project
                .has_errors(&Path::new(crate::inputs::SEEDS).join(&file.seed.value))
            {
                problems.push(self.missing_seed(loaded));
            }
            return Resolved {
                key,
                article: None,
                problems,
                sentences: Arc::default(),
            };
        };
        let document = match self.project.seed_document(seed) {
            Ok(document) => document,
            Err(message) => {
                problems.push(Diagnostic::error(message).at(Place::file(&seed.path)));
                return Resolved {
                    key,
                    article: None,
                    problems,
                    sentences: Arc::default(),
                };
            }
        };
        let exclude = self.entity_list(&file.mentions.exclude, path, &mut problems);
        let include = self.entity_list(&file.mentions.include, path, &mut problems);
        let claims: Vec<Claim> = file
            .claims
            .iter()
            .enumerate()
            .map(|(i, claim)| Claim {
                anchor: crate::routes::claim_anchor(i + 1),
                quote: crate::markup::text::collapse_whitespace(&claim.quote.value),
                status: claim.status,
                note: claim.note.clone(),
                entities: self.entity_list(&claim.entities, path, &mut problems),
            })
            .collect();
        let language = self.declared_language(loaded, &mut problems);
        let rules = self.language(language.as_deref());
        let mut tally = Tally::default();
        let mut body = self.body(
            &document,
            &seed.path,
            (&exclude, rules),
            &mut tally,
            &mut problems,
        );
        let mut seed_links: Vec<String> = document
            .nodes
            .iter()
            .filter_map(|node| match node {
                Node::Html(html) => Some(crate::markup::markdown::seed_links(html)),
                Node::Run(_) => None,
            })
            .flatten()
            .map(str::to_string)
            .collect();
        seed_links.sort_unstable();
        seed_links.dedup();
        for (claim, raw) in claims.iter().zip(&file.claims) {
            let mark = MarkKind::Quote {
                anchor: claim.anchor.clone(),
                status: claim.status,
            };
            if !place_quote(&mut body, &raw.quote.value, mark, None) {
                problems.push(quote_not_found(path, &raw.quote, seed, &document, "claim"));
            }
        }
        let mut facts = Vec::new();
        for &(entity, fact_index, quote) in fact_quotes {
            facts.push(FactRef {
                entity,
                fact: fact_index,
            });
            let Some(quote) = quote else { continue };
            let fact = &self.entities[entity].facts[fact_index];
            let anchor = crate::routes::quote_anchor(&self.entities[entity].id, &fact.anchor);
            let mark = MarkKind::Quote {
                anchor,
                status: fact.status,
            };
            let link = MarkKind::FactLink {
                entity,
                fact: fact_index,
            };
            if !place_quote(&mut body, &quote.value, mark, Some(link)) {
                let entity_path = &self.project.entities[entity].path;
                problems.push(quote_not_found(entity_path, quote, seed, &document, "fact"));
            }
        }
        for entity in include {
            tally.mentioned.entry(entity).or_insert(0);
            tally.sentences.entry(entity).or_default();
        }
        let charts: Vec<ChartRequest> = file
            .charts
            .iter()
            .map(|chart| {
                super::charts::request(
                    chart,
                    self.entity_list(&chart.entities, path, &mut problems),
                )
            })
            .collect();
        super::charts::check(
            &file.charts,
            &charts,
            &loaded.path,
            self.entities,
            self.broken_metrics,
            &mut problems,
        );
        let sentences = tally
            .sentences
            .into_iter()
            .map(|(entity, list)| {
                let key = sentences_key(&list);
                (entity, Arc::new(list), key)
            })
            .collect();
        let figures = super::coverage::figures_in(&body);
        let title = file.title.value.trim().to_string();
        let mut article = Article {
            figures,
            slug: loaded.id.clone(),
            slug_hash: xxhash_rust::xxh3::xxh3_64(loaded.id.as_bytes()),
            title,
            date: date.unwrap_or(Period {
                year: 0,
                month: Some(1),
                day: Some(1),
            }),
            summary: file.summary.clone(),
            tags: file.tags.clone(),
            draft: file.draft,
            language,
            body: if self.project.seeds_streamed {
                // The text is read again when the page is rendered.
                HeldBody::marks_only(body, self.project.root.join(&seed.path), seed.hash)
            } else {
                HeldBody::new(body)
            },
            footnotes: tally.footnotes,
            mentioned: tally
                .mentioned
                .into_iter()
                .map(|(entity, count)| Mention { entity, count })
                .collect(),
            claims,
            charts,
            facts,
            seed_path: seed.path.clone(),
            seed_hash: seed.hash,
            seed_links,
            key,
            listing_key: 0,
            crossings_key: 0,
        };
        article.listing_key = listing_key(&article);
        article.crossings_key = crossings_key(&article);
        Resolved {
            key,
            article: Some(Arc::new(article)),
            problems,
            sentences: Arc::new(sentences),
        }
    }

    fn missing_seed(&self, loaded: &Loaded<ArticleFile>) -> Diagnostic {
        let name = &loaded.value.seed;
        let d = Diagnostic::error(format!("seed `{}` not found in seeds/", name.value)).at(
            yaml::place(&loaded.path, &name.referenced, name.value.chars().count()),
        );
        d.suggest_or(
            &name.value,
            self.project.seeds.keys().map(String::as_str),
            |d| d.help("put the seed file in seeds/ and name it here (e.g. `article.txt`)"),
        )
    }

    fn entity_list(
        &self,
        ids: &[Spanned<String>],
        path: &std::path::Path,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<usize> {
        ids.iter()
            .filter_map(|id| {
                let found = self.entity_ids.binary_search(&id.value.as_str()).ok();
                if found.is_none()
                    && !super::entities::entity_file_is_broken(self.project, &id.value)
                {
                    problems.push(unknown_entity(self.entity_ids, id, path));
                }
                found
            })
            .collect()
    }

    /// Places citation and mention marks on every run of the seed.
    fn body(
        &self,
        document: &Document,
        seed_path: &std::path::Path,
        (exclude, language): (&[usize], Language),
        tally: &mut Tally,
        problems: &mut Vec<Diagnostic>,
    ) -> Body {
        let mut nodes = Vec::with_capacity(document.nodes.len());
        for (run_number, node) in document.nodes.iter().enumerate() {
            match node {
                Node::Html(html) => nodes.push(BodyNode::Html(Arc::clone(html))),
                Node::Run(run) => {
                    let mut marks = Vec::new();
                    for citation in &run.citations {
                        let Some(source) = self.sources.cited(&citation.name) else {
                            if !self.sources.maybe_broken(&citation.name) {
                                problems.push(self.unknown_citation(seed_path, citation));
                            }
                            continue;
                        };
                        let footnotes = &mut tally.footnotes;
                        let index = *tally.notes.entry(source).or_insert_with(|| {
                            footnotes.push(Footnote {
                                number: footnotes.len() + 1,
                                source,
                                citations: 0,
                            });
                            footnotes.len() - 1
                        });
                        let footnote = &mut footnotes[index];
                        let nth = footnote.citations;
                        footnote.citations += 1;
                        marks.push(Mark {
                            start: citation.at,
                            end: citation.at,
                            kind: MarkKind::Citation {
                                number: footnote.number,
                                nth,
                            },
                        });
                    }
                    let mut ends: Option<Vec<usize>> = None; // sentence ends, found once per run
                    // An entity found in an earlier paragraph is preferred
                    // where a name is another entity's form too.
                    let earlier = |entity: usize| tally.mentioned.contains_key(&entity);
                    for found in self.index.find_after(&run.text, &earlier) {
                        if exclude.contains(&found.entity) {
                            continue;
                        }
                        let count = tally.mentioned.entry(found.entity).or_insert(0);
                        *count += 1;
                        let link = *count == 1;
                        let ends = ends.get_or_insert_with(|| sentence_ends(&run.text, language));
                        let (start, end) = sentence_around(&run.text, ends, found.start, found.end);
                        let sentence = RunSpan {
                            run: run_number,
                            start,
                            end,
                        };
                        tally.add_sentence(
                            found.entity,
                            sentence,
                            &run.text,
                            found.start..found.end,
                        );
                        marks.push(Mark {
                            start: found.start,
                            end: found.end,
                            kind: MarkKind::Mention {
                                entity: found.entity,
                                link,
                            },
                        });
                    }
                    nodes.push(BodyNode::Run {
                        text: Arc::clone(&run.text),
                        marks,
                    });
                }
            }
        }
        Body { nodes }
    }

    fn unknown_citation(&self, seed_path: &std::path::Path, citation: &Citation) -> Diagnostic {
        let d = Diagnostic::error(format!("unknown source `{}` in citation", citation.name))
            .at(Place::new(seed_path, citation.line, citation.column).with_len(citation.len))
            .label("no source has this id, name or alias");
        match self.sources.closest_name(&citation.name) {
            Some(best) => d.meant(best).help(format!(
                "or add `{}` to that source's `aliases` in content/sources.yaml",
                citation.name
            )),
            None => d.help(format!(
                "add the source to content/sources.yaml: `{}: {{name: {}}}`, \
                 or add `{}` to an existing source's `aliases`",
                crate::load::suggest_id(&citation.name),
                citation.name,
                citation.name
            )),
        }
    }
}

impl Tally {
    /// Adds `sentence` (of a run whose text is `text`) to `entity`'s
    /// sentences, or highlights another mention (bytes of `text`) in it.
    fn add_sentence(
        &mut self,
        entity: usize,
        sentence: RunSpan,
        text: &str,
        mention: std::ops::Range<usize>,
    ) {
        let RunSpan {
            run,
            start: s,
            end: e,
        } = sentence;
        let sentences = self.sentences.entry(entity).or_default();
        let highlight = Span {
            start: mention.start - s,
            end: mention.end - s,
        };
        match self.sentence_slots.entry((entity, run, s)) {
            std::collections::hash_map::Entry::Occupied(slot) => {
                sentences[*slot.get()].highlights.push(highlight)
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(sentences.len());
                sentences.push(Sentence {
                    text: text[s..e].to_string(),
                    highlights: vec![highlight],
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The minimal fixture site, copied into a temporary folder.
    fn minimal_site() -> tempfile::TempDir {
        fn copy(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let entry = entry.unwrap();
                let target = to.join(entry.file_name());
                if entry.file_type().unwrap().is_dir() {
                    copy(&entry.path(), &target);
                } else {
                    std::fs::copy(entry.path(), target).unwrap();
                }
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        copy(&fixture, dir.path());
        dir
    }

    fn first_body(project: &Project) -> HeldBody {
        let site = super::super::resolve(project, &mut Diagnostics::new());
        site.articles[0].body.clone()
    }

    #[test]
    fn a_streamed_body_is_read_again_from_its_seed_as_resolved() {
        let site = minimal_site();
        let (kept, _) = crate::load::load(site.path()).unwrap();
        let (streamed, _) = crate::load::load_streamed(site.path()).unwrap();
        let kept = first_body(&kept);
        let streamed = first_body(&streamed);
        assert!(!kept.is_marks_only());
        assert!(streamed.is_marks_only(), "only the marks are held");
        let (kept, read) = (kept.read().unwrap(), streamed.read().unwrap());
        assert_eq!(format!("{read:?}"), format!("{kept:?}"));
        assert!(kept.nodes.iter().any(|node| matches!(
            node,
            BodyNode::Run { marks, .. } if !marks.is_empty()
        )));
    }

    #[test]
    fn a_seed_edited_after_loading_is_not_read_again() {
        let site = minimal_site();
        let (project, _) = crate::load::load_streamed(site.path()).unwrap();
        let body = first_body(&project);
        std::fs::write(site.path().join("seeds/a.txt"), "Edited meanwhile.\n").unwrap();
        let error = body.read().unwrap_err();
        assert!(error.contains("changed during the run"), "{error}");
    }

    #[test]
    fn the_same_sentence_is_listed_once_with_both_mentions() {
        let mut tally = Tally::default();
        let text = "KAMAZ and KAMAZ again. Other.";
        let sentence = |start, end| {
            let ends = sentence_ends(text, Language::English);
            let (start, end) = sentence_around(text, &ends, start, end);
            RunSpan { run: 0, start, end }
        };
        tally.add_sentence(7, sentence(0, 5), text, 0..5);
        tally.add_sentence(7, sentence(10, 15), text, 10..15);
        assert_eq!(
            tally.sentences[&7],
            [Sentence {
                text: "KAMAZ and KAMAZ again.".into(),
                highlights: vec![Span { start: 0, end: 5 }, Span { start: 10, end: 15 }]
            }]
        );
    }
}
