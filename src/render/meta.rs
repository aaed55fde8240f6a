//! Structured data for search engines and link previews: the JSON-LD
//! (schema.org) block of articles, entity pages, the facts page and the
//! front page, as `jsonld_html` (docs/templates.md).
//!
//! The JSON is built with serde_json and then made safe to sit inside
//! `<script>`: `<`, `>` and `&` become `\u003c`, `\u003e`, `\u0026`, which
//! JSON reads as the same characters, so no title can close the script
//! element or open a comment in it.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::model::EntityKind;
use crate::resolve::{Article, Entity, Site};
use crate::routes;

/// The schema.org type of an entity page's subject. A plant is a `Place`
/// (a production site is located, not a business serving customers there);
/// an agency a `GovernmentOrganization`; a media outlet a `NewsMediaOrganization`.
pub fn schema_type(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Company => "Organization",
        EntityKind::Agency => "GovernmentOrganization",
        EntityKind::Media => "NewsMediaOrganization",
        EntityKind::Person => "Person",
        EntityKind::Brand => "Brand",
        EntityKind::Product => "Product",
        EntityKind::Plant | EntityKind::Place => "Place",
        EntityKind::Event => "Event",
    }
}

/// `value` as JSON that is safe inside `<script type="application/ld+json">`.
pub fn script_safe(value: &Value) -> String {
    crate::markup::escape::script_safe_json(&value.to_string())
}

/// The absolute URL of a page (root-relative `path`), when the site has a `base_url`.
fn absolute(site: &Site, path: &str) -> Option<String> {
    let base = site.settings.base_url.as_deref()?;
    Some(format!("{base}{}", routes::pretty(path)))
}

/// Adds `key` only when there is a value, so no `null`s reach the output.
fn put(object: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        object.insert(key.to_string(), value);
    }
}

fn publisher(site: &Site) -> Value {
    let mut org = Map::new();
    org.insert("@type".into(), json!("Organization"));
    org.insert("name".into(), json!(site.settings.title));
    put(
        &mut org,
        "url",
        site.settings.base_url.as_ref().map(|u| json!(u)),
    );
    Value::Object(org)
}

/// An entity's type, name and (with a base URL) page.
fn entity_object(site: &Site, entity: &Entity) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert("@type".into(), json!(schema_type(entity.kind)));
    object.insert("name".into(), json!(entity.name));
    put(
        &mut object,
        "url",
        absolute(site, &routes::entity(&entity.id)).map(Value::from),
    );
    object
}

/// A `NewsArticle`, serialised from borrowed fields rather than built as a
/// `Value` (one per article page). Its fields are in the order in which a
/// `serde_json::Map` sorts its keys, as every other JSON-LD block here is, so
/// the output is the same as that of a `Value`.
#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Reference<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<Reference<'a>>,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    keywords: &'a [String],
    #[serde(rename = "mainEntityOfPage", skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mentions: Vec<Reference<'a>>,
    publisher: Reference<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// A typed, named thing, with its URL when there is one.
#[derive(Serialize)]
struct Reference<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<std::borrow::Cow<'a, str>>,
}

/// A `NewsArticle`: its sources as `citation`, the entities it mentions as `mentions`.
pub fn article(site: &Site, article: &Article) -> String {
    let settings = &site.settings;
    let url = absolute(site, &routes::article(&article.slug));
    let value = NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        author: settings.author.as_deref().map(|name| Reference {
            kind: "Organization",
            name,
            url: None,
        }),
        citation: article
            .footnotes
            .iter()
            .map(|note| {
                let source = &site.sources[note.source];
                Reference {
                    kind: "CreativeWork",
                    name: &source.name,
                    url: source.url.as_deref().map(Into::into),
                }
            })
            .collect(),
        date_published: article.date.iso(),
        description: article.summary.as_deref(),
        headline: &article.title,
        in_language: &settings.language,
        keywords: &article.tags,
        main_entity_of_page: url.as_deref(),
        mentions: article
            .mentioned
            .iter()
            .map(|m| {
                let entity = &site.entities[m.entity];
                Reference {
                    kind: schema_type(entity.kind),
                    name: &entity.name,
                    url: absolute(site, &routes::entity(&entity.id)).map(Into::into),
                }
            })
            .collect(),
        publisher: Reference {
            kind: "Organization",
            name: &settings.title,
            url: settings.base_url.as_deref().map(Into::into),
        },
        url: url.as_deref(),
    };
    let json = serde_json::to_string(&value).expect("JSON-LD of plain strings always serialises");
    crate::markup::escape::script_safe_json(&json)
}

/// The entity itself, typed by its kind, with its links as `sameAs`.
pub fn entity(site: &Site, entity: &Entity) -> String {
    let mut object = entity_object(site, entity);
    object.insert("@context".into(), json!("https://schema.org"));
    put(
        &mut object,
        "description",
        entity.role.as_ref().map(|r| json!(r)),
    );
    if !entity.aliases.is_empty() {
        object.insert("alternateName".into(), json!(entity.aliases));
    }
    let same_as: Vec<&str> = entity
        .links
        .iter()
        .map(|l| l.url.as_str())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .collect();
    if !same_as.is_empty() {
        object.insert("sameAs".into(), json!(same_as));
    }
    script_safe(&Value::Object(object))
}

/// The facts page as a `Dataset`; `metrics` are the labels of its figures.
pub fn facts(site: &Site, metrics: &[&str]) -> String {
    let mut object = Map::new();
    object.insert("@context".into(), json!("https://schema.org"));
    object.insert("@type".into(), json!("Dataset"));
    object.insert(
        "name".into(),
        json!(format!(
            "{} · {}",
            site.locale.word("nav_facts"),
            site.settings.title
        )),
    );
    object.insert(
        "description".into(),
        json!(
            site.locale
                .phrase("facts_page_description", &[("title", &site.settings.title)])
        ),
    );
    object.insert("inLanguage".into(), json!(site.settings.language));
    put(
        &mut object,
        "url",
        absolute(site, &routes::FACTS.index()).map(Value::from),
    );
    object.insert("creator".into(), publisher(site));
    if !metrics.is_empty() {
        object.insert("variableMeasured".into(), json!(metrics));
    }
    script_safe(&Value::Object(object))
}

/// The front page: the site as a `WebSite`.
pub fn website(site: &Site) -> String {
    let mut object = Map::new();
    object.insert("@context".into(), json!("https://schema.org"));
    object.insert("@type".into(), json!("WebSite"));
    object.insert("name".into(), json!(site.settings.title));
    put(
        &mut object,
        "description",
        site.settings.description.as_ref().map(|d| json!(d)),
    );
    object.insert("inLanguage".into(), json!(site.settings.language));
    put(
        &mut object,
        "url",
        site.settings.base_url.as_ref().map(|u| json!(u)),
    );
    script_safe(&Value::Object(object))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_script_or_open_a_comment() {
        let title = "Trucks </script><script>alert(1)</script> <!-- & -->";
        let value = json!({"headline": title});
        let safe = script_safe(&value);
        assert!(!safe.contains('<'), "{safe}");
        assert!(!safe.contains('>'), "{safe}");
        assert!(!safe.contains('&'), "{safe}");
        let back: Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back["headline"], title);
    }

    /// `NewsArticle` declares its fields in the order in which a
    /// `serde_json::Map` sorts keys, as the blocks built as `Value`s come
    /// out; were serde_json's `preserve_order` turned on (by any crate in
    /// the build), both would change, so both assumptions are checked.
    #[test]
    fn the_article_block_has_the_key_order_of_a_json_map() {
        assert_eq!(json!({"b": 1, "a": 2}).to_string(), r#"{"a":2,"b":1}"#);
        let reference = |name| Reference {
            kind: "Thing",
            name,
            url: Some("https://example.org/x".into()),
        };
        let tags = ["trucks".to_string()];
        let article = NewsArticle {
            context: "https://schema.org",
            kind: "NewsArticle",
            author: Some(reference("Desk")),
            citation: vec![reference("TASS")],
            date_published: "2022-06-18".into(),
            description: Some("Summary"),
            headline: "Title",
            in_language: "en",
            keywords: &tags,
            main_entity_of_page: Some("https://example.org/a/"),
            mentions: vec![reference("KAMAZ")],
            publisher: reference("Briefing"),
            url: Some("https://example.org/a/"),
        };
        let direct = serde_json::to_string(&article).expect("serialises");
        let through_a_map: Value = serde_json::from_str(&direct).expect("parses");
        assert_eq!(through_a_map.to_string(), direct);
    }

    #[test]
    fn every_kind_has_a_schema_org_type() {
        for kind in EntityKind::ALL {
            assert!(!schema_type(kind).is_empty());
        }
        assert_eq!(schema_type(EntityKind::Person), "Person");
        assert_eq!(schema_type(EntityKind::Plant), "Place");
    }
}
