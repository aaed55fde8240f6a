//! The chart stage on its own: loads and resolves a site, then times drawing
//! every chart (articles', entities', and any others the site has) and
//! everything else `render::derived::Derived` computes, so the difference is
//! the charts. `scripts/bench` runs it on its 10,000-article corpus.
//!
//! ```text
//! cargo run --release --example chart_stage -- DIR [RUNS]
//! ```

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use briefing::render::derived::{Derived, digests};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: chart_stage DIR [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(5, |r| r.parse().expect("RUNS is a number"));
    let (project, mut diagnostics) = briefing::load::load(&root).expect("a site to load");
    let site = briefing::resolve::resolve(&project, &mut diagnostics);
    let digests = digests(&site);
    let median = |mut times: Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    let mut charts = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let derived = Derived::new(&site, 0, &HashMap::new(), None, None, 0, &digests);
        cold.push(start.elapsed());
        let drawn = derived.drawn(&site, 0);
        charts = drawn.values().map(|c| c.len()).sum::<usize>();
        let start = Instant::now();
        let again = Derived::new(&site, 0, &drawn, None, None, 0, &digests);
        warm.push(start.elapsed());
        drop(again);
    }
    let (cold, warm) = (median(cold), median(warm));
    // CPU time as well: on a busy machine it varies less than wall time.
    let cpu = |with_drawing: bool| {
        let drawn = if with_drawing {
            HashMap::new()
        } else {
            Derived::new(&site, 0, &HashMap::new(), None, None, 0, &digests).drawn(&site, 0)
        };
        let start = cpu_ms();
        for _ in 0..runs {
            drop(Derived::new(&site, 0, &drawn, None, None, 0, &digests));
        }
        (cpu_ms() - start) / runs as f64
    };
    let (cpu_cold, cpu_warm) = (cpu(true), cpu(false));
    println!(
        "charts {charts}, chart stage {:.1} ms (Derived {:.1} ms with drawing, {:.1} ms without); \
         CPU {:.1} ms",
        (cold.saturating_sub(warm)).as_secs_f64() * 1000.0,
        cold.as_secs_f64() * 1000.0,
        warm.as_secs_f64() * 1000.0,
        cpu_cold - cpu_warm,
    );
}

/// User and system CPU time of this process so far, from /proc (Linux), in ms.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line; here 12 and 13 after the name.
    (ticks(11) + ticks(12)) * 10.0
}
