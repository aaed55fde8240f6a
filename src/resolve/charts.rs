//! Chart requests (`charts:` in an article annotation or in `site.yaml`):
//! each names either `metrics` or one metric to `compare`, known metrics
//! only, and figures of one unit (docs/charts.md).

use std::path::Path;

use serde_saphyr::Spanned;

use super::{ChartRequest, Entity, MayExist};
use crate::diagnostics::Diagnostic;
use crate::load::schema::ChartEntry;
use crate::load::yaml;

/// The request an entry makes, with its entities already looked up.
pub fn request(entry: &ChartEntry, entities: Vec<usize>) -> ChartRequest {
    let (metrics, compare) = match &entry.compare {
        Some(metric) => (vec![metric.value.trim().to_string()], true),
        None => (
            entry
                .metrics
                .iter()
                .map(|m| m.value.trim().to_string())
                .collect(),
            false,
        ),
    };
    ChartRequest {
        title: entry.title.value.trim().to_string(),
        metrics,
        entities,
        compare,
    }
}

/// Problems with `entries` (from `path`), whose requests are `requests`.
pub fn check(
    entries: &[ChartEntry],
    requests: &[ChartRequest],
    path: &Path,
    entities: &[Entity],
    broken_metrics: &MayExist,
    problems: &mut Vec<Diagnostic>,
) {
    if entries.is_empty() {
        return;
    }
    let known: Vec<&str> = entities
        .iter()
        .flat_map(|e| e.facts.iter().map(|f| f.metric.as_str()))
        .collect();
    for (entry, request) in entries.iter().zip(requests) {
        for metric in entry.metrics.iter().chain(&entry.compare) {
            // A metric a broken entity file may define is not called unknown.
            if !known.contains(&metric.value.trim())
                && !broken_metrics.contains(metric.value.trim())
            {
                let d = Diagnostic::error(format!("no fact has the metric `{}`", metric.value)).at(
                    yaml::place(path, &metric.referenced, metric.value.chars().count()),
                );
                problems.push(d.suggest(&metric.value, known.iter().copied()));
            }
        }
        let title = yaml::place(path, &entry.title.referenced, 1);
        match (entry.metrics.is_empty(), &entry.compare) {
            (true, None) => problems.push(
                Diagnostic::error("a chart needs at least one metric")
                    .at(title)
                    .help("name them with `metrics: [..]`, or one metric to compare across entities with `compare: <metric>`"),
            ),
            (false, Some(_)) => problems.push(
                Diagnostic::error("a chart takes `metrics` or `compare`, not both")
                    .at(title)
                    .help("`metrics` draws each entity's figures; `compare` puts one metric side by side across entities"),
            ),
            _ => {}
        }
        if let Some(d) = mixed_units(entities, request, &entry.title, path) {
            problems.push(d);
        }
    }
}

/// A chart's figures must share one unit (compared as written, after
/// trimming): an axis that mixed them would put unlike numbers side by side.
fn mixed_units(
    entities: &[Entity],
    request: &ChartRequest,
    title: &Spanned<String>,
    path: &std::path::Path,
) -> Option<Diagnostic> {
    let units = request_units(entities, request);
    if units.len() < 2 {
        return None;
    }
    let list = units
        .iter()
        .map(|u| format!("`{u}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(
        Diagnostic::error(format!(
            "chart `{}` mixes units: {list}",
            request.title
        ))
        .at(yaml::place(path, &title.referenced, title.value.chars().count().max(1)))
        .help("a chart shows one unit; give each unit a chart of its own (units are compared as written, after trimming)"),
    )
}

/// The distinct units of the figures a chart request covers, sorted.
fn request_units<'a>(entities: &'a [Entity], request: &ChartRequest) -> Vec<&'a str> {
    let mut units: Vec<&str> = entities
        .iter()
        .enumerate()
        .filter(|(i, _)| request.entities.is_empty() || request.entities.contains(i))
        .flat_map(|(_, e)| e.facts.iter())
        .filter(|f| request.metrics.contains(&f.metric))
        .map(|f| f.unit.as_str())
        .collect();
    units.sort_unstable();
    units.dedup();
    units
}
