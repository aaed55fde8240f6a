//! Markup: how content becomes HTML. All text from a site's files reaches a
//! page either through Tera's auto-escaping (set to [`escape::escape_for_tera`])
//! or through [`escape::Escaped`]; Markdown (seeds, free pages, summaries) is
//! parsed by [`markdown`] into a [`document::Document`] whose structure is
//! already safe and whose text runs are escaped when written. Charts (SVG)
//! and feeds (XML) use the same escaper. Depends on nothing but
//! `diagnostics` and `routes` (the anchors of a seed's own footnotes).

pub mod document;
pub mod escape;
pub mod markdown;
pub mod minify;
pub mod text;
