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

use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex, Related, Severity, Span};

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
    lines: LineIndex,
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
    /// A file that is not UTF-8.
    pub const ENCODING: &str = "amlnet::syntax::encoding";
    /// A file larger than [`super::MAX_SPEC_BYTES`].
    pub const SIZE: &str = "amlnet::syntax::size";
}

/// The largest spec read, in bytes (2 MiB). A spec of a thousand subnets is well under 1 MiB; the
/// cap keeps the time and memory spent on a wrong file (a log, a disk image) small.
pub const MAX_SPEC_BYTES: usize = 2 << 20;

/// Spec file contents as text: at most [`MAX_SPEC_BYTES`] bytes of UTF-8, else a diagnostic
/// (an encoding error is located at its first bad byte).
pub fn decode(bytes: Vec<u8>, file_name: &str) -> Result<String, Diagnostics> {
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(too_large(file_name));
    }
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let byte = err.as_bytes()[at];
        // The text shown replaces bad bytes with U+FFFD; everything before the first is unchanged.
        let source = String::from_utf8_lossy(err.as_bytes()).into_owned();
        let span = Span { start: at, end: at + '\u{FFFD}'.len_utf8() };
        let mut diags = Diagnostics::new(file_name, &source);
        diags.items.push(Diagnostic {
            code: codes::ENCODING,
            severity: Severity::Error,
            message: format!("the file is not UTF-8: byte {at} (0x{byte:02X}) begins no character"),
            help: Some("save the file as UTF-8".to_owned()),
            path: None,
            span: Some(span),
            line: Some(LineIndex::new(&source).line(at)),
            related: Vec::new(),
        });
        diags
    })
}

fn too_large(file_name: &str) -> Diagnostics {
    let mut diags = Diagnostics::new(file_name, "");
    diags.items.push(Diagnostic {
        code: codes::SIZE,
        severity: Severity::Error,
        message: format!("the spec is larger than {} MiB, the most amlnet reads", MAX_SPEC_BYTES >> 20),
        help: Some("check that this is the spec file; a spec is a few kilobytes".to_owned()),
        path: None,
        span: None,
        line: None,
        related: Vec::new(),
    });
    diags
}

/// Parses spec text (at most [`MAX_SPEC_BYTES`]; a leading byte order mark is allowed in every syntax).
pub fn parse(text: &str, format: SourceFormat, file_name: &str) -> Result<SourceDoc, Diagnostics> {
    if text.len() > MAX_SPEC_BYTES {
        return Err(too_large(file_name));
    }
    // About one located value per short line of spec: sized once, not rehashed as a large spec is read.
    let locations = HashMap::with_capacity(text.len() / 16);
    let lines = LineIndex::new(text);
    let mut builder = Builder { text, lines: &lines, locations, diags: Vec::new() };
    let value = match format {
        SourceFormat::Yaml => yaml::build(&mut builder),
        SourceFormat::Toml => toml::build(&mut builder),
        SourceFormat::Json => json::build(&mut builder),
    };
    if !builder.locations.contains_key("") {
        // An empty document (or one holding only comments) is located at its start.
        builder.record("", None, Span { start: 0, end: text.len() }, true);
    }
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
        lines,
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
        self.lines.line(offset)
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

/// The 1-based line of a byte offset in `text` (a line ends at `\n`, `\r\n` or a lone `\r`).
pub fn line_of(text: &str, offset: usize) -> usize {
    LineIndex::new(text).line(offset)
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
    lines: &'t LineIndex,
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
        let line = self.lines.line(span.start);
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
        let line = self.lines.line(second.start);
        let related = first
            .map(|span| Related {
                label: "first defined here".to_owned(),
                path: Some(path.to_owned()),
                span: Some(span),
                line: Some(self.lines.line(span.start)),
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

mod json;
mod overlay;
mod toml;
mod yaml;

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

    #[test]
    fn a_leading_byte_order_mark_is_accepted_in_every_syntax() {
        for (text, format) in [
            ("\u{FEFF}a: 1\n", SourceFormat::Yaml),
            ("\u{FEFF}a = 1\n", SourceFormat::Toml),
            ("\u{FEFF}{\"a\": 1}\n", SourceFormat::Json),
        ] {
            let doc = parse(text, format, "t").unwrap_or_else(|d| panic!("{format:?}: {d}"));
            assert_eq!(doc.value, serde_json::json!({"a": 1}), "{format:?}");
        }
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let doc = parse("a: 1\rb: 2\rc: x\r", SourceFormat::Yaml, "t").unwrap();
        assert_eq!(locate("a: 1\rb: 2\rc: x\r", SourceFormat::Yaml, "c"), ("x".to_owned(), 3));
        assert_eq!(doc.line_of(doc.focus("b").unwrap().start), 2);
    }

    #[test]
    fn an_empty_document_is_located() {
        for (text, format) in
            [("", SourceFormat::Yaml), ("# only a comment\n", SourceFormat::Yaml), ("", SourceFormat::Toml)]
        {
            let doc = parse(text, format, "t").unwrap();
            assert_eq!(doc.focus(""), Some(Span { start: 0, end: text.trim_end().len() }), "{text:?}");
        }
    }

    #[test]
    fn yaml_tags_other_than_the_core_scalars_are_rejected() {
        for bad in ["a: !!binary aGk=\n", "a: !!python/object/apply:os.system [x]\n", "a: !!null x\n", "a: !!int x\n"] {
            let err = parse(bad, SourceFormat::Yaml, "t").unwrap_err();
            assert_eq!(err.items[0].code, codes::TAG, "{bad}");
        }
        let doc = parse("a: !!int '7'\nb: !!str 7\nc: !!null ~\nd: !!map {}\n", SourceFormat::Yaml, "t").unwrap();
        assert_eq!(doc.value, serde_json::json!({"a": 7, "b": "7", "c": null, "d": {}}));
    }

    #[test]
    fn toml_infinities_are_rejected() {
        for bad in ["a = inf\n", "a = -inf\n", "a = nan\n"] {
            let err = parse(bad, SourceFormat::Toml, "t").unwrap_err();
            assert!(err.items[0].message.contains("not a finite number"), "{bad}");
        }
    }

    /// Deep nesting stops at the cap with one located error, in time and memory linear in the part
    /// read (100,000 nested YAML sequences took 52 s and 6.5 GB when every event was read first).
    #[test]
    fn deep_nesting_is_one_located_error_in_every_syntax() {
        let n = 100_000;
        for (text, format) in [
            (format!("{}x\n", "- ".repeat(n)), SourceFormat::Yaml),
            (format!("{}{}", "[".repeat(n), "]".repeat(n)), SourceFormat::Yaml),
            (format!("a = {}{}\n", "[".repeat(n), "]".repeat(n)), SourceFormat::Toml),
            (format!("{}{}", "[".repeat(n), "]".repeat(n)), SourceFormat::Json),
            (format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n)), SourceFormat::Json),
        ] {
            let started = std::time::Instant::now();
            let err = parse(&text, format, "t").unwrap_err();
            assert_eq!(err.items.len(), 1, "{format:?}: {err}");
            assert!(err.items[0].span.is_some() && err.items[0].line.is_some(), "{format:?}");
            assert!(started.elapsed().as_secs() < 5, "{format:?} took {:?}", started.elapsed());
        }
    }

    /// 40,000 duplicate keys took 36 s: each diagnostic counted lines from the start of the text.
    #[test]
    fn many_duplicate_keys_take_linear_time() {
        let n = 40_000;
        let yaml = "a: 1\n".repeat(n);
        let json = format!("{{{}\"a\": 1}}", "\"a\": 1, ".repeat(n - 1));
        for (text, format) in [(yaml, SourceFormat::Yaml), (json, SourceFormat::Json)] {
            let started = std::time::Instant::now();
            let err = parse(&text, format, "t").unwrap_err();
            assert_eq!(err.items.len(), n - 1, "{format:?}");
            let rendered = err.render(false, 80);
            assert!(rendered.len() < 100_000, "{format:?}: {} bytes", rendered.len());
            assert!(started.elapsed().as_secs() < 10, "{format:?} took {:?}", started.elapsed());
        }
    }

    #[test]
    fn not_utf8_is_located_at_its_first_bad_byte() {
        let err = decode(b"a: 1\nb: caf\xe9\n".to_vec(), "t").unwrap_err();
        assert_eq!(err.items[0].code, codes::ENCODING);
        assert_eq!((err.items[0].span.unwrap().start, err.items[0].line), (11, Some(2)));
        assert!(matches!(decode(vec![b' '; MAX_SPEC_BYTES + 1], "t"), Err(d) if d.items[0].code == codes::SIZE));
    }
}
