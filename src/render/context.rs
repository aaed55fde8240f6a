//! What templates receive: plain serialisable views of the resolved site,
//! exactly as documented in docs/templates.md. Every `url` is relative to
//! the site root; every `*_html` field is markup the generator made safe.

use serde::Serialize;

use crate::model::EntityKind;
use tera::Context;

use crate::i18n::Locale;
use crate::resolve::{Article, Entity, Fact, FigureSet, Site, Source};
use crate::routes;

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub author: Option<&'a str>,
    pub base_url: Option<&'a str>,
    pub search: bool,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site) -> Self {
        let s = &site.settings;
        SiteView {
            title: &s.title,
            description: s.description.as_deref(),
            language: &s.language,
            author: s.author.as_deref(),
            base_url: s.base_url.as_deref(),
            search: s.search,
        }
    }
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub current: bool,
    /// A draft free page (only built with `--drafts`).
    pub draft: bool,
}

#[derive(Serialize, Clone)]
pub struct ArticleRef<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: String,
    pub date: String,
    pub date_display: String,
    pub summary: Option<&'a str>,
    pub tags: &'a [String],
    /// A draft (only built with `--drafts`); templates mark it.
    pub draft: bool,
    /// The language of its text when it is not the site's (its `lang`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<&'a str>,
    /// The tags linked to their pages: only where articles are listed with
    /// their tags (see [`ArticleRef::listed`]), else empty. Pages that hold
    /// thousands of references (sources) stay small.
    pub tag_links: Vec<TagRef>,
}

impl<'a> ArticleRef<'a> {
    pub fn new(article: &'a Article, locale: &Locale) -> Self {
        ArticleRef {
            slug: &article.slug,
            title: &article.title,
            url: routes::article(&article.slug),
            date: article.date.iso(),
            date_display: locale.period(&article.date),
            summary: article.summary.as_deref(),
            tags: &article.tags,
            draft: article.draft,
            language: article
                .language
                .as_deref()
                .filter(|tag| !tag.eq_ignore_ascii_case(locale.tag())),
            tag_links: Vec::new(),
        }
    }

    /// With `tag_links`: for article lists and the article page.
    pub fn listed(article: &'a Article, locale: &Locale) -> Self {
        let mut view = ArticleRef::new(article, locale);
        view.tag_links = article
            .tags
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| TagRef::new(t))
            .collect();
        view
    }
}

#[derive(Serialize, Clone)]
pub struct EntityRef {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub role: Option<String>,
    pub url: String,
    /// Mentions in all published articles.
    pub mention_count: usize,
    /// Published articles that mention it.
    pub article_count: usize,
}

impl EntityRef {
    pub fn new(entity: &Entity, locale: &Locale) -> Self {
        EntityRef {
            id: entity.id.clone(),
            name: entity.name.clone(),
            kind: entity.kind.as_str(),
            kind_label: kind_label(locale, entity.kind, false),
            role: entity.role.clone(),
            url: routes::entity(&entity.id),
            mention_count: entity.mention_count,
            article_count: entity.mentioned_in.len(),
        }
    }
}

#[derive(Serialize, Clone)]
pub struct SourceRef {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub url: Option<String>,
    pub page_url: String,
}

impl SourceRef {
    pub fn new(source: &Source) -> Self {
        SourceRef {
            id: source.id.clone(),
            name: source.name.clone(),
            kind: source.kind.clone(),
            url: source.url.clone(),
            page_url: routes::source(&source.id),
        }
    }
}

#[derive(Serialize, Clone)]
pub struct FactView<'a> {
    pub anchor: String,
    pub metric: String,
    pub label: String,
    pub value: f64,
    pub value_display: String,
    pub unit: String,
    pub period: String,
    pub status: &'static str,
    pub status_label: String,
    pub source: Option<SourceRef>,
    pub article: Option<ArticleRef<'a>>,
    pub quote: Option<String>,
    pub quote_url: Option<String>,
    pub entity: EntityRef,
    pub url: String,
    /// `18 June 2022`: when the figure was given (its `as_of`, or its article's date).
    pub as_of: Option<String>,
    /// It leads the figures for its metric and period (always, when alone).
    pub leads: bool,
    /// Other figures share its metric and period, and differ from it (a
    /// disagreement or a revision).
    pub contested: bool,
}

impl<'a> FactView<'a> {
    pub fn new(site: &'a Site, entity: &Entity, fact: &Fact) -> Self {
        let article = fact.article.map(|a| &site.articles[a]);
        let locale = &site.locale;
        FactView {
            anchor: fact.anchor.clone(),
            metric: fact.metric.clone(),
            label: fact.label.clone(),
            value: fact.value,
            value_display: locale.number(fact.value),
            unit: fact.unit.clone(),
            period: fact.period.iso(),
            status: fact.status.as_str(),
            status_label: status_label(locale, fact.status),
            source: fact.source.map(|s| SourceRef::new(&site.sources[s])),
            article: article.map(|a| ArticleRef::new(a, locale)),
            quote: fact.quote.clone(),
            quote_url: article
                .zip(fact.quote_anchor.as_ref())
                .map(|(a, anchor)| format!("{}#{anchor}", routes::article(&a.slug))),
            entity: EntityRef::new(entity, locale),
            url: routes::fact(&entity.id, &fact.anchor),
            as_of: fact.as_of.map(|d| d.display()),
            leads: fact.leads,
            contested: fact
                .set
                .is_some_and(|s| entity.figure_sets[s].is_contested()),
        }
    }
}

/// One figure as a disagreement, a revision or a history shows it.
#[derive(Serialize, Clone)]
pub struct FigureRef {
    pub value_display: String,
    pub unit: String,
    pub status: &'static str,
    pub status_label: String,
    pub source: Option<String>,
    /// `18 June 2022`.
    pub as_of: Option<String>,
    /// `June 2022`, as a revision names it.
    pub as_of_month: Option<String>,
    /// `2022-06-18`, for `<time datetime>`.
    pub as_of_iso: Option<String>,
    /// Its quote in its article, or else the figure on its entity's page.
    pub url: String,
    pub leads: bool,
    /// Against the figure it is compared with (a disagreement's first, a
    /// revision's earlier): `−17 %, −50,000`; `None` for that figure itself.
    pub difference: Option<String>,
}

impl FigureRef {
    fn new(site: &Site, entity: &Entity, fact: &Fact, against: Option<&Fact>) -> FigureRef {
        let url = fact
            .article
            .zip(fact.quote_anchor.as_ref())
            .map(|(a, anchor)| format!("{}#{anchor}", routes::article(&site.articles[a].slug)))
            .unwrap_or_else(|| routes::fact(&entity.id, &fact.anchor));
        let locale = &site.locale;
        FigureRef {
            value_display: locale.number(fact.value),
            unit: fact.unit.clone(),
            status: fact.status.as_str(),
            status_label: status_label(locale, fact.status),
            source: fact.source.map(|s| site.sources[s].name.clone()),
            as_of: fact.as_of.map(|d| locale.period(&d)),
            as_of_month: fact
                .as_of
                .map(|d| locale.period(&crate::model::Period { day: None, ..d })),
            as_of_iso: fact.as_of.map(|d| d.iso()),
            url,
            leads: fact.leads,
            difference: against.map(|base| difference(locale, base.value, fact.value)),
        }
    }
}

/// `−17 %, −50,000`: relative (rounded to a whole percent) and absolute,
/// with true minus signs, numbers in the site's language; only the absolute
/// one when `from` is zero.
pub fn difference(locale: &Locale, from: f64, to: f64) -> String {
    let sign = |x: f64| if x < 0.0 { "\u{2212}" } else { "+" };
    let change = to - from;
    let absolute = format!("{}{}", sign(change), locale.number(change.abs()));
    if from == 0.0 {
        return absolute;
    }
    let percent = (change / from.abs() * 100.0).round();
    let percent = if percent == 0.0 { 0.0 } else { percent };
    format!(
        "{}{} %, {absolute}",
        sign(percent),
        locale.number(percent.abs())
    )
}

/// A revision: a source's figure and the later one that replaced it.
#[derive(Serialize, Clone)]
pub struct RevisionView {
    /// Element id: `revised-<entity>-<metric>-<period>-<n>`.
    pub anchor: String,
    /// The revision on its entity's page.
    pub url: String,
    pub source: Option<String>,
    pub from: FigureRef,
    pub to: FigureRef,
}

impl RevisionView {
    /// The `n`th (from 0) revision of `set`.
    pub fn new(site: &Site, entity: &Entity, set: &FigureSet, n: usize) -> RevisionView {
        let (old, new) = set.revisions[n];
        let facts = &entity.facts;
        let anchor = routes::revision_anchor(&entity.id, &set.metric, &set.period.iso(), n + 1);
        RevisionView {
            url: format!("{}#{anchor}", routes::entity(&entity.id)),
            anchor,
            source: facts[new].source.map(|s| site.sources[s].name.clone()),
            from: FigureRef::new(site, entity, &facts[old], None),
            to: FigureRef::new(site, entity, &facts[new], Some(&facts[old])),
        }
    }

    /// "Moskvich plant: TASS revised Planned capacity, 2023, from 300,000
    /// to 200,000 cars per year": a feed entry's title, in the site's language.
    pub fn headline(
        &self,
        locale: &Locale,
        entity: &Entity,
        set: &FigureSet,
        label: &str,
    ) -> String {
        let source = self
            .source
            .clone()
            .unwrap_or_else(|| locale.word("figure_a_source"));
        let period = set.period.iso();
        locale.phrase(
            "feed_revision_title",
            &[
                ("entity", &entity.name),
                ("source", &source),
                ("label", label),
                ("period", &period),
                ("from", &self.from.value_display),
                ("to", &self.to.value_display),
                ("unit", &self.to.unit),
            ],
        )
    }
}

/// Several figures for one entity, metric and period that differ: the
/// disagreement of their sources, the revisions, and every figure in the
/// order given (docs/templates.md).
#[derive(Serialize, Clone)]
pub struct FigureSetView {
    /// `moskvich-plant:planned-capacity:2022`, as downloads name it.
    pub id: String,
    /// Element id on the pages that show it: `figures-<entity>-<metric>-<period>`.
    pub anchor: String,
    pub label: String,
    pub period: String,
    pub entity: EntityRef,
    /// Each source's figure as it stands, earliest first; empty when they agree.
    pub disagreement: Vec<FigureRef>,
    pub revisions: Vec<RevisionView>,
    /// Every figure, earliest "as of" first.
    pub history: Vec<FigureRef>,
}

impl FigureSetView {
    pub fn new(site: &Site, entity: &Entity, set: &FigureSet) -> FigureSetView {
        let facts = &entity.facts;
        let first = &facts[set.facts[0]];
        let current: Vec<usize> = set
            .facts
            .iter()
            .copied()
            .filter(|f| set.current.contains(f))
            .collect();
        let disagreement = if set.disagreement {
            let base = &facts[current[0]];
            current
                .iter()
                .enumerate()
                .map(|(i, &f)| FigureRef::new(site, entity, &facts[f], (i > 0).then_some(base)))
                .collect()
        } else {
            Vec::new()
        };
        let revisions = (0..set.revisions.len())
            .map(|n| RevisionView::new(site, entity, set, n))
            .collect();
        FigureSetView {
            id: set.id(&entity.id),
            anchor: routes::figures_anchor(&entity.id, &first.metric, &first.period.iso()),
            label: first.label.clone(),
            period: first.period.iso(),
            entity: EntityRef::new(entity, &site.locale),
            disagreement,
            revisions,
            history: set
                .facts
                .iter()
                .map(|&f| FigureRef::new(site, entity, &facts[f], None))
                .collect(),
        }
    }
}

/// A status's label in the site's language (`Reported`).
pub fn status_label(locale: &Locale, status: crate::model::Status) -> String {
    locale.word(&format!("status_{}", status.as_str()))
}

/// An entity kind's label in the site's language: `Company`, or with
/// `plural` the group heading `Companies`.
pub fn kind_label(locale: &Locale, kind: crate::model::EntityKind, plural: bool) -> String {
    let prefix = if plural { "kinds" } else { "kind" };
    locale.word(&format!("{prefix}_{}", kind.as_str()))
}

/// How an article shows one of its tags: the name as written, linked to the tag's page.
#[derive(Serialize, Clone, Debug)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
    pub url: String,
}

impl TagRef {
    pub fn new(name: &str) -> TagRef {
        let slug = crate::markup::text::tag_slug(name);
        TagRef {
            name: name.trim().to_string(),
            url: routes::tag(&slug),
            slug,
        }
    }
}
/// What every page gets (docs/templates.md, "Every page").
pub fn common(
    site: &Site,
    page_path: &str,
    title: Option<&str>,
    description: Option<&str>,
) -> Context {
    let root = routes::root_for(page_path);
    let mut context = Context::new();
    context.insert("site", &SiteView::new(site));
    context.insert("root", &root);
    if let Some(base) = &site.settings.base_url {
        context.insert("canonical", &format!("{base}{}", routes::pretty(page_path)));
    }
    let page_title = match title {
        Some(title) => format!("{title} · {}", site.settings.title),
        None => site.settings.title.clone(),
    };
    context.insert("page_title", &page_title);
    context.insert("og_title", title.unwrap_or(&site.settings.title));
    context.insert("og_type", "website");
    context.insert("og_locale", &site.locale.og_locale());
    let description = description
        .or(site.settings.description.as_deref())
        .unwrap_or(&site.settings.title);
    context.insert("description", description);
    context.insert("nav", &nav(site, page_path));
    context.insert("has_feed", &site.settings.base_url.is_some());
    context
}

fn nav(site: &Site, page_path: &str) -> Vec<NavItem> {
    let section = page_path.split('/').next().unwrap_or("");
    let mut items: Vec<NavItem> = routes::SECTIONS
        .iter()
        .filter_map(|s| {
            s.title?;
            Some(NavItem {
                title: site.locale.word(&format!("nav_{}", s.folder)),
                url: s.index(),
                current: section == s.folder,
                draft: false,
            })
        })
        .collect();
    for page in &site.pages {
        let url = routes::page(&page.slug);
        items.push(NavItem {
            title: page.title.clone(),
            current: url == page_path,
            url,
            draft: page.draft,
        });
    }
    items
}

#[derive(Serialize)]
pub(super) struct KindGroup {
    kind: &'static str,
    kind_label: String,
    entities: Vec<EntityRef>,
}

/// The views of the sets (entity index, set index) whose figures differ,
/// each once, in the order given.
pub(super) fn figure_sets(
    site: &Site,
    sets: impl Iterator<Item = (usize, usize)>,
) -> Vec<FigureSetView> {
    let mut seen = Vec::new();
    let mut views = Vec::new();
    for (e, s) in sets {
        let entity = &site.entities[e];
        let set = &entity.figure_sets[s];
        if !set.is_contested() || seen.contains(&(e, s)) {
            continue;
        }
        seen.push((e, s));
        views.push(FigureSetView::new(site, entity, set));
    }
    views
}

pub(super) fn group_by_kind(site: &Site, entities: &[usize]) -> Vec<KindGroup> {
    EntityKind::ALL
        .iter()
        .filter_map(|&kind| {
            let mut members: Vec<EntityRef> = entities
                .iter()
                .map(|&e| &site.entities[e])
                .filter(|e| e.kind == kind)
                .map(|e| EntityRef::new(e, &site.locale))
                .collect();
            members.sort_by(|a, b| a.name.cmp(&b.name));
            (!members.is_empty()).then_some(KindGroup {
                kind: kind.as_str(),
                kind_label: kind_label(&site.locale, kind, true),
                entities: members,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn differences_are_relative_and_absolute_with_true_minus_signs() {
        let english = crate::i18n::Locale::new("en", None);
        assert_eq!(
            super::difference(&english, 300000.0, 250000.0),
            "\u{2212}17 %, \u{2212}50,000"
        );
        assert_eq!(
            super::difference(&english, 150000.0, 200000.0),
            "+33 %, +50,000"
        );
        assert_eq!(super::difference(&english, 0.0, 5.0), "+5");
        assert_eq!(super::difference(&english, 100.0, 100.1), "+0 %, +0.1");
        let russian = crate::i18n::Locale::new("ru", None);
        assert_eq!(
            super::difference(&russian, 300000.0, 250000.0),
            "\u{2212}17 %, \u{2212}50\u{a0}000"
        );
    }
}
