//! `atom.xml` (RFC 4287) and `sitemap.xml`, written only when the site has
//! a `base_url`: both need absolute URLs. Drafts (built with `--drafts`)
//! are in neither: a preview must not announce them.

use std::fmt::Write as _;

use crate::load::seed::Escaped;
use crate::resolve::Site;

/// How many of the newest articles the feed carries.
const FEED_ENTRIES: usize = 50;

pub fn atom(site: &Site, base: &str) -> String {
    let mut published = site.articles.iter().filter(|a| !a.draft);
    let updated = published
        .clone()
        .next()
        .map_or_else(|| "1970-01-01".to_string(), |a| a.date.iso());
    let author = site
        .settings
        .author
        .as_deref()
        .unwrap_or(&site.settings.title);
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  \
         <title>{}</title>\n",
        Escaped(&site.settings.language),
        Escaped(&site.settings.title)
    );
    if let Some(description) = &site.settings.description {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", Escaped(description));
    }
    let _ = write!(
        out,
        "  <id>{base}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}atom.xml\"/>\n  \
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  \
         <author><name>{}</name></author>\n  <generator>briefing</generator>\n",
        Escaped(author)
    );
    for article in published.by_ref().take(FEED_ENTRIES) {
        let url = format!("{base}articles/{}/", article.slug);
        let _ = write!(
            out,
            "  <entry>\n    <title>{}</title>\n    <id>{url}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    \
             <published>{date}T00:00:00Z</published>\n    <updated>{date}T00:00:00Z</updated>\n",
            Escaped(&article.title),
            date = article.date.iso()
        );
        if let Some(summary) = &article.summary {
            let _ = writeln!(out, "    <summary>{}</summary>", Escaped(summary));
        }
        for tag in &article.tags {
            let _ = writeln!(out, "    <category term=\"{}\"/>", Escaped(tag));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// Every HTML page but 404, with its pretty URL.
pub fn sitemap(base: &str, pages: &[(String, Option<String>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in pages {
        let pretty = path.strip_suffix("index.html").unwrap_or(path);
        let _ = write!(
            out,
            "  <url><loc>{}</loc>",
            Escaped(&format!("{base}{pretty}"))
        );
        if let Some(date) = lastmod {
            let _ = write!(out, "<lastmod>{date}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
