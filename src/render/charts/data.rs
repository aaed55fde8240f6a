//! Which charts a page shows and with what numbers: facts grouped into
//! [`BarChart`]s, plus the same numbers as a table. Drawing is `charts`.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;

use super::download::{self, Record};
use super::{
    BarChart, ChartWords, CompareChart, CompareRow, LineChart, Other, Point, Series, TimePoint,
    TimeSeries, render_compare_svg, render_line_svg, render_svg,
};
use crate::resolve::{ChartRequest, Entity, Fact, Site};

/// A chart as templates see it (docs/templates.md, "Chart").
#[derive(Serialize, Clone)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub svg_html: String,
    pub download_url: String,
    /// The chart's figures as CSV (`charts/<id>.csv`).
    pub csv_url: String,
    pub description: String,
    pub table: Table,
    /// The bytes behind `csv_url`.
    #[serde(skip)]
    pub csv: String,
    /// A comparison links entity names, so it is drawn for the page showing it.
    #[serde(skip)]
    pub compare: Option<Arc<CompareChart>>,
}

impl ChartView {
    /// This chart as shown on a page whose way to the output root is `root`.
    pub fn at_root(&self, root: &str) -> Cow<'_, ChartView> {
        match &self.compare {
            Some(chart) => Cow::Owned(ChartView {
                svg_html: render_compare_svg(chart, root),
                ..self.clone()
            }),
            None => Cow::Borrowed(self),
        }
    }
}

/// One metric across entities, each entity's latest figure, largest first;
/// drawn for a page whose way to the output root is `root`.
pub fn comparison_chart(site: &Site, id: String, request: &ChartRequest, root: &str) -> ChartView {
    comparison_chart_of_unit(site, id, request, "", root)
}

/// Like [`comparison_chart`], with only figures in `unit` (any unit if empty).
fn comparison_chart_of_unit(
    site: &Site,
    id: String,
    request: &ChartRequest,
    unit: &str,
    root: &str,
) -> ChartView {
    let metric = request.metrics.first().map_or("", String::as_str);
    let chosen: Vec<&Entity> = if request.entities.is_empty() {
        site.entities.iter().collect()
    } else {
        request
            .entities
            .iter()
            .map(|&e| &site.entities[e])
            .collect()
    };
    let mut latest: Vec<(&Entity, &crate::resolve::Fact)> = chosen
        .into_iter()
        .filter_map(|e| {
            let of_metric = e
                .facts
                .iter()
                .filter(|f| f.leads && f.metric == metric && (unit.is_empty() || f.unit == unit));
            // The latest period, and its leading figure (docs/content-format.md §7.5).
            let best = of_metric.fold(None, |best: Option<&crate::resolve::Fact>, f| match best {
                Some(b) if b.period >= f.period => Some(b),
                _ => Some(f),
            });
            best.map(|f| (e, f))
        })
        .collect();
    latest.sort_by(|a, b| {
        b.1.value
            .total_cmp(&a.1.value)
            .then_with(|| a.0.name.cmp(&b.0.name))
            .then_with(|| a.0.id.cmp(&b.0.id))
    });
    let label = latest.first().map_or(metric, |(_, f)| f.label.as_str());
    let unit = latest.first().map_or("", |(_, f)| f.unit.as_str());
    let words = ChartWords::of(&site.locale);
    let chart = CompareChart {
        words: words.clone(),
        id: id.clone(),
        title: request.title.clone(),
        description: latest
            .iter()
            .map(|(e, f)| {
                format!(
                    "{} ({}): {} {}, {}.",
                    e.name,
                    site.locale.period(&f.period),
                    words.number(f.value),
                    f.unit,
                    words.status(f.status).to_lowercase()
                )
            })
            .collect::<Vec<_>>()
            .join(" "),
        unit: unit.to_string(),
        rows: latest
            .iter()
            .map(|(e, f)| CompareRow {
                label: e.name.clone(),
                url: Some(crate::routes::entity(&e.id)),
                value: f.value,
                status: f.status,
                others: marks(e, f),
            })
            .collect(),
    };
    let rows = latest
        .iter()
        .map(|(e, f)| Row {
            label: e.name.clone(),
            url: Some(crate::routes::entity(&e.id)),
            period: Some(site.locale.period(&f.period)),
            cells: vec![Cell {
                display: format!("{} {}", words.number(f.value), f.unit),
                status: Some(f.status.as_str()),
                status_label: Some(words.status(f.status).to_string()),
                others: other_cells(site, e, f),
            }],
        })
        .collect();
    let records: Vec<Record<'_>> = latest
        .iter()
        .map(|(e, f)| Record::new(site, e, f))
        .collect();
    ChartView {
        svg_html: render_compare_svg(&chart, root),
        download_url: crate::routes::chart_svg(&id),
        csv_url: crate::routes::chart_csv(&id),
        csv: download::csv(&with_others(site, records)),
        title: chart.title.clone(),
        description: chart.description.clone(),
        table: Table {
            columns: vec![site.locale.word("col_entity"), label.to_string()],
            rows,
        },
        compare: Some(Arc::new(chart)),
        id,
    }
}

#[derive(Serialize, Clone)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Serialize, Clone)]
pub struct Row {
    pub label: String,
    /// The row's entity page (comparisons), relative to the output root.
    pub url: Option<String>,
    /// The period of the row's figure (comparisons show each entity's latest).
    pub period: Option<String>,
    pub cells: Vec<Cell>,
}

#[derive(Serialize, Clone)]
pub struct Cell {
    pub display: String,
    pub status: Option<&'static str>,
    pub status_label: Option<String>,
    /// The figures for the same key that do not lead (the chart marks
    /// them), earliest first.
    pub others: Vec<OtherCell>,
}

/// A figure that does not lead, as a table cell lists it after the one that does.
#[derive(Serialize, Clone)]
pub struct OtherCell {
    pub display: String,
    pub status: &'static str,
    pub status_label: String,
    pub source: Option<String>,
    /// `18 June 2022`.
    pub as_of: Option<String>,
}

/// The figures a leading `fact` stands beside: the others of its set, when
/// they differ (a disagreement or a revision), earliest first.
fn others_of<'a>(entity: &'a Entity, fact: &Fact) -> impl Iterator<Item = &'a Fact> + 'a {
    let set = fact
        .set
        .map(|s| &entity.figure_sets[s])
        .filter(|set| set.is_contested());
    set.into_iter()
        .flat_map(|set| set.facts.iter().map(|&f| &entity.facts[f]))
        .filter(|f| !f.leads)
}

/// The chart's markers for the figures beside `fact`.
fn marks(entity: &Entity, fact: &Fact) -> Vec<Other> {
    others_of(entity, fact)
        .map(|f| Other {
            value: f.value,
            status: f.status,
        })
        .collect()
}

/// The table's list of the figures beside `fact`.
fn other_cells(site: &Site, entity: &Entity, fact: &Fact) -> Vec<OtherCell> {
    others_of(entity, fact)
        .map(|f| OtherCell {
            display: format!("{} {}", site.locale.number(f.value), f.unit),
            status: f.status.as_str(),
            status_label: crate::render::context::status_label(&site.locale, f.status),
            source: f.source.map(|s| site.sources[s].name.clone()),
            as_of: f.as_of.map(|d| site.locale.period(&d)),
        })
        .collect()
}

/// The download rows of a table's figures: each leading one followed by
/// those beside it, cell by cell as the table lists them.
fn with_others<'a>(site: &'a Site, leading: Vec<Record<'a>>) -> Vec<Record<'a>> {
    let mut rows = Vec::with_capacity(leading.len());
    for record in leading {
        let (entity, fact) = (record.entity, record.fact);
        rows.push(record);
        rows.extend(others_of(entity, fact).map(|f| Record::new(site, entity, f)));
    }
    rows
}

/// `id`, or `id-2`, `id-3`… if taken.
fn unique_id(used: &mut std::collections::HashSet<String>, id: String) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

/// One chart per unit for an entity's facts: periods along the axis, one
/// series per metric. A unit with a single figure gets no chart: one bar
/// says nothing the facts table above it does not.
pub fn entity_charts(site: &Site, entity: &Entity) -> Vec<ChartView> {
    let figures_in = |unit: &str| entity.facts.iter().filter(|f| f.unit == unit).count();
    let charted: Vec<&Fact> = entity
        .facts
        .iter()
        .filter(|f| figures_in(&f.unit) > 1)
        .collect();
    unit_charts(site, entity, &charted, &format!("entity-{}", entity.id))
}

/// One chart per unit of `facts` (an entity's): periods along the axis, one
/// series per metric; a line over time when a metric has three or more periods.
/// Ids are `<prefix>-<unit>`.
fn unit_charts(site: &Site, entity: &Entity, facts: &[&Fact], prefix: &str) -> Vec<ChartView> {
    // Units that slug alike (`cars per year`, `Cars/per-year`) still get their own chart id.
    let mut used = std::collections::HashSet::new();
    let mut units: Vec<&str> = facts.iter().map(|f| f.unit.as_str()).collect();
    units.sort_unstable();
    units.dedup();
    units
        .into_iter()
        .map(|unit| {
            let facts: Vec<&Fact> = facts.iter().copied().filter(|f| f.unit == unit).collect();
            let id = unique_id(
                &mut used,
                format!("{prefix}-{}", crate::markup::text::unit_slug(unit)),
            );
            unit_chart(site, entity, &facts, id, unit)
        })
        .collect()
}

fn unit_chart(site: &Site, entity: &Entity, facts: &[&Fact], id: String, unit: &str) -> ChartView {
    // The chart draws the leading figure of each metric and period and marks the others.
    let leading: Vec<&Fact> = facts.iter().copied().filter(|f| f.leads).collect();
    let facts = &leading[..];
    let mut periods: Vec<_> = facts.iter().map(|f| f.period).collect();
    periods.sort();
    periods.dedup();
    let mut metrics: Vec<(&str, &str)> = Vec::new();
    for fact in facts {
        if !metrics.iter().any(|(m, _)| *m == fact.metric) {
            metrics.push((&fact.metric, &fact.label));
        }
    }
    let series = metrics
        .iter()
        .map(|(metric, label)| Series {
            name: label.to_string(),
            points: facts
                .iter()
                .filter(|f| f.metric == *metric)
                .map(|f| Point {
                    category: periods.iter().position(|p| *p == f.period).unwrap_or(0),
                    value: f.value,
                    status: f.status,
                    others: marks(entity, f),
                })
                .collect(),
        })
        .collect();
    let records = table_order(
        facts
            .iter()
            .map(|f| {
                let category = periods.iter().position(|p| *p == f.period);
                let series = metrics.iter().position(|(m, _)| *m == f.metric);
                let at = (category.unwrap_or(0), series.unwrap_or(0));
                (at, Record::new(site, entity, f))
            })
            .collect(),
    );
    let chart = BarChart {
        words: ChartWords::of(&site.locale),
        id,
        title: format!(
            "{}: {}",
            entity.name,
            metrics
                .iter()
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        description: String::new(),
        unit: unit.to_string(),
        categories: periods.iter().map(|p| site.locale.period(p)).collect(),
        series,
    };
    let line = over_time(facts, &metrics).then(|| LineChart {
        words: ChartWords::of(&site.locale),
        id: chart.id.clone(),
        title: chart.title.clone(),
        description: String::new(),
        unit: unit.to_string(),
        series: metrics
            .iter()
            .map(|(metric, label)| {
                let of_metric = facts.iter().copied().filter(|f| f.metric == *metric);
                time_series(label, entity, of_metric)
            })
            .collect(),
    });
    let (records, others) = split_others(site, records);
    view(
        chart,
        &site.locale.word("col_period"),
        with_others(site, records),
        others,
        line,
    )
}

/// A metric page's charts: the latest figures compared across entities (one
/// comparison per unit), then each entity's figures over time.
pub fn metric_charts(site: &Site, metric: &str) -> Vec<ChartView> {
    let facts = site
        .entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.facts.iter().map(move |f| (i, f)))
        .filter(|(_, f)| f.metric == metric);
    let mut units: Vec<&str> = facts.clone().map(|(_, f)| f.unit.as_str()).collect();
    units.sort_unstable();
    units.dedup();
    let label = facts
        .clone()
        .next()
        .map_or(metric, |(_, f)| f.label.as_str());
    let mut charts = Vec::new();
    for unit in &units {
        let entities: Vec<usize> = {
            let mut v: Vec<usize> = facts
                .clone()
                .filter(|(_, f)| f.unit == *unit)
                .map(|(e, _)| e)
                .collect();
            v.dedup();
            v
        };
        let (id, title) = if units.len() == 1 {
            (
                format!("metric-{metric}-latest"),
                site.locale.phrase("chart_latest", &[("label", label)]),
            )
        } else {
            (
                format!(
                    "metric-{metric}-latest-{}",
                    crate::markup::text::unit_slug(unit)
                ),
                site.locale
                    .phrase("chart_latest", &[("label", &format!("{label} ({unit})"))]),
            )
        };
        let request = ChartRequest {
            title,
            metrics: vec![metric.to_string()],
            entities,
            compare: true,
        };
        charts.push(comparison_chart_of_unit(site, id, &request, unit, "../../"));
    }
    for (e, entity) in site.entities.iter().enumerate() {
        let of_metric: Vec<&Fact> = facts
            .clone()
            .filter(|(i, _)| *i == e)
            .map(|(_, f)| f)
            .collect();
        if !of_metric.is_empty() {
            let prefix = format!("metric-{metric}-{}", entity.id);
            charts.extend(unit_charts(site, entity, &of_metric, &prefix));
        }
    }
    charts
}

/// A chart of `site.yaml`, shown on the front page.
pub fn site_chart(site: &Site, index: usize, request: &ChartRequest) -> ChartView {
    let id = format!("site-{}", index + 1);
    if request.compare {
        return comparison_chart(site, id, request, "");
    }
    requested_chart(site, id, request)
}

/// An article's requested chart: each (metric, period) a category, each entity a series.
pub fn article_chart(site: &Site, slug: &str, index: usize, request: &ChartRequest) -> ChartView {
    let id = format!("article-{slug}-{}", index + 1);
    if request.compare {
        return comparison_chart(site, id, request, "../../");
    }
    requested_chart(site, id, request)
}

/// Metrics per entity: each (metric, period) a category, each entity a series.
fn requested_chart(site: &Site, id: String, request: &ChartRequest) -> ChartView {
    let entities: Vec<&Entity> = if request.entities.is_empty() {
        site.entities
            .iter()
            .filter(|e| e.facts.iter().any(|f| request.metrics.contains(&f.metric)))
            .collect()
    } else {
        request
            .entities
            .iter()
            .map(|&e| &site.entities[e])
            .collect()
    };
    let mut categories: Vec<(usize, crate::model::Period, String)> = Vec::new();
    let mut units: Vec<String> = Vec::new();
    for entity in &entities {
        for fact in entity
            .facts
            .iter()
            .filter(|f| f.leads && request.metrics.contains(&f.metric))
        {
            let order = request
                .metrics
                .iter()
                .position(|m| *m == fact.metric)
                .unwrap_or(0);
            let label = format!("{} ({})", fact.label, site.locale.period(&fact.period));
            if !categories.iter().any(|(_, _, l)| *l == label) {
                categories.push((order, fact.period, label));
            }
            if !units.contains(&fact.unit) {
                units.push(fact.unit.clone());
            }
        }
    }
    categories.sort();
    let mut records = Vec::new();
    for (s, entity) in entities.iter().enumerate() {
        for f in entity
            .facts
            .iter()
            .filter(|f| f.leads && request.metrics.contains(&f.metric))
        {
            let label = format!("{} ({})", f.label, site.locale.period(&f.period));
            if let Some(c) = categories.iter().position(|(_, _, l)| *l == label) {
                records.push(((c, s), Record::new(site, entity, f)));
            }
        }
    }
    let records = table_order(records);
    let series = entities
        .iter()
        .map(|entity| Series {
            name: entity.name.clone(),
            points: entity
                .facts
                .iter()
                .filter(|f| f.leads && request.metrics.contains(&f.metric))
                .filter_map(|f| {
                    let label = format!("{} ({})", f.label, site.locale.period(&f.period));
                    let category = categories.iter().position(|(_, _, l)| *l == label)?;
                    Some(Point {
                        category,
                        value: f.value,
                        status: f.status,
                        others: marks(entity, f),
                    })
                })
                .collect(),
        })
        .collect();
    let chart = BarChart {
        words: ChartWords::of(&site.locale),
        id,
        title: request.title.clone(),
        description: String::new(),
        unit: units.join(" / "),
        categories: categories.into_iter().map(|(_, _, l)| l).collect(),
        series,
    };
    let line = (request.metrics.len() == 1).then(|| {
        let per_entity: Vec<Vec<&crate::resolve::Fact>> = entities
            .iter()
            .map(|e| {
                e.facts
                    .iter()
                    .filter(|f| f.leads && f.metric == request.metrics[0])
                    .collect()
            })
            .collect();
        per_entity
    });
    let line = line
        .filter(|per_entity| per_entity.iter().any(|facts| distinct_periods(facts) >= 3))
        .map(|per_entity| LineChart {
            words: ChartWords::of(&site.locale),
            id: chart.id.clone(),
            title: chart.title.clone(),
            description: String::new(),
            unit: chart.unit.clone(),
            series: entities
                .iter()
                .zip(&per_entity)
                .map(|(e, facts)| time_series(&e.name, e, facts.iter().copied()))
                .collect(),
        });
    let (records, others) = split_others(site, records);
    view(
        chart,
        &site.locale.word("col_figure"),
        with_others(site, records),
        others,
        line,
    )
}

/// Does one of these metrics have figures for three or more periods?
/// Then the chart is a line over time; with fewer, bars.
fn over_time(facts: &[&crate::resolve::Fact], metrics: &[(&str, &str)]) -> bool {
    metrics.iter().any(|(metric, _)| {
        let of_metric: Vec<&crate::resolve::Fact> = facts
            .iter()
            .copied()
            .filter(|f| f.metric == *metric)
            .collect();
        distinct_periods(&of_metric) >= 3
    })
}

fn distinct_periods(facts: &[&crate::resolve::Fact]) -> usize {
    let mut periods: Vec<_> = facts.iter().map(|f| f.period).collect();
    periods.sort();
    periods.dedup();
    periods.len()
}

fn time_series<'a>(
    name: &str,
    entity: &Entity,
    facts: impl Iterator<Item = &'a crate::resolve::Fact>,
) -> TimeSeries {
    TimeSeries {
        name: name.to_string(),
        points: facts
            .map(|f| TimePoint {
                period: f.period,
                value: f.value,
                status: f.status,
                others: marks(entity, f),
            })
            .collect(),
    }
}

/// A table's leading figures (by their cell: category, series), and per
/// cell the figures beside its figure.
type CellOthers = Vec<((usize, usize), Vec<OtherCell>)>;

fn split_others<'a>(
    site: &Site,
    keyed: Vec<((usize, usize), Record<'a>)>,
) -> (Vec<Record<'a>>, CellOthers) {
    let others = keyed
        .iter()
        .map(|(at, r)| (*at, other_cells(site, r.entity, r.fact)))
        .filter(|(_, cells)| !cells.is_empty())
        .collect();
    (keyed.into_iter().map(|(_, r)| r).collect(), others)
}

/// Figures in the order the table shows them (row by row), the first of
/// any two in one cell kept, as the chart does.
fn table_order(mut rows: Vec<((usize, usize), Record<'_>)>) -> Vec<((usize, usize), Record<'_>)> {
    rows.sort_by_key(|(at, _)| *at);
    rows.dedup_by_key(|(at, _)| *at);
    rows
}

/// Draws `chart` and lays out its table; fills in the description from the numbers.
/// `line`, when given, is drawn instead of the bars; the table, the
/// description and the CSV come from `chart` either way.
fn view(
    mut chart: BarChart,
    category_heading: &str,
    records: Vec<Record<'_>>,
    others: CellOthers,
    line: Option<LineChart>,
) -> ChartView {
    chart.description = describe(&chart);
    let svg_html = match line {
        Some(mut line) => {
            line.description = chart.description.clone();
            render_line_svg(&line)
        }
        None => render_svg(&chart),
    };
    let mut columns = vec![category_heading.to_string()];
    columns.extend(chart.series.iter().map(|s| s.name.clone()));
    let rows = chart
        .categories
        .iter()
        .enumerate()
        .map(|(c, label)| Row {
            label: label.clone(),
            url: None,
            period: None,
            cells: chart
                .series
                .iter()
                .enumerate()
                .map(|(si, s)| match s.points.iter().find(|p| p.category == c) {
                    Some(p) => Cell {
                        display: format!("{} {}", chart.words.number(p.value), chart.unit),
                        status: Some(p.status.as_str()),
                        status_label: Some(chart.words.status(p.status).to_string()),
                        others: others
                            .iter()
                            .find(|(at, _)| *at == (c, si))
                            .map(|(_, cells)| cells.clone())
                            .unwrap_or_default(),
                    },
                    None => Cell {
                        display: "—".into(),
                        status: None,
                        status_label: None,
                        others: Vec::new(),
                    },
                })
                .collect(),
        })
        .collect();
    ChartView {
        download_url: crate::routes::chart_svg(&chart.id),
        csv_url: crate::routes::chart_csv(&chart.id),
        csv: download::csv(&records),
        id: chart.id.clone(),
        title: chart.title.clone(),
        description: chart.description.clone(),
        svg_html,
        table: Table { columns, rows },
        compare: None,
    }
}

/// "Annual output (2022): Moskvich plant 190,000 cars per year, reported. …"
fn describe(chart: &BarChart) -> String {
    let mut parts = Vec::new();
    for (c, category) in chart.categories.iter().enumerate() {
        for series in &chart.series {
            for point in series.points.iter().filter(|p| p.category == c) {
                parts.push(format!(
                    "{category}: {} {} {}, {}.",
                    series.name,
                    chart.words.number(point.value),
                    chart.unit,
                    chart.words.status(point.status).to_lowercase()
                ));
            }
        }
    }
    parts.join(" ")
}
