//! A YAML file read as plain data (no schema), each node with its place.
//!
//! Used only for files that failed to load: `load::yaml` splits such a file
//! into pieces (each mapping entry, each list item) to report every problem in
//! it, not just the first; and `resolve` asks what is still readable in it (a
//! broken annotation's seed, a broken entity's metrics) so that nothing else
//! is reported because of it.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// One YAML node. Scalars are kept as their text (numbers and booleans too).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Scalar(String),
    List(Vec<Spanned<Value>>),
    Map(Vec<(Spanned<Value>, Spanned<Value>)>),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Scalar(text) => Some(text),
            _ => None,
        }
    }

    /// The value of `key`, when this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.value.as_str() == Some(key))
                .map(|(_, v)| &v.value),
            _ => None,
        }
    }

    /// Every text found by following `path` from here: a key selects that
    /// key's value, `*` every item of a list (or every value of a mapping).
    pub fn strings_at(&self, path: &[&str]) -> Vec<String> {
        let mut found = Vec::new();
        self.collect_strings(path, &mut found);
        found
    }

    fn collect_strings(&self, path: &[&str], found: &mut Vec<String>) {
        let Some((first, rest)) = path.split_first() else {
            if let Some(text) = self.as_str() {
                found.push(text.to_string());
            }
            return;
        };
        match (self, *first) {
            (Value::List(items), "*") => {
                for item in items {
                    item.value.collect_strings(rest, found);
                }
            }
            (Value::Map(entries), "*") => {
                for (_, value) in entries {
                    value.value.collect_strings(rest, found);
                }
            }
            (_, key) => {
                if let Some(value) = self.get(key) {
                    value.collect_strings(rest, found);
                }
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_char<E: de::Error>(self, v: char) -> Result<Value, E> {
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Scalar(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Scalar(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Value>>()? {
            let value = map.next_value::<Spanned<Value>>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_found_by_path_with_places_kept() {
        let yaml =
            "name: K\nfacts:\n  - metric: a\n    value: 1\n  - metric: b\nflow: [x, {y: z}]\n";
        let tree: Spanned<Value> = serde_saphyr::from_str(yaml).unwrap();
        assert_eq!(tree.value.strings_at(&["facts", "*", "metric"]), ["a", "b"]);
        assert_eq!(tree.value.strings_at(&["flow", "*"]), ["x"]);
        assert_eq!(tree.value.strings_at(&["facts", "*", "value"]), ["1"]);
        assert_eq!(tree.value.get("name").and_then(Value::as_str), Some("K"));
        let Some(Value::List(facts)) = tree.value.get("facts") else {
            panic!("facts is a list")
        };
        // A block mapping is placed at its first key, so its list item's `-` is just before.
        assert_eq!(
            (facts[1].referenced.line(), facts[1].referenced.column()),
            (5, 5)
        );
    }
}
