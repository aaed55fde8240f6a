//! Kinds of page, one file each: which pages of the kind a site has and,
//! for each, where it goes, the template that renders it, the key of what
//! it shows (a rebuild renders a page again only when its key changed) and
//! its template context. The key sits beside the context it must cover;
//! tests/it/incremental.rs `every_value_edited_rebuilds_like_a_clean_build`
//! fails when a key misses something its page shows. A new kind of page is
//! a file here, a line in [`jobs`] and its template.

mod archive;
mod article;
mod entities;
mod entity;
mod entity_timeline;
mod facts;
mod feed;
mod index;
mod metric;
mod not_found;
mod page;
mod search;
mod sources;
mod tag;
mod tags;
mod timeline;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::marker::PhantomData;

use serde::Serialize;
use tera::Context;

use super::charts::data::ChartView;
use super::context::{
    ArticleRef, EntityRef, FactView, SourceRef, common, figure_sets, group_by_kind, kind_label,
    status_label,
};
use super::derived::{Derived, Incoming, Item, Metric, entity_items, revisions_of};
use super::keys::{Keys, Kind, hash_str};
use super::listing::{
    self, RevisionEntry, TagView, article_months, page_count, page_range, page_slice, paged_common,
    timeline_months,
};
use super::{Bodies, RenderError, body, meta};
use crate::markup::escape::Escaped;
use crate::model::hash_numbers as hash;
use crate::model::{FactRef, Mention, Period, Span, hash_iter};
use crate::resolve::{Body, Sentence, Site};
use crate::routes::{self, root_for};

/// What every page is made from.
pub(super) struct Input<'a> {
    pub site: &'a Site,
    pub derived: &'a Derived,
    pub keys: &'a Keys,
    pub bodies: &'a dyn Bodies,
}

/// A kind of page.
pub(super) trait PageKind: 'static {
    /// Which page of the kind: `()` for a kind with one page, an index
    /// (article, entity, metric…), a page number of a list…
    type Page: Copy + Send + Sync + 'static;
    /// The template that renders it (docs/templates.md).
    const TEMPLATE: &'static str;
    /// The site's pages of this kind, in a fixed order.
    fn pages(input: &Input) -> Vec<Self::Page>;
    /// Where the page goes (`routes`).
    fn path(input: &Input, page: Self::Page) -> String;
    /// A hash of everything the page shows: it must change whenever the
    /// page's bytes could.
    fn key(input: &Input, page: Self::Page) -> u64;
    /// The page's template context (made only when its key changed).
    fn context(input: &Input, page: Self::Page) -> Result<Context, RenderError>;
}

/// One page to render, whatever its kind.
pub(super) trait Job: Send + Sync {
    fn template(&self) -> &'static str;
    fn path(&self, input: &Input) -> String;
    fn key(&self, input: &Input) -> u64;
    fn context(&self, input: &Input) -> Result<Context, RenderError>;
}

struct PageOf<K: PageKind> {
    page: K::Page,
    kind: PhantomData<fn() -> K>,
}

impl<K: PageKind> Job for PageOf<K> {
    fn template(&self) -> &'static str {
        K::TEMPLATE
    }

    fn path(&self, input: &Input) -> String {
        K::path(input, self.page)
    }

    fn key(&self, input: &Input) -> u64 {
        K::key(input, self.page)
    }

    fn context(&self, input: &Input) -> Result<Context, RenderError> {
        K::context(input, self.page)
    }
}

/// Every page of the site, kind by kind.
/// The site-wide pages (one of each kind) come first: how many there are is
/// returned too.
pub(super) fn jobs(input: &Input) -> (Vec<Box<dyn Job>>, usize) {
    let mut jobs = Vec::new();
    add::<index::IndexPage>(input, &mut jobs);
    add::<tags::TagsPage>(input, &mut jobs);
    add::<entities::EntitiesPage>(input, &mut jobs);
    add::<facts::FactsPage>(input, &mut jobs);
    add::<sources::SourcesPage>(input, &mut jobs);
    add::<not_found::NotFoundPage>(input, &mut jobs);
    add::<search::SearchPage>(input, &mut jobs);
    let site_wide = jobs.len();
    add::<article::ArticlePage>(input, &mut jobs);
    add::<entity::EntityPage>(input, &mut jobs);
    add::<page::FreePage>(input, &mut jobs);
    add::<metric::MetricPage>(input, &mut jobs);
    add::<archive::ArchivePage>(input, &mut jobs);
    add::<timeline::TimelinePage>(input, &mut jobs);
    add::<entity_timeline::EntityTimelinePage>(input, &mut jobs);
    add::<tag::TagPage>(input, &mut jobs);
    add::<feed::FeedFile>(input, &mut jobs);
    (jobs, site_wide)
}

fn add<K: PageKind>(input: &Input, jobs: &mut Vec<Box<dyn Job>>) {
    jobs.extend(K::pages(input).into_iter().map(|page| {
        Box::new(PageOf::<K> {
            page,
            kind: PhantomData,
        }) as Box<dyn Job>
    }));
}
