//! The command line (README, "Commands"): `build`, `check` and `watch`. This module only
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
                    if let Some(note) = &report.note {
                        say_err!("note: {note}");
                    }
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
        Command::Check { root } => {
            let report = build::run(&root, None);
            print_diagnostics(&report, &root);
            match &report.result {
                Ok(_) => {
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
