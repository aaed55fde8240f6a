//! The search page (with `search: true`, the default).

use super::*;

pub(in crate::render) struct SearchPage;

impl PageKind for SearchPage {
    type Page = ();
    const TEMPLATE: &'static str = "search.html";

    fn pages(input: &Input) -> Vec<()> {
        if input.site.settings.search {
            vec![()]
        } else {
            Vec::new()
        }
    }

    fn path(_: &Input, _: ()) -> String {
        routes::SEARCH.index()
    }

    /// The search page shows only site-wide inputs.
    fn key(input: &Input, _: ()) -> u64 {
        let keys = input.keys;
        hash(&[keys.global, Kind::Fixed.tag(), u64::MAX])
    }

    fn context(input: &Input, _: ()) -> Result<Context, RenderError> {
        Ok(common(
            input.site,
            &routes::SEARCH.index(),
            Some(&input.site.locale.word("title_search")),
            None,
        ))
    }
}
