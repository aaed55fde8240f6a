//! Every source with the articles citing it.

use super::*;

pub(in crate::render) struct SourcesPage;

impl PageKind for SourcesPage {
    type Page = ();
    const TEMPLATE: &'static str = "sources.html";

    fn pages(_: &Input) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Input, _: ()) -> String {
        routes::SOURCES.index()
    }

    /// Every source with the articles citing it and how often.
    fn key(input: &Input, _: ()) -> u64 {
        let (keys, derived) = (input.keys, input.derived);
        let mut parts = vec![keys.global, Kind::Sources.tag(), keys.listing];
        for cited in derived.cited_by.iter() {
            parts.extend(
                cited
                    .iter()
                    .flat_map(|c| [c.article as u64, c.citations as u64]),
            );
            parts.push(u64::MAX);
        }
        hash(&parts)
    }

    fn context(input: &Input, _: ()) -> Result<Context, RenderError> {
        Ok(sources(input.site, input.derived))
    }
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
fn sources(site: &Site, derived: &Derived) -> Context {
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
