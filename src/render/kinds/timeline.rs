//! A page of the timeline (from 1).

use super::*;

pub(in crate::render) struct TimelinePage;

impl PageKind for TimelinePage {
    type Page = usize;
    const TEMPLATE: &'static str = "timeline.html";

    fn pages(input: &Input) -> Vec<usize> {
        (1..=listing::page_count(input.derived.timeline.len(), input.site.settings.page_size))
            .collect()
    }

    fn path(_: &Input, page: usize) -> String {
        routes::paged(&routes::TIMELINE.dir(), page)
    }

    /// A page of the timeline: every article's listing (which article lands
    /// on which page), facts being site-wide inputs; the first page also
    /// lists the entities that are mentioned at all.
    fn key(input: &Input, page: usize) -> u64 {
        let (keys, site) = (input.keys, input.site);
        let head = [keys.global, Kind::Timeline.tag(), keys.listing, page as u64];
        let first_page = if page == 1 { &site.entities[..] } else { &[] };
        let listed = first_page
            .iter()
            .map(|e| u64::from(e.mentioned_in.is_empty()));
        hash_iter(head.into_iter().chain(listed))
    }

    fn context(input: &Input, page: usize) -> Result<Context, RenderError> {
        Ok(timeline(input.site, input.derived, page))
    }
}

#[derive(Serialize)]
struct TimelineEntity {
    #[serde(flatten)]
    entity: EntityRef,
    timeline_url: String,
}

/// Page `page` of every article and fact, newest first, by month. The first
/// page also lists the entities, each linking to its own timeline.
fn timeline(site: &Site, derived: &Derived, page: usize) -> Context {
    let size = site.settings.page_size;
    let count = page_count(derived.timeline.len(), size);
    let mut context = paged_common(
        site,
        &routes::TIMELINE.dir(),
        page,
        count,
        &site.locale.word("nav_timeline"),
    );
    let items = page_slice(&derived.timeline, page, size);
    context.insert("months", &timeline_months(site, items));
    context.insert("item_count", &derived.timeline.len());
    let entities: Vec<TimelineEntity> = if page == 1 {
        site.entities
            .iter()
            .filter(|e| !e.mentioned_in.is_empty() || !e.facts.is_empty())
            .map(|e| TimelineEntity {
                entity: EntityRef::new(e, &site.locale),
                timeline_url: routes::entity_timeline(&e.id),
            })
            .collect()
    } else {
        Vec::new()
    };
    context.insert("entities", &entities);
    context
}
