//! An overlay merged into a located document: the value tree of one environment, each path located
//! where its value was written (the overlay's line or the base's), so validating the result points
//! every diagnostic at the text that decided it.
//!
//! The rules (README, "Environments"):
//! - mappings merge key by key, recursively; a key only the overlay has is added;
//! - a sequence whose items are all mappings with a string `name`, given a non-empty sequence of
//!   such items, merges by `name`: an overlay item merges into the base item of the same name (the
//!   first overlay item of a name does; a later one is appended), the others are appended in order;
//! - anything else (a scalar, an empty sequence, a sequence of other items, a change of type)
//!   replaces the base value whole.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Location, SourceDoc, join_index, join_key};

impl SourceDoc {
    /// This document without its top-level member `drop`, with the mapping at the top-level path
    /// `overlay` (e.g. `environments.dev`, a mapping or null) merged over it. The text, file name
    /// and format are this document's; only the value and the locations differ.
    pub fn overlaid(&self, drop: &str, overlay: &str) -> SourceDoc {
        let empty = Map::new();
        let base = self.value.as_object().unwrap_or(&empty);
        let over = lookup(&self.value, overlay);
        let mut locations = HashMap::with_capacity(self.locations.len());
        let mut merger = Merger { doc: self, out: &mut locations };
        let mut value = Map::with_capacity(base.len());
        if let Some(root) = self.locations.get("") {
            merger.out.insert(String::new(), *root);
        }
        let over = over.and_then(Value::as_object).unwrap_or(&empty);
        for (key, base_value) in base.iter().filter(|(key, _)| *key != drop) {
            let merged = match over.get(key) {
                Some(over_value) => merger.merge(base_value, key, over_value, &join_key(overlay, key), key),
                None => merger.copy(base_value, key, key),
            };
            value.insert(key.clone(), merged);
        }
        for (key, over_value) in over.iter().filter(|(key, _)| !base.contains_key(*key)) {
            value.insert(key.clone(), merger.copy(over_value, &join_key(overlay, key), key));
        }
        SourceDoc {
            file_name: self.file_name.clone(),
            text: self.text.clone(),
            format: self.format,
            value: Value::Object(value),
            locations,
            lines: self.lines.clone(),
        }
    }
}

/// The value at a path of mapping keys (`a.b`), if every step is a mapping holding the key.
fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(value, |value, key| value.as_object()?.get(key))
}

/// Whether sequence items merge by `name`: every item a mapping with a string `name`.
fn named(items: &[Value]) -> bool {
    items.iter().all(|item| item.get("name").is_some_and(Value::is_string))
}

struct Merger<'d, 'o> {
    doc: &'d SourceDoc,
    out: &'o mut HashMap<String, Location>,
}

impl Merger<'_, '_> {
    /// `value` (at `from` in the document) placed at `to`, with every location under it.
    fn copy(&mut self, value: &Value, from: &str, to: &str) -> Value {
        self.relocate(value, from, to);
        value.clone()
    }

    fn relocate(&mut self, value: &Value, from: &str, to: &str) {
        if let Some(location) = self.doc.locations.get(from) {
            self.out.insert(to.to_owned(), *location);
        }
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    self.relocate(child, &join_key(from, key), &join_key(to, key));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    self.relocate(child, &join_index(from, index), &join_index(to, index));
                }
            }
            _ => {}
        }
    }

    /// `over` (at `over_path`) merged over `base` (at `base_path`), placed at `to`.
    fn merge(&mut self, base: &Value, base_path: &str, over: &Value, over_path: &str, to: &str) -> Value {
        match (base, over) {
            (Value::Object(base_map), Value::Object(over_map)) => {
                // The key is the overlay's (where the change is written), the extent the base's.
                self.locate_container(base_path, over_path, to);
                let mut merged = Map::with_capacity(base_map.len() + over_map.len());
                for (key, base_value) in base_map {
                    let (from, at) = (join_key(base_path, key), join_key(to, key));
                    let value = match over_map.get(key) {
                        Some(over_value) => self.merge(base_value, &from, over_value, &join_key(over_path, key), &at),
                        None => self.copy(base_value, &from, &at),
                    };
                    merged.insert(key.clone(), value);
                }
                for (key, over_value) in over_map.iter().filter(|(key, _)| !base_map.contains_key(*key)) {
                    let value = self.copy(over_value, &join_key(over_path, key), &join_key(to, key));
                    merged.insert(key.clone(), value);
                }
                Value::Object(merged)
            }
            (Value::Array(base_items), Value::Array(over_items))
                if !over_items.is_empty() && named(base_items) && named(over_items) =>
            {
                self.locate_container(base_path, over_path, to);
                let mut used = vec![false; over_items.len()];
                let mut merged = Vec::with_capacity(base_items.len() + over_items.len());
                for (index, base_item) in base_items.iter().enumerate() {
                    let from = join_index(base_path, index);
                    let at = join_index(to, merged.len());
                    let twin = over_items
                        .iter()
                        .enumerate()
                        .find(|(j, item)| !used[*j] && item.get("name") == base_item.get("name"))
                        .map(|(j, _)| j);
                    let value = match twin {
                        Some(j) => {
                            used[j] = true;
                            self.merge(base_item, &from, &over_items[j], &join_index(over_path, j), &at)
                        }
                        None => self.copy(base_item, &from, &at),
                    };
                    merged.push(value);
                }
                for (j, over_item) in over_items.iter().enumerate().filter(|(j, _)| !used[*j]) {
                    let at = join_index(to, merged.len());
                    merged.push(self.copy(over_item, &join_index(over_path, j), &at));
                }
                Value::Array(merged)
            }
            _ => self.copy(over, over_path, to),
        }
    }

    /// A merged mapping or sequence: the overlay's key, the base's value span.
    fn locate_container(&mut self, base_path: &str, over_path: &str, to: &str) {
        let base = self.doc.locations.get(base_path).copied();
        let over = self.doc.locations.get(over_path).copied();
        if let Some(location) = base.or(over) {
            let key = over.and_then(|o| o.key).or(location.key);
            self.out.insert(to.to_owned(), Location { key, ..location });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{SourceFormat, parse};
    use serde_json::json;

    const TEXT: &str = "\
name: base
vnet:
  address_space: 10.0.0.0/16
  subnets:
    - name: a
      prefix: 10.0.1.0/24
    - name: b
      prefix: 10.0.2.0/24
tags: [x, y]
environments:
  dev:
    vnet:
      address_space: 10.1.0.0/16
      subnets:
        - name: b
          prefix: 10.1.2.0/24
        - name: c
          prefix: 10.1.3.0/24
    tags: [z]
    extra: 1
";

    fn at(doc: &super::SourceDoc, path: &str) -> (String, usize) {
        let span = doc.focus(path).unwrap();
        (doc.text[span.start..span.end].to_owned(), doc.line_of(span.start))
    }

    #[test]
    fn mappings_merge_named_items_merge_and_the_rest_is_replaced() {
        let doc = parse(TEXT, SourceFormat::Yaml, "t").unwrap();
        let dev = doc.overlaid("environments", "environments.dev");
        assert_eq!(
            dev.value,
            json!({
                "name": "base",
                "vnet": {
                    "address_space": "10.1.0.0/16",
                    "subnets": [
                        {"name": "a", "prefix": "10.0.1.0/24"},
                        {"name": "b", "prefix": "10.1.2.0/24"},
                        {"name": "c", "prefix": "10.1.3.0/24"}
                    ]
                },
                "tags": ["z"],
                "extra": 1
            })
        );
        assert_eq!(at(&dev, "name"), ("base".to_owned(), 1));
        assert_eq!(at(&dev, "vnet.address_space"), ("10.1.0.0/16".to_owned(), 13));
        assert_eq!(at(&dev, "vnet.subnets[0].prefix"), ("10.0.1.0/24".to_owned(), 6));
        assert_eq!(at(&dev, "vnet.subnets[1].name"), ("b".to_owned(), 15));
        assert_eq!(at(&dev, "vnet.subnets[1].prefix"), ("10.1.2.0/24".to_owned(), 16));
        assert_eq!(at(&dev, "vnet.subnets[2].prefix"), ("10.1.3.0/24".to_owned(), 18));
        assert_eq!(at(&dev, "tags[0]"), ("z".to_owned(), 19));
        assert_eq!(at(&dev, "tags[1]"), at(&dev, "tags")); // gone: located at the sequence
        assert_eq!(at(&dev, "extra"), ("1".to_owned(), 20));
        assert_eq!(at(&dev, "vnet"), ("vnet".to_owned(), 12));
        assert!(dev.location("environments").is_none());
    }

    #[test]
    fn a_null_or_missing_overlay_is_the_base() {
        let doc = parse("a: 1\nenvironments:\n  dev:\n", SourceFormat::Yaml, "t").unwrap();
        assert_eq!(doc.overlaid("environments", "environments.dev").value, json!({"a": 1}));
        assert_eq!(doc.overlaid("environments", "environments.prod").value, json!({"a": 1}));
    }

    #[test]
    fn an_empty_sequence_replaces() {
        let doc = parse("c: [{name: x}]\ne:\n  d:\n    c: []\n", SourceFormat::Yaml, "t").unwrap();
        assert_eq!(doc.overlaid("e", "e.d").value, json!({"c": []}));
    }
}
