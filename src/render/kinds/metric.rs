//! A metric: every figure across entities.

use super::*;

pub(in crate::render) struct MetricPage;

impl PageKind for MetricPage {
    type Page = usize;
    const TEMPLATE: &'static str = "metric.html";

    fn pages(input: &Input) -> Vec<usize> {
        (0..input.derived.metrics.len()).collect()
    }

    fn path(input: &Input, index: usize) -> String {
        routes::metric(&input.derived.metrics[index].id)
    }

    /// A metric's page: its facts are among all facts.
    fn key(input: &Input, index: usize) -> u64 {
        let (keys, site) = (input.keys, input.site);
        hash(&[keys.facts(site), Kind::Metric.tag(), index as u64])
    }

    fn context(input: &Input, index: usize) -> Result<Context, RenderError> {
        Ok(metric(input.site, input.derived, index))
    }
}

/// A metric's page: every figure across entities, the latest compared, each
/// entity's figures over time.
fn metric(site: &Site, derived: &Derived, index: usize) -> Context {
    let Metric { id: metric, label } = &derived.metrics[index];
    let mut context = common(site, &routes::metric(metric), Some(label), None);
    let mut facts: Vec<FactView> = site
        .entities
        .iter()
        .flat_map(|e| e.facts.iter().map(move |f| (e, f)))
        .filter(|(_, f)| f.metric == *metric)
        .map(|(e, f)| FactView::new(site, e, f))
        .collect();
    facts.sort_by(|a, b| {
        a.period
            .cmp(&b.period)
            .then_with(|| a.entity.name.cmp(&b.entity.name))
    });
    let charts = derived.metric_charts[index].as_slice();
    let (comparisons, over_time): (Vec<&ChartView>, Vec<&ChartView>) =
        charts.iter().partition(|c| c.compare.is_some());
    context.insert(
        "metric",
        &MetricView {
            metric,
            label,
            url: routes::metric(metric),
        },
    );
    context.insert("facts", &facts);
    // Each entity's sets for this metric, by entity name then period.
    let mut sets: Vec<(usize, usize)> = site
        .entities
        .iter()
        .enumerate()
        .flat_map(|(e, entity)| {
            let sets = entity.figure_sets.iter().enumerate();
            sets.filter(|(_, set)| set.metric == *metric)
                .map(move |(s, _)| (e, s))
        })
        .collect();
    sets.sort_by(|&(a, s), &(b, t)| {
        let name = |e: usize| &site.entities[e].name;
        let period = |e: usize, s: usize| site.entities[e].figure_sets[s].period;
        name(a).cmp(name(b)).then(period(a, s).cmp(&period(b, t)))
    });
    context.insert("figure_sets", &figure_sets(site, sets.into_iter()));
    context.insert("comparisons", &comparisons);
    context.insert("charts", &over_time);
    context.insert("csv_url", routes::FACTS_CSV);
    context
}

#[derive(Serialize)]
struct MetricView<'a> {
    metric: &'a str,
    label: &'a str,
    url: String,
}
