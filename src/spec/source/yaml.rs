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
    // Events are read as the walk needs them, so a document that nests too deeply stops the parser
    // there instead of being parsed to its end first.
    let mut reader = Reader {
        parser: Parser::new_from_str(b.text),
        offsets: CharOffsets::new(b.text),
        peeked: None,
        failure: None,
        stopped: false,
    };
    let reported = b.diags.len();
    // StreamStart, then at most one document.
    let mut value = None;
    let mut documents = 0;
    while let Some((event, span)) = reader.next() {
        if let Event::DocumentStart(_) = event {
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
    }
    if let Some((mut at, info)) = reader.failure {
        // A syntax error is the only thing said about a file that does not parse.
        b.diags.truncate(reported);
        // saphyr marks where the token that met the tab began (a plain scalar on the line before),
        // or the text after an indenting tab: point at the tab itself.
        if info.contains("tab") {
            let line = b.text.get(..at).map_or(0, |before| before.rfind('\n').map_or(0, |n| n + 1));
            let earlier = b.text.get(line..at).and_then(|text| text.find('\t')).map(|tab| line + tab);
            if let Some(tab) = earlier.or_else(|| b.text.get(at..).and_then(|rest| rest.find('\t')).map(|tab| at + tab))
            {
                at = tab;
            }
        }
        let help = "fix the YAML syntax here (indentation, quotes, brackets)".to_owned();
        b.error(codes::YAML, Span { start: at, end: at }, format!("invalid YAML: {info}"), Some(help));
        return None;
    }
    value
}

/// The parser's events, one at a time, with byte spans.
struct Reader<'i> {
    parser: Parser<'i, saphyr_parser::StrInput<'i>>,
    offsets: CharOffsets,
    peeked: Option<(Event<'i>, Span)>,
    /// The syntax error that ended the events: its byte offset and saphyr's description.
    failure: Option<(usize, String)>,
    /// Set once an error makes the rest of the document irrelevant.
    stopped: bool,
}

impl<'i> Reader<'i> {
    /// Takes the next event; `None` at the end, after a syntax error, or once stopped.
    fn next(&mut self) -> Option<(Event<'i>, Span)> {
        if let Some(item) = self.peeked.take() {
            return Some(item);
        }
        if self.stopped {
            return None;
        }
        match self.parser.next()? {
            Ok((event, span)) => {
                let span =
                    Span { start: self.offsets.byte(span.start.index()), end: self.offsets.byte(span.end.index()) };
                Some((event, span))
            }
            Err(err) => {
                self.failure = Some((self.offsets.byte(err.marker().index()), err.info().to_owned()));
                self.stopped = true;
                None
            }
        }
    }

    /// Whether the next event ends a sequence (`None` at the end of the events), and its span.
    fn peek_sequence_end(&mut self) -> Option<(bool, Span)> {
        if self.peeked.is_none() {
            self.peeked = self.next();
        }
        self.peeked.as_ref().map(|(event, span)| (matches!(event, Event::SequenceEnd), *span))
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
        b.error(codes::YAML, span, "the document nests too deeply".to_owned(), Some("flatten the document".to_owned()));
        r.stopped = true;
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
            if let Some(tag) = tag.as_deref().filter(|t| !core_tag(t, "seq")) {
                tag_error(b, span, tag);
            }
            let mut items = Vec::new();
            let mut end = span.end;
            let mut index = 0;
            loop {
                let (at_end, peek_span) = r.peek_sequence_end()?;
                if at_end {
                    r.next();
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
            if let Some(tag) = tag.as_deref().filter(|t| !core_tag(t, "map")) {
                tag_error(b, span, tag);
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
            b.error(codes::YAML, span, "unexpected YAML event".to_owned(), Some("fix the YAML syntax here".to_owned()));
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

/// Whether `tag` is the YAML core schema's tag `!!kind` (`tag:yaml.org,2002:kind`).
fn core_tag(tag: &saphyr_parser::Tag, kind: &str) -> bool {
    tag.is_yaml_core_schema() && tag.suffix == kind
}

fn tag_error(b: &mut Builder<'_>, span: Span, tag: &saphyr_parser::Tag) {
    // saphyr's `Display` writes a core tag as `tag:yaml.org,2002:!binary`; say it as written.
    let tag = if tag.is_yaml_core_schema() { format!("!!{}", tag.suffix) } else { tag.to_string() };
    b.error(
        codes::TAG,
        span,
        format!("YAML tag `{tag}` is not supported"),
        Some("remove the tag; only the core schema's `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq` and `!!map` are understood".to_owned()),
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
        let kind = ["str", "null", "bool", "int", "float"].into_iter().find(|kind| core_tag(tag, kind));
        let Some(kind) = kind else {
            tag_error(b, span, tag);
            return None;
        };
        if kind == "str" {
            return Some(Value::String(text.to_owned()));
        }
        // A core tag names what the scalar must resolve to (`!!int 7`); the value is the same untagged.
        let value = resolve_plain(text).ok().filter(|value| match kind {
            "null" => value.is_null(),
            "bool" => value.is_boolean(),
            "int" => value.is_i64() || value.is_u64(),
            _ => value.is_number(),
        });
        if value.is_none() {
            b.error(
                codes::TAG,
                span,
                format!("`{text}` is not a valid `!!{kind}`"),
                Some(format!("remove the `!!{kind}` tag, or write a value of that type")),
            );
        }
        return value;
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
