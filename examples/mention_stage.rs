//! Mention search on its own, with and without Russian case forms: times
//! finding every entity in every paragraph of a site's seeds, on one
//! thread, with the index a build uses (`with_forms`: names, their case
//! forms and the context rules) and with the plain index of names as
//! written (`MentionIndex::new`, what mention search was before case
//! forms), the two alternating run by run, and prints the medians.
//!
//! ```text
//! cargo run --release --example mention_stage -- DIR [RUNS]
//! cargo run --release --example mention_stage -- --inflection-list [RUNS]
//! ```
//!
//! `--inflection-list` runs on the entities and sentences of
//! `tests/inflection/` instead (every sentence repeated to about 10 MB of
//! Russian text), where the case forms make the automaton seven times
//! larger.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use briefing::resolve::mentions::{MentionIndex, Names, with_forms};
use briefing::text::inflect::NameKind;

/// An entity's names and kind.
struct Entity {
    names: Vec<String>,
    kind: NameKind,
    exact: Vec<String>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args
        .next()
        .expect("usage: mention_stage DIR|--inflection-list [RUNS]");
    let runs: usize = args
        .next()
        .map_or(5, |r| r.parse().expect("RUNS is a number"));
    let (entities, paragraphs) = if what == "--inflection-list" {
        inflection_list()
    } else {
        site(&PathBuf::from(what))
    };
    let bytes: usize = paragraphs.iter().map(String::len).sum();
    let plain: Vec<(String, usize)> = entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.names.iter().map(move |n| (n.clone(), i)))
        .collect::<std::collections::BTreeMap<String, usize>>()
        .into_iter()
        .collect();
    let plain = MentionIndex::new(&plain);
    let forms = with_forms(entities.iter().map(|e| Names {
        names: e.names.iter().map(String::as_str).collect(),
        kind: e.kind,
        exact: e.exact.iter().map(String::as_str).collect(),
    }));
    // The two alternate run by run, so that both see the same load on a
    // shared machine.
    let indexes = [("names only", &plain), ("with forms", &forms)];
    let mut times: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    let mut found = [0; 2];
    for _ in 0..runs {
        for (n, (_, index)) in indexes.iter().enumerate() {
            let start = Instant::now();
            found[n] = paragraphs
                .iter()
                .map(|p| index.find_after(p, &|_| false).len())
                .sum::<usize>();
            times[n].push(start.elapsed());
        }
    }
    for (n, (label, index)) in indexes.iter().enumerate() {
        let times = &mut times[n];
        times.sort();
        println!(
            "{label}: {} patterns, {} mentions in {:.1} MB: median {:.1} ms (min {:.1}, max {:.1}) over {runs} runs",
            index.len(),
            found[n],
            bytes as f64 / 1e6,
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[0].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
        );
    }
}

/// A site's entities and its seeds' paragraphs (lines of text).
fn site(root: &std::path::Path) -> (Vec<Entity>, Vec<String>) {
    let (project, mut diagnostics) = briefing::load::load_streamed(root).expect("a site to load");
    let site = briefing::resolve::resolve(&project, &mut diagnostics);
    let entities = site
        .entities
        .iter()
        .map(|e| Entity {
            names: std::iter::once(e.name.clone())
                .chain(e.aliases.iter().cloned())
                .collect(),
            kind: NameKind::of(e.kind),
            exact: e.exact.clone(),
        })
        .collect();
    let mut paragraphs = Vec::new();
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root.join("seeds"))
        .expect("a seeds folder")
        .map(|entry| entry.expect("a seed").path())
        .collect();
    seeds.sort();
    for seed in seeds {
        let text = std::fs::read_to_string(&seed).expect("a seed in UTF-8");
        paragraphs.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string),
        );
    }
    (entities, paragraphs)
}

/// The entities and sentences of `tests/inflection/`, the sentences
/// repeated to about 10 MB.
fn inflection_list() -> (Vec<Entity>, Vec<String>) {
    #[derive(serde::Deserialize)]
    struct Listed {
        name: String,
        kind: String,
        #[serde(default)]
        aliases: Vec<String>,
    }
    #[derive(serde::Deserialize)]
    struct Sentence {
        text: String,
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/inflection/");
    let read = |name: &str| std::fs::read_to_string(format!("{dir}{name}")).expect("the list");
    let listed: Vec<Listed> = serde_saphyr::from_str(&read("entities.yaml")).expect("entities");
    let mut sentences: Vec<Sentence> = serde_saphyr::from_str(&read("forms.yaml")).expect("forms");
    let near: Vec<Sentence> = serde_saphyr::from_str(&read("near_misses.yaml")).expect("near");
    sentences.extend(near);
    let entities = listed
        .into_iter()
        .map(|e| Entity {
            names: std::iter::once(e.name).chain(e.aliases).collect(),
            kind: match e.kind.as_str() {
                "person" => NameKind::Person,
                "brand" | "product" => NameKind::Brand,
                "place" => NameKind::Place,
                "agency" => NameKind::Agency,
                _ => NameKind::Other,
            },
            exact: Vec::new(),
        })
        .collect();
    let mut paragraphs = Vec::new();
    let mut bytes = 0;
    while bytes < 10_000_000 {
        for s in &sentences {
            bytes += s.text.len();
            paragraphs.push(s.text.clone());
        }
    }
    (entities, paragraphs)
}
