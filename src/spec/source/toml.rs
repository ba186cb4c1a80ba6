//! TOML through toml_edit's spanned document.

use toml_edit::{Document, Item, Table};

use super::*;

pub(super) fn build(b: &mut Builder<'_>) -> Option<Value> {
    let doc = match Document::parse(b.text) {
        Ok(doc) => doc,
        Err(err) => {
            let range = err.span().unwrap_or(0..0);
            let span = Span { start: range.start, end: range.end.max(range.start) };
            let message = err.message().trim().trim_end_matches('.').to_owned();
            let help = "fix the TOML syntax here (quotes, brackets, one definition per key)".to_owned();
            b.error(codes::TOML, span, format!("invalid TOML: {message}"), Some(help));
            return None;
        }
    };
    let root = doc.as_table();
    // The root starts at its first line that is neither blank nor a comment.
    let mut start = 0;
    for line in b.text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            start += line.len() - trimmed.len();
            break;
        }
        start += line.len();
    }
    let whole = Span { start: start.min(b.text.len()), end: b.text.len() };
    let value = table(b, root, "", 0);
    b.record("", None, whole, true);
    Some(value)
}

fn to_span(range: Option<std::ops::Range<usize>>) -> Option<Span> {
    range.map(|r| Span { start: r.start, end: r.end })
}

fn table(b: &mut Builder<'_>, table: &Table, path: &str, depth: usize) -> Value {
    let mut map = Map::new();
    for (key, item) in table.iter() {
        let key_span = table.key(key).and_then(|k| to_span(k.span()));
        let child = join_key(path, key);
        if let Some(value) = self::item(b, item, &child, key_span, depth + 1) {
            map.insert(key.to_owned(), value);
        }
    }
    Value::Object(map)
}

fn item(b: &mut Builder<'_>, item: &Item, path: &str, key: Option<Span>, depth: usize) -> Option<Value> {
    let fallback = key.unwrap_or(Span { start: 0, end: 0 });
    if depth > MAX_DEPTH {
        b.error(
            codes::TOML,
            fallback,
            "the document nests too deeply".to_owned(),
            Some("flatten the document".to_owned()),
        );
        return None;
    }
    match item {
        Item::None => None,
        Item::Value(value) => Some(self::value(b, value, path, key, depth)),
        Item::Table(t) => {
            let span = to_span(t.span()).unwrap_or(fallback);
            let v = table(b, t, path, depth);
            b.record(path, key, span, true);
            Some(v)
        }
        Item::ArrayOfTables(tables) => {
            let span = to_span(tables.span()).unwrap_or(fallback);
            let mut items = Vec::new();
            for (index, t) in tables.iter().enumerate() {
                let item_path = join_index(path, index);
                let item_span = to_span(t.span()).unwrap_or(span);
                items.push(table(b, t, &item_path, depth + 1));
                b.record(&item_path, None, item_span, true);
            }
            b.record(path, key, span, true);
            Some(Value::Array(items))
        }
    }
}

fn value(b: &mut Builder<'_>, value: &toml_edit::Value, path: &str, key: Option<Span>, depth: usize) -> Value {
    use toml_edit::Value as V;
    let span = to_span(value.span()).or(key).unwrap_or(Span { start: 0, end: 0 });
    if depth > MAX_DEPTH {
        b.error(codes::TOML, span, "the document nests too deeply".to_owned(), Some("flatten the document".to_owned()));
        return Value::Null;
    }
    let (out, container) = match value {
        V::String(s) => (Value::String(s.value().clone()), false),
        V::Integer(i) => (Value::Number((*i.value()).into()), false),
        V::Float(f) => match Number::from_f64(*f.value()) {
            Some(n) => (Value::Number(n), false),
            None => {
                b.error(
                    codes::TOML,
                    span,
                    format!("`{}` is not a finite number", f.value()),
                    Some("write a finite number".to_owned()),
                );
                return Value::Null;
            }
        },
        V::Boolean(x) => (Value::Bool(*x.value()), false),
        V::Datetime(d) => (Value::String(d.value().to_string()), false),
        V::Array(array) => {
            let mut items = Vec::new();
            for (index, v) in array.iter().enumerate() {
                items.push(self::value(b, v, &join_index(path, index), None, depth + 1));
            }
            (Value::Array(items), true)
        }
        V::InlineTable(t) => {
            let mut map = Map::new();
            for (k, v) in t.iter() {
                let key_span = t.key(k).and_then(|k| to_span(k.span()));
                map.insert(k.to_owned(), self::value(b, v, &join_key(path, k), key_span, depth + 1));
            }
            (Value::Object(map), true)
        }
    };
    b.record(path, key, span, container);
    out
}
