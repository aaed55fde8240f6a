//! A page of the archive (from 1).

use super::*;

pub(in crate::render) struct ArchivePage;

impl PageKind for ArchivePage {
    type Page = usize;
    const TEMPLATE: &'static str = "articles.html";

    fn pages(input: &Input) -> Vec<usize> {
        (1..=listing::page_count(input.site.articles.len(), input.site.settings.page_size))
            .collect()
    }

    fn path(_: &Input, page: usize) -> String {
        routes::paged(&routes::ARTICLES.dir(), page)
    }

    /// A page of the archive: its articles' listings, the page count.
    fn key(input: &Input, page: usize) -> u64 {
        let (keys, site) = (input.keys, input.site);
        let size = site.settings.page_size;
        let shown = listing::page_range(site.articles.len(), page, size);
        let head = [
            keys.global,
            Kind::Archive.tag(),
            page as u64,
            site.articles.len() as u64,
        ];
        hash_iter(
            head.into_iter()
                .chain(shown.iter().map(|&a| keys.listings[a])),
        )
    }

    fn context(input: &Input, page: usize) -> Result<Context, RenderError> {
        Ok(archive(input.site, page))
    }
}

/// Page `page` of every article, newest first, grouped by month.
fn archive(site: &Site, page: usize) -> Context {
    let size = site.settings.page_size;
    let count = page_count(site.articles.len(), size);
    let mut context = paged_common(
        site,
        &routes::ARTICLES.dir(),
        page,
        count,
        &site.locale.word("title_all_articles"),
    );
    context.insert(
        "months",
        &article_months(site, &page_range(site.articles.len(), page, size)),
    );
    context.insert("article_count", &site.articles.len());
    context
}
