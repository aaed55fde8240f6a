//! The search index on its own: loads and resolves a site as a one-shot
//! build does (bodies read again from the seeds), then times building its
//! search index, alone on the machine's cores, and prints the index's size.
//!
//! ```text
//! cargo run --release --example search_stage -- DIR [RUNS]
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: search_stage DIR [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(3, |r| r.parse().expect("RUNS is a number"));
    let (project, mut diagnostics) = briefing::load::load_streamed(&root).expect("a site to load");
    let site = briefing::resolve::resolve(&project, &mut diagnostics);
    let input = briefing::search::Input::of_site(&site);
    let mut times: Vec<Duration> = Vec::new();
    let mut files = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        files = briefing::search::index(&input).expect("an index");
        times.push(start.elapsed());
    }
    times.sort();
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!(
        "search index of {} articles: median {:.0} ms (min {:.0}, max {:.0}); {} files, {:.1} MB",
        site.articles.len(),
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        files.len(),
        bytes as f64 / 1e6
    );
}
