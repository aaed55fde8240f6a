//! The tag index.

use super::*;

pub(in crate::render) struct TagsPage;

impl PageKind for TagsPage {
    type Page = ();
    const TEMPLATE: &'static str = "tags.html";

    fn pages(_: &Input) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Input, _: ()) -> String {
        routes::TAGS.index()
    }

    /// The tag index: every tag's slug, name and article count.
    fn key(input: &Input, _: ()) -> u64 {
        let (keys, derived) = (input.keys, input.derived);
        let tags = derived.tags.iter().flat_map(|t| {
            [
                hash_str(&t.slug),
                hash_str(&t.name),
                t.articles.len() as u64,
            ]
        });
        hash_iter([keys.global, Kind::Tags.tag()].into_iter().chain(tags))
    }

    fn context(input: &Input, _: ()) -> Result<Context, RenderError> {
        Ok(tags_index(input.site, input.derived))
    }
}

/// Every tag with its article count, by name.
fn tags_index(site: &Site, derived: &Derived) -> Context {
    let mut context = common(
        site,
        &routes::TAGS.index(),
        Some(&site.locale.word("nav_tags")),
        None,
    );
    let mut tags: Vec<TagView> = derived.tags.iter().map(|t| TagView::new(site, t)).collect();
    tags.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    context.insert("tags", &tags);
    context
}
