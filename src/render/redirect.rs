//! The page at a renamed article's old address (`aliases:`, see
//! `resolve::aliases`): a refresh to the article, a canonical link to it and
//! a visible link for readers whose browser does not follow the refresh. No
//! script, so it works under the strict Content-Security-Policy of README
//! "Search". Every text in it goes through `markup::escape`.

use crate::markup::escape::Escaped;
use crate::resolve::{Article, Site};
use crate::routes;

/// The HTML of the page at `routes::article(from)` that leads to `article`.
pub fn page(site: &Site, article: &Article, from: &str) -> String {
    let here = routes::article(from);
    let target = format!(
        "{}{}",
        routes::root_for(&here),
        routes::article(&article.slug)
    );
    let canonical = match &site.settings.base_url {
        Some(base) => format!("{base}{}", routes::pretty(&routes::article(&article.slug))),
        None => target.clone(),
    };
    let (target, canonical) = (Escaped(&target), Escaped(&canonical));
    let title = Escaped(&article.title);
    format!(
        "<!DOCTYPE html>
<html lang=\"{lang}\">
<head>
<meta charset=\"utf-8\">
<title>{title}</title>
<meta name=\"robots\" content=\"noindex\">
<link rel=\"canonical\" href=\"{canonical}\">
<meta http-equiv=\"refresh\" content=\"0; url={target}\">
</head>
<body>
<p>This article has moved: <a href=\"{target}\">{title}</a>.</p>
</body>
</html>
",
        lang = Escaped(&site.settings.language),
    )
}
