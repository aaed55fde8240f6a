//! Quotes: facts that quote an article, placing a quote in its body, and
//! the diagnostics of a quote not found (with the seed's closest passage).

use super::*;

/// The element id of a fact's highlighted quote on its article page; the
/// mark in the body and the fact's link back to it both use this.
/// A fact that names an article: (entity index, fact index, its quote if any).
pub(super) type FactQuote<'a> = (usize, usize, Option<&'a Spanned<String>>);

/// A fact that names a published article (by its position among them).
#[derive(Clone, Copy)]
pub(super) struct QuotingFact {
    pub(super) article: usize,
    pub(super) entity: usize,
    pub(super) fact: usize,
}

/// The facts that name a published article (`slugs`, sorted); unknown
/// slugs are errors.
pub(super) fn quoting_facts(
    project: &Project,
    slugs: &[&str],
    diagnostics: &mut Diagnostics,
) -> Vec<QuotingFact> {
    let mut quoting = Vec::new();
    // `slugs` are sorted: a few facts need not hash every slug into a map.
    let find = |slug: &str| slugs.binary_search(&slug).ok();
    for (e, loaded) in project.entities.iter().enumerate() {
        for (f, fact) in loaded.value.facts.iter().enumerate() {
            let Some(slug) = &fact.article else {
                if let Some(quote) = &fact.quote {
                    let d = Diagnostic::error("a fact with a quote must name its `article`")
                        .at(yaml::place(&loaded.path, &quote.referenced, 1));
                    diagnostics.push(match article_with_quote(project, &quote.value) {
                        Some((slug, place)) => d.help(format!(
                            "the quote is in article `{slug}` ({place}); add `article: {slug}`"
                        )),
                        None => d.help("add `article: <slug>` to the fact"),
                    });
                }
                continue;
            };
            match find(slug.value.as_str()) {
                Some(a) => quoting.push(QuotingFact {
                    article: a,
                    entity: e,
                    fact: f,
                }),
                // An annotation that failed to load has its own errors.
                None if annotation_is_broken(project, &slug.value) => {}
                None => diagnostics.push(unknown_article(project, slug, &loaded.path, slugs)),
            }
        }
    }
    quoting
}

/// The facts quoting each published article (by position), with their quotes.
pub(super) fn quotes_by_article<'a>(
    project: &'a Project,
    quoting: &[QuotingFact],
) -> FastMap<usize, Vec<FactQuote<'a>>> {
    let mut by_article: FastMap<usize, Vec<FactQuote<'a>>> = FastMap::default();
    for &QuotingFact {
        article,
        entity,
        fact,
    } in quoting
    {
        let quote = project.entities[entity].value.facts[fact].quote.as_ref();
        by_article
            .entry(article)
            .or_default()
            .push((entity, fact, quote));
    }
    by_article
}

/// The first published article (by slug) whose seed has `quote`, and where.
/// Only asked when a fact names no article, so builds do not pay for it.
pub(super) fn article_with_quote<'a>(
    project: &'a Project,
    quote: &str,
) -> Option<(&'a str, Place)> {
    let needle = quotes::Needle::new(quote)?;
    let mut published: Vec<&Loaded<ArticleFile>> =
        project.articles.iter().filter(|a| !a.value.draft).collect();
    published.sort_by(|a, b| a.id.cmp(&b.id));
    published.par_iter().find_map_first(|article| {
        let seed = project.seeds.get(&article.value.seed.value)?;
        let document = project.seed_document(seed).ok()?;
        document.runs().find_map(|run| {
            let (start, _) = needle.find_in(&run.text)?;
            Some((
                article.id.as_str(),
                Place::at(&seed.path, run.position(start)),
            ))
        })
    })
}

pub(super) fn annotation_is_broken(project: &Project, slug: &str) -> bool {
    project.broken_id(crate::inputs::ARTICLES, slug)
}

pub(super) fn unknown_article(
    project: &Project,
    slug: &Spanned<String>,
    path: &std::path::Path,
    slugs: &[&str],
) -> Diagnostic {
    let is_draft = project
        .articles
        .iter()
        .any(|a| a.id == slug.value && a.value.draft);
    let message = if is_draft {
        format!(
            "article `{}` is a draft, so the fact cannot point to it",
            slug.value
        )
    } else {
        format!("unknown article `{}`", slug.value)
    };
    let d = Diagnostic::error(message).at(yaml::place(
        path,
        &slug.referenced,
        slug.value.chars().count(),
    ));
    let where_articles_are = |d: Diagnostic| d.label("articles are content/articles/<slug>.yaml");
    if is_draft {
        where_articles_are(d)
    } else {
        d.suggest_or(&slug.value, slugs.iter().copied(), where_articles_are)
    }
}

/// Marks the first occurrence of `quote` in the body (within one run).
pub(super) fn place_quote(
    body: &mut Body,
    quote: &str,
    mark: MarkKind,
    after: Option<MarkKind>,
) -> bool {
    let Some(needle) = quotes::Needle::new(quote) else {
        return false;
    };
    for node in &mut body.nodes {
        if let BodyNode::Run { text, marks } = node
            && let Some((start, end)) = needle.find_in(text)
        {
            marks.push(Mark {
                start,
                end,
                kind: mark,
            });
            if let Some(after) = after {
                marks.push(Mark {
                    start: end,
                    end,
                    kind: after,
                });
            }
            return true;
        }
    }
    false
}

pub(super) fn quote_not_found(
    path: &std::path::Path,
    quote: &Spanned<String>,
    seed: &Seed,
    document: &Document,
    what: &str,
) -> Diagnostic {
    let shown: String = quote.value.chars().take(60).collect();
    let ellipsis = if quote.value.chars().count() > 60 {
        "…"
    } else {
        ""
    };
    let d = Diagnostic::error(format!(
        "{what} quote not found in {}: \"{shown}{ellipsis}\"",
        seed.path.display()
    ))
    .at(yaml::place(path, &quote.referenced, 1));
    with_closest_passage(d, &quote.value, seed, document)
        .help("a quote must occur in the seed word for word (whitespace, quotation marks and dashes may differ) and within one paragraph")
}

/// How many differences the message lists in words (the snippet marks all).
pub(super) const DIFFERENCES_LISTED: usize = 4;

/// Shows the passage of the seed closest to a quote that is not in it, with
/// the words that differ marked and listed; or says that none comes close.
pub(super) fn with_closest_passage(
    d: Diagnostic,
    quote: &str,
    seed: &Seed,
    document: &Document,
) -> Diagnostic {
    if !quotes::can_compare(quote) {
        return d;
    }
    let runs: Vec<&TextRun> = document.runs().collect();
    let texts: Vec<&str> = runs.iter().map(|run| &*run.text).collect();
    let Some(passage) = quotes::closest_passage(&texts, quote) else {
        return d
            .note("no passage of the seed comes close: most of the quote's words are not in it");
    };
    let position = |offset: quotes::RunOffset| runs[offset.run].position(offset.at);
    let marks = passage
        .differences
        .iter()
        .map(|difference| {
            let RunSpan { run, start, end } = difference.at;
            let len = runs[run].text[start..end]
                .split('\n')
                .next()
                .map_or(0, |first_line| first_line.chars().count());
            let mark = Place {
                len,
                ..Place::at(&seed.path, runs[run].position(start))
            };
            (mark, difference.label())
        })
        .collect();
    d.related(Related {
        title: closest_passage_title(&passage),
        start: Place::at(&seed.path, position(passage.start)),
        end: position(passage.end),
        marks,
    })
}

/// "the closest passage of the seed differs: the seed has `190,000` where the quote has `190 000`"
pub(super) fn closest_passage_title(passage: &quotes::Passage) -> String {
    let mut said: Vec<String> = passage
        .differences
        .iter()
        .take(DIFFERENCES_LISTED)
        .map(quotes::Difference::describe)
        .collect();
    let more = passage.differences.len().saturating_sub(DIFFERENCES_LISTED);
    if more > 0 {
        said.push(format!("and {more} more"));
    }
    let across = passage.start.run != passage.end.run;
    match (said.is_empty(), across) {
        (true, true) => "the seed has the quote's words, but across paragraphs or formatting \
                         (bold, links); a quote must lie within one"
            .to_string(),
        (true, false) => "the closest passage of the seed".to_string(),
        (false, false) => format!(
            "the closest passage of the seed differs: {}",
            said.join("; ")
        ),
        (false, true) => format!(
            "the closest passage of the seed differs: {}; it also runs across paragraphs or formatting",
            said.join("; ")
        ),
    }
}
