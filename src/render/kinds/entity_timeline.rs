//! An entity's timeline.

use super::*;

pub(in crate::render) struct EntityTimelinePage;

impl PageKind for EntityTimelinePage {
    type Page = usize;
    const TEMPLATE: &'static str = "entity_timeline.html";

    fn pages(input: &Input) -> Vec<usize> {
        (0..input.site.entities.len()).collect()
    }

    fn path(input: &Input, index: usize) -> String {
        routes::entity_timeline(&input.site.entities[index].id)
    }

    /// An entity's timeline: the listings of the articles mentioning it and
    /// of those its facts quote, and its revisions (dated by their figures).
    fn key(input: &Input, index: usize) -> u64 {
        let (keys, site) = (input.keys, input.site);
        let entity = &site.entities[index];
        let mentioning = entity.mentioned_in.iter().map(|m| keys.listings[m.article]);
        let quoted = entity
            .facts
            .iter()
            .map(|f| f.article.map_or(0, |a| keys.listings[a]));
        let sets = entity.figure_sets.iter().map(|s| s.key);
        let head = [keys.global, Kind::EntityTimeline.tag(), index as u64];
        hash_iter(
            head.into_iter()
                .chain(mentioning)
                .chain([u64::MAX])
                .chain(quoted)
                .chain([u64::MAX])
                .chain(sets),
        )
    }

    fn context(input: &Input, index: usize) -> Result<Context, RenderError> {
        Ok(entity_timeline(input.site, index))
    }
}

/// One entity's timeline: the articles mentioning it and its facts.
fn entity_timeline(site: &Site, index: usize) -> Context {
    let entity = &site.entities[index];
    let path = routes::entity_timeline(&entity.id);
    let title = site
        .locale
        .phrase("title_timeline_of", &[("name", &entity.name)]);
    let mut context = common(site, &path, Some(&title), None);
    context.insert("entity", &EntityRef::new(entity, &site.locale));
    let items = entity_items(site, index);
    context.insert("months", &timeline_months(site, &items));
    context.insert("item_count", &items.len());
    context
}
