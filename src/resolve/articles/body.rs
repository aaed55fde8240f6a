//! An article's body as resolved: runs of text with marks (mentions,
//! quotes, citation references), and how it is held between resolving and
//! rendering (kept, or released and restored from the seed).

use super::*;

/// An article's text: markup and runs of words with marks on them.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub nodes: Vec<BodyNode>,
}

/// An article's body, which a one-shot build releases once the article's
/// page is staged: nothing else shows it (lists show titles and summaries,
/// entity pages the mention sentences), so the site's text is not all held
/// until the end of the build. Watch mode keeps it for the next rebuild.
///
/// A one-shot build does not even hold it between resolving and rendering:
/// it keeps only the marks, and [`HeldBody::restore`] puts them back on the
/// seed's text, read again, just before the page is rendered.
#[derive(Debug, Default)]
pub struct HeldBody {
    body: std::sync::Mutex<Option<Arc<Body>>>,
    marks: Option<Arc<MarksOnly>>,
}

/// What a streamed body keeps: where its seed is (absolute path, the hash
/// it was resolved from), how many nodes the seed had, and the marks, each
/// with the index of its node. One exact-sized list, not a list per node:
/// most nodes have no marks, and at 100,000 articles the per-node lists
/// (with their spare capacity) were about a quarter of the memory held
/// between resolving and rendering (BENCHMARKS.md).
#[derive(Debug)]
struct MarksOnly {
    seed: PathBuf,
    hash: u64,
    nodes: usize,
    marks: Box<[(u32, Mark)]>,
}

impl HeldBody {
    pub fn new(body: Body) -> HeldBody {
        HeldBody {
            body: std::sync::Mutex::new(Some(Arc::new(body))),
            marks: None,
        }
    }

    /// Keeps only `body`'s marks; the text is read again from the seed at
    /// `seed` (absolute), whose bytes had the hash `hash`.
    pub(super) fn marks_only(body: Body, seed: PathBuf, hash: u64) -> HeldBody {
        let nodes = body.nodes.len();
        if u32::try_from(nodes).is_err() {
            return HeldBody::new(body); // node indices are kept as u32
        }
        let marks = body
            .nodes
            .into_iter()
            .enumerate()
            .flat_map(|(n, node)| {
                let marks = match node {
                    BodyNode::Html(_) => Vec::new(),
                    BodyNode::Run { marks, .. } => marks,
                };
                marks.into_iter().map(move |mark| (n as u32, mark))
            })
            .collect();
        HeldBody {
            body: std::sync::Mutex::default(),
            marks: Some(Arc::new(MarksOnly {
                seed,
                hash,
                nodes,
                marks,
            })),
        }
    }

    /// The body; empty once released (or while only its marks are kept).
    pub fn get(&self) -> Arc<Body> {
        self.lock().clone().unwrap_or_default()
    }

    /// Frees the body (when no page being rendered still holds it).
    pub fn release(&self) {
        self.lock().take();
    }

    /// The body as it is held, or else read again from its seed, without
    /// holding it: for the search index, which reads every body once while
    /// the pages render (and restore and release them) beside it.
    pub fn read(&self) -> Result<Arc<Body>, String> {
        if let Some(body) = self.lock().clone() {
            return Ok(body);
        }
        match &self.marks {
            Some(kept) => Ok(Arc::new(kept.body_from_seed()?)),
            None => Ok(Arc::default()),
        }
    }

    /// Rebuilds a body of which only the marks are kept, from its seed read
    /// again; an error if the seed can no longer be read or has changed.
    pub fn restore(&self) -> Result<(), String> {
        let Some(kept) = &self.marks else {
            return Ok(());
        };
        let body = kept.body_from_seed()?;
        *self.lock() = Some(Arc::new(body));
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<Body>>> {
        self.body
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl MarksOnly {
    /// The body: the seed's text, read again, with the marks put back.
    fn body_from_seed(&self) -> Result<Body, String> {
        let kept = self;
        let document = crate::load::read_seed_again(Path::new(""), &kept.seed, kept.hash)?;
        if document.nodes.len() != kept.nodes {
            return Err(format!(
                "seed {} changed during the run",
                kept.seed.display()
            ));
        }
        let mut marks = kept.marks.iter().peekable();
        let nodes = document
            .nodes
            .into_iter()
            .enumerate()
            .map(|(n, node)| match node {
                Node::Html(html) => BodyNode::Html(below_title(&html)),
                Node::Run(run) => {
                    let mut own = Vec::new();
                    while let Some((_, mark)) = marks.next_if(|(at, _)| *at as usize == n) {
                        own.push(mark.clone());
                    }
                    BodyNode::Run {
                        text: run.text,
                        marks: own,
                    }
                }
            })
            .collect();
        Ok(Body { nodes })
    }
}

impl Clone for HeldBody {
    fn clone(&self) -> HeldBody {
        HeldBody {
            body: std::sync::Mutex::new(self.lock().clone()),
            marks: self.marks.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum BodyNode {
    Html(Arc<str>),
    /// Text shared with the loaded seed, and the marks placed on it.
    Run {
        text: Arc<str>,
        marks: Vec<Mark>,
    },
}

/// Something to wrap around (or, when `start == end`, insert at) a byte range of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub kind: MarkKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MarkKind {
    /// An entity mention; only the first in an article links.
    Mention { entity: usize, link: bool },
    /// A claim or fact quote, highlighted.
    Quote { anchor: String, status: Status },
    /// After a fact's quote: a link to the fact on its entity page.
    FactLink { entity: usize, fact: usize },
    /// A citation reference: footnote number and which citation of that source (0-based).
    Citation { number: usize, nth: usize },
}
