//! The command line (SPEC §6): `build`, `check` and `watch`. This module only
//! parses arguments, calls the pipeline and turns outcomes into messages and
//! exit codes.

use std::io::IsTerminal;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::{self, Failure, Report};
use crate::diagnostics;

#[derive(Parser, Debug)]
#[command(
    name = "briefing",
    version,
    about = "Builds industry briefings: seeds + annotations → a static site"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (default: <root>/public).
    Build {
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Check everything and write nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// List every figure and hedged sentence that no fact or claim covers.
        #[arg(long)]
        coverage: bool,
    },
    /// Draft annotations for seeds: prints them, or creates the files with --write.
    Annotate {
        /// Seed files (in <root>/seeds/), or their file names.
        #[arg(required = true)]
        seeds: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Create the draft annotation and entity stubs, and add unknown sources.
        #[arg(long)]
        write: bool,
        /// With --write: replace files that exist (an annotated seed's annotation too).
        #[arg(long, requires = "write")]
        force: bool,
        /// The articles' date (YYYY-MM-DD); without it the draft says `date: TODO`.
        #[arg(long)]
        date: Option<String>,
    },
    /// Build, then rebuild on every change to seeds/, content/ and templates/.
    Watch {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        /// Serve the output over HTTP with live reload.
        #[arg(long)]
        serve: bool,
        /// Port for --serve.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address for --serve.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            timings,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let report = build::run(&root, Some(&output));
            print_diagnostics(&report, &root);
            if timings {
                print_timings(&report);
            }
            match &report.result {
                Ok(Some(stats)) => {
                    say_out!(
                        "built {} pages ({} files, {} changed) into {}",
                        report.pages,
                        stats.files,
                        stats.changed,
                        output.display()
                    );
                    ExitCode::SUCCESS
                }
                Ok(None) => ExitCode::SUCCESS,
                Err(failure) => exit_for(failure, "build"),
            }
        }
        Command::Check { root, coverage } => {
            let report = build::run(&root, None);
            print_diagnostics(&report, &root);
            match &report.result {
                Ok(_) => {
                    if let Some(found) = &report.coverage {
                        print_coverage(found, coverage);
                    }
                    say_out!("checked: {} pages would be built", report.pages);
                    ExitCode::SUCCESS
                }
                Err(Failure::Content) => ExitCode::from(1),
                Err(failure) => exit_for(failure, "check"),
            }
        }
        Command::Watch {
            root,
            output,
            serve,
            port,
            bind,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            crate::watch::run(&root, &output, serve.then_some((bind, port)))
        }
        Command::Annotate {
            seeds,
            root,
            write,
            force,
            date,
        } => annotate(&root, &seeds, write, force, date.as_deref()),
    }
}

fn exit_for(failure: &Failure, what: &str) -> ExitCode {
    // Only `build` writes; `check` has no output to speak of.
    let outcome = if what == "build" {
        format!("{what} failed: the previous output was left as it was")
    } else {
        format!("{what} failed")
    };
    match failure {
        Failure::Content => {
            say_err!("{outcome}");
            ExitCode::from(1)
        }
        Failure::Io(message) => {
            say_err!("error: {message}");
            say_err!("{outcome}");
            ExitCode::from(2)
        }
    }
}

pub fn print_diagnostics(report: &Report, root: &Path) {
    if report.diagnostics.is_empty() {
        return;
    }
    let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    say_err_raw!("{}", diagnostics::render(&report.diagnostics, root, styled));
}

fn print_timings(report: &Report) {
    let t = &report.timings;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    say_err!(
        "timings: load {:.1} ms, resolve {:.1} ms, render and stage {:.1} ms, swap {:.1} ms",
        ms(t.load),
        ms(t.resolve),
        ms(t.render),
        ms(t.write)
    );
}

fn annotate(
    root: &Path,
    seeds: &[PathBuf],
    write: bool,
    force: bool,
    date: Option<&str>,
) -> ExitCode {
    let date = match date.map(|d| (d, crate::model::Period::parse_date(d.trim()))) {
        Some((text, None)) => {
            say_err!("error: `{text}` is not a valid date: write YYYY-MM-DD");
            return ExitCode::from(2);
        }
        Some((_, parsed)) => parsed,
        None => None,
    };
    let options = crate::annotate::Options { write, force, date };
    match crate::annotate::run(root, seeds, &options) {
        Ok(outcome) => {
            let _ = std::io::Write::write_all(&mut std::io::stdout(), outcome.printed.as_bytes());
            for note in &outcome.notes {
                say_err!("{note}");
            }
            if outcome.skipped {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(failure) => {
            say_err!("error: {}", failure.0);
            ExitCode::from(2)
        }
    }
}

/// `check`'s coverage notes (on stdout: they are information, not warnings).
fn print_coverage(coverage: &crate::annotate::coverage::Coverage, list_all: bool) {
    use crate::annotate::coverage::ItemKind;
    for article in &coverage.articles {
        let figures = article
            .uncovered
            .iter()
            .filter(|i| i.kind == ItemKind::Figure)
            .count();
        let hedged = article.uncovered.len() - figures;
        let mut lines: Vec<usize> = article.uncovered.iter().filter_map(|i| i.line).collect();
        lines.dedup();
        let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
        say_out!(
            "note: {}: {} not covered by a fact or claim ({} line{} {})",
            article.annotation.display(),
            crate::annotate::coverage::describe(figures, hedged),
            article.seed.display(),
            if lines.len() == 1 { "" } else { "s" },
            lines.join(", ")
        );
        if list_all {
            for item in &article.uncovered {
                let what = match item.kind {
                    ItemKind::Figure => "figure",
                    ItemKind::Hedged => "hedged",
                };
                let at = item.line.map(|l| format!(":{l}")).unwrap_or_default();
                say_out!("  {}{at}: {what}: {}", article.seed.display(), item.text);
            }
        }
    }
    let t = &coverage.totals;
    say_out!(
        "coverage: {} of {} figures annotated, {} of {} hedged sentences{}",
        t.figures_covered,
        t.figures,
        t.hedged_covered,
        t.hedged,
        if list_all || coverage.articles.is_empty() {
            ""
        } else {
            " (`briefing check --coverage` lists the rest)"
        }
    );
}
