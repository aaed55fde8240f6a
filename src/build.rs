//! The pipeline, end to end: load → resolve → render → write. The CLI, the
//! watcher and the tests all build through here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::load::{self, Project};
use crate::render::{self, Collect, Discard, RenderError, Sink, Templates};
use crate::resolve::{self, Site};
use crate::write::{self, Staging, WriteStats};

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the site's files (exit code 1).
    Content,
    /// The file system or the command line got in the way (exit code 2).
    Io(String),
}

/// Time spent in each stage. Rendering hands each page to the writer as it
/// goes, so `render` includes writing into the staging folder; `write` is
/// the swap.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub load: Duration,
    pub resolve: Duration,
    pub render: Duration,
    pub write: Duration,
}

/// A site generated into a sink.
pub struct Generated {
    pub project: Project,
    pub site: Site,
    /// HTML pages rendered.
    pub pages: usize,
}

/// Everything a run reports.
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub result: Result<Option<WriteStats>, Failure>,
    pub timings: Timings,
    pub pages: usize,
}

/// Loads, resolves and renders the site at `root`, handing every output file to `sink`.
pub fn generate(
    root: &Path,
    sink: &dyn Sink,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Generated, Failure> {
    let started = Instant::now();
    let (project, problems) = load::load(root).map_err(|e| Failure::Io(e.0))?;
    diagnostics.extend(problems);
    timings.load = started.elapsed();

    let started = Instant::now();
    let site = resolve::resolve(&project, diagnostics);
    for seed in &site.unpublished_seeds {
        diagnostics.push(
            Diagnostic::warning(
                "seed is not published: no annotation in content/articles/ names it",
            )
            .at(Place::file(seed)),
        );
    }
    timings.resolve = started.elapsed();
    let templates = Templates::new(&project.templates);
    if diagnostics.has_errors() {
        if let Err(problems) = templates {
            diagnostics.extend(problems);
        }
        return Err(Failure::Content);
    }
    let templates = templates.map_err(|problems| {
        diagnostics.extend(problems);
        Failure::Content
    })?;

    let started = Instant::now();
    let statics = read_static(&project)?;
    let pages =
        render::render_site(&site, &templates, statics, sink).map_err(|error| match error {
            RenderError::Content(problems) => {
                diagnostics.extend(problems);
                Failure::Content
            }
            RenderError::Io(error) => Failure::Io(format!("cannot write the site: {error}")),
        })?;
    timings.render = started.elapsed();
    Ok(Generated {
        project,
        site,
        pages,
    })
}

fn read_static(project: &Project) -> Result<Vec<(PathBuf, Vec<u8>)>, Failure> {
    project
        .static_files
        .iter()
        .map(|(relative, absolute)| {
            std::fs::read(absolute)
                .map(|bytes| (relative.clone(), bytes))
                .map_err(|e| Failure::Io(format!("cannot read {}: {e}", absolute.display())))
        })
        .collect()
}

/// Builds the site at `root` into `output`, or only checks it when `output`
/// is `None` (then curator warnings are added too).
pub fn run(root: &Path, output: Option<&Path>) -> Report {
    let mut diagnostics = Diagnostics::new();
    let mut timings = Timings::default();
    let mut pages = 0;
    let result = match output {
        None => generate(root, &Discard, &mut diagnostics, &mut timings).map(|generated| {
            diagnostics.extend(resolve::curation::warnings(
                &generated.project,
                &generated.site,
            ));
            pages = generated.pages;
            None
        }),
        Some(output) => {
            build_into(root, output, &mut diagnostics, &mut timings).map(|(count, stats, _)| {
                pages = count;
                Some(stats)
            })
        }
    };
    Report {
        diagnostics: diagnostics.into_sorted(),
        result,
        timings,
        pages,
    }
}

/// Generates into a staging folder and swaps it in; returns the page count,
/// write statistics and each file's hash.
fn build_into(
    root: &Path,
    output: &Path,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<(usize, WriteStats, BTreeMap<String, u64>), Failure> {
    check_output_location(root, output)?;
    let io = |e: std::io::Error| Failure::Io(format!("cannot write {}: {e}", output.display()));
    if !root.is_dir() {
        // Before the staging folder creates anything beside the output.
        return Err(Failure::Io(format!(
            "site root `{}` is not a directory",
            root.display()
        )));
    }
    let staging = Staging::begin(output).map_err(io)?;
    let generated = generate(root, &staging, diagnostics, timings)?;
    let started = Instant::now();
    let (stats, fingerprints) = staging.commit().map_err(io)?;
    timings.write = started.elapsed();
    Ok((generated.pages, stats, fingerprints))
}

/// The output folder is replaced on every build: it must not be the site
/// itself, hold it, or sit inside its sources.
pub fn check_output_location(root: &Path, output: &Path) -> Result<(), Failure> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let root = absolute(root);
    let output = absolute(output);
    let clash = root.starts_with(&output)
        || ["content", "seeds", "templates", "src"]
            .iter()
            .any(|dir| output.starts_with(root.join(dir)));
    if clash {
        return Err(Failure::Io(format!(
            "refusing to use {} as the output folder: it would replace the site's own files",
            output.display()
        )));
    }
    Ok(())
}

/// A site rebuilt again and again (watch mode): remembers what the output
/// folder holds so each rebuild writes only the files whose bytes changed.
pub struct Session {
    root: PathBuf,
    output: PathBuf,
    /// What the output folder holds after the last good build.
    on_disk: Option<BTreeMap<String, u64>>,
}

/// Output paths a rebuild wrote, and those it removed.
pub type Changed = (Vec<String>, Vec<String>);

/// What one rebuild did.
pub struct Rebuild {
    pub diagnostics: Vec<Diagnostic>,
    /// Files written and removed, or why nothing was.
    pub result: Result<Changed, Failure>,
    pub pages: usize,
    pub elapsed: Duration,
}

impl Session {
    pub fn new(root: &Path, output: &Path) -> Session {
        Session {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            on_disk: None,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn output(&self) -> &Path {
        &self.output
    }

    /// Rebuilds after `changed` files (paths under the root; empty means
    /// "everything"). A failed rebuild leaves the output as it was.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuild {
        let _ = changed;
        let started = Instant::now();
        let mut diagnostics = Diagnostics::new();
        let mut timings = Timings::default();
        let mut pages = 0;
        let result = match &self.on_disk {
            None => build_into(&self.root, &self.output, &mut diagnostics, &mut timings).map(
                |(count, _, fingerprints)| {
                    pages = count;
                    let written = fingerprints.keys().cloned().collect();
                    self.on_disk = Some(fingerprints);
                    (written, Vec::new())
                },
            ),
            Some(previous) => self
                .update(previous.clone(), &mut diagnostics, &mut timings)
                .map(|(count, outcome)| {
                    pages = count;
                    outcome
                }),
        };
        Rebuild {
            diagnostics: diagnostics.into_sorted(),
            result,
            pages,
            elapsed: started.elapsed(),
        }
    }

    /// Regenerates in memory (so a failure writes nothing), then writes only what changed.
    fn update(
        &mut self,
        previous: BTreeMap<String, u64>,
        diagnostics: &mut Diagnostics,
        timings: &mut Timings,
    ) -> Result<(usize, Changed), Failure> {
        check_output_location(&self.root, &self.output)?;
        let collected = Collect::default();
        let generated = generate(&self.root, &collected, diagnostics, timings)?;
        let files = collected.into_files();
        let outcome = write::update_in_place(&self.output, &previous, &files)
            .map_err(|e| Failure::Io(format!("cannot write {}: {e}", self.output.display())))?;
        self.on_disk = Some(write::fingerprint(&files));
        Ok((generated.pages, outcome))
    }
}
