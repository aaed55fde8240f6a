//! Builds the search index files (docs/search-index.md): a dictionary of
//! every word form, sharded by its first letters; postings per stem, with
//! each document's impact (a BM25 score, quantised) precomputed, so the
//! reader only adds numbers; and document lists in chunks. A query loads
//! one dictionary shard per word, the postings of the stems it names and
//! the chunks of the documents it shows.

use std::fmt::Write as _;

use rust_stemmers::{Algorithm, Stemmer};

use super::{Field, Kind};
use crate::markup::escape::without_controls;
use crate::model::FastMap;
use crate::render::{OutputFile, Sink};
use crate::text::Language;
use crate::text::fold::append_folded_words;

/// The index format's version, in `search/data/index.json`; the reader
/// refuses any other.
pub const FORMAT_VERSION: u32 = 1;

/// Where the index lives in the output.
pub const DATA_DIR: &str = "search/data/";

/// Documents per chunk file: a result list of eight loads at most eight.
const DOCS_PER_CHUNK: usize = 64;

/// A stem's best documents, by impact, that a one-word query reads; the
/// rest (by document) is read only to intersect several words.
const TOP_POSTINGS: usize = 1000;

/// Postings files are cut at about this size; a stem with more postings
/// has a file of its own. The reader takes a stem's part by an HTTP range,
/// so the size only bounds what a host without ranges sends for a rare
/// word, while fewer files make a quicker build (at 10,000 articles 136
/// postings files, not the 1,100 of 16 KB).
const POSTINGS_FILE_BYTES: usize = 128 * 1024;

/// Stems whose postings are encoded at once, on every core.
const ENCODED_BLOCK: usize = 8192;

/// A dictionary shard of more forms than this is split by the third letter.
const SHARD_FORMS: usize = 1500;

/// Titles and summaries shown in results are cut to this many characters.
const SHOWN_TITLE: usize = 160;
const SHOWN_SUMMARY: usize = 240;

/// BM25's parameters (the usual ones).
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// What a result list shows of a document.
#[derive(Clone)]
pub struct DocMeta {
    url: String,
    kind: Kind,
    title: String,
    summary: String,
}

impl DocMeta {
    /// Title and summary are cut to what a result shows, their control
    /// characters replaced as on the pages (a reader's JSON stays text).
    pub fn new(url: String, kind: Kind, title: &str, summary: &str) -> DocMeta {
        DocMeta {
            url,
            kind,
            title: without_controls(shortened(title, SHOWN_TITLE)),
            summary: without_controls(shortened(summary, SHOWN_SUMMARY)),
        }
    }
}

/// A document's stems with their weighted counts, one pair per stem, and
/// its length.
pub struct Bag {
    stems: Vec<(u32, u32)>,
    length: u32,
}

/// A document as watch mode keeps it between index builds: what its result
/// shows, its bag, and the word forms it uses (numbers in the lexicon of
/// [`Memo`], each once), so the dictionary lists exactly the forms that
/// the documents of the moment use.
///
/// Stems and forms are kept sorted, as varint gaps (stems each followed by
/// its count): a third of the memory of plain numbers, which at 100,000
/// articles is hundreds of megabytes in the watcher.
pub struct Analysed {
    meta: DocMeta,
    stems: Box<[u8]>,
    forms: Box<[u8]>,
    length: u32,
}

impl Analysed {
    fn new(meta: DocMeta, mut stems: Vec<(u32, u32)>, mut forms: Vec<u32>, length: u32) -> Self {
        stems.sort_unstable();
        forms.sort_unstable();
        let mut packed_stems = Vec::with_capacity(stems.len() * 3);
        let mut previous = 0;
        for (stem, count) in stems {
            push_varint(&mut packed_stems, stem - previous);
            push_varint(&mut packed_stems, count);
            previous = stem;
        }
        let mut packed_forms = Vec::with_capacity(forms.len() * 2);
        let mut previous = 0;
        for form in forms {
            push_varint(&mut packed_forms, form - previous);
            previous = form;
        }
        Analysed {
            meta,
            stems: packed_stems.into_boxed_slice(),
            forms: packed_forms.into_boxed_slice(),
            length,
        }
    }

    /// The document's stems with their weighted counts, by stem number.
    fn stems(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut at = 0;
        let mut stem = 0;
        std::iter::from_fn(move || {
            if at >= self.stems.len() {
                return None;
            }
            let (gap, used) = read_varint(&self.stems[at..]);
            at += used;
            let (count, used) = read_varint(&self.stems[at..]);
            at += used;
            stem += gap;
            Some((stem, count))
        })
    }

    /// The numbers of the forms the document uses, in order.
    fn forms(&self) -> impl Iterator<Item = u32> + '_ {
        let mut at = 0;
        let mut form = 0;
        std::iter::from_fn(move || {
            if at >= self.forms.len() {
                return None;
            }
            let (gap, used) = read_varint(&self.forms[at..]);
            at += used;
            form += gap;
            Some(form)
        })
    }
}

/// A word form's stem and the form's own number in its lexicon.
#[derive(Clone, Copy)]
struct Known {
    stem: u32,
    form: u32,
}

/// Marks an empty slot of a [`FormTable`].
const NO_STEM: u32 = u32::MAX;

/// Every word form seen so far, by its hash (xxh3, 64 bits) → its stem and
/// number: open addressing, linear probing, at most half full. A key and
/// its value share a slot, so a lookup costs one memory access where a
/// `HashMap` costs two (its control bytes, then its bucket), and the slots
/// of a site's common words stay in the cache by themselves. Two forms of
/// a site sharing a hash is a chance of about n²/2⁶⁵ (one in thirty million
/// at a million forms), and would merge their postings.
struct FormTable {
    slots: Box<[(u64, Known)]>,
    len: usize,
}

const EMPTY_SLOT: (u64, Known) = (
    0,
    Known {
        stem: NO_STEM,
        form: 0,
    },
);

impl FormTable {
    fn new() -> FormTable {
        FormTable {
            slots: vec![EMPTY_SLOT; 1024].into_boxed_slice(),
            len: 0,
        }
    }

    fn first_slot(&self, hash: u64) -> usize {
        hash as usize & (self.slots.len() - 1)
    }

    /// Reads the slot `hash` starts at, so that the lookup after it finds
    /// it in the cache: done for a run's words first, these loads wait for
    /// memory side by side instead of one after another.
    fn touch(&self, hash: u64) -> u64 {
        self.slots[self.first_slot(hash)].0
    }

    fn get(&self, hash: u64) -> Option<Known> {
        let mask = self.slots.len() - 1;
        let mut at = self.first_slot(hash);
        loop {
            let (key, known) = self.slots[at];
            if known.stem == NO_STEM {
                return None;
            }
            if key == hash {
                return Some(known);
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds a form not in the table.
    fn insert(&mut self, hash: u64, known: Known) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.place(hash, known);
        self.len += 1;
    }

    fn place(&mut self, hash: u64, known: Known) {
        let mask = self.slots.len() - 1;
        let mut at = self.first_slot(hash);
        while self.slots[at].1.stem != NO_STEM {
            at = (at + 1) & mask;
        }
        self.slots[at] = (hash, known);
    }

    fn grow(&mut self) {
        let larger = vec![EMPTY_SLOT; self.slots.len() * 2].into_boxed_slice();
        let old = std::mem::replace(&mut self.slots, larger);
        for (hash, known) in old.iter().filter(|(_, known)| known.stem != NO_STEM) {
            self.place(*hash, *known);
        }
    }
}

/// The words of one text, folded, waiting to be looked up together.
#[derive(Default)]
struct Words {
    /// The folded words end to end.
    text: String,
    /// Each word's hash and its byte range in `text`.
    words: Vec<(u64, u32, u32)>,
}

impl Words {
    /// Folds `text`'s words in, after the ones already there.
    fn fold(&mut self, text: &str) {
        let words = &mut self.words;
        append_folded_words(text, &mut self.text, |all, start| {
            let hash = xxhash_rust::xxh3::xxh3_64(&all.as_bytes()[start..]);
            words.push((hash, start as u32, all.len() as u32));
        });
    }

    fn clear(&mut self) {
        self.text.clear();
        self.words.clear();
    }
}

/// Every word form seen so far and its stem. One thread owns it and turns
/// documents into bags; another adds the bags ([`Postings`]), so neither
/// waits for the other's locks.
pub struct Lexicon {
    language: Language,
    latin: Option<Stemmer>,
    cyrillic: Stemmer,
    /// A word form's hash → its stem's number and its own. Looked up once
    /// per word of the site, so by a hash instead of the form itself:
    /// comparing keys kept elsewhere on the heap cost a cache miss a word.
    by_hash: FormTable,
    /// Every form with its stem's number, in the order first seen.
    forms: Vec<(Box<str>, u32)>,
    /// Stem → its number.
    stems: FastMap<Box<str>, u32>,
    stem_names: Vec<Box<str>>,
    /// Scratch: the words of the text being counted.
    words: Words,
    /// Scratch for [`Lexicon::bag`]: a count per stem, all zero between bags.
    counts: Vec<u32>,
    /// Scratch for [`Lexicon::analyse`]: whether a form was seen in the
    /// document, all false between documents.
    seen: Vec<bool>,
}

impl Lexicon {
    pub fn new(language: Language) -> Lexicon {
        Lexicon {
            language,
            latin: latin_stemmer(language),
            cyrillic: Stemmer::create(Algorithm::Russian),
            by_hash: FormTable::new(),
            forms: Vec::new(),
            stems: FastMap::default(),
            stem_names: Vec::new(),
            words: Words::default(),
            counts: Vec::new(),
            seen: Vec::new(),
        }
    }

    /// A document's words, counted by stem.
    pub fn bag<'t>(&mut self, fields: impl IntoIterator<Item = (Field, &'t str)>) -> Bag {
        self.bag_and_forms(fields, None)
    }

    /// A document's words as watch mode keeps them ([`Analysed`]).
    pub fn analyse<'t>(
        &mut self,
        meta: DocMeta,
        fields: impl IntoIterator<Item = (Field, &'t str)>,
    ) -> Analysed {
        let mut forms = Vec::new();
        let bag = self.bag_and_forms(fields, Some(&mut forms));
        Analysed::new(meta, bag.stems, forms, bag.length)
    }

    /// [`Lexicon::bag`], and when `forms` is given, the number of every form
    /// the document uses, each once, appended to it.
    fn bag_and_forms<'t>(
        &mut self,
        fields: impl IntoIterator<Item = (Field, &'t str)>,
        mut forms: Option<&mut Vec<u32>>,
    ) -> Bag {
        let mut length = 0u32;
        let mut words = std::mem::take(&mut self.words);
        // Counted in a table by stem number (no sorting): `touched` lists
        // the stems this document has, `counts` is zero again afterwards.
        let mut touched: Vec<u32> = Vec::new();
        let mut counts = std::mem::take(&mut self.counts);
        let mut seen = std::mem::take(&mut self.seen);
        for (field, text) in fields {
            let weight = field.weight();
            words.clear();
            words.fold(text);
            let touching = words
                .words
                .iter()
                .fold(0, |all, &(hash, ..)| all ^ self.by_hash.touch(hash));
            std::hint::black_box(touching);
            for &(hash, start, end) in &words.words {
                length = length.saturating_add(weight);
                let known = self.stem_of(hash, &words.text[start as usize..end as usize]);
                let stem = known.stem as usize;
                if stem >= counts.len() {
                    counts.resize(stem + 1, 0);
                }
                if counts[stem] == 0 {
                    touched.push(stem as u32);
                }
                counts[stem] = counts[stem].saturating_add(weight);
                if let Some(forms) = forms.as_deref_mut() {
                    let form = known.form as usize;
                    if form >= seen.len() {
                        seen.resize(form + 1, false);
                    }
                    if !seen[form] {
                        seen[form] = true;
                        forms.push(known.form);
                    }
                }
            }
        }
        if let Some(forms) = forms {
            for &form in forms.iter() {
                seen[form as usize] = false;
            }
        }
        let stems = touched
            .into_iter()
            .map(|stem| (stem, std::mem::take(&mut counts[stem as usize])))
            .collect();
        self.words = words;
        self.counts = counts;
        self.seen = seen;
        Bag { stems, length }
    }

    /// The number of a stem, given a new one if it has none.
    fn number_of_stem(&mut self, stem: &str) -> u32 {
        if let Some(&number) = self.stems.get(stem) {
            return number;
        }
        let number = self.stem_names.len() as u32;
        self.stems.insert(stem.into(), number);
        self.stem_names.push(stem.into());
        number
    }

    /// Records a form whose stem is known (from another part); returns its
    /// number here.
    fn add_form(&mut self, form: &str, stem: u32) -> u32 {
        let hash = xxhash_rust::xxh3::xxh3_64(form.as_bytes());
        if let Some(known) = self.by_hash.get(hash) {
            return known.form;
        }
        let form_number = self.forms.len() as u32;
        self.by_hash.insert(
            hash,
            Known {
                stem,
                form: form_number,
            },
        );
        self.forms.push((form.into(), stem));
        form_number
    }

    /// The stem number of a word form whose hash is `hash`, stemming it the
    /// first time it is seen, and the form's number.
    fn stem_of(&mut self, hash: u64, form: &str) -> Known {
        if let Some(known) = self.by_hash.get(hash) {
            return known;
        }
        let stem = self.stem(form);
        let known = Known {
            stem: self.number_of_stem(&stem),
            form: self.forms.len() as u32,
        };
        self.by_hash.insert(hash, known);
        self.forms.push((form.into(), known.stem));
        known
    }

    /// A Cyrillic word by the Russian stemmer, another by the site's
    /// language's; numbers and words of other scripts as they are.
    fn stem(&self, form: &str) -> String {
        let stemmer = if form.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
            Some(&self.cyrillic)
        } else if form.chars().any(|c| c.is_ascii_alphabetic()) {
            self.latin.as_ref()
        } else {
            None
        };
        match stemmer {
            Some(stemmer) => stemmer.stem(form).into_owned(),
            None => form.to_string(),
        }
    }
}

/// The postings being built, one document at a time, in order.
#[derive(Default)]
pub struct Postings {
    stems: Vec<StemPostings>,
    doc_lengths: Vec<u32>,
    docs: Vec<DocMeta>,
}

/// One stem's postings so far, with what the next one needs, side by side
/// so that adding one touches a single place in memory.
#[derive(Default)]
struct StemPostings {
    /// (document gap, weighted count), varint-encoded, by document.
    bytes: Vec<u8>,
    /// The last document added (for the next gap).
    last_doc: u32,
    /// How many documents.
    df: u32,
}

impl Postings {
    /// Adds the next document.
    pub fn add(&mut self, meta: DocMeta, bag: Bag) {
        self.add_stems(meta, &bag.stems, bag.length);
    }

    fn add_stems(&mut self, meta: DocMeta, stems: &[(u32, u32)], length: u32) {
        let doc = self.docs.len() as u32;
        if let Some(largest) = stems.iter().map(|&(stem, _)| stem as usize).max() {
            self.grow(largest + 1);
        }
        // Each stem's entry and the end of its bytes are read first, for
        // every stem of the document, so that their cache misses overlap
        // (as the word forms' in [`Lexicon::bag`]).
        let entries = stems.iter().fold(0, |all, &(stem, _)| {
            all ^ self.stems[stem as usize].last_doc
        });
        let ends = stems.iter().fold(0, |all, &(stem, _)| {
            all ^ self.stems[stem as usize].bytes.last().copied().unwrap_or(0)
        });
        std::hint::black_box((entries, ends));
        for &(stem, count) in stems {
            let postings = &mut self.stems[stem as usize];
            push_varint(&mut postings.bytes, doc - postings.last_doc);
            push_varint(&mut postings.bytes, count);
            postings.last_doc = doc;
            postings.df += 1;
        }
        self.doc_lengths.push(length);
        self.docs.push(meta);
    }

    fn grow(&mut self, stems: usize) {
        if stems > self.stems.len() {
            self.stems.resize_with(stems, StemPostings::default);
        }
    }
}

/// The index of some documents, made on a thread of its own.
pub struct Part {
    pub lexicon: Lexicon,
    pub postings: Postings,
}

impl Part {
    pub fn new(language: Language) -> Part {
        Part {
            lexicon: Lexicon::new(language),
            postings: Postings::default(),
        }
    }

    /// Adds a document's words.
    pub fn add<'t>(&mut self, meta: DocMeta, fields: impl IntoIterator<Item = (Field, &'t str)>) {
        let bag = self.lexicon.bag(fields);
        self.postings.add(meta, bag);
    }

    /// Appends `later`'s documents after this part's: its stems renumbered
    /// into this part's, its postings' first gaps counted from this part's
    /// last document of the stem (the rest of each list is copied as it is).
    pub fn append(&mut self, later: Part) {
        let offset = self.postings.docs.len() as u32;
        let renumbered: Vec<u32> = later
            .lexicon
            .stem_names
            .iter()
            .map(|name| self.lexicon.number_of_stem(name))
            .collect();
        for (form, stem) in &later.lexicon.forms {
            self.lexicon.add_form(form, renumbered[*stem as usize]);
        }
        self.postings.grow(self.lexicon.stem_names.len());
        let Postings {
            stems,
            doc_lengths,
            docs,
        } = later.postings;
        for (stem, later_postings) in stems.into_iter().enumerate() {
            let bytes = later_postings.bytes;
            if bytes.is_empty() {
                continue;
            }
            let here = &mut self.postings.stems[renumbered[stem] as usize];
            let (first, used) = read_varint(&bytes);
            push_varint(&mut here.bytes, offset + first - here.last_doc);
            here.bytes.extend_from_slice(&bytes[used..]);
            here.last_doc = offset + later_postings.last_doc;
            here.df += later_postings.df;
        }
        self.postings.doc_lengths.extend(doc_lengths);
        self.postings.docs.extend(docs);
    }

    /// Puts the index's files into `sink`; their paths, sorted.
    pub fn finish(self, sink: &dyn Sink) -> std::io::Result<Vec<String>> {
        finish(self.lexicon, self.postings, sink)
    }
}

/// Puts the index's files into `sink`; their paths, sorted.
pub fn finish(
    lexicon: Lexicon,
    mut postings: Postings,
    sink: &dyn Sink,
) -> std::io::Result<Vec<String>> {
    postings.grow(lexicon.stem_names.len());
    let forms = lexicon.forms.iter().map(|(f, s)| (&**f, *s)).collect();
    Builder {
        language: lexicon.language,
        forms,
        stem_names: &lexicon.stem_names,
        postings: postings.stems,
        doc_lengths: postings.doc_lengths,
        docs: postings.docs,
    }
    .finish(sink)
}

/// What watch mode keeps between index builds: every word form met so far
/// with its stem (forms no document uses any more stay, unlisted), and each
/// article analysed, by slug and key, so a rebuild analyses only the
/// articles that changed and puts the postings together again in order.
pub struct Memo {
    lexicon: Lexicon,
    articles: FastMap<(String, u64), std::sync::Arc<Analysed>>,
}

impl Memo {
    pub fn new(language: Language) -> Memo {
        Memo {
            lexicon: Lexicon::new(language),
            articles: FastMap::default(),
        }
    }

    pub fn language(&self) -> Language {
        self.lexicon.language
    }

    /// The lexicon, to analyse documents with.
    pub fn lexicon(&mut self) -> &mut Lexicon {
        &mut self.lexicon
    }

    /// An article analysed before, by slug and key.
    pub fn article(&self, slug: &str, key: u64) -> Option<std::sync::Arc<Analysed>> {
        self.articles.get(&(slug.to_string(), key)).cloned()
    }

    /// Keeps exactly these articles for the next build.
    pub fn keep(&mut self, articles: FastMap<(String, u64), std::sync::Arc<Analysed>>) {
        self.articles = articles;
    }

    /// Documents analysed by `part` (each with its own lexicon, as the
    /// threads of a first build make them), renumbered into this lexicon.
    pub fn adopt(&mut self, part: Lexicon, documents: Vec<Analysed>) -> Vec<Analysed> {
        let stems: Vec<u32> = part
            .stem_names
            .iter()
            .map(|name| self.lexicon.number_of_stem(name))
            .collect();
        let forms: Vec<u32> = part
            .forms
            .iter()
            .map(|(form, stem)| self.lexicon.add_form(form, stems[*stem as usize]))
            .collect();
        documents
            .into_iter()
            .map(|doc| {
                let renumbered_stems = doc
                    .stems()
                    .map(|(stem, count)| (stems[stem as usize], count))
                    .collect();
                let renumbered_forms = doc.forms().map(|form| forms[form as usize]).collect();
                Analysed::new(doc.meta, renumbered_stems, renumbered_forms, doc.length)
            })
            .collect()
    }

    /// Puts the index's files for `documents`, in order, into `sink`:
    /// exactly what [`finish`] writes for the same documents (stems and
    /// forms are written by their text, never by number, and those no
    /// document uses are left out). Their paths, sorted.
    pub fn files(&self, documents: &[&Analysed], sink: &dyn Sink) -> std::io::Result<Vec<String>> {
        let mut postings = Postings::default();
        let mut used = vec![false; self.lexicon.forms.len()];
        let mut stems = Vec::new();
        for doc in documents {
            stems.clear();
            stems.extend(doc.stems());
            postings.add_stems(doc.meta.clone(), &stems, doc.length);
            for form in doc.forms() {
                used[form as usize] = true;
            }
        }
        postings.grow(self.lexicon.stem_names.len());
        let forms = self
            .lexicon
            .forms
            .iter()
            .zip(&used)
            .filter(|(_, used)| **used)
            .map(|((f, s), _)| (&**f, *s))
            .collect();
        Builder {
            language: self.lexicon.language,
            forms,
            stem_names: &self.lexicon.stem_names,
            postings: postings.stems,
            doc_lengths: postings.doc_lengths,
            docs: postings.docs,
        }
        .finish(sink)
    }
}

/// Everything gathered, to be written out.
struct Builder<'l> {
    language: Language,
    forms: Vec<(&'l str, u32)>,
    stem_names: &'l [Box<str>],
    postings: Vec<StemPostings>,
    doc_lengths: Vec<u32>,
    docs: Vec<DocMeta>,
}

/// Puts files into a sink and remembers their paths.
struct Put<'s> {
    sink: &'s dyn Sink,
    paths: Vec<String>,
}

impl Put<'_> {
    fn file(&mut self, path: String, bytes: Vec<u8>) -> std::io::Result<()> {
        self.paths.push(path.clone());
        self.sink.put(OutputFile { path, bytes })
    }
}

impl Builder<'_> {
    /// Each file goes to `sink` as soon as it is made, so the index's files
    /// are never all held at once (at 100,000 articles, about 190 MB).
    fn finish(mut self, sink: &dyn Sink) -> std::io::Result<Vec<String>> {
        let mut postings = std::mem::take(&mut self.postings);
        // The document chunks need nothing else: written on a thread of
        // their own while the postings are encoded.
        let docs = &self.docs;
        std::thread::scope(|scope| {
            let chunks = scope.spawn(move || {
                let mut put = Put {
                    sink,
                    paths: Vec::new(),
                };
                for (n, chunk) in docs.chunks(DOCS_PER_CHUNK).enumerate() {
                    put.file(
                        format!("{DATA_DIR}docs/{n}.json"),
                        docs_json(chunk).into_bytes(),
                    )?;
                }
                Ok::<_, std::io::Error>(put.paths)
            });
            let mut put = Put {
                sink,
                paths: Vec::new(),
            };
            let written = self.postings_and_dictionary(&mut postings, &mut put);
            let chunks = match chunks.join() {
                Ok(chunks) => chunks,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            written?;
            let mut paths = put.paths;
            paths.extend(chunks?);
            paths.sort();
            Ok(paths)
        })
    }

    /// The postings files, `index.json` and the dictionary shards. Each
    /// stem's gathered postings are freed once they are encoded, so the
    /// index is not held twice over (at 100,000 articles, about 150 MB each).
    fn postings_and_dictionary(
        &self,
        postings: &mut [StemPostings],
        put: &mut Put,
    ) -> std::io::Result<()> {
        let impacts = Impacts::new(&self.doc_lengths);
        // Only watch mode's lexicon keeps stems no document has.
        let mut order: Vec<u32> = (0..self.stem_names.len() as u32)
            .filter(|&stem| postings[stem as usize].df > 0)
            .collect();
        order.sort_unstable_by(|&a, &b| {
            self.stem_names[a as usize].cmp(&self.stem_names[b as usize])
        });
        let mut files = 0;
        let mut locations = vec![Location::default(); self.stem_names.len()];
        let mut current: Vec<u8> = Vec::new();
        // Encoded on every core a block of stems at a time (a block's
        // encodings are all that is held besides the files), laid out in
        // order on this one.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        for block in order.chunks(ENCODED_BLOCK) {
            let per_thread = block.len().div_ceil(threads).max(1);
            let gathered: &[StemPostings] = postings;
            let encoded: Vec<Encoded> = std::thread::scope(|scope| {
                let running: Vec<_> = block
                    .chunks(per_thread)
                    .map(|stems| {
                        scope.spawn(|| {
                            stems
                                .iter()
                                .map(|&stem| {
                                    let StemPostings { bytes, df, .. } = &gathered[stem as usize];
                                    encode_postings(bytes, &self.doc_lengths, &impacts, *df)
                                })
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                running
                    .into_iter()
                    .flat_map(|thread| match thread.join() {
                        Ok(encoded) => encoded,
                        Err(panic) => std::panic::resume_unwind(panic),
                    })
                    .collect()
            });
            for (&stem, encoded) in block.iter().zip(encoded) {
                let s = stem as usize;
                if !current.is_empty() && current.len() + encoded.bytes.len() > POSTINGS_FILE_BYTES
                {
                    put.file(postings_path(files), std::mem::take(&mut current))?;
                    files += 1;
                }
                locations[s] = Location {
                    file: files as u32,
                    offset: current.len() as u32,
                    top: encoded.top,
                    rest: encoded.bytes.len() as u32 - encoded.top,
                    df: postings[s].df,
                };
                current.extend_from_slice(&encoded.bytes);
                postings[s].bytes = Vec::new();
            }
        }
        if !current.is_empty() {
            put.file(postings_path(files), current)?;
            files += 1;
        }
        let (shards, split) = dictionary_shards(&self.forms, &locations, self.stem_names);
        let mut keys: Vec<&String> = shards.keys().collect();
        keys.sort();
        put.file(
            format!("{DATA_DIR}index.json"),
            index_json(self.language, self.docs.len(), &keys, &split, files).into_bytes(),
        )?;
        for (key, json) in shards {
            put.file(
                format!("{DATA_DIR}dict/{}.json", hex(&key)),
                json.into_bytes(),
            )?;
        }
        Ok(())
    }
}

fn latin_stemmer(language: Language) -> Option<Stemmer> {
    match language {
        Language::English | Language::Russian => Some(Stemmer::create(Algorithm::English)),
    }
}

/// Where a stem's postings are: file, byte offset, the length of its top
/// part and of the rest, and its document frequency.
#[derive(Clone, Copy, Default)]
struct Location {
    file: u32,
    offset: u32,
    top: u32,
    rest: u32,
    df: u32,
}

/// BM25 over the whole collection, quantised to a byte.
struct Impacts {
    documents: f64,
    average_length: f64,
    scale: f64,
}

impl Impacts {
    fn new(lengths: &[u32]) -> Impacts {
        let documents = lengths.len().max(1) as f64;
        let average_length =
            (lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / documents).max(1.0);
        // The highest score possible: a word in one document, saturated.
        let best = idf(documents, 1.0) * (K1 + 1.0);
        Impacts {
            documents,
            average_length,
            scale: 255.0 / best,
        }
    }

    /// The idf of a stem in `df` documents (one per stem, not per posting).
    fn idf(&self, df: u32) -> f64 {
        idf(self.documents, f64::from(df))
    }

    fn of(&self, idf: f64, count: u32, length: u32) -> u8 {
        let tf = f64::from(count);
        let norm = K1 * (1.0 - B + B * f64::from(length) / self.average_length);
        let score = idf * tf * (K1 + 1.0) / (tf + norm);
        (score * self.scale).round().clamp(1.0, 255.0) as u8
    }
}

fn idf(documents: f64, df: f64) -> f64 {
    (1.0 + (documents - df + 0.5) / (df + 0.5)).ln()
}

struct Encoded {
    bytes: Vec<u8>,
    /// Bytes of the top part (the rest follows).
    top: u32,
}

/// A stem's postings as the reader reads them: its best documents by
/// impact (document number, impact), then the others by document (gap from
/// the previous one, impact). Each part starts with its count.
fn encode_postings(raw: &[u8], lengths: &[u32], impacts: &Impacts, df: u32) -> Encoded {
    let mut postings: Vec<Posting> = Vec::with_capacity(df as usize);
    let idf = impacts.idf(df);
    let mut at = 0;
    let mut doc = 0u32;
    while at < raw.len() {
        let (gap, used) = read_varint(&raw[at..]);
        at += used;
        let (count, used) = read_varint(&raw[at..]);
        at += used;
        doc += gap;
        postings.push((doc, impacts.of(idf, count, lengths[doc as usize])));
    }
    let (top, rest) = best_first(&postings);
    let mut bytes = Vec::with_capacity(postings.len() * 3 + 8);
    push_varint(&mut bytes, top.len() as u32);
    for &(doc, impact) in &top {
        push_varint(&mut bytes, doc);
        bytes.push(impact);
    }
    let top_bytes = bytes.len() as u32;
    if !rest.is_empty() {
        push_varint(&mut bytes, rest.len() as u32);
        let mut previous = 0;
        for &(doc, impact) in &rest {
            push_varint(&mut bytes, doc - previous);
            bytes.push(impact);
            previous = doc;
        }
    }
    Encoded {
        bytes,
        top: top_bytes,
    }
}

/// A document's number and its impact.
type Posting = (u32, u8);

/// `postings` (by document) split into the best [`TOP_POSTINGS`], by
/// impact and then by document, and the others, by document. Impacts are
/// bytes, so a counting sort: each impact's postings are placed from where
/// the higher impacts' end, in document order.
fn best_first(postings: &[Posting]) -> (Vec<Posting>, Vec<Posting>) {
    let mut next = [0usize; 256];
    for &(_, impact) in postings {
        next[usize::from(impact)] += 1;
    }
    let mut placed = 0;
    for slot in next.iter_mut().rev() {
        let count = *slot;
        *slot = placed;
        placed += count;
    }
    let top_len = postings.len().min(TOP_POSTINGS);
    let mut top = vec![(0, 0); top_len];
    let mut rest = Vec::with_capacity(postings.len() - top_len);
    for &posting in postings {
        let at = &mut next[usize::from(posting.1)];
        if *at < top_len {
            top[*at] = posting;
        } else {
            rest.push(posting);
        }
        *at += 1;
    }
    (top, rest)
}

fn postings_path(n: usize) -> String {
    format!("{DATA_DIR}postings/{n}.bin")
}

/// The dictionary by shard key (the form's first two characters, or three
/// in a split shard; a shorter form is its own key), each shard as JSON:
/// `{"f":[[form,stem],…],"s":[[file,offset,top,rest,df,stem],…]}`, forms
/// sorted, stems numbered within the shard. The stem's own text lets the
/// reader match a form the site never uses (`камаза` → `камаз`). Also the split two-letter keys.
fn dictionary_shards(
    forms: &[(&str, u32)],
    locations: &[Location],
    stem_names: &[Box<str>],
) -> (FastMap<String, String>, Vec<String>) {
    let mut by_two: FastMap<String, Vec<(&str, u32)>> = FastMap::default();
    for &(form, stem) in forms {
        by_two
            .entry(prefix(form, 2))
            .or_default()
            .push((form, stem));
    }
    let mut split = Vec::new();
    let mut shards: FastMap<String, Vec<(&str, u32)>> = FastMap::default();
    for (key, entries) in by_two {
        if entries.len() > SHARD_FORMS {
            for (form, stem) in entries {
                shards
                    .entry(prefix(form, 3))
                    .or_default()
                    .push((form, stem));
            }
            split.push(key);
        } else {
            shards.insert(key, entries);
        }
    }
    split.sort();
    let json = shards
        .into_iter()
        .map(|(key, mut entries)| {
            entries.sort_unstable();
            (key, shard_json(&entries, locations, stem_names))
        })
        .collect();
    (json, split)
}

fn shard_json(entries: &[(&str, u32)], locations: &[Location], stem_names: &[Box<str>]) -> String {
    let mut numbered: FastMap<u32, usize> = FastMap::default();
    let mut stems = Vec::new();
    let mut out = String::from("{\"f\":[");
    for (i, &(form, stem)) in entries.iter().enumerate() {
        let local = *numbered.entry(stem).or_insert_with(|| {
            stems.push(stem);
            stems.len() - 1
        });
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "[{},{local}]", json_string(form));
    }
    out.push_str("],\"s\":[");
    for (i, &stem) in stems.iter().enumerate() {
        let l = locations[stem as usize];
        if i > 0 {
            out.push(',');
        }
        let name = json_string(&stem_names[stem as usize]);
        let _ = write!(
            out,
            "[{},{},{},{},{},{name}]",
            l.file, l.offset, l.top, l.rest, l.df
        );
    }
    out.push_str("]}");
    out
}

fn index_json(
    language: Language,
    documents: usize,
    keys: &[&String],
    split: &[String],
    postings_files: usize,
) -> String {
    let value = serde_json::json!({
        "version": FORMAT_VERSION,
        "language": match language {
            Language::English => "en",
            Language::Russian => "ru",
        },
        "documents": documents,
        "documents_per_chunk": DOCS_PER_CHUNK,
        "postings_files": postings_files,
        "shards": keys,
        "split": split,
    });
    value.to_string()
}

fn docs_json(docs: &[DocMeta]) -> String {
    let rows: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| serde_json::json!([d.url, d.kind.label(), d.title, d.summary]))
        .collect();
    serde_json::Value::Array(rows).to_string()
}

fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// The first `n` characters of `form`.
fn prefix(form: &str, n: usize) -> String {
    form.chars().take(n).collect()
}

/// A shard key as a file name: its UTF-8 bytes in hex.
fn hex(key: &str) -> String {
    key.bytes().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// `text` cut to at most `limit` characters at a word, with `…`.
fn shortened(text: &str, limit: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    let at_word = cut.rfind(char::is_whitespace).filter(|&at| at > limit / 2);
    let kept = at_word.map_or(cut.as_str(), |at| &cut[..at]);
    format!("{}…", kept.trim_end_matches([',', ';', ':', ' ', '—', '-']))
}

fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8]) -> (u32, usize) {
    let mut value = 0u32;
    for (i, &b) in bytes.iter().enumerate().take(5) {
        value |= u32::from(b & 0x7f) << (7 * i);
        if b < 0x80 {
            return (value, i + 1);
        }
    }
    (value, bytes.len().min(5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        for value in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX] {
            let mut bytes = Vec::new();
            push_varint(&mut bytes, value);
            assert_eq!(read_varint(&bytes), (value, bytes.len()));
        }
    }

    #[test]
    fn best_first_is_the_order_of_a_sort_by_impact_then_document() {
        let postings: Vec<(u32, u8)> = (0..2500u32)
            .map(|doc| (doc * 3, (doc * 7919 % 13) as u8 + 1))
            .collect();
        let (top, rest) = best_first(&postings);
        let mut sorted = postings.clone();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        assert_eq!(top, sorted[..TOP_POSTINGS]);
        let mut others = sorted[TOP_POSTINGS..].to_vec();
        others.sort();
        assert_eq!(rest, others);
        let few = &postings[..10];
        assert_eq!(best_first(few).0.len(), 10);
        assert!(best_first(few).1.is_empty());
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let title = "word ".repeat(100);
        let cut = shortened(&title, 20);
        assert!(cut.ends_with('…') && cut.chars().count() <= 21, "{cut}");
        assert_eq!(shortened("short", 20), "short");
    }

    #[test]
    fn inflected_forms_share_a_stem() {
        let lexicon = Lexicon::new(Language::English);
        assert_eq!(lexicon.stem("камаза"), lexicon.stem("камазу"));
        assert_eq!(lexicon.stem("plants"), lexicon.stem("plant"));
        assert_eq!(lexicon.stem("2022"), "2022");
    }
}
