//! JSON through a small recursive-descent scanner that records spans.

use super::*;

pub(super) fn build(b: &mut Builder<'_>) -> Option<Value> {
    // A leading byte order mark is accepted, as in the other two syntaxes (RFC 8259 lets a parser do so).
    let pos = if b.text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
    let mut scanner = Scanner { text: b.text, bytes: b.text.as_bytes(), pos };
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

    fn value(&mut self, b: &mut Builder<'_>, path: &str, key: Option<Span>, depth: usize) -> Result<Value, Failure> {
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
        let digits = self.text.get(self.pos..self.pos + 4).ok_or_else(|| (at, "invalid `\\u` escape".to_owned()))?;
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
                let mut scratch =
                    Builder { text: b.text, lines: b.lines, locations: HashMap::new(), diags: Vec::new() };
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
