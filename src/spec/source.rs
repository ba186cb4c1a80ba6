//! Spec text → a located document: the value tree plus the span of every path in it.
//!
//! Each format gets its own small builder (saphyr-parser events for YAML, toml_edit's spanned
//! document for TOML, a hand-written scanner for JSON) that produces the same two things: a
//! `serde_json::Value` and a map from spec path (`vnet.subnets[1].prefix`, the syntax
//! serde_path_to_error prints) to the byte spans of the key and the value. Syntax errors become
//! located diagnostics. This module deliberately knows nothing about the spec vocabulary: it does
//! not check field names, types or meaning (that is `validate`), and it never touches the filesystem.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Number, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Related, Severity, Span};

/// The syntax of a spec file, chosen by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Yaml,
    Toml,
    Json,
}

impl SourceFormat {
    /// The format a file's extension names (`.yaml`/`.yml`, `.toml`, `.json`; case-insensitive).
    pub fn from_path(path: &Path) -> Option<SourceFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(SourceFormat::Yaml),
            "toml" => Some(SourceFormat::Toml),
            "json" => Some(SourceFormat::Json),
            _ => None,
        }
    }
}

/// Where a path sits in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// The key naming the value (absent for sequence items and the root).
    pub key: Option<Span>,
    /// The whole value.
    pub value: Span,
    /// Whether the value is a mapping or a sequence.
    pub container: bool,
}

/// A parsed spec file.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    pub file_name: String,
    pub text: String,
    pub format: SourceFormat,
    pub value: serde_json::Value,
    /// Every path of `value` (the root is `""`) with its location.
    pub locations: HashMap<String, Location>,
}

/// Codes of syntax diagnostics.
pub mod codes {
    /// YAML that does not parse.
    pub const YAML: &str = "amlnet::syntax::yaml";
    /// TOML that does not parse.
    pub const TOML: &str = "amlnet::syntax::toml";
    /// JSON that does not parse.
    pub const JSON: &str = "amlnet::syntax::json";
    /// The same key twice in one mapping.
    pub const DUPLICATE_KEY: &str = "amlnet::syntax::duplicate_key";
    /// A YAML anchor or alias.
    pub const ANCHOR: &str = "amlnet::syntax::anchor";
    /// A YAML tag other than the core schema's.
    pub const TAG: &str = "amlnet::syntax::tag";
}

/// Parses spec text.
pub fn parse(text: &str, format: SourceFormat, file_name: &str) -> Result<SourceDoc, Diagnostics> {
    // About one located value per short line of spec: sized once, not rehashed as a large spec is read.
    let locations = HashMap::with_capacity(text.len() / 16);
    let mut builder = Builder { text, locations, diags: Vec::new() };
    let value = match format {
        SourceFormat::Yaml => yaml::build(&mut builder),
        SourceFormat::Toml => toml::build(&mut builder),
        SourceFormat::Json => json::build(&mut builder),
    };
    let diags = std::mem::take(&mut builder.diags);
    if !diags.is_empty() {
        return Err(Diagnostics { file_name: file_name.to_owned(), source: text.to_owned(), items: diags });
    }
    Ok(SourceDoc {
        file_name: file_name.to_owned(),
        text: text.to_owned(),
        format,
        value: value.unwrap_or(Value::Null),
        locations: builder.locations,
    })
}

impl SourceDoc {
    /// The location recorded for `path`, if the path exists in the text.
    pub fn location(&self, path: &str) -> Option<&Location> {
        self.locations.get(path)
    }

    /// The span a diagnostic about `path` should underline: the value of a scalar, the key of a
    /// mapping or sequence (or its first line when it has no key). A path that does not exist
    /// (a missing field) is located at its nearest existing ancestor.
    pub fn focus(&self, path: &str) -> Option<Span> {
        let mut path = path;
        loop {
            if let Some(loc) = self.locations.get(path) {
                return Some(self.focus_of(loc));
            }
            if path.is_empty() {
                return None;
            }
            path = parent_path(path);
        }
    }

    /// The span of the key of `path` (falling back to [`SourceDoc::focus`]).
    pub fn key_focus(&self, path: &str) -> Option<Span> {
        match self.locations.get(path).and_then(|loc| loc.key) {
            Some(key) => Some(key),
            None => self.focus(path),
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        line_of(&self.text, offset)
    }

    fn focus_of(&self, loc: &Location) -> Span {
        if !loc.container {
            return loc.value;
        }
        if let Some(key) = loc.key {
            return key;
        }
        first_line(&self.text, loc.value)
    }
}

/// The parent of a spec path: `a.b[1]` → `a.b`, `a.b` → `a`, `a` → ``.
pub fn parent_path(path: &str) -> &str {
    if path.ends_with(']')
        && let Some(open) = path.rfind('[')
    {
        return &path[..open];
    }
    match path.rfind('.') {
        Some(dot) => &path[..dot],
        None => "",
    }
}

/// Appends a key to a path.
pub fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

/// Appends an index to a path.
pub fn join_index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// The 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count() + 1
}

/// The part of `span` on its first line, without trailing whitespace (never empty unless `span` is).
fn first_line(text: &str, span: Span) -> Span {
    let start = span.start.min(text.len());
    let end = span.end.min(text.len()).max(start);
    let line_end = text.as_bytes()[start..end].iter().position(|b| *b == b'\n').map_or(end, |p| start + p);
    let trimmed = text.get(start..line_end).map_or(0, |s| s.trim_end().len());
    Span { start, end: start + trimmed }
}

/// Shared state of the three builders.
struct Builder<'t> {
    text: &'t str,
    locations: HashMap<String, Location>,
    diags: Vec<Diagnostic>,
}

/// How deep mappings and sequences may nest (a spec needs four levels).
const MAX_DEPTH: usize = 64;

impl Builder<'_> {
    fn record(&mut self, path: &str, key: Option<Span>, value: Span, container: bool) {
        self.locations.insert(path.to_owned(), Location { key, value, container });
    }

    fn error(&mut self, code: &'static str, span: Span, message: String, help: Option<String>) {
        let line = line_of(self.text, span.start);
        self.diags.push(Diagnostic {
            code,
            severity: Severity::Error,
            message,
            help,
            path: None,
            span: Some(span),
            line: Some(line),
            related: Vec::new(),
        });
    }

    fn duplicate_key(&mut self, path: &str, key: &str, first: Option<Span>, second: Span) {
        let line = line_of(self.text, second.start);
        let related = first
            .map(|span| Related {
                label: "first defined here".to_owned(),
                path: Some(path.to_owned()),
                span: Some(span),
                line: Some(line_of(self.text, span.start)),
            })
            .into_iter()
            .collect();
        self.diags.push(Diagnostic {
            code: codes::DUPLICATE_KEY,
            severity: Severity::Error,
            message: format!("key `{key}` appears twice"),
            help: Some(format!("remove one of the two `{key}` entries")),
            path: Some(path.to_owned()),
            span: Some(second),
            line: Some(line),
            related,
        });
    }
}

mod yaml {
    //! YAML through saphyr-parser events, resolved with the YAML 1.2 core schema.

    use saphyr_parser::{Event, Parser, ScalarStyle};

    use super::*;

    pub(super) fn build(b: &mut Builder<'_>) -> Option<Value> {
        // saphyr-parser accepts characters YAML 1.2 forbids in a stream (c-printable, section 5.1).
        if let Some((at, c)) = b.text.char_indices().find(|&(_, c)| !printable(c)) {
            let span = Span { start: at, end: at + c.len_utf8() };
            let code = u32::from(c);
            b.error(
                codes::YAML,
                span,
                format!("invalid YAML: the character U+{code:04X} may not appear in a YAML file"),
                Some(format!("remove it, or write it escaped inside a double-quoted string (\"\\u{code:04X}\")")),
            );
            return None;
        }
        let offsets = CharOffsets::new(b.text);
        let mut events = Vec::new();
        for item in Parser::new_from_str(b.text) {
            match item {
                Ok((event, span)) => {
                    let span = Span { start: offsets.byte(span.start.index()), end: offsets.byte(span.end.index()) };
                    events.push((event, span));
                }
                Err(err) => {
                    let at = offsets.byte(err.marker().index());
                    let span = Span { start: at, end: at };
                    let help = "fix the YAML syntax here (indentation, quotes, brackets)".to_owned();
                    b.error(codes::YAML, span, format!("invalid YAML: {}", err.info()), Some(help));
                    return None;
                }
            }
        }
        let mut reader = Reader { events, pos: 0 };
        // StreamStart, then at most one document.
        let mut value = None;
        let mut documents = 0;
        while let Some((event, span)) = reader.next() {
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        b.error(
                            codes::YAML,
                            span,
                            "a spec file holds one YAML document".to_owned(),
                            Some("remove the second document (after `---`)".to_owned()),
                        );
                        return None;
                    }
                    value = node(b, &mut reader, "", None, 0);
                }
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
                _ => {}
            }
        }
        value
    }

    struct Reader<'i> {
        events: Vec<(Event<'i>, Span)>,
        pos: usize,
    }

    impl<'i> Reader<'i> {
        /// Takes the next event (each is read once).
        fn next(&mut self) -> Option<(Event<'i>, Span)> {
            let item =
                self.events.get_mut(self.pos).map(|(event, span)| (std::mem::replace(event, Event::Nothing), *span));
            self.pos += 1;
            item
        }

        /// Whether the next event ends a sequence (`None` at the end of the events), and its span.
        fn peek_sequence_end(&self) -> Option<(bool, Span)> {
            self.events.get(self.pos).map(|(event, span)| (matches!(event, Event::SequenceEnd), *span))
        }
    }

    /// YAML 1.2's c-printable: tab, line feed, carriage return, printable ASCII, NEL, and the rest of
    /// Unicode but C1 controls, surrogates and U+FFFE/U+FFFF.
    fn printable(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || c >= '\u{10000}'
    }

    /// Byte offsets of characters (saphyr counts characters).
    struct CharOffsets(Option<Vec<usize>>);

    impl CharOffsets {
        fn new(text: &str) -> CharOffsets {
            if text.is_ascii() {
                return CharOffsets(None);
            }
            let mut table: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            table.push(text.len());
            CharOffsets(Some(table))
        }

        fn byte(&self, index: usize) -> usize {
            match &self.0 {
                None => index,
                Some(table) => table.get(index).copied().unwrap_or_else(|| table.last().copied().unwrap_or(0)),
            }
        }
    }

    fn node(b: &mut Builder<'_>, r: &mut Reader<'_>, path: &str, key: Option<Span>, depth: usize) -> Option<Value> {
        let (event, span) = r.next()?;
        if depth > MAX_DEPTH {
            b.error(
                codes::YAML,
                span,
                "the document nests too deeply".to_owned(),
                Some("flatten the document".to_owned()),
            );
            return None;
        }
        match event {
            Event::Alias(_) => {
                b.error(
                    codes::ANCHOR,
                    span,
                    "YAML aliases are not supported".to_owned(),
                    Some("write the value out instead of referring to an anchor".to_owned()),
                );
                None
            }
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 {
                    anchor_error(b, span);
                    return None;
                }
                let value = scalar(b, &text, style, tag.as_deref(), span)?;
                b.record(path, key, span, false);
                Some(value)
            }
            Event::SequenceStart(anchor, tag) => {
                if anchor != 0 {
                    anchor_error(b, span);
                }
                if let Some(tag) = tag.as_deref().filter(|t| !t.is_yaml_core_schema()) {
                    tag_error(b, span, &tag.to_string());
                }
                let mut items = Vec::new();
                let mut end = span.end;
                let mut index = 0;
                loop {
                    let (at_end, peek_span) = r.peek_sequence_end()?;
                    if at_end {
                        r.pos += 1;
                        end = end.max(peek_span.end);
                        break;
                    }
                    let item_path = join_index(path, index);
                    let item = node(b, r, &item_path, None, depth + 1);
                    if let Some(loc) = b.locations.get(&item_path) {
                        end = end.max(loc.value.end);
                    }
                    items.push(item.unwrap_or(Value::Null));
                    index += 1;
                }
                b.record(path, key, Span { start: span.start, end }, true);
                Some(Value::Array(items))
            }
            Event::MappingStart(anchor, tag) => {
                if anchor != 0 {
                    anchor_error(b, span);
                }
                if let Some(tag) = tag.as_deref().filter(|t| !t.is_yaml_core_schema()) {
                    tag_error(b, span, &tag.to_string());
                }
                let mut map = Map::new();
                let mut end = span.end;
                loop {
                    let (key_event, key_span) = r.next()?;
                    let key_text = match key_event {
                        Event::MappingEnd => {
                            end = end.max(key_span.end);
                            break;
                        }
                        Event::Scalar(text, _, _, _) => text.into_owned(),
                        _ => {
                            b.error(
                                codes::YAML,
                                key_span,
                                "mapping keys must be plain strings".to_owned(),
                                Some("use a simple `key: value` entry".to_owned()),
                            );
                            return None;
                        }
                    };
                    let child_path = join_key(path, &key_text);
                    let first = b.locations.get(&child_path).and_then(|loc| loc.key);
                    let duplicate = map.contains_key(&key_text);
                    let value = node(b, r, &child_path, Some(key_span), depth + 1);
                    if duplicate {
                        b.duplicate_key(&child_path, &key_text, first, key_span);
                        continue;
                    }
                    if let Some(loc) = b.locations.get(&child_path) {
                        end = end.max(loc.value.end);
                    }
                    map.insert(key_text, value.unwrap_or(Value::Null));
                }
                b.record(path, key, Span { start: span.start, end }, true);
                Some(Value::Object(map))
            }
            _ => {
                b.error(
                    codes::YAML,
                    span,
                    "unexpected YAML event".to_owned(),
                    Some("fix the YAML syntax here".to_owned()),
                );
                None
            }
        }
    }

    fn anchor_error(b: &mut Builder<'_>, span: Span) {
        b.error(
            codes::ANCHOR,
            span,
            "YAML anchors are not supported".to_owned(),
            Some("remove the `&anchor` and write values out in full".to_owned()),
        );
    }

    fn tag_error(b: &mut Builder<'_>, span: Span, tag: &str) {
        b.error(
            codes::TAG,
            span,
            format!("YAML tag `{tag}` is not supported"),
            Some("remove the tag; only the core schema tags such as `!!str` are understood".to_owned()),
        );
    }

    fn scalar(
        b: &mut Builder<'_>,
        text: &str,
        style: ScalarStyle,
        tag: Option<&saphyr_parser::Tag>,
        span: Span,
    ) -> Option<Value> {
        if let Some(tag) = tag {
            if !tag.is_yaml_core_schema() {
                tag_error(b, span, &tag.to_string());
                return None;
            }
            if tag.suffix == "str" {
                return Some(Value::String(text.to_owned()));
            }
        }
        if style != ScalarStyle::Plain {
            return Some(Value::String(text.to_owned()));
        }
        match resolve_plain(text) {
            Ok(value) => Some(value),
            Err(message) => {
                b.error(codes::YAML, span, message, Some("quote the value to make it a string".to_owned()));
                None
            }
        }
    }

    /// Resolves a plain scalar with the YAML 1.2 core schema.
    pub(super) fn resolve_plain(text: &str) -> Result<Value, String> {
        match text {
            "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
            "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
            "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
            _ => {}
        }
        let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
        let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
        if digits(unsigned, 10) {
            if let Ok(n) = text.parse::<i64>() {
                return Ok(Value::Number(n.into()));
            }
            if let Ok(n) = text.trim_start_matches('+').parse::<u64>() {
                return Ok(Value::Number(n.into()));
            }
            return Err(format!("integer `{text}` is out of range"));
        }
        for (prefix, radix) in [("0o", 8), ("0x", 16)] {
            if let Some(rest) = text.strip_prefix(prefix)
                && digits(rest, radix)
            {
                return u64::from_str_radix(rest, radix)
                    .map(|n| Value::Number(n.into()))
                    .map_err(|_| format!("integer `{text}` is out of range"));
            }
        }
        if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
            return Err(format!("`{text}` is not a finite number"));
        }
        if is_core_float(unsigned)
            && let Ok(f) = text.parse::<f64>()
            && let Some(n) = Number::from_f64(f)
        {
            return Ok(Value::Number(n));
        }
        Ok(Value::String(text.to_owned()))
    }

    /// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    fn is_core_float(s: &str) -> bool {
        let (mantissa, exponent) = match s.find(['e', 'E']) {
            Some(i) => (&s[..i], Some(&s[i + 1..])),
            None => (s, None),
        };
        let all_digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
        let mantissa_ok = match mantissa.split_once('.') {
            Some((int, frac)) => all_digits(int) && all_digits(frac) && (!int.is_empty() || !frac.is_empty()),
            None => !mantissa.is_empty() && all_digits(mantissa),
        };
        let exponent_ok = exponent.is_none_or(|e| {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && all_digits(e)
        });
        mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
    }
}

mod toml {
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
            b.error(
                codes::TOML,
                span,
                "the document nests too deeply".to_owned(),
                Some("flatten the document".to_owned()),
            );
            return Value::Null;
        }
        let (out, container) = match value {
            V::String(s) => (Value::String(s.value().clone()), false),
            V::Integer(i) => (Value::Number((*i.value()).into()), false),
            V::Float(f) => (
                Number::from_f64(*f.value()).map_or_else(|| Value::String(f.value().to_string()), Value::Number),
                false,
            ),
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
}

mod json {
    //! JSON through a small recursive-descent scanner that records spans.

    use super::*;

    pub(super) fn build(b: &mut Builder<'_>) -> Option<Value> {
        let mut scanner = Scanner { text: b.text, bytes: b.text.as_bytes(), pos: 0 };
        let result = scanner.value(b, "", None, 0);
        match result {
            Ok(value) => {
                scanner.skip_ws();
                if scanner.pos < scanner.bytes.len() {
                    let at = scanner.pos;
                    b.error(
                        codes::JSON,
                        Span { start: at, end: at + 1 },
                        "invalid JSON: unexpected text after the document".to_owned(),
                        Some("remove everything after the closing `}`".to_owned()),
                    );
                    return None;
                }
                Some(value)
            }
            Err((at, message)) => {
                let end = (at + 1).min(b.text.len()).max(at);
                let help = "fix the JSON syntax here (quotes, commas, brackets)".to_owned();
                b.error(codes::JSON, Span { start: at, end }, format!("invalid JSON: {message}"), Some(help));
                None
            }
        }
    }

    type Failure = (usize, String);

    struct Scanner<'t> {
        text: &'t str,
        bytes: &'t [u8],
        pos: usize,
    }

    impl Scanner<'_> {
        fn skip_ws(&mut self) {
            while let Some(c) = self.bytes.get(self.pos) {
                if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                    self.pos += 1;
                } else {
                    break;
                }
            }
        }

        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.pos).copied()
        }

        fn found(&self) -> String {
            match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
                Some(c) => format!("found `{c}`"),
                None => "found the end of the file".to_owned(),
            }
        }

        fn value(
            &mut self,
            b: &mut Builder<'_>,
            path: &str,
            key: Option<Span>,
            depth: usize,
        ) -> Result<Value, Failure> {
            self.skip_ws();
            let start = self.pos;
            if depth > MAX_DEPTH {
                return Err((start, "the document nests too deeply".to_owned()));
            }
            let (value, container) = match self.peek() {
                Some(b'{') => (self.object(b, path, depth)?, true),
                Some(b'[') => (self.array(b, path, depth)?, true),
                Some(b'"') => (Value::String(self.string()?), false),
                Some(b't') => (self.literal("true", Value::Bool(true))?, false),
                Some(b'f') => (self.literal("false", Value::Bool(false))?, false),
                Some(b'n') => (self.literal("null", Value::Null)?, false),
                Some(c) if c == b'-' || c.is_ascii_digit() => (self.number()?, false),
                _ => return Err((start, format!("expected a value, {}", self.found()))),
            };
            b.record(path, key, Span { start, end: self.pos }, container);
            Ok(value)
        }

        fn literal(&mut self, word: &str, value: Value) -> Result<Value, Failure> {
            if self.bytes[self.pos..].starts_with(word.as_bytes()) {
                self.pos += word.len();
                Ok(value)
            } else {
                Err((self.pos, format!("expected a value, {}", self.found())))
            }
        }

        fn number(&mut self) -> Result<Value, Failure> {
            let start = self.pos;
            if self.peek() == Some(b'-') {
                self.pos += 1;
            }
            let digits = |s: &mut Self| {
                let from = s.pos;
                while s.peek().is_some_and(|c| c.is_ascii_digit()) {
                    s.pos += 1;
                }
                s.pos - from
            };
            let int_start = self.pos;
            if digits(self) == 0 {
                return Err((self.pos, format!("expected a digit, {}", self.found())));
            }
            if self.bytes[int_start] == b'0' && self.pos - int_start > 1 {
                return Err((int_start, "numbers must not have leading zeros".to_owned()));
            }
            let mut float = false;
            if self.peek() == Some(b'.') {
                float = true;
                self.pos += 1;
                if digits(self) == 0 {
                    return Err((self.pos, format!("expected a digit, {}", self.found())));
                }
            }
            if matches!(self.peek(), Some(b'e' | b'E')) {
                float = true;
                self.pos += 1;
                if matches!(self.peek(), Some(b'+' | b'-')) {
                    self.pos += 1;
                }
                if digits(self) == 0 {
                    return Err((self.pos, format!("expected a digit, {}", self.found())));
                }
            }
            let text = &self.text[start..self.pos];
            if !float {
                if let Ok(n) = text.parse::<i64>() {
                    return Ok(Value::Number(n.into()));
                }
                if let Ok(n) = text.parse::<u64>() {
                    return Ok(Value::Number(n.into()));
                }
            }
            text.parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| (start, format!("number `{text}` is out of range")))
        }

        fn string(&mut self) -> Result<String, Failure> {
            let start = self.pos;
            self.pos += 1; // the opening quote
            let mut out = String::new();
            loop {
                let Some(c) = self.peek() else {
                    return Err((start, "unterminated string".to_owned()));
                };
                match c {
                    b'"' => {
                        self.pos += 1;
                        return Ok(out);
                    }
                    b'\\' => {
                        self.pos += 1;
                        let escape = self.peek().ok_or_else(|| (start, "unterminated string".to_owned()))?;
                        self.pos += 1;
                        match escape {
                            b'"' => out.push('"'),
                            b'\\' => out.push('\\'),
                            b'/' => out.push('/'),
                            b'b' => out.push('\u{8}'),
                            b'f' => out.push('\u{c}'),
                            b'n' => out.push('\n'),
                            b'r' => out.push('\r'),
                            b't' => out.push('\t'),
                            b'u' => out.push(self.unicode_escape()?),
                            _ => return Err((self.pos - 1, "invalid escape in string".to_owned())),
                        }
                    }
                    b'\n' => return Err((start, "unterminated string (a string cannot span lines)".to_owned())),
                    c if c < 0x20 => return Err((self.pos, "control character in string".to_owned())),
                    _ => {
                        // Copy one UTF-8 character.
                        let rest = &self.text[self.pos..];
                        let ch = rest.chars().next().ok_or_else(|| (start, "unterminated string".to_owned()))?;
                        out.push(ch);
                        self.pos += ch.len_utf8();
                    }
                }
            }
        }

        fn hex4(&mut self) -> Result<u32, Failure> {
            let at = self.pos;
            let digits =
                self.text.get(self.pos..self.pos + 4).ok_or_else(|| (at, "invalid `\\u` escape".to_owned()))?;
            let n = u32::from_str_radix(digits, 16).map_err(|_| (at, "invalid `\\u` escape".to_owned()))?;
            if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
                return Err((at, "invalid `\\u` escape".to_owned()));
            }
            self.pos += 4;
            Ok(n)
        }

        fn unicode_escape(&mut self) -> Result<char, Failure> {
            let at = self.pos;
            let first = self.hex4()?;
            let code = if (0xD800..0xDC00).contains(&first) {
                if !self.bytes[self.pos..].starts_with(b"\\u") {
                    return Err((at, "unpaired surrogate in `\\u` escape".to_owned()));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..0xE000).contains(&second) {
                    return Err((at, "unpaired surrogate in `\\u` escape".to_owned()));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            } else {
                first
            };
            char::from_u32(code).ok_or_else(|| (at, "invalid `\\u` escape".to_owned()))
        }

        fn object(&mut self, b: &mut Builder<'_>, path: &str, depth: usize) -> Result<Value, Failure> {
            self.pos += 1; // `{`
            let mut map = Map::new();
            self.skip_ws();
            if self.peek() == Some(b'}') {
                self.pos += 1;
                return Ok(Value::Object(map));
            }
            loop {
                self.skip_ws();
                if self.peek() != Some(b'"') {
                    return Err((self.pos, format!("expected a string key, {}", self.found())));
                }
                let key_start = self.pos;
                let key = self.string()?;
                let key_span = Span { start: key_start, end: self.pos };
                self.skip_ws();
                if self.peek() != Some(b':') {
                    return Err((self.pos, format!("expected `:`, {}", self.found())));
                }
                self.pos += 1;
                let child = join_key(path, &key);
                let first = b.locations.get(&child).and_then(|loc| loc.key);
                if map.contains_key(&key) {
                    let mut scratch = Builder { text: b.text, locations: HashMap::new(), diags: Vec::new() };
                    self.value(&mut scratch, &child, Some(key_span), depth + 1)?;
                    b.duplicate_key(&child, &key, first, key_span);
                } else {
                    let value = self.value(b, &child, Some(key_span), depth + 1)?;
                    map.insert(key, value);
                }
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.comma(b'}')?,
                    Some(b'}') => {
                        self.pos += 1;
                        return Ok(Value::Object(map));
                    }
                    _ => return Err((self.pos, format!("expected `,` or `}}`, {}", self.found()))),
                }
            }
        }

        /// Consumes a `,`, rejecting a trailing one before `close`.
        fn comma(&mut self, close: u8) -> Result<(), Failure> {
            let at = self.pos;
            self.pos += 1;
            self.skip_ws();
            if self.peek() == Some(close) {
                return Err((at, format!("trailing comma before `{}`", char::from(close))));
            }
            Ok(())
        }

        fn array(&mut self, b: &mut Builder<'_>, path: &str, depth: usize) -> Result<Value, Failure> {
            self.pos += 1; // `[`
            let mut items = Vec::new();
            self.skip_ws();
            if self.peek() == Some(b']') {
                self.pos += 1;
                return Ok(Value::Array(items));
            }
            loop {
                let child = join_index(path, items.len());
                items.push(self.value(b, &child, None, depth + 1)?);
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.comma(b']')?,
                    Some(b']') => {
                        self.pos += 1;
                        return Ok(Value::Array(items));
                    }
                    _ => return Err((self.pos, format!("expected `,` or `]`, {}", self.found()))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate(text: &str, format: SourceFormat, path: &str) -> (String, usize) {
        let doc = parse(text, format, "t").unwrap();
        let span = doc.focus(path).unwrap();
        (text[span.start..span.end].to_owned(), doc.line_of(span.start))
    }

    #[test]
    fn from_path() {
        assert_eq!(SourceFormat::from_path(Path::new("a/b.YML")), Some(SourceFormat::Yaml));
        assert_eq!(SourceFormat::from_path(Path::new("b.toml")), Some(SourceFormat::Toml));
        assert_eq!(SourceFormat::from_path(Path::new("b.json")), Some(SourceFormat::Json));
        assert_eq!(SourceFormat::from_path(Path::new("b")), None);
    }

    #[test]
    fn paths() {
        assert_eq!(parent_path("a.b[1]"), "a.b");
        assert_eq!(parent_path("a.b"), "a");
        assert_eq!(parent_path("a"), "");
    }

    #[test]
    fn yaml_scalars_and_spans() {
        let text = "a: 1\nb: '1'\nc: [x, ~, true, 1.5, 0x10]\nd:\n  - e: é\n    f: g\n";
        let doc = parse(text, SourceFormat::Yaml, "t").unwrap();
        assert_eq!(
            doc.value,
            serde_json::json!({"a": 1, "b": "1", "c": ["x", null, true, 1.5, 16], "d": [{"e": "é", "f": "g"}]})
        );
        assert_eq!(locate(text, SourceFormat::Yaml, "d[0].f"), ("g".to_owned(), 6));
        assert_eq!(locate(text, SourceFormat::Yaml, "d[0]"), ("e: é".to_owned(), 5));
        assert_eq!(locate(text, SourceFormat::Yaml, "c[3]"), ("1.5".to_owned(), 3));
        assert_eq!(locate(text, SourceFormat::Yaml, "d[0].missing"), ("e: é".to_owned(), 5));
    }

    #[test]
    fn yaml_rejects() {
        for bad in ["a: &x 1\nb: *x\n", "a: 1\na: 2\n", "a: !foo 1\n", "a: [\n", "a: 1\n---\nb: 2\n"] {
            let err = parse(bad, SourceFormat::Yaml, "t").unwrap_err();
            assert!(!err.items.is_empty(), "{bad}");
        }
        assert_eq!(yaml::resolve_plain("1e3").unwrap(), serde_json::json!(1000.0));
        assert_eq!(yaml::resolve_plain("10.0.0.0/8").unwrap(), serde_json::json!("10.0.0.0/8"));
        assert_eq!(yaml::resolve_plain("-7").unwrap(), serde_json::json!(-7));
    }

    #[test]
    fn toml_spans() {
        let text = "a = 1\n[v]\ns = [{ n = \"x\" }]\n[[c]]\nn = \"y\"\n[[c]]\nn = \"z\"\n";
        let doc = parse(text, SourceFormat::Toml, "t").unwrap();
        assert_eq!(doc.value, serde_json::json!({"a": 1, "v": {"s": [{"n": "x"}]}, "c": [{"n": "y"}, {"n": "z"}]}));
        assert_eq!(locate(text, SourceFormat::Toml, "v.s[0].n"), ("\"x\"".to_owned(), 3));
        assert_eq!(locate(text, SourceFormat::Toml, "c[1].n"), ("\"z\"".to_owned(), 7));
        assert_eq!(locate(text, SourceFormat::Toml, "c[1]").1, 6);
    }

    #[test]
    fn json_spans_and_errors() {
        let text = "{\n  \"a\": [1, {\"b\": \"\\u00e9\"}],\n  \"c\": -2.5e1\n}";
        let doc = parse(text, SourceFormat::Json, "t").unwrap();
        assert_eq!(doc.value, serde_json::json!({"a": [1, {"b": "é"}], "c": -25.0}));
        assert_eq!(locate(text, SourceFormat::Json, "a[1].b"), ("\"\\u00e9\"".to_owned(), 2));
        for bad in ["{", "{\"a\" 1}", "[1,]", "{\"a\":1}x", "\"\\ud800\"", "01", "{\"a\":1,\"a\":2}"] {
            assert!(parse(bad, SourceFormat::Json, "t").is_err(), "{bad}");
        }
    }
}
