//! Measures Russian mention search over the hand-written list in
//! `tests/inflection/` (see its README): the share of inflected forms
//! linked to their entity, and the near-misses left alone, each for the
//! tuning part and the held-out part. Run with `--nocapture` to see the
//! figures and every miss.

use briefing::resolve::mentions::{Found, Names, with_forms};
use briefing::text::inflect::NameKind;
use serde::Deserialize;

#[derive(Deserialize)]
struct Entity {
    id: String,
    name: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Form {
    text: String,
    form: String,
    entity: String,
    case: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    held_out: bool,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct NearMiss {
    text: String,
    form: String,
    not: String,
    category: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    held_out: bool,
}

fn read<T: for<'de> Deserialize<'de>>(name: &str) -> T {
    let path = format!("{}/tests/inflection/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the test list");
    serde_saphyr::from_str(&text).expect("the test list parses")
}

/// The byte span of `form` in `text`: its one whole-word occurrence.
fn span(text: &str, form: &str) -> (usize, usize) {
    let start = text
        .match_indices(form)
        .map(|(at, _)| at)
        .find(|&at| briefing::text::words::at_word_boundaries(text, at, at + form.len()))
        .unwrap_or_else(|| panic!("`{form}` is not a whole word of `{text}`"));
    (start, start + form.len())
}

fn overlaps(found: &Found, (start, end): (usize, usize)) -> bool {
    found.start < end && start < found.end
}

#[derive(Default)]
struct Tally {
    passed: usize,
    total: usize,
    misses: Vec<String>,
}

impl Tally {
    fn add(&mut self, passed: bool, what: String) {
        self.total += 1;
        if passed {
            self.passed += 1;
        } else {
            self.misses.push(what);
        }
    }

    fn share(&self) -> f64 {
        self.passed as f64 / self.total.max(1) as f64
    }
}

#[test]
fn inflected_names_link_and_near_misses_do_not() {
    let entities: Vec<Entity> = read("entities.yaml");
    let forms: Vec<Form> = read("forms.yaml");
    let near: Vec<NearMiss> = read("near_misses.yaml");
    let index = with_forms(entities.iter().map(|e| {
        let kind = match e.kind.as_str() {
            "person" => NameKind::Person,
            "brand" | "product" => NameKind::Brand,
            "place" => NameKind::Place,
            "agency" => NameKind::Agency,
            _ => NameKind::Other,
        };
        Names {
            names: std::iter::once(e.name.as_str())
                .chain(e.aliases.iter().map(String::as_str))
                .collect(),
            kind,
            exact: Vec::new(),
        }
    }));
    let id_of = |id: &str| {
        entities
            .iter()
            .position(|e| e.id == id)
            .unwrap_or_else(|| panic!("no entity `{id}`"))
    };

    let mut linked = [Tally::default(), Tally::default()];
    for form in &forms {
        let entity = id_of(&form.entity);
        let at = span(&form.text, &form.form);
        let found = index.find(&form.text);
        let ok = found.iter().any(|f| f.entity == entity && overlaps(f, at));
        linked[usize::from(form.held_out)].add(
            ok,
            format!("{} → {} in “{}”", form.form, form.entity, form.text),
        );
    }
    let mut unlinked = [Tally::default(), Tally::default()];
    for miss in &near {
        let entity = id_of(&miss.not);
        let at = span(&miss.text, &miss.form);
        let found = index.find(&miss.text);
        let ok = !found.iter().any(|f| f.entity == entity && overlaps(f, at));
        let hard = if miss.note.as_deref().is_some_and(|n| n.starts_with("Hard")) {
            " (hard)"
        } else {
            ""
        };
        unlinked[usize::from(miss.held_out)].add(
            ok,
            format!(
                "{} ↛ {} [{}]{hard} in “{}”",
                miss.form, miss.not, miss.category, miss.text
            ),
        );
    }
    for (part, name) in [(0, "tuning"), (1, "held-out")] {
        println!(
            "{name}: forms linked {}/{} ({:.1} %), near-misses unlinked {}/{} ({:.1} %)",
            linked[part].passed,
            linked[part].total,
            100.0 * linked[part].share(),
            unlinked[part].passed,
            unlinked[part].total,
            100.0 * unlinked[part].share(),
        );
        for miss in linked[part].misses.iter().chain(&unlinked[part].misses) {
            println!("  {name} miss: {miss}");
        }
    }
    println!("names and forms in the index: {}", index.len());
    // Floors at today's measurement (the targets are 95 % and
    // 100 %): a change to the rules must not lower them.
    assert!(linked[0].share() >= FLOOR_FORMS[0], "tuning forms");
    assert!(linked[1].share() >= FLOOR_FORMS[1], "held-out forms");
    assert!(unlinked[0].share() >= FLOOR_NEAR[0], "tuning near-misses");
    assert!(unlinked[1].share() >= FLOOR_NEAR[1], "held-out near-misses");
}

const FLOOR_FORMS: [f64; 2] = [0.99, 0.98];
const FLOOR_NEAR: [f64; 2] = [0.99, 0.98];
