//! An entity: facts, relations, mentions, charts.

use super::*;

pub(in crate::render) struct EntityPage;

impl PageKind for EntityPage {
    type Page = usize;
    const TEMPLATE: &'static str = "entity.html";

    fn pages(input: &Input) -> Vec<usize> {
        (0..input.site.entities.len()).collect()
    }

    fn path(input: &Input, index: usize) -> String {
        routes::entity(&input.site.entities[index].id)
    }

    /// An entity page: its counts, the articles mentioning it (what lists
    /// show of them, and their sentences around it), the entities mentioned
    /// with it, and the articles its facts quote.
    fn key(input: &Input, index: usize) -> u64 {
        let (keys, site, derived) = (input.keys, input.site, input.derived);
        let entity = &site.entities[index];
        let mut parts = vec![
            keys.global,
            Kind::Entity.tag(),
            index as u64,
            entity.mention_count as u64,
        ];
        parts.extend(
            entity
                .mentioned_in
                .iter()
                .flat_map(|m| [keys.listings[m.article], m.sentences_key]),
        );
        parts.push(u64::MAX);
        parts.extend(
            derived.co_mentioned[index]
                .iter()
                .flat_map(|co| [co.entity as u64, co.count as u64]),
        );
        parts.push(u64::MAX);
        parts.extend(
            entity
                .facts
                .iter()
                .map(|f| f.article.map_or(0, |a| site.articles[a].key)),
        );
        parts.push(u64::MAX);
        parts.extend(entity.figure_sets.iter().map(|s| s.key));
        hash(&parts)
    }

    fn context(input: &Input, index: usize) -> Result<Context, RenderError> {
        Ok(entity(input.site, input.derived, index))
    }
}

#[derive(Serialize)]
struct RelationView {
    label: String,
    /// True when the label reads from the other entity's side ("KAMAZ partner of this").
    from_other: bool,
    other: EntityRef,
    note: Option<String>,
    source: Option<SourceRef>,
}

#[derive(Serialize)]
struct MentionView<'a> {
    article: ArticleRef<'a>,
    sentences_html: Vec<String>,
}

#[derive(Serialize)]
struct CoMention {
    entity: EntityRef,
    count: usize,
}

fn entity(site: &Site, derived: &Derived, index: usize) -> Context {
    let entity = &site.entities[index];
    let path = routes::entity(&entity.id);
    let description = format!(
        "{} — {}",
        entity.name,
        entity
            .role
            .clone()
            .unwrap_or_else(|| kind_label(&site.locale, entity.kind, false))
    );
    let mut context = common(site, &path, Some(&entity.name), Some(&description));
    context.insert("entity", &EntityRef::new(entity, &site.locale));
    context.insert("jsonld_html", &meta::entity(site, entity));
    context.insert("timeline_url", &routes::entity_timeline(&entity.id));
    if site.settings.base_url.is_some() {
        context.insert("feed_url", &routes::entity_feed(&entity.id));
    }
    if let Some(summary) = &entity.summary {
        context.insert("summary_html", &crate::markup::markdown::to_html(summary));
    }
    let links: Vec<BTreeMap<&str, &str>> = entity
        .links
        .iter()
        .map(|l| BTreeMap::from([("title", l.title.as_str()), ("url", l.url.as_str())]))
        .collect();
    context.insert("links", &links);
    let outgoing = entity.relations.iter().map(|r| RelationView {
        label: r.kind.clone(),
        from_other: false,
        other: EntityRef::new(&site.entities[r.to], &site.locale),
        note: r.note.clone(),
        source: r.source.map(|s| SourceRef::new(&site.sources[s])),
    });
    let incoming = derived.incoming[index]
        .iter()
        .map(|Incoming { from, relation: r }| RelationView {
            from_other: inverse(&r.kind).is_none(),
            label: inverse(&r.kind).unwrap_or_else(|| r.kind.clone()),
            other: EntityRef::new(&site.entities[*from], &site.locale),
            note: r.note.clone(),
            source: r.source.map(|s| SourceRef::new(&site.sources[s])),
        });
    let relations: Vec<RelationView> = outgoing.chain(incoming).collect();
    context.insert("relations", &relations);
    let mentions: Vec<MentionView> = entity
        .mentioned_in
        .iter()
        .map(|m| MentionView {
            article: ArticleRef::new(&site.articles[m.article], &site.locale),
            sentences_html: m.sentences.iter().map(sentence_html).collect(),
        })
        .collect();
    context.insert("mentions", &mentions);
    let co: Vec<CoMention> = derived.co_mentioned[index]
        .iter()
        .map(|co| CoMention {
            entity: EntityRef::new(&site.entities[co.entity], &site.locale),
            count: co.count,
        })
        .collect();
    context.insert("co_mentioned", &co);
    let facts: Vec<FactView> = entity
        .facts
        .iter()
        .map(|f| FactView::new(site, entity, f))
        .collect();
    context.insert("facts", &facts);
    let sets = (0..entity.figure_sets.len()).map(|s| (index, s));
    context.insert("figure_sets", &figure_sets(site, sets));
    context.insert("charts", derived.entity_charts[index].as_slice());
    context
}

/// How a relation reads from its target's side: "head of" → "headed by";
/// `None` when there is no known wording (the page then phrases it from the
/// other entity's side).
fn inverse(kind: &str) -> Option<String> {
    const PAIRS: [(&str, &str); 27] = [
        ("head of", "headed by"),
        ("chief executive of", "led by"),
        ("ceo of", "led by"),
        ("minister of", "headed by"),
        ("partner of", "partner of"),
        ("supplies the cab for", "cab supplied by"),
        ("supplies", "supplied by"),
        ("supplier of", "supplied by"),
        ("formerly", "later"),
        ("successor of", "succeeded by"),
        ("brand of", "owns the brand"),
        ("product of", "makes"),
        ("made by", "makes"),
        ("produced at", "produces"),
        ("produced in", "place of production of"),
        ("built at", "builds"),
        ("owned by", "owns"),
        ("owner of", "owned by"),
        ("subsidiary of", "parent of"),
        ("parent of", "subsidiary of"),
        ("announced at", "venue of announcement by"),
        ("located in", "location of"),
        ("based in", "home of"),
        ("historic maker of", "historically made by"),
        ("maker of", "made by"),
        ("to be built at", "planned production site of"),
        ("member of", "has member"),
    ];
    let lower = kind.to_lowercase();
    PAIRS.iter().find_map(|(a, b)| {
        if lower == *a {
            Some(b.to_string())
        } else if lower == *b && a != b {
            Some(a.to_string())
        } else {
            None
        }
    })
}

/// A sentence with each mention in `<strong>`.
fn sentence_html(sentence: &Sentence) -> String {
    let mut out = String::new();
    let mut last = 0;
    let mut highlights = sentence.highlights.clone();
    highlights.sort_unstable();
    for Span { start, end } in highlights {
        if start < last {
            continue;
        }
        let _ = write!(
            out,
            "{}<strong>{}</strong>",
            Escaped(&sentence.text[last..start]),
            Escaped(&sentence.text[start..end])
        );
        last = end;
    }
    let _ = write!(out, "{}", Escaped(&sentence.text[last..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_read_backwards() {
        assert_eq!(inverse("head of").as_deref(), Some("headed by"));
        assert_eq!(inverse("Headed by").as_deref(), Some("head of"));
        assert_eq!(inverse("partner of").as_deref(), Some("partner of"));
        assert_eq!(inverse("sponsors"), None);
    }

    #[test]
    fn sentences_escape_and_bold_mentions() {
        let s = Sentence {
            text: "KAMAZ & <JAC>".into(),
            highlights: vec![Span { start: 0, end: 5 }],
        };
        assert_eq!(
            sentence_html(&s),
            "<strong>KAMAZ</strong> &amp; &lt;JAC&gt;"
        );
    }
}
