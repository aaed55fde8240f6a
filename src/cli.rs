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
        /// Fail (exit code 1) when there are warnings, e.g. in CI.
        #[arg(long)]
        deny_warnings: bool,
        /// Also list aliases that match nothing in the articles yet.
        #[arg(long)]
        verbose: bool,
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
            // Whether a failure can say that the previous output is untouched.
            let had_output = output.exists();
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
                Err(failure) if had_output => exit_for(
                    failure,
                    "build failed: the previous output was left as it was",
                ),
                Err(failure) => exit_for(failure, "build failed: nothing was written"),
            }
        }
        Command::Check {
            root,
            deny_warnings,
            verbose,
        } => {
            let report = build::run(&root, None);
            print_diagnostics(&report, &root);
            if verbose {
                print_unused_aliases(&report);
            }
            let warnings = report.diagnostics.iter().filter(|d| !d.is_error()).count();
            match &report.result {
                Ok(_) if deny_warnings && warnings > 0 => {
                    say_err!(
                        "check failed: {warnings} warning{} and --deny-warnings",
                        if warnings == 1 { "" } else { "s" }
                    );
                    ExitCode::from(1)
                }
                Ok(_) => {
                    say_out!("checked: {} pages would be built", report.pages);
                    ExitCode::SUCCESS
                }
                Err(Failure::Content) => ExitCode::from(1),
                Err(failure) => exit_for(failure, "check failed"),
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
    }
}

/// Says `outcome` (what failed, and what became of the output) and returns
/// the exit code for `failure`.
fn exit_for(failure: &Failure, outcome: &str) -> ExitCode {
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

/// `check --verbose`: aliases that wait for articles to use them. They are
/// normal for curated entities, so they are listed, not warned about.
fn print_unused_aliases(report: &Report) {
    if report.unused_aliases.is_empty() {
        return;
    }
    let count = report.unused_aliases.len();
    say_out!(
        "{count} {} nothing in the published articles yet:",
        if count == 1 {
            "alias matches"
        } else {
            "aliases match"
        }
    );
    for (place, alias) in &report.unused_aliases {
        say_out!("  {place}  {alias}");
    }
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
