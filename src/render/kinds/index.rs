//! The front page.

use super::*;

pub(in crate::render) struct IndexPage;

impl PageKind for IndexPage {
    type Page = ();
    const TEMPLATE: &'static str = "index.html";

    fn pages(_: &Input) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Input, _: ()) -> String {
        routes::INDEX.into()
    }

    /// The front page: article list, key entities (by counts), headline chart;
    /// its `site.yaml` charts come from site-wide inputs (`global`).
    fn key(input: &Input, _: ()) -> u64 {
        let (keys, derived) = (input.keys, input.derived);
        let headline = derived
            .article_charts
            .iter()
            .flat_map(|c| c.iter())
            .next()
            .map_or(0, |c| hash_str(&c.svg_html));
        hash(&[
            keys.global,
            Kind::Index.tag(),
            keys.listing,
            keys.counts,
            headline,
            keys.figures,
        ])
    }

    fn context(input: &Input, _: ()) -> Result<Context, RenderError> {
        Ok(index(input.site, input.derived))
    }
}

/// How many of the newest articles the front page lists.
const FRONT_PAGE_ARTICLES: usize = 20;

fn index(site: &Site, derived: &Derived) -> Context {
    let mut context = common(site, routes::INDEX, None, None);
    context.insert("jsonld_html", &meta::website(site));
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
