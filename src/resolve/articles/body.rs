//! An article's body as resolved: runs of text with marks (mentions,
//! quotes, citation references), and how it is held between resolving and
//! rendering (whole, or its marks only, the text read again from the seed).

use super::*;

/// An article's text: markup and runs of words with marks on them.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub nodes: Vec<BodyNode>,
}

/// An article's body as resolve hands it on: whole (watch keeps it for the
/// next rebuild), or, in a one-shot build, only its marks, with the text
/// read again from the seed when the body is asked for
/// ([`HeldBody::read`]), so the site's text is never all held at once.
/// Plain data: render takes bodies as values from a body source
/// (`render::Bodies`) and holds none of them.
#[derive(Debug, Clone)]
pub struct HeldBody(Held);

#[derive(Debug, Clone)]
enum Held {
    Whole(Arc<Body>),
    MarksOnly(Arc<MarksOnly>),
}

impl Default for HeldBody {
    fn default() -> HeldBody {
        HeldBody::new(Body::default())
    }
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
        HeldBody(Held::Whole(Arc::new(body)))
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
        HeldBody(Held::MarksOnly(Arc::new(MarksOnly {
            seed,
            hash,
            nodes,
            marks,
        })))
    }

    /// The body: the one held, or one rebuilt from its seed, read again,
    /// and not kept (the caller drops it when done); an error if the seed
    /// can no longer be read or has changed since it was resolved.
    pub fn read(&self) -> Result<Arc<Body>, String> {
        match &self.0 {
            Held::Whole(body) => Ok(Arc::clone(body)),
            Held::MarksOnly(kept) => Ok(Arc::new(kept.body_from_seed()?)),
        }
    }

    /// Whether only the marks are held (the text is read again on demand).
    pub fn is_marks_only(&self) -> bool {
        matches!(self.0, Held::MarksOnly(_))
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
                Node::Html(html) => BodyNode::Html(html),
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
