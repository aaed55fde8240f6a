//! One seed edit's rebuild, as watch mode does it, without the file watcher:
//! builds a site into OUT once, then appends a word to one seed (the middle
//! article of `expected.json`, as `scripts/bench` edits) and rebuilds, RUNS
//! times, and puts the seed back. Prints the minimum and median of the
//! rebuilds and their stages. On a shared machine the minimum is the number
//! to compare: load only ever adds to it.
//!
//! ```text
//! cargo run --release --example edit_rebuild -- SITE OUT [RUNS] [PAUSE_MS]
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use briefing::build::Session;

// The binary's allocator (src/main.rs), so the rebuild costs what it does there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: edit_rebuild SITE OUT [RUNS] [PAUSE_MS]";
    let site = PathBuf::from(args.next().expect(usage));
    let out = PathBuf::from(args.next().expect(usage));
    let runs: usize = args
        .next()
        .map_or(15, |r| r.parse().expect("RUNS is a number"));
    let pause: u64 = args
        .next()
        .map_or(300, |p| p.parse().expect("PAUSE_MS is a number"));
    let seed = middle_seed(&site);
    let original = std::fs::read_to_string(site.join(&seed)).expect("the seed to read");

    let mut session = Session::new(&site, &out);
    let first = session.rebuild(&[]);
    assert!(first.result.is_ok(), "the first build failed");
    let mut totals = Vec::new();
    let mut stages = Vec::new();
    for run in 0..runs {
        // Between edits, as a person types: let caches cool a little.
        std::thread::sleep(Duration::from_millis(pause));
        let text = format!(
            "{} benchmarkedit{}.\n",
            original.trim_end(),
            "x".repeat(run + 1)
        );
        std::fs::write(site.join(&seed), text).expect("the seed to write");
        let rebuild = session.rebuild(std::slice::from_ref(&seed));
        assert!(rebuild.result.is_ok(), "a rebuild failed");
        totals.push(rebuild.elapsed);
        let t = rebuild.timings;
        stages.push([t.load, t.resolve, t.render]);
    }
    std::fs::write(site.join(&seed), original).expect("the seed to restore");
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut sorted = totals.clone();
    sorted.sort();
    println!(
        "rebuild after one seed edit, {runs} runs: min {:.1} ms, median {:.1} ms",
        ms(sorted[0]),
        ms(sorted[runs / 2])
    );
    let fastest = totals
        .iter()
        .enumerate()
        .min_by_key(|(_, d)| **d)
        .map_or(0, |(i, _)| i);
    let [load, resolve, render] = stages[fastest];
    println!(
        "fastest run: load {:.1} ms, resolve {:.1} ms, render and write {:.1} ms",
        ms(load),
        ms(resolve),
        ms(render)
    );
}

/// The seed of the middle article listed in the generator's `expected.json`.
fn middle_seed(site: &Path) -> PathBuf {
    let expected = std::fs::read_to_string(site.join("expected.json"))
        .expect("SITE to be a generated corpus (expected.json)");
    let marker = "\"seed\": \"";
    let seeds: Vec<&str> = expected
        .match_indices(marker)
        .filter_map(|(at, _)| expected[at + marker.len()..].split('"').next())
        .collect();
    assert!(!seeds.is_empty(), "no seeds in expected.json");
    Path::new("seeds").join(seeds[seeds.len() / 2])
}
