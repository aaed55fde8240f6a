//! The list of every entity, by kind.

use super::*;

pub(in crate::render) struct EntitiesPage;

impl PageKind for EntitiesPage {
    type Page = ();
    const TEMPLATE: &'static str = "entities.html";

    fn pages(_: &Input) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Input, _: ()) -> String {
        routes::ENTITIES.index()
    }

    fn key(input: &Input, _: ()) -> u64 {
        let keys = input.keys;
        hash(&[keys.global, Kind::Entities.tag(), keys.counts])
    }

    fn context(input: &Input, _: ()) -> Result<Context, RenderError> {
        Ok(entities(input.site))
    }
}

fn entities(site: &Site) -> Context {
    let mut context = common(
        site,
        &routes::ENTITIES.index(),
        Some(&site.locale.word("nav_entities")),
        None,
    );
    let all: Vec<usize> = (0..site.entities.len()).collect();
    context.insert("groups", &group_by_kind(site, &all));
    context
}
