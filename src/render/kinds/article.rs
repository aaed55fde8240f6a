//! An article.

use super::*;

pub(in crate::render) struct ArticlePage;

impl PageKind for ArticlePage {
    type Page = usize;
    const TEMPLATE: &'static str = "article.html";

    fn pages(input: &Input) -> Vec<usize> {
        (0..input.site.articles.len()).collect()
    }

    fn path(input: &Input, index: usize) -> String {
        routes::article(&input.site.articles[index].slug)
    }

    /// Its own resolution (`Article::key`) and what it shows of the rest
    /// of the site: the entities it lists, figures and linked seeds.
    fn key(input: &Input, index: usize) -> u64 {
        let (site, keys) = (input.site, input.keys);
        let article = &site.articles[index];
        // The entities it lists, with their counts.
        let counts = article.mentioned.iter().map(|&Mention { entity, .. }| {
            let counted = &site.entities[entity];
            let (mentions, articles) = (counted.mention_count, counted.mentioned_in.len());
            hash(&[entity as u64, mentions as u64, articles as u64])
        });
        // How its figures compare with others, and its charts draw the
        // leading figures.
        let sets = article
            .facts
            .iter()
            .filter_map(|&FactRef { entity, fact }| {
                let entity = &site.entities[entity];
                entity.facts[fact].set.map(|s| entity.figure_sets[s].key)
            });
        let charts = (!article.charts.is_empty()).then_some(keys.figures);
        // Links to other seeds show where those are published.
        let links = article.seed_links.iter().map(|name| {
            site.linked_article(&article.seed_path, name)
                .map_or(u64::MAX, |target| hash_str(&target.slug))
        });
        let head = [keys.global, Kind::Article.tag(), article.key];
        hash_iter(
            head.into_iter()
                .chain(counts)
                .chain([u64::MAX])
                .chain(sets)
                .chain(charts)
                .chain(links),
        )
    }

    fn context(input: &Input, index: usize) -> Result<Context, RenderError> {
        let body = input.bodies.body(index).map_err(RenderError::Seed)?;
        Ok(article(input.site, input.derived, index, &body))
    }
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
struct ClaimView {
    anchor: String,
    quote: String,
    status: &'static str,
    status_label: String,
    note: Option<String>,
    entities: Vec<EntityRef>,
}

/// An article's page; `body` is the article's, from the build's body source.
fn article(site: &Site, derived: &Derived, index: usize, body: &Body) -> Context {
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
    context.insert("jsonld_html", &meta::article(site, article));
    context.insert("article", &ArticleRef::listed(article, &site.locale));
    context.insert(
        "body_html",
        &body::render(body, &article.seed_path, site, &root),
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
                    let letter = body::citation_letter(nth);
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
