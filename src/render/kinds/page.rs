//! A free page (`content/pages/`).

use super::*;

pub(in crate::render) struct FreePage;

impl PageKind for FreePage {
    type Page = usize;
    const TEMPLATE: &'static str = "page.html";

    fn pages(input: &Input) -> Vec<usize> {
        (0..input.site.pages.len()).collect()
    }

    fn path(input: &Input, index: usize) -> String {
        routes::page(&input.site.pages[index].slug)
    }

    /// A free page shows only site-wide inputs.
    fn key(input: &Input, index: usize) -> u64 {
        let keys = input.keys;
        hash(&[keys.global, Kind::Fixed.tag(), 1 + index as u64])
    }

    fn context(input: &Input, index: usize) -> Result<Context, RenderError> {
        Ok(page(input.site, index))
    }
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

fn page(site: &Site, index: usize) -> Context {
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
