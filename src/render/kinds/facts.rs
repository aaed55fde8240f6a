//! Every fact, by metric.

use super::*;

pub(in crate::render) struct FactsPage;

impl PageKind for FactsPage {
    type Page = ();
    const TEMPLATE: &'static str = "facts.html";

    fn pages(_: &Input) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Input, _: ()) -> String {
        routes::FACTS.index()
    }

    /// Every fact, with the article each one quotes, and how many figures are annotated (`Keys::facts`).
    fn key(input: &Input, _: ()) -> u64 {
        input.keys.facts(input.site)
    }

    fn context(input: &Input, _: ()) -> Result<Context, RenderError> {
        Ok(facts(input.site))
    }
}

#[derive(Serialize)]
struct MetricGroup<'a> {
    metric: String,
    label: String,
    /// The metric's own page.
    url: String,
    unit: String,
    facts: Vec<FactView<'a>>,
}

fn facts(site: &Site) -> Context {
    let mut context = common(
        site,
        &routes::FACTS.index(),
        Some(&site.locale.word("nav_facts")),
        None,
    );
    let mut groups: BTreeMap<&str, MetricGroup> = BTreeMap::new();
    for entity in &site.entities {
        for fact in &entity.facts {
            groups
                .entry(&fact.metric)
                .or_insert_with(|| MetricGroup {
                    url: routes::metric(&fact.metric),
                    metric: fact.metric.clone(),
                    label: fact.label.clone(),
                    unit: fact.unit.clone(),
                    facts: Vec::new(),
                })
                .facts
                .push(FactView::new(site, entity, fact));
        }
    }
    let mut metrics: Vec<MetricGroup> = groups.into_values().collect();
    for group in &mut metrics {
        group.facts.sort_by(|a, b| {
            a.period
                .cmp(&b.period)
                .then_with(|| a.entity.name.cmp(&b.entity.name))
        });
    }
    let labels: Vec<&str> = metrics.iter().map(|m| m.label.as_str()).collect();
    context.insert("jsonld_html", &meta::facts(site, &labels));
    context.insert("metrics", &metrics);
    let figures = crate::resolve::coverage::figure_counts(site);
    let (annotated, found) = (figures.quoted, figures.found);
    context.insert("figures", &FigureCoverage { annotated, found });
    context.insert("csv_url", routes::FACTS_CSV);
    context.insert("json_url", routes::FACTS_JSON);
    context
}

/// How many of the figures in the articles a fact or claim quotes.
#[derive(Serialize)]
struct FigureCoverage {
    annotated: usize,
    found: usize,
}
