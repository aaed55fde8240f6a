//! The page for addresses that lead nowhere.

use super::*;

pub(in crate::render) struct NotFoundPage;

impl PageKind for NotFoundPage {
    type Page = ();
    const TEMPLATE: &'static str = "404.html";

    fn pages(_: &Input) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Input, _: ()) -> String {
        routes::NOT_FOUND.into()
    }

    /// The 404 page shows only site-wide inputs.
    fn key(input: &Input, _: ()) -> u64 {
        let keys = input.keys;
        hash(&[keys.global, Kind::Fixed.tag(), 0])
    }

    fn context(input: &Input, _: ()) -> Result<Context, RenderError> {
        Ok(not_found(input.site))
    }
}

/// The 404 page is served from any depth, so its links start at the site's
/// absolute path (from `base_url`), or `/`.
fn not_found(site: &Site) -> Context {
    let mut context = common(
        site,
        routes::NOT_FOUND,
        Some(&site.locale.word("title_not_found")),
        None,
    );
    let root = site
        .settings
        .base_url
        .as_deref()
        .and_then(|url| url.splitn(4, '/').nth(3))
        .map_or_else(|| "/".to_string(), |path| format!("/{path}"));
    context.insert("root", &root);
    context
}
