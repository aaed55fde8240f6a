//! The command line (README, "Commands"): `build`, `check`, `watch`, `serve` and
//! `init`. This module only parses arguments, calls the pipeline and turns
//! outcomes into messages and exit codes.

use std::io::IsTerminal;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::build::{self, Failure, Options, Report};
use crate::diagnostics;
use crate::watch::{Port, ServeConfig};

/// The environment variable that overrides site.yaml's `base_url` (a
/// `--base-url` flag overrides it in turn).
pub const BASE_URL_ENV: &str = "BRIEFING_BASE_URL";

#[derive(Parser, Debug)]
#[command(
    name = "briefing",
    version,
    about = "Builds industry briefings: seeds + annotations → a static site",
    after_help = "Start a new briefing with `briefing init my-briefing`, then `cd my-briefing` and `briefing serve`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (default: <root>/public).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Check everything and write nothing.
    Check {
        /// The site's folder (the one holding content/ and seeds/).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Fail (exit code 1) when there are warnings, e.g. in CI.
        #[arg(long)]
        deny_warnings: bool,
        /// Also list aliases that match nothing in the articles yet.
        #[arg(long)]
        verbose: bool,
        /// List every figure and hedged sentence that no fact or claim covers.
        #[arg(long)]
        coverage: bool,
        /// Also check articles and pages marked `draft: true`, as `build
        /// --drafts` would build them.
        #[arg(long)]
        drafts: bool,
    },
    /// Draft annotations for seeds: prints them, or creates the files with --write.
    Annotate {
        /// Seed files (in <root>/seeds/), or their file names.
        #[arg(required = true)]
        seeds: Vec<PathBuf>,
        /// The site's folder (the one holding content/ and seeds/).
        #[arg(long, default_value = ".", value_name = "DIR")]
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
        /// Print the proposals as one JSON document (docs/annotate.md) instead of YAML.
        #[arg(long, conflicts_with = "write")]
        json: bool,
    },
    /// Build, then rebuild on every change to seeds/, content/ and templates/.
    Watch {
        #[command(flatten)]
        site: SiteArgs,
        /// Also serve the output over HTTP with live reload (what `briefing serve` does).
        #[arg(long)]
        serve: bool,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Build, rebuild on every change and serve the site with live reload
    /// (the same as `watch --serve`).
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Write a small sample briefing to start from.
    Init {
        /// The folder to create the briefing in (created if missing).
        #[arg(default_value = ".", value_name = "DIR")]
        dir: PathBuf,
        /// Write into a folder that is not empty. Files with the sample's
        /// names are overwritten; nothing else is touched.
        #[arg(long)]
        force: bool,
        /// Also copy the built-in theme into DIR/templates/ to customise it.
        #[arg(long)]
        theme: bool,
        /// The sample's language: `en` or `ru`.
        #[arg(long, default_value = "en", value_name = "TAG")]
        language: String,
    },
}

/// What every command that builds takes.
#[derive(Args, Debug)]
pub struct SiteArgs {
    /// The site's folder (the one holding content/ and seeds/).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Where to write the site [default: <root>/public]; each build
    /// replaces what it holds.
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Also build articles and pages marked `draft: true`, each marked as a
    /// draft (never in the feed or the sitemap).
    #[arg(long)]
    pub drafts: bool,
    /// Use this base URL instead of `base_url` in content/site.yaml, e.g.
    /// for a preview deploy (also read from BRIEFING_BASE_URL; the flag wins).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// The dev server's settings (`serve`, `watch --serve`).
#[derive(Args, Debug)]
pub struct ServerArgs {
    /// Port to serve on [default: 1111, or the next free one]. A port given
    /// here must be free.
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Address to listen on; 127.0.0.1 keeps the site to this machine.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,
    /// Open the site in the web browser once it is served.
    #[arg(long)]
    pub open: bool,
}

impl ServerArgs {
    /// The first server flag given on the command line, if any: `watch`
    /// without `--serve` refuses them rather than ignore them.
    fn given(&self) -> Option<&'static str> {
        if self.port.is_some() {
            Some("--port")
        } else if self.open {
            Some("--open")
        } else if self.bind != IpAddr::from([127, 0, 0, 1]) {
            Some("--bind")
        } else {
            None
        }
    }
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    main_with(|| {})
}

/// [`main`], calling `before_watching` first when the command watches
/// (`watch`, `serve`): the binary tunes its allocator there for a
/// long-running process.
pub fn main_with(before_watching: fn()) -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { site, timings } => build(&site, timings),
        Command::Check {
            root,
            deny_warnings,
            verbose,
            coverage,
            drafts,
        } => {
            let options = Options {
                drafts,
                ..Options::default()
            };
            let report = build::run_with(&root, None, &options);
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
                    print_contested(&report.contested, coverage);
                    if let Some(found) = &report.coverage {
                        print_coverage(found, coverage);
                    }
                    say_out!("checked: {} pages would be built", report.pages);
                    ExitCode::SUCCESS
                }
                Err(Failure::Content) => ExitCode::from(1),
                Err(failure) => exit_for(failure, "check failed"),
            }
        }
        Command::Watch {
            site,
            serve,
            server,
        } => {
            if !serve && let Some(flag) = server.given() {
                say_err!(
                    "error: `{flag}` is a setting of the dev server, and `watch` serves only with `--serve`"
                );
                say_err!(
                    "  = help: add `--serve` (or run `briefing serve`, the same), or leave out `{flag}`"
                );
                return ExitCode::from(2);
            }
            before_watching();
            watch(&site, serve.then_some(server))
        }
        Command::Serve { site, server } => {
            before_watching();
            watch(&site, Some(server))
        }
        Command::Init {
            dir,
            force,
            theme,
            language,
        } => crate::init::run(&dir, force, theme, &language),
        Command::Annotate {
            seeds,
            root,
            write,
            force,
            date,
            json,
        } => annotate(&root, &seeds, (write, force, json), date.as_deref()),
    }
}

fn build(site: &SiteArgs, timings: bool) -> ExitCode {
    let options = match options(site) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let root = &site.root;
    let output = site.output.clone().unwrap_or_else(|| root.join("public"));
    // Whether a failure can say that the previous output is untouched.
    let had_output = output.exists();
    let report = build::run_with(root, Some(&output), &options);
    print_diagnostics(&report, root);
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
        Err(failure) if had_output => exit_for(
            failure,
            "build failed: the previous output was left as it was",
        ),
        Err(failure) => exit_for(failure, "build failed: nothing was written"),
    }
}

fn watch(site: &SiteArgs, server: Option<ServerArgs>) -> ExitCode {
    let options = match options(site) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let output = site
        .output
        .clone()
        .unwrap_or_else(|| site.root.join("public"));
    let serve = server.map(|server| ServeConfig {
        bind: server.bind,
        port: server.port.map_or_else(Port::default_choice, Port::Exact),
        open: server.open,
    });
    crate::watch::run(&site.root, &output, options, serve)
}

/// The build options from the flags and the environment; a bad base URL is
/// a usage error (exit 2).
fn options(site: &SiteArgs) -> Result<Options, ExitCode> {
    let from_env = std::env::var(BASE_URL_ENV)
        .ok()
        .filter(|url| !url.trim().is_empty());
    let base_url = match (&site.base_url, from_env) {
        (Some(url), _) => Some((url.clone(), "--base-url")),
        (None, Some(url)) => Some((url, BASE_URL_ENV)),
        (None, None) => None,
    };
    if let Some((url, from)) = &base_url
        && !crate::resolve::http_url(url)
    {
        say_err!("error: {from} `{url}` is not an http(s) URL");
        say_err!("  = help: give an absolute URL such as https://example.org/briefing/");
        return Err(ExitCode::from(2));
    }
    Ok(Options {
        drafts: site.drafts,
        base_url: base_url.map(|(url, _)| url.trim().to_string()),
    })
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
        "timings: load {:.1} ms, resolve {:.1} ms, render and stage {:.1} ms, search index {:.1} ms, swap {:.1} ms",
        ms(t.load),
        ms(t.resolve),
        ms(t.render),
        ms(t.search),
        ms(t.write)
    );
}

fn annotate(
    root: &Path,
    seeds: &[PathBuf],
    (write, force, json): (bool, bool, bool),
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
    let options = crate::annotate::Options {
        write,
        force,
        date,
        json,
    };
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

/// `check`'s notes on figures that disagree or were revised: a count, or
/// with `--coverage` each one, per entity (on stdout, like coverage: they
/// are information, not warnings).
fn print_contested(noted: &[crate::resolve::contested::Noted], list_all: bool) {
    if noted.is_empty() {
        return;
    }
    if list_all {
        for entity in noted {
            for line in &entity.lines {
                say_out!("note: {}: {line}", entity.entity.display());
            }
        }
        return;
    }
    let disagreements: usize = noted.iter().map(|n| n.disagreements).sum();
    let revisions: usize = noted.iter().map(|n| n.revisions).sum();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    say_out!(
        "note: figures: {disagreements} disagreement{} and {revisions} revision{} (`briefing check --coverage` lists them)",
        plural(disagreements),
        plural(revisions)
    );
}

/// `check`'s coverage notes (on stdout: they are information, not warnings).
fn print_coverage(coverage: &crate::resolve::coverage::Coverage, list_all: bool) {
    use crate::resolve::coverage::ItemKind;
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
            crate::resolve::coverage::describe(figures, hedged),
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
