//! The pipeline, end to end: load → resolve → render → write. The CLI, the
//! watcher and the tests all build through here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::load::{self, Project};
use crate::render::keys::Memo;
use crate::render::{self, Collect, Discard, OutputFile, RenderError, Rendered, Sink, Templates};
pub use crate::resolve::Options;
use crate::resolve::{self, ArticleCache, Site};
use crate::search;
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
    /// Building the search index (a full build; watch mode's incremental
    /// rebuilds leave it to [`Session::search_job`]).
    pub search: Duration,
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
    /// `check` only: aliases that match nothing in the published articles
    /// (where, and the alias), listed by `check --verbose`.
    pub unused_aliases: Vec<(Place, String)>,
    /// What no fact or claim covers yet (`check` only).
    pub coverage: Option<crate::resolve::coverage::Coverage>,
    /// Figures that disagree or were revised, per entity (`check` only).
    pub contested: Vec<resolve::contested::Noted>,
    /// A note for the user, such as which files a site without `base_url`
    /// does not get.
    pub note: Option<String>,
}

/// Loads, resolves and renders the site at `root`, handing every output file to `sink`.
pub fn generate(
    root: &Path,
    sink: &dyn Sink,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Generated, Failure> {
    generate_with(root, &Options::default(), sink, diagnostics, timings)
}

/// [`generate`] with command-line options (drafts, base URL).
pub fn generate_with(
    root: &Path,
    options: &Options,
    sink: &dyn Sink,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Generated, Failure> {
    let mut project = load_project(root, diagnostics, timings)?;
    let mut cache = ArticleCache::default();
    let (site, rendered, _) = generate_from(
        &mut project,
        options,
        &mut cache,
        &mut Memo::default(),
        sink,
        None,
        Keep::Everything,
        diagnostics,
        timings,
    )?;
    Ok(Generated {
        project,
        site,
        pages: rendered.pages,
    })
}

fn load_project(
    root: &Path,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Project, Failure> {
    load_project_with(root, load::load, diagnostics, timings)
}

fn load_project_with(
    root: &Path,
    load: fn(&Path) -> Result<(Project, Diagnostics), load::RootError>,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Project, Failure> {
    let started = Instant::now();
    let (project, problems) = load(root).map_err(|e| Failure::Io(e.0))?;
    diagnostics.extend(problems);
    timings.load = started.elapsed();
    Ok(project)
}

/// What a build keeps of the articles' text once it is resolved.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Everything, for the next rebuild (watch).
    Everything,
    /// Only what pages other than the article's own show (a one-shot
    /// build): the loaded seeds and the parsed annotations go after
    /// resolving, each body once its article's page is staged, so peak
    /// memory does not grow with the text of the whole site held at once.
    PagesOnly,
}

/// Resolves and renders a loaded project, reusing what `cache` and `memo`
/// hold from a previous run and leaving this run's results there. With an
/// `indexer` scope (a one-shot build), the site's search index is built on
/// a thread of that scope while the pages render, into the same `sink`.
#[allow(clippy::too_many_arguments)]
fn generate_from<'scope, 'env>(
    project: &mut Project,
    options: &Options,
    cache: &mut ArticleCache,
    memo: &mut Memo,
    sink: &'env dyn Sink,
    indexer: Option<&'scope std::thread::Scope<'scope, 'env>>,
    keep: Keep,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<(Site, Rendered, Option<IndexThread<'scope>>), Failure> {
    let started = Instant::now();
    let site = resolve::resolve_cached(project, options, cache, diagnostics);
    if keep != Keep::Everything {
        // The bodies share the seeds' text; it is freed as pages are staged.
        // The parsed annotations are not needed either once every article
        // is resolved (at 100,000 articles they hold about 140 MB).
        drop_in_background((
            std::mem::take(&mut project.seeds),
            std::mem::take(&mut project.articles),
        ));
        drop_in_background(std::mem::take(cache));
    }
    for seed in &site.unpublished_seeds {
        diagnostics.push(
            Diagnostic::warning(
                "seed is not published: no annotation in content/articles/ names it",
            )
            .at(Place::file(seed)),
        );
    }
    timings.resolve = started.elapsed();
    let templates = Templates::new(&project.templates, site.locale.clone());
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

    // A one-shot build indexes on a thread of its own while the pages
    // render (it reads every article once more and splits it into words),
    // from when the site-wide pages are done (see `render_site`); if the
    // render stops before, it makes no index.
    let (site_pages_done, site_pages_rendered) = std::sync::mpsc::channel::<()>();
    let search = indexer.filter(|_| site.settings.search).map(|scope| {
        let input = search::Input::of_site(&site);
        let job = SearchJob::new(input, None);
        scope.spawn(move || match site_pages_rendered.recv() {
            Ok(()) => job.run_into(sink),
            Err(_) => job.not_run(),
        })
    });
    let started = Instant::now();
    let statics = read_static(project)?;
    let global = global_key(project, options, &statics);
    let rendered = render::render_site(
        &site,
        &ResolvedBodies(&site),
        &templates,
        statics,
        sink,
        global,
        memo,
        &|| {
            let _ = site_pages_done.send(());
        },
    )
    .map_err(|error| match error {
        RenderError::Content(problems) => {
            diagnostics.extend(problems);
            Failure::Content
        }
        RenderError::Io(error) => Failure::Io(format!("cannot write the site: {error}")),
        RenderError::Seed(message) => Failure::Io(message),
    })?;
    timings.render = started.elapsed();
    Ok((site, rendered, search))
}

/// A hash of every input that many pages show: settings, command-line
/// options, sources, entity files, free pages, templates, static files, and
/// this program's version (its built-in theme).
fn global_key(project: &Project, options: &Options, statics: &[(PathBuf, Vec<u8>)]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&[u8::from(options.drafts)]);
    if let Some(url) = &options.base_url {
        hasher.update(url.as_bytes());
    }
    hasher.update(&project.site_hash.to_le_bytes());
    hasher.update(&project.sources_hash.to_le_bytes());
    for entity in &project.entities {
        hasher.update(entity.id.as_bytes());
        hasher.update(&entity.hash.to_le_bytes());
    }
    for page in &project.pages {
        hasher.update(page.id.as_bytes());
        hasher.update(&page.hash.to_le_bytes());
    }
    for (name, _, text) in &project.templates {
        hasher.update(name.as_bytes());
        hasher.update(&xxhash_rust::xxh3::xxh3_64(text.as_bytes()).to_le_bytes());
    }
    for (path, bytes) in statics {
        hasher.update(path.as_os_str().as_encoded_bytes());
        hasher.update(&xxhash_rust::xxh3::xxh3_64(bytes).to_le_bytes());
    }
    hasher.digest()
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
    run_with(root, output, &Options::default())
}

/// [`run`] with command-line options (drafts, base URL).
pub fn run_with(root: &Path, output: Option<&Path>, options: &Options) -> Report {
    let mut diagnostics = Diagnostics::new();
    let mut timings = Timings::default();
    let mut pages = 0;
    let mut unused_aliases = Vec::new();
    let mut coverage = None;
    let mut contested = Vec::new();
    let mut note = None;
    let result = match output {
        None => check_site(root, options, &mut diagnostics, &mut timings).map(|checked| {
            diagnostics.extend(checked.hints.warnings);
            unused_aliases = checked.hints.unused_aliases;
            coverage = Some(checked.coverage);
            contested = checked.contested;
            pages = checked.pages;
            None
        }),
        Some(output) => {
            build_into(root, output, options, &mut diagnostics, &mut timings).map(|staged| {
                pages = staged.rendered.pages;
                note = staged.rendered.skipped.clone();
                Some(staged.stats)
            })
        }
    };
    Report {
        diagnostics: diagnostics.into_sorted(),
        result,
        timings,
        pages,
        unused_aliases,
        coverage,
        contested,
        note,
    }
}

/// What `check` finds beyond the build's own diagnostics.
struct Checked {
    hints: resolve::curation::Hints,
    coverage: crate::resolve::coverage::Coverage,
    contested: Vec<resolve::contested::Noted>,
    pages: usize,
}

/// `check`: everything a build does but writing, then the curator hints and
/// the coverage. As in a build, seeds are read again where they are needed
/// rather than held: the reports read each article's body back once more,
/// one article at a time, so checking a large site takes no more memory
/// than building it.
fn check_site(
    root: &Path,
    options: &Options,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Checked, Failure> {
    use crate::resolve::{coverage, curation};
    use rayon::prelude::*;
    let mut project = load_project_with(root, load::load_streamed, diagnostics, timings)?;
    // Resolving lets the parsed annotations go; the hints need their lists.
    let article_lists: std::collections::HashMap<String, Vec<_>> = project
        .articles
        .iter()
        .filter(|loaded| !loaded.value.not_entities.is_empty())
        .map(|loaded| (loaded.id.clone(), loaded.value.not_entities.clone()))
        .collect();
    let (site, rendered, _) = generate_from(
        &mut project,
        options,
        &mut ArticleCache::default(),
        &mut Memo::default(),
        &Discard,
        None,
        Keep::PagesOnly,
        diagnostics,
        timings,
    )?;
    let index = resolve::articles::mention_index(&site.entities);
    let language = crate::text::Language::from_tag(&site.settings.language);
    // The names the articles use, gathered as they come: a set per article
    // for the whole site would hold millions of strings at 100,000 articles.
    let used = std::sync::Mutex::new(std::collections::HashSet::new());
    let site_entries_used = std::sync::Mutex::new(std::collections::HashSet::new());
    let site_listed: std::collections::HashSet<String> = project
        .site
        .iter()
        .flat_map(|site| &site.value.not_entities)
        .map(|entry| entry.value.trim().to_string())
        .collect();
    let per_article: Vec<_> = site
        .articles
        .par_iter()
        .map(|article| {
            let body = article.body.read().map_err(Failure::Io)?;
            let annotation = crate::inputs::article_file(&article.slug);
            let listed = curation::Listed {
                site: &site_listed,
                article: article_lists.get(&article.slug).map_or(&[], Vec::as_slice),
                annotation: &annotation,
            };
            // The body keeps no positions: the seed is parsed once more,
            // only when the hint has phrases to place.
            let document =
                || load::read_seed_again(root, &article.seed_path, article.seed_hash).ok();
            let hints =
                curation::article_hints(&index, &article.seed_path, &body, &listed, document);
            let language = article
                .language
                .as_deref()
                .map_or(language, crate::text::Language::from_tag);
            let coverage = coverage::of_article(article, &body, language, root);
            drop(body);
            used.lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .extend(hints.used);
            site_entries_used
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .extend(hints.site_entries_used);
            Ok((hints.warnings, coverage))
        })
        .collect::<Result<_, Failure>>()?;
    let (warnings, coverage): (Vec<_>, Vec<_>) = per_article.into_iter().unzip();
    let used = used
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let site_entries_used = site_entries_used
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Ok(Checked {
        hints: curation::hints(
            &project,
            &site,
            warnings.into_iter().flatten(),
            &used,
            &site_entries_used,
        ),
        coverage: coverage::of_site(coverage),
        contested: resolve::contested::notes(&site),
        pages: rendered.pages,
    })
}

/// Generates into a staging folder and swaps it in.
fn build_into(
    root: &Path,
    output: &Path,
    options: &Options,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Staged, Failure> {
    check_output_location(root, output)?;
    if !root.is_dir() {
        // Before the staging folder creates anything beside the output.
        return Err(Failure::Io(format!(
            "site root `{}` is not a directory",
            root.display()
        )));
    }
    // Each seed is read again when its article is resolved and rendered.
    let mut project = load_project_with(root, load::load_streamed, diagnostics, timings)?;
    let mut cache = ArticleCache::default();
    let mut memo = Memo::default();
    let staged = stage_and_swap(
        &mut project,
        output,
        options,
        &mut cache,
        &mut memo,
        &mut None,
        Keep::PagesOnly,
        diagnostics,
        timings,
    );
    drop_in_background((project, cache, memo));
    staged
}

/// The bodies as resolve left them: held whole (watch) or read again from
/// their seeds (a one-shot build), each dropped once its page is made.
struct ResolvedBodies<'a>(&'a resolve::Site);

impl render::Bodies for ResolvedBodies<'_> {
    fn body(&self, article: usize) -> Result<std::sync::Arc<resolve::Body>, String> {
        self.0.articles[article].body.read()
    }
}

/// Frees `value` on another thread: freeing a large site takes a noticeable
/// share of a build, and a one-shot build need not wait for it (the process
/// exits without finishing it).
fn drop_in_background<T: Send + 'static>(value: T) {
    // If no thread can be started, the closure and `value` are dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// What a build through a staging folder did.
struct Staged {
    rendered: Rendered,
    stats: WriteStats,
    /// Each output file's hash, by path.
    fingerprints: BTreeMap<String, u64>,
    /// The site's base URL (site.yaml's or the override).
    base_url: Option<String>,
    /// The search index written.
    search: SearchOnDisk,
}

/// Renders a loaded project into a staging folder beside `output` and swaps
/// it in; `memo` is updated only when the swap succeeded. The search index
/// is built beside the render, or after it with `search_memo` when there is
/// one (watch mode), which keeps it; either way its files are staged as
/// they are made.
#[allow(clippy::too_many_arguments)]
fn stage_and_swap(
    project: &mut Project,
    output: &Path,
    options: &Options,
    cache: &mut ArticleCache,
    memo: &mut Memo,
    search_memo: &mut Option<Box<search::Memo>>,
    keep: Keep,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Staged, Failure> {
    let io = |e: std::io::Error| Failure::Io(format!("cannot write {}: {e}", output.display()));
    let staging = Staging::begin(output).map_err(io)?;
    let mut fresh = Memo::default();
    let beside = search_memo.is_none();
    // Should the render fail, the scope still waits for the index, whose
    // files go with the staging folder.
    let (site, rendered, built) = std::thread::scope(|scope| {
        let (site, rendered, search) = generate_from(
            project,
            options,
            cache,
            &mut fresh,
            &staging,
            beside.then_some(scope),
            keep,
            diagnostics,
            timings,
        )?;
        let built = match search {
            Some(thread) => thread
                .join()
                .map_err(|_| Failure::Io("the search indexer stopped unexpectedly".into()))?,
            None => {
                let input = search::Input::of_site(&site);
                SearchJob::new(input, search_memo.take()).run_into(&staging)
            }
        };
        Ok::<_, Failure>((site, rendered, built))
    })?;
    let base_url = site.settings.base_url.clone();
    drop_in_background(site);
    let search = staged_search_index(built, search_memo, timings)?;
    let started = Instant::now();
    let (stats, fingerprints) = staging.commit().map_err(io)?;
    timings.write = started.elapsed();
    *memo = fresh;
    Ok(Staged {
        rendered,
        stats,
        fingerprints,
        base_url,
        search,
    })
}

/// A search index being built beside the render, into the staging folder.
type IndexThread<'scope> = std::thread::ScopedJoinHandle<'scope, SearchBuilt<Vec<String>>>;

/// What a search index staged with [`SearchJob::run_into`] left in the output.
fn staged_search_index(
    built: SearchBuilt<Vec<String>>,
    search_memo: &mut Option<Box<search::Memo>>,
    timings: &mut Timings,
) -> Result<SearchOnDisk, Failure> {
    timings.search = built.elapsed;
    if built.memo.is_some() {
        *search_memo = built.memo;
    }
    Ok(SearchOnDisk {
        key: built.key,
        paths: built.files.map_err(Failure::Io)?,
    })
}

/// The search index in the output folder: what it was built from (see
/// [`search::Input::key`]) and its files.
#[derive(Debug, Default, Clone)]
struct SearchOnDisk {
    key: u64,
    paths: Vec<String>,
}

/// The search index of a newer site, to build off the watcher's path
/// ([`SearchJob::run`]) and hand back to [`Session::apply_search`].
pub struct SearchJob {
    key: u64,
    input: search::Input,
    /// Watch mode's analysed articles, reused and handed back updated.
    memo: Option<Box<search::Memo>>,
}

/// A built index, or why it could not be built: its files, held to be
/// written when the output is updated (watch mode's background builds), or
/// the paths of those put into a sink as they were made.
pub struct SearchBuilt<Files = Vec<OutputFile>> {
    key: u64,
    files: Result<Files, String>,
    memo: Option<Box<search::Memo>>,
    pub elapsed: Duration,
}

impl SearchJob {
    fn new(input: search::Input, memo: Option<Box<search::Memo>>) -> SearchJob {
        SearchJob {
            key: input.key(),
            input,
            memo,
        }
    }

    /// Builds the index (seconds for a large site, a fraction of one when
    /// the memo knows all but a few articles); touches no file.
    pub fn run(self) -> SearchBuilt {
        let held = Collect::default();
        let built = self.run_into(&held);
        SearchBuilt {
            key: built.key,
            files: built.files.map(|_| held.into_files()),
            memo: built.memo,
            elapsed: built.elapsed,
        }
    }

    /// No index: the build stopped before it was wanted.
    fn not_run(self) -> SearchBuilt<Vec<String>> {
        SearchBuilt {
            key: self.key,
            files: Err("the search index was not built: the build stopped".into()),
            memo: self.memo,
            elapsed: Duration::ZERO,
        }
    }

    /// Builds the index, putting each file into `sink` as soon as it is made.
    fn run_into(mut self, sink: &dyn Sink) -> SearchBuilt<Vec<String>> {
        let started = Instant::now();
        let paths = match &mut self.memo {
            Some(memo) => search::index_with_memo(&self.input, memo, sink),
            None => search::index(&self.input, sink),
        };
        SearchBuilt {
            key: self.key,
            files: paths,
            memo: self.memo,
            elapsed: started.elapsed(),
        }
    }
}

/// The output folder is replaced on every build: it must not be the site
/// itself, hold it, or sit inside its sources.
pub fn check_output_location(root: &Path, output: &Path) -> Result<(), Failure> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let root = absolute(root);
    let output = absolute(output);
    let clash = root.starts_with(&output)
        || crate::inputs::FOLDERS
            .iter()
            .chain(&["src"])
            .any(|dir| output.starts_with(root.join(dir)));
    if clash {
        return Err(Failure::Io(format!(
            "refusing to use {} as the output folder: it would replace the site's own files",
            output.display()
        )));
    }
    // A file where the output or a folder above it should be: nothing can
    // be written there (and the lock beside the output would say only
    // "File exists").
    if let Some(file) = output.ancestors().find(|p| p.is_file()) {
        let what = if file == output {
            "it is a file".to_string()
        } else {
            format!("{} is a file, not a folder", file.display())
        };
        return Err(Failure::Io(format!(
            "cannot use {} as the output folder: {what}\n  = help: give `--output` a folder, or a path whose parent folders exist or can be made",
            output.display()
        )));
    }
    Ok(())
}

/// A site rebuilt again and again (watch mode). Between rebuilds it keeps
/// the loaded files, each article's resolution and each page's key, so a
/// change re-reads only the files that changed, re-resolves only the
/// articles whose inputs changed and re-renders only the pages whose inputs
/// changed; and it writes only the files whose bytes changed.
pub struct Session {
    root: PathBuf,
    output: PathBuf,
    options: Options,
    /// The base URL of the last good build.
    base_url: Option<String>,
    /// What the output folder holds after the last good build.
    on_disk: Option<BTreeMap<String, u64>>,
    project: Option<Project>,
    cache: ArticleCache,
    memo: Memo,
    /// The search index in the output after the last good build.
    search: SearchOnDisk,
    /// The index the last good build wants, while the output has an older one.
    search_pending: Option<SearchJob>,
    /// The key of the index the last good build wants.
    search_wanted: u64,
    /// Every article's words as the last index built had them, so the next
    /// one analyses only what changed; away while a job has it.
    search_memo: Option<Box<search::Memo>>,
}

/// Output paths a rebuild wrote, and those it removed.
pub type Changed = (Vec<String>, Vec<String>);

/// What one rebuild did.
pub struct Rebuild {
    pub diagnostics: Vec<Diagnostic>,
    /// Files written and removed, or why nothing was.
    pub result: Result<Changed, Failure>,
    /// HTML pages in the site.
    pub pages: usize,
    /// HTML pages rendered by this rebuild (the rest were known unchanged).
    pub rendered: usize,
    pub elapsed: Duration,
    pub timings: Timings,
    /// The site's base URL after the last good build (the dev server serves
    /// the site under its path).
    pub base_url: Option<String>,
}

impl Session {
    pub fn new(root: &Path, output: &Path) -> Session {
        Session::with_options(root, output, Options::default())
    }

    /// A session whose every rebuild uses `options`.
    pub fn with_options(root: &Path, output: &Path, options: Options) -> Session {
        Session {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            options,
            base_url: None,
            on_disk: None,
            project: None,
            cache: ArticleCache::default(),
            memo: Memo::default(),
            search: SearchOnDisk::default(),
            search_pending: None,
            search_wanted: 0,
            search_memo: Some(Box::new(search::Memo::new(crate::text::Language::English))),
        }
    }

    /// The search index the last rebuild left out of date, to build in the
    /// background (a rebuild writes the pages first and does not wait for
    /// it). `None` when the output's index is current or one was handed out
    /// already.
    pub fn search_job(&mut self) -> Option<SearchJob> {
        let mut job = self.search_pending.take()?;
        job.memo = self.search_memo.take();
        Some(job)
    }

    /// Writes an index built by [`SearchJob::run`], unless a later rebuild
    /// wants another one (then `Ok(None)`). Returns the files written and
    /// removed.
    pub fn apply_search(&mut self, mut built: SearchBuilt) -> Result<Option<Changed>, Failure> {
        // Still right for the articles it holds, whether or not this index
        // is the one wanted now.
        if let Some(memo) = built.memo.take() {
            self.search_memo = Some(memo);
        }
        if built.key != self.search_wanted {
            return Ok(None);
        }
        let files = built
            .files
            .map_err(|e| Failure::Io(format!("{e}; the search index stays as it was")))?;
        let Some(previous) = self.on_disk.take() else {
            return Ok(None);
        };
        let old: crate::model::FastSet<&str> =
            self.search.paths.iter().map(String::as_str).collect();
        let outputs: Vec<String> = previous
            .keys()
            .filter(|path| !old.contains(path.as_str()))
            .cloned()
            .chain(files.iter().map(|file| file.path.clone()))
            .collect();
        match self.update_output(previous, &files, Some(&outputs)) {
            Ok(updated) => {
                self.on_disk = Some(updated.holds);
                self.search = SearchOnDisk {
                    key: built.key,
                    paths: files.into_iter().map(|file| file.path).collect(),
                };
                Ok(Some((updated.written, updated.removed)))
            }
            Err(error) => {
                // Half written: the next rebuild starts from a clean build.
                self.memo = Memo::default();
                Err(Failure::Io(format!(
                    "cannot write the search index into {}: {error}; the next rebuild writes the whole site again",
                    self.output.display()
                )))
            }
        }
    }

    /// Builds and writes the index the last rebuild left out of date, here
    /// and now (what the watcher does in the background).
    pub fn finish_search(&mut self) -> Result<Option<Changed>, Failure> {
        match self.search_job() {
            Some(job) => self.apply_search(job.run()),
            None => Ok(None),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn output(&self) -> &Path {
        &self.output
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Rebuilds after `changed` files (absolute, or relative to the root;
    /// empty means "anything may have changed"). A failed rebuild leaves the
    /// output as it was.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuild {
        let started = Instant::now();
        let mut diagnostics = Diagnostics::new();
        let mut timings = Timings::default();
        let mut counts = (0, 0);
        let result = self
            .rebuild_inner(changed, &mut diagnostics, &mut timings)
            .map(|(rendered, outcome)| {
                counts = (rendered.pages, rendered.rendered);
                outcome
            });
        if matches!(result, Err(Failure::Io(_))) {
            // The output may be half updated: start from a clean build next time.
            self.on_disk = None;
            self.memo = Memo::default();
        }
        Rebuild {
            diagnostics: diagnostics.into_sorted(),
            result,
            pages: counts.0,
            rendered: counts.1,
            elapsed: started.elapsed(),
            timings,
            base_url: self.base_url.clone(),
        }
    }

    fn rebuild_inner(
        &mut self,
        changed: &[PathBuf],
        diagnostics: &mut Diagnostics,
        timings: &mut Timings,
    ) -> Result<(Rendered, Changed), Failure> {
        check_output_location(&self.root, &self.output)?;
        self.refresh(changed, diagnostics, timings)?;
        let Some(mut project) = self.project.take() else {
            return Err(Failure::Io("the site could not be loaded".into()));
        };
        let result = self.build_with(&mut project, diagnostics, timings);
        self.project = Some(project);
        result
    }

    /// Builds a loaded project: the first time through a staging folder,
    /// later by updating the output in place.
    fn build_with(
        &mut self,
        project: &mut Project,
        diagnostics: &mut Diagnostics,
        timings: &mut Timings,
    ) -> Result<(Rendered, Changed), Failure> {
        match self.on_disk.take() {
            None => {
                let staged = stage_and_swap(
                    project,
                    &self.output,
                    &self.options,
                    &mut self.cache,
                    &mut self.memo,
                    &mut self.search_memo,
                    Keep::Everything,
                    diagnostics,
                    timings,
                )?;
                let written = staged.fingerprints.keys().cloned().collect();
                self.on_disk = Some(staged.fingerprints);
                self.base_url = staged.base_url;
                self.search_wanted = staged.search.key;
                self.search = staged.search;
                self.search_pending = None;
                Ok((staged.rendered, (written, Vec::new())))
            }
            Some(previous) => {
                // In memory first, so a failure writes nothing.
                let collected = Collect::default();
                let mut memo = std::mem::take(&mut self.memo);
                let generated = generate_from(
                    project,
                    &self.options,
                    &mut self.cache,
                    &mut memo,
                    &collected,
                    None,
                    Keep::Everything,
                    diagnostics,
                    timings,
                )
                .map(|(site, rendered, _no_index)| (site, rendered));
                let (site, rendered) = match generated {
                    Ok(done) => done,
                    Err(failure) => {
                        self.memo = memo;
                        self.on_disk = Some(previous);
                        return Err(failure);
                    }
                };
                let base_url = site.settings.base_url.clone();
                let search = search::Input::of_site(&site);
                drop_in_background(site);
                self.memo = memo;
                let files = collected.into_files();
                // The index on disk stays until its successor is written.
                // The output holds exactly the previous render's files and
                // the index, so when the render's paths are the same, no
                // file is stale.
                let outputs = rendered.outputs.as_ref().map(|paths| {
                    let mut outputs = paths.clone();
                    outputs.extend(self.search.paths.iter().cloned());
                    outputs
                });
                match self.update_output(previous, &files, outputs.as_deref()) {
                    Ok(updated) => {
                        self.on_disk = Some(updated.holds);
                        self.base_url = base_url;
                        self.want_search(search);
                        Ok((rendered, (updated.written, updated.removed)))
                    }
                    // Half updated (a folder where a file goes, a full
                    // disk…): build everything again through a staging
                    // folder, which puts it right or leaves it as it is.
                    Err(_) => {
                        self.memo = Memo::default();
                        self.build_with(project, diagnostics, timings)
                    }
                }
            }
        }
    }

    /// Writes `files` into the output in place, under the output's lock
    /// (a rebuild's pages, or a search index finished in the background);
    /// `outputs` as in [`write::update_in_place`].
    fn update_output(
        &self,
        previous: BTreeMap<String, u64>,
        files: &[OutputFile],
        outputs: Option<&[String]>,
    ) -> std::io::Result<write::Updated> {
        let _lock = write::lock_output(&self.output);
        write::update_in_place(&self.output, previous, files, outputs)
    }

    /// Remembers the index a rebuild's site wants: a job when it differs
    /// from the one on disk.
    fn want_search(&mut self, input: search::Input) {
        let key = input.key();
        if key == self.search_wanted {
            return;
        }
        self.search_wanted = key;
        self.search_pending = (key != self.search.key).then(|| SearchJob::new(input, None));
    }

    /// The project after `changed`: only those files re-read when that is
    /// enough, otherwise the whole site.
    fn refresh(
        &mut self,
        changed: &[PathBuf],
        diagnostics: &mut Diagnostics,
        timings: &mut Timings,
    ) -> Result<(), Failure> {
        let relative = self.relative_paths(changed);
        let reloaded = match (&mut self.project, relative) {
            (Some(project), Some(paths)) if !paths.is_empty() => {
                let started = Instant::now();
                let done = load::reload(&self.root, project, &paths);
                timings.load = started.elapsed();
                done
            }
            _ => None,
        };
        if let Some(load::Reloaded {
            seeds_edited,
            other: false,
        }) = &reloaded
        {
            self.cache.expect_seed_edits(seeds_edited.clone());
        }
        if reloaded.is_some() {
            if let Some(project) = &self.project {
                diagnostics.extend(project.problems());
            }
        } else {
            self.project = None;
            self.project = Some(load_project(&self.root, diagnostics, timings)?);
        }
        Ok(())
    }

    /// `changed` relative to the root, or `None` when a path lies elsewhere.
    fn relative_paths(&self, changed: &[PathBuf]) -> Option<Vec<PathBuf>> {
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        changed
            .iter()
            .map(|path| {
                if path.is_relative() {
                    return Some(path.clone());
                }
                let parent = path.parent()?.canonicalize().ok()?;
                let relative = parent.strip_prefix(&root).ok()?.join(path.file_name()?);
                Some(relative)
            })
            .collect()
    }
}
