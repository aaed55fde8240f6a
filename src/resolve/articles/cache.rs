//! What the articles' resolution keeps between rebuilds (watch mode): each
//! article's resolution by slug and key, the last run by position for seed
//! edits, and the keys that say whether an article, its listing or the
//! crossings between articles changed.

use super::*;

/// Each article's resolution, kept between rebuilds (watch mode) and
/// reused while its inputs are unchanged.
#[derive(Default)]
pub struct ArticleCache {
    pub(super) by_slug: FastMap<String, Resolved>,
    /// The mention automaton and the key of the entity files it was built from.
    pub(super) index: Option<(u64, Arc<MentionIndex>)>,
    /// The last run, by position, for a rebuild after seed edits only.
    pub(super) last: Option<LastRun>,
    /// Set by [`ArticleCache::expect_seed_edits`] for the next run only.
    pub(super) seed_edits: Option<Vec<String>>,
    /// The entities as resolved from their files (before articles link to
    /// them), their problems, and the key of the files they came from.
    pub(super) entities: Option<(u64, Vec<Entity>, Vec<Diagnostic>)>,
}

impl ArticleCache {
    /// Tells the next run that, since the last one, nothing changed but the
    /// text of these seeds (by file name; each there before and after), so
    /// that it re-checks only the articles they are seeds of instead of
    /// every article's key. Any other change must not call this.
    pub fn expect_seed_edits(&mut self, seeds: Vec<String>) {
        self.seed_edits = Some(seeds);
    }

    /// The entities resolved from their files ([`crate::resolve::entities::resolve`]),
    /// taken from the last run while the entity files, the sources and the
    /// broken files are the same (an edit to a seed or an annotation at
    /// 100,000 articles need not resolve 5,000 entities again).
    pub fn entities(
        &mut self,
        project: &Project,
        sources: &Sources,
        diagnostics: &mut Diagnostics,
    ) -> Vec<Entity> {
        let key = inputs_key(project);
        if let Some((kept, entities, problems)) = &self.entities
            && *kept == key
        {
            diagnostics.extend(problems.iter().cloned());
            return entities.clone();
        }
        let mut found = Diagnostics::new();
        let entities = crate::resolve::entities::resolve(project, sources, &mut found);
        let problems: Vec<Diagnostic> = found.iter().cloned().collect();
        diagnostics.extend(problems.iter().cloned());
        self.entities = Some((key, entities.clone(), problems));
        entities
    }
}

/// What the last run made, by position, kept for the next one when only
/// seeds were edited (then the annotations, and so the published list and
/// which seeds are annotated, are the same).
pub(super) struct LastRun {
    pub(super) shared_key: u64,
    pub(super) drafts: bool,
    /// Per published annotation, in slug order.
    pub(super) resolved: Vec<Resolved>,
    /// The positions in `resolved` of the articles, newest first.
    pub(super) order: Vec<usize>,
    /// Seed file name → positions in `resolved` naming it; made when first needed.
    pub(super) by_seed: Option<FastMap<String, Vec<usize>>>,
    /// What [`seed_usage`] found.
    pub(super) seed_usage: (Vec<Diagnostic>, Vec<PathBuf>),
    /// The entities' "mentioned in" lists, while the entity files are the same.
    pub(super) linked: Option<Linked>,
    /// The published annotations (positions in `Project::articles`) and
    /// the facts quoting them, when finding them reported no problem.
    pub(super) published: Vec<usize>,
    pub(super) quoting: Option<Vec<QuotingFact>>,
}

/// A hash of the sentences around an entity's mentions in one article.
pub(super) fn sentences_key(sentences: &[Sentence]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for sentence in sentences {
        hasher.update(&(sentence.text.len() as u64).to_le_bytes());
        hasher.update(sentence.text.as_bytes());
        for span in &sentence.highlights {
            hasher.update(&(span.start as u64).to_le_bytes());
            hasher.update(&(span.end as u64).to_le_bytes());
        }
        hasher.update(&u64::MAX.to_le_bytes());
    }
    hasher.digest()
}

/// Whether an article resolved again mentions the same entities as many
/// times, cites the same sources and is quoted by the same facts as before
/// (then the entities' lists need only its new sentences).
pub(super) fn same_crossings(before: &Resolved, after: &Resolved) -> bool {
    match (&before.article, &after.article) {
        (Some(a), Some(b)) => a.crossings_key == b.crossings_key && a.facts == b.facts,
        _ => false,
    }
}

/// The positions of the articles whose seed is among `edits`.
pub(super) fn edited_positions(
    last: &mut LastRun,
    edits: &[String],
    published: &[&Loaded<ArticleFile>],
) -> Vec<usize> {
    let by_seed = last.by_seed.get_or_insert_with(|| {
        let mut by_seed: FastMap<String, Vec<usize>> = FastMap::default();
        for (i, loaded) in published.iter().enumerate() {
            by_seed
                .entry(loaded.value.seed.value.clone())
                .or_default()
                .push(i);
        }
        by_seed
    });
    let mut positions: Vec<usize> = edits
        .iter()
        .filter_map(|seed| by_seed.get(seed))
        .flatten()
        .copied()
        .collect();
    positions.sort_unstable();
    positions.dedup();
    positions
}

/// The positions of the resolved articles, newest first; ties in the
/// order of `resolved` (by slug), so the order never depends on scheduling.
pub(super) fn newest_first(resolved: &[Resolved]) -> Vec<usize> {
    let mut dated: Vec<(Period, usize)> = resolved
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.article.as_ref().map(|a| (a.date, i)))
        .collect();
    // Stable, by date alone: comparing slugs too was a noticeable share
    // of every watch rebuild.
    dated.par_sort_by(|a, b| b.0.cmp(&a.0));
    dated.into_iter().map(|(_, i)| i).collect()
}

/// Keeps the articles resolved this time (not taken from the cache) for the
/// next run. The map is rebuilt only when it has grown well past the
/// published articles (deleted articles linger until then, harmlessly: an
/// entry is used only when its key matches).
pub(super) fn remember(
    cache: &mut ArticleCache,
    published: &[&Loaded<ArticleFile>],
    results: &[(Resolved, bool)],
) {
    let clear = cache.by_slug.len() > 2 * published.len() + 64;
    if clear {
        cache.by_slug.clear();
    }
    for (loaded, (resolved, fresh)) in published.iter().zip(results) {
        if *fresh || clear {
            cache.by_slug.insert(loaded.id.clone(), resolved.clone());
        }
    }
}

/// For each entity an article mentions: the sentences around the mentions.
/// (entity, sentences, a hash of the sentences: what its page shows of them).
pub(super) type MentionsOf = Vec<(usize, Arc<Vec<Sentence>>, u64)>;

/// What every article's resolution depends on besides its own files: the
/// entities (names, facts quoting it), the sources (citation names) and the
/// files that failed to load.
pub(super) fn inputs_key(project: &Project) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&project.sources_hash.to_le_bytes());
    for entity in &project.entities {
        hasher.update(entity.id.as_bytes());
        hasher.update(&entity.hash.to_le_bytes());
    }
    // What a broken file may define decides which references are reported.
    for (path, tree) in &project.broken {
        hasher.update(path.as_os_str().as_encoded_bytes());
        hasher.update(format!("{tree:?}").as_bytes());
    }
    hasher.digest()
}

pub(super) fn article_key(shared: u64, loaded: &Loaded<ArticleFile>, project: &Project) -> u64 {
    use xxhash_rust::xxh3::xxh3_64_with_seed;
    let seed = project.seeds.get(&loaded.value.seed.value);
    let seed_path = seed.map_or(&b""[..], |s| s.path.as_os_str().as_encoded_bytes());
    let parts = [
        shared,
        xxh3_64_with_seed(loaded.id.as_bytes(), 1),
        loaded.hash,
        seed.map_or(0, |s| s.hash),
        xxh3_64_with_seed(seed_path, 2),
    ];
    crate::model::hash_numbers(&parts)
}

/// A hash of what article lists (front page, archive, feed, source and
/// entity pages) show of an article.
pub(super) fn listing_key(article: &Article) -> u64 {
    let text = |text: &str| xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    let date = &article.date;
    let fields = [
        u64::from(article.draft),
        article.language.as_deref().map_or(u64::MAX, text),
        text(&article.slug),
        text(&article.title),
        article.summary.as_deref().map_or(u64::MAX, text),
        u64::from(date.year) << 16
            | u64::from(date.month.unwrap_or(0)) << 8
            | u64::from(date.day.unwrap_or(0)),
    ];
    let tags = article.tags.iter().map(|tag| text(tag));
    crate::model::hash_iter(fields.into_iter().chain(tags))
}

/// A hash of the entities an article mentions and the sources it cites.
pub(super) fn crossings_key(article: &Article) -> u64 {
    let mentions = article
        .mentioned
        .iter()
        .map(|m| [m.entity as u64, m.count as u64]);
    let cites = article
        .footnotes
        .iter()
        .map(|f| [u64::MAX - f.source as u64, f.citations as u64]);
    crate::model::hash_iter(mentions.chain(cites).flatten())
}
