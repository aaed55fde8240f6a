//! The numbers behind charts and the facts table as files a spreadsheet or a
//! script reads: `charts/<id>.csv`, `facts/facts.csv` and `facts/facts.json`
//! (formats in docs/charts.md).
//!
//! CSV follows RFC 4180 (CRLF line ends, fields quoted when they hold a
//! comma, quote or line break) and starts with a UTF-8 byte-order mark, the
//! signal spreadsheets need to open UTF-8 without an import dialog. Text
//! cells that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`
//! first) get a leading apostrophe; numbers are written plain (`190000`,
//! `-2.5`), never with separators or exponents.

use crate::model::Period;
use crate::resolve::{Entity, Fact, Site};

/// One figure as a download row.
pub struct Record<'a> {
    pub period: Period,
    pub entity: &'a Entity,
    pub fact: &'a Fact,
    pub source: &'a str,
    /// The id of the disagreement it belongs to (`FigureSet::id`), or empty.
    pub disagreement: String,
    /// The id of the revision it belongs to, or empty.
    pub revision: String,
}

impl<'a> Record<'a> {
    pub fn new(site: &'a Site, entity: &'a Entity, fact: &'a Fact) -> Self {
        let set = fact.set.map(|s| &entity.figure_sets[s]);
        let index = entity.facts.iter().position(|f| std::ptr::eq(f, fact));
        let (mut disagreement, mut revision) = (String::new(), String::new());
        if let (Some(set), Some(index)) = (set, index) {
            if set.disagreement && set.current.contains(&index) {
                disagreement = set.id(&entity.id);
            }
            if set.revisions.iter().any(|&(a, b)| a == index || b == index) {
                revision = set.id(&entity.id);
            }
        }
        Record {
            period: fact.period,
            entity,
            fact,
            source: fact.source.map_or("", |s| site.sources[s].name.as_str()),
            disagreement,
            revision,
        }
    }
}

pub const CSV_HEADER: [&str; 12] = [
    "period",
    "entity",
    "metric",
    "value",
    "unit",
    "status",
    "source",
    "quote",
    "as_of",
    "leads",
    "disagreement",
    "revision",
];

/// A CSV document of `records`, in the given order.
pub fn csv(records: &[Record<'_>]) -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, CSV_HEADER.iter().map(|h| Cell::Plain(h)));
    for r in records {
        let period = r.period.iso();
        let value = plain_number(r.fact.value);
        let as_of = r.fact.as_of.map(|d| d.iso()).unwrap_or_default();
        push_row(
            &mut out,
            [
                Cell::Plain(&period),
                Cell::Text(&r.entity.name),
                Cell::Text(&r.fact.label),
                Cell::Plain(&value),
                Cell::Text(&r.fact.unit),
                Cell::Plain(r.fact.status.as_str()),
                Cell::Text(r.source),
                Cell::Text(r.fact.quote.as_deref().unwrap_or("")),
                Cell::Plain(&as_of),
                Cell::Plain(if r.fact.leads { "true" } else { "false" }),
                Cell::Plain(&r.disagreement),
                Cell::Plain(&r.revision),
            ],
        );
    }
    out
}

enum Cell<'a> {
    /// Written by us (periods, numbers, statuses): never a formula.
    Plain(&'a str),
    /// From content: guarded against being read as a formula.
    Text(&'a str),
}

fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = Cell<'a>>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let (text, guard) = match cell {
            Cell::Plain(t) => (t, false),
            Cell::Text(t) => (t, t.starts_with(['=', '+', '-', '@', '\t', '\r'])),
        };
        let quote = guard || text.contains([',', '"', '\n', '\r']);
        if quote {
            out.push('"');
        }
        if guard {
            out.push('\'');
        }
        for c in text.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        if quote {
            out.push('"');
        }
    }
    out.push_str("\r\n");
}

/// `190000`, `-2.5`, `0.3`: what a spreadsheet or a parser reads back exactly.
pub fn plain_number(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    format!("{value}")
}

/// Every figure of the site, ordered by metric, period, entity name, as on
/// the facts page (figures for one metric and period as written: the sort is stable).
pub fn all_records(site: &Site) -> Vec<Record<'_>> {
    let mut records: Vec<Record<'_>> = site
        .entities
        .iter()
        .flat_map(|e| e.facts.iter().map(move |f| (e, f)))
        .map(|(e, f)| Record::new(site, e, f))
        .collect();
    records.sort_by(|a, b| {
        (a.fact.metric.as_str(), a.period, a.entity.name.as_str()).cmp(&(
            b.fact.metric.as_str(),
            b.period,
            b.entity.name.as_str(),
        ))
    });
    records
}

/// `facts.json`: `{"version": 1, "facts": [...]}`, schema in docs/charts.md:
/// one figure per line, written by serde_json with `": "` and `", "` between
/// fields (the layout the format has always had, so diffs of two builds
/// stay one line per changed figure).
pub fn facts_json(site: &Site) -> String {
    let mut out = String::from("{\n  \"version\": 1,\n  \"facts\": [");
    for (i, r) in all_records(site).iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(&one_line(&FactRow::new(site, r)));
    }
    out.push_str("\n  ]\n}\n");
    out
}

/// One figure of `facts.json`, in the documented field order.
#[derive(serde::Serialize)]
struct FactRow<'a> {
    entity: &'a str,
    entity_name: &'a str,
    metric: &'a str,
    label: &'a str,
    period: String,
    value: PlainNumber,
    unit: &'a str,
    status: &'static str,
    source: Option<&'a str>,
    source_name: Option<&'a str>,
    article: Option<&'a str>,
    quote: Option<&'a str>,
    as_of: Option<String>,
    leads: bool,
    disagreement: Option<&'a str>,
    revision: Option<&'a str>,
}

impl<'a> FactRow<'a> {
    fn new(site: &'a Site, r: &'a Record<'a>) -> FactRow<'a> {
        let f = r.fact;
        let set_id = |id: &'a str| (!id.is_empty()).then_some(id);
        FactRow {
            entity: &r.entity.id,
            entity_name: &r.entity.name,
            metric: &f.metric,
            label: &f.label,
            period: r.period.iso(),
            value: PlainNumber(f.value),
            unit: &f.unit,
            status: f.status.as_str(),
            source: f.source.map(|s| site.sources[s].id.as_str()),
            source_name: f.source.map(|s| site.sources[s].name.as_str()),
            article: f.article.map(|a| site.articles[a].slug.as_str()),
            quote: f.quote.as_deref(),
            as_of: f.as_of.map(|d| d.iso()),
            leads: f.leads,
            disagreement: set_id(&r.disagreement),
            revision: set_id(&r.revision),
        }
    }
}

/// A value as [`plain_number`] writes it (`190000`, `-2.5`), `null` when
/// it is not finite.
struct PlainNumber(f64);

impl serde::Serialize for PlainNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.0.is_finite() {
            return serializer.serialize_none();
        }
        let text = plain_number(self.0);
        // serde_json writes raw JSON for a `RawValue`; the text is a number.
        match serde_json::value::RawValue::from_string(text) {
            Ok(raw) => raw.serialize(serializer),
            Err(_) => serializer.serialize_none(),
        }
    }
}

/// A value as one line of JSON with a space after each `:` and `,`.
fn one_line<T: serde::Serialize>(value: &T) -> String {
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, Spaced);
    if value.serialize(&mut serializer).is_err() {
        return "null".into();
    }
    String::from_utf8(bytes).unwrap_or_else(|_| "null".into())
}

/// serde_json's compact layout with `": "` and `", "`.
struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> String {
        let mut out = String::new();
        push_row(&mut out, cells.iter().map(|c| Cell::Text(c)));
        out
    }

    #[test]
    fn fields_are_quoted_as_rfc_4180_asks() {
        assert_eq!(row(&["a", "b c"]), "a,b c\r\n");
        assert_eq!(
            row(&["a,b", "say \"hi\""]),
            "\"a,b\",\"say \"\"hi\"\"\"\r\n"
        );
        assert_eq!(row(&["two\nlines"]), "\"two\nlines\"\r\n");
        assert_eq!(row(&["Завод", ""]), "Завод,\r\n");
    }

    #[test]
    fn text_a_spreadsheet_would_run_as_a_formula_is_guarded() {
        assert_eq!(row(&["=SUM(A1)"]), "\"'=SUM(A1)\"\r\n");
        assert_eq!(row(&["@cmd", "+1", "-x"]), "\"'@cmd\",\"'+1\",\"'-x\"\r\n");
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(plain_number(190000.0), "190000");
        assert_eq!(plain_number(-2.5), "-2.5");
        assert_eq!(plain_number(-0.0), "0");
        assert_eq!(plain_number(1e15), "1000000000000000");
    }
}
