//! A page (from 1) of a tag (by index in `Derived::tags`).

use super::*;

pub(in crate::render) struct TagPage;

impl PageKind for TagPage {
    type Page = (usize, usize);
    const TEMPLATE: &'static str = "tag.html";

    fn pages(input: &Input) -> Vec<(usize, usize)> {
        let size = input.site.settings.page_size;
        let tags = input.derived.tags.iter().enumerate();
        tags.flat_map(|(t, tag)| {
            (1..=listing::page_count(tag.articles.len(), size)).map(move |page| (t, page))
        })
        .collect()
    }

    fn path(input: &Input, (index, page): (usize, usize)) -> String {
        routes::paged(&routes::tag_dir(&input.derived.tags[index].slug), page)
    }

    /// A page of a tag: its name, its articles' listings on this page, the page count.
    fn key(input: &Input, (index, page): (usize, usize)) -> u64 {
        let (keys, site, derived) = (input.keys, input.site, input.derived);
        let tag = &derived.tags[index];
        let shown = listing::page_slice(&tag.articles, page, site.settings.page_size);
        let head = [
            keys.global,
            Kind::Tag.tag(),
            hash_str(&tag.slug),
            hash_str(&tag.name),
            page as u64,
            tag.articles.len() as u64,
        ];
        hash_iter(
            head.into_iter()
                .chain(shown.iter().map(|&a| keys.listings[a])),
        )
    }

    fn context(input: &Input, (index, page): (usize, usize)) -> Result<Context, RenderError> {
        Ok(tag_page(input.site, input.derived, index, page))
    }
}

/// Page `page` of the articles with tag `index`, newest first.
fn tag_page(site: &Site, derived: &Derived, index: usize, page: usize) -> Context {
    let tag = &derived.tags[index];
    let size = site.settings.page_size;
    let count = page_count(tag.articles.len(), size);
    let dir = routes::tag_dir(&tag.slug);
    let mut context = paged_common(
        site,
        &dir,
        page,
        count,
        &site.locale.phrase("title_tag", &[("name", &tag.name)]),
    );
    context.insert("tag", &TagView::new(site, tag));
    context.insert(
        "months",
        &article_months(site, page_slice(&tag.articles, page, size)),
    );
    context
}
