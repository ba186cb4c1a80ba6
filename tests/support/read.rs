//! Readers of generated files: Terraform through hcl-rs, ARM through serde_json plus a small evaluator
//! of the expressions amlnet writes (`resourceId`, `format`, `extensionResourceId`, `guid`), and Bicep
//! through a reader of the literal subset amlnet writes (multi-line objects and arrays, single-quoted
//! strings with `\\`, `\'`, `\n`, `\r`, `\t`, `\$` and `\u{...}` escapes).

use std::collections::BTreeMap;

use serde_json::Value;

// ---- Terraform ----

/// Every `resource` block: (type, label, body).
pub fn tf_resources(text: &str) -> Vec<(String, String, hcl::Body)> {
    let body: hcl::Body = hcl::parse(text).unwrap_or_else(|e| panic!("Terraform does not parse: {e}\n{text}"));
    body.blocks()
        .filter(|b| b.identifier.as_str() == "resource")
        .map(|b| (b.labels[0].as_str().to_owned(), b.labels[1].as_str().to_owned(), b.body.clone()))
        .collect()
}

/// Every Terraform file of a generation (`terraform/*.tf`) in path order, as one text: the resources
/// are split over several files by area.
pub fn tf_module<'a>(files: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    files.filter(|(path, _)| path.starts_with("terraform/") && path.ends_with(".tf")).map(|(_, text)| text).collect()
}

/// The default of `variable "<name>"` in a Terraform text.
pub fn tf_variable_default(text: &str, name: &str) -> Option<hcl::Expression> {
    let body: hcl::Body = hcl::parse(text).unwrap_or_else(|e| panic!("Terraform does not parse: {e}\n{text}"));
    let block = body
        .blocks()
        .find(|b| b.identifier.as_str() == "variable" && b.labels.first().map(|l| l.as_str()) == Some(name))?;
    tf_attr(&block.body, "default").cloned()
}

/// The attribute `key` of a body.
pub fn tf_attr<'a>(body: &'a hcl::Body, key: &str) -> Option<&'a hcl::Expression> {
    body.attributes().find(|a| a.key.as_str() == key).map(|a| &a.expr)
}

/// A literal string expression's value.
pub fn tf_string(expr: &hcl::Expression) -> Option<String> {
    match expr {
        hcl::Expression::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// A literal object of strings, keys decoded.
pub fn tf_string_map(expr: &hcl::Expression) -> BTreeMap<String, String> {
    let hcl::Expression::Object(members) = expr else { panic!("not an object: {expr:?}") };
    members
        .iter()
        .map(|(key, value)| {
            let key = match key {
                hcl::ObjectKey::Identifier(id) => id.as_str().to_owned(),
                hcl::ObjectKey::Expression(e) => tf_string(e).unwrap_or_else(|| panic!("key {e:?}")),
                other => panic!("key {other:?}"),
            };
            (key, tf_string(value).unwrap_or_else(|| panic!("value {value:?}")))
        })
        .collect()
}

/// An object member of a literal object expression.
pub fn tf_member<'a>(expr: &'a hcl::Expression, key: &str) -> Option<&'a hcl::Expression> {
    let hcl::Expression::Object(members) = expr else { return None };
    members.iter().find_map(|(k, v)| {
        let name = match k {
            hcl::ObjectKey::Identifier(id) => id.as_str().to_owned(),
            hcl::ObjectKey::Expression(e) => tf_string(e)?,
            _ => return None,
        };
        (name == key).then_some(v)
    })
}

// ---- ARM ----

/// The value ARM gives a JSON string: `None` for an expression, the literal otherwise (`[[` undone).
/// This is Resource Manager's rule: a string that starts with `[` and ends with `]` is an expression,
/// unless its second character is also `[`, in which case it is the literal without the first `[`.
pub fn arm_literal(text: &str) -> Option<String> {
    if text.starts_with('[') && text.ends_with(']') {
        text.strip_prefix("[[").map(|rest| format!("[{rest}"))
    } else {
        Some(text.to_owned())
    }
}

/// A JSON object of literal strings, keys and values decoded with [`arm_literal`].
pub fn arm_string_map(value: &Value) -> BTreeMap<String, String> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .iter()
        .map(|(k, v)| {
            let key = arm_literal(k).unwrap_or_else(|| panic!("key {k:?} is an expression"));
            let v = v.as_str().unwrap_or_else(|| panic!("value {v}"));
            (key, arm_literal(v).unwrap_or_else(|| panic!("value {v:?} is an expression")))
        })
        .collect()
}

/// An evaluated ARM expression: a string, or a resource's identity (type and name segments).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ArmValue {
    Str(String),
    Resource(String, Vec<String>),
}

/// Evaluates a JSON string as ARM would, as far as amlnet's expressions go: literals, `resourceId`,
/// `format`, `extensionResourceId` (the extension's own identity), `guid` (kept as its canonical text),
/// `parameters`, `subscription`, `reference` (kept as text).
pub fn arm_eval(text: &str) -> ArmValue {
    match arm_literal(text) {
        Some(lit) => ArmValue::Str(lit),
        None => {
            let inner = &text[1..text.len() - 1];
            let mut parser = ExprParser { chars: inner.chars().collect(), pos: 0 };
            let value = parser.expr();
            parser.skip_ws();
            assert_eq!(parser.pos, parser.chars.len(), "trailing text in ARM expression {text:?}");
            value
        }
    }
}

struct ExprParser {
    chars: Vec<char>,
    pos: usize,
}

impl ExprParser {
    fn skip_ws(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn expr(&mut self) -> ArmValue {
        self.skip_ws();
        if self.chars[self.pos] == '\'' {
            self.pos += 1;
            let mut out = String::new();
            loop {
                let c = self.chars[self.pos];
                self.pos += 1;
                if c == '\'' {
                    if self.chars.get(self.pos) == Some(&'\'') {
                        out.push('\'');
                        self.pos += 1;
                    } else {
                        return ArmValue::Str(out);
                    }
                } else {
                    out.push(c);
                }
            }
        }
        let start = self.pos;
        while self.chars[self.pos].is_ascii_alphanumeric() || self.chars[self.pos] == '.' {
            self.pos += 1;
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        assert_eq!(self.chars[self.pos], '(', "expected a call after {name:?}");
        self.pos += 1;
        let mut args = Vec::new();
        self.skip_ws();
        if self.chars[self.pos] == ')' {
            self.pos += 1;
        } else {
            loop {
                args.push(self.expr());
                self.skip_ws();
                let c = self.chars[self.pos];
                self.pos += 1;
                match c {
                    ',' => continue,
                    ')' => break,
                    other => panic!("unexpected {other:?} in arguments of {name}"),
                }
            }
        }
        // Property accesses (`.principalId`) after a call.
        let mut suffix = String::new();
        while self.chars.get(self.pos) == Some(&'.') {
            let start = self.pos;
            self.pos += 1;
            while self.chars.get(self.pos).is_some_and(|c| c.is_ascii_alphanumeric()) {
                self.pos += 1;
            }
            suffix.extend(&self.chars[start..self.pos]);
        }
        let text = |args: &[ArmValue]| format!("{name}({args:?}){suffix}");
        let strs = |args: &[ArmValue]| -> Vec<String> {
            args.iter()
                .map(|a| match a {
                    ArmValue::Str(s) => s.clone(),
                    other => panic!("{name}: argument {other:?} is not a string"),
                })
                .collect()
        };
        match name.as_str() {
            "resourceId" => {
                let mut parts = strs(&args);
                let ty = parts.remove(0);
                ArmValue::Resource(ty, parts)
            }
            "format" => {
                let parts = strs(&args);
                let mut out = parts[0].clone();
                for (i, arg) in parts[1..].iter().enumerate() {
                    out = out.replace(&format!("{{{i}}}"), arg);
                }
                ArmValue::Str(out)
            }
            "extensionResourceId" => {
                let parts: Vec<String> = strs(&args[1..]);
                ArmValue::Resource(parts[0].clone(), parts[1..].to_vec())
            }
            _ => ArmValue::Str(text(&args)),
        }
    }
}

/// Every resource of an ARM template as (type, name segments), subnets inline in their virtual network
/// included.
pub fn arm_resources(template: &Value) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for res in template["resources"].as_array().unwrap() {
        let ty = res["type"].as_str().unwrap().to_owned();
        let name = match arm_eval(res["name"].as_str().unwrap()) {
            ArmValue::Str(s) if ty.matches('/').count() > 1 => s.split('/').map(str::to_owned).collect(),
            ArmValue::Str(s) => vec![s],
            other => panic!("resource name {other:?}"),
        };
        if let Some(subnets) = res["properties"]["subnets"].as_array() {
            for subnet in subnets {
                let mut segments = name.clone();
                segments.push(subnet["name"].as_str().unwrap().to_owned());
                out.push((format!("{ty}/subnets"), segments));
            }
        }
        out.push((ty, name));
    }
    out
}

// ---- Bicep ----

/// A Bicep value: literals are decoded, anything else (references, calls) is kept as text.
#[derive(Debug, Clone, PartialEq)]
pub enum Bicep {
    Str(String),
    Raw(String),
    Array(Vec<Bicep>),
    Object(Vec<(String, Bicep)>),
}

impl Bicep {
    pub fn get(&self, key: &str) -> Option<&Bicep> {
        match self {
            Bicep::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn str(&self) -> Option<&str> {
        match self {
            Bicep::Str(s) => Some(s),
            _ => None,
        }
    }

    /// An object of literal strings.
    pub fn string_map(&self) -> BTreeMap<String, String> {
        let Bicep::Object(members) = self else { panic!("not an object: {self:?}") };
        members.iter().map(|(k, v)| (k.clone(), v.str().unwrap_or_else(|| panic!("{v:?}")).to_owned())).collect()
    }
}

/// Decodes a Bicep single-quoted string literal; `None` when `s` is not exactly one such literal.
pub fn bicep_unquote(s: &str) -> Option<String> {
    let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                '\\' => out.push('\\'),
                '\'' => out.push('\''),
                '$' => out.push('$'),
                'u' => {
                    if chars.next()? != '{' {
                        return None;
                    }
                    let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                _ => return None,
            },
            // An unescaped quote ends the literal, an unescaped `${` interpolates, a raw line break is
            // not allowed: none of them is a single literal.
            '\'' | '\n' | '\r' => return None,
            '$' if chars.clone().next() == Some('{') => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

fn bicep_scalar(text: &str) -> Bicep {
    bicep_unquote(text).map(Bicep::Str).unwrap_or_else(|| Bicep::Raw(text.to_owned()))
}

/// Splits an object line `key: value` at the colon that ends the key (keys may be quoted strings).
fn split_member(line: &str) -> (String, &str) {
    if line.starts_with('\'') {
        // Find the closing quote: a quote not preceded by an odd run of backslashes.
        let bytes = line.as_bytes();
        let mut i = 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'\'' => break,
                _ => i += 1,
            }
        }
        // An interpolated key (`'${id.id}'`) is an expression, kept as its text.
        let quoted = &line[..=i];
        let key = bicep_unquote(quoted).unwrap_or_else(|| quoted.to_owned());
        let rest = line[i + 1..].strip_prefix(':').unwrap_or_else(|| panic!("no colon in {line:?}"));
        (key, rest.trim())
    } else {
        let (key, rest) = line.split_once(':').unwrap_or_else(|| panic!("bad object line {line:?}"));
        (key.trim().to_owned(), rest.trim())
    }
}

/// Reads the value that starts with `head` (the text after `key:`); following lines from `lines[*i]`.
pub fn bicep_value(lines: &[&str], i: &mut usize, head: &str) -> Bicep {
    match head {
        "{" => {
            let mut members = Vec::new();
            loop {
                let line = lines[*i].trim();
                *i += 1;
                if line == "}" {
                    return Bicep::Object(members);
                }
                let (key, rest) = split_member(line);
                let value = bicep_value(lines, i, rest);
                members.push((key, value));
            }
        }
        "[" => {
            let mut items = Vec::new();
            loop {
                let line = lines[*i].trim();
                *i += 1;
                if line == "]" {
                    return Bicep::Array(items);
                }
                items.push(bicep_value(lines, i, line));
            }
        }
        text => bicep_scalar(text),
    }
}

/// The default value of `param <name> <type> = ...` in a Bicep text.
pub fn bicep_param_default(text: &str, name: &str) -> Option<Bicep> {
    let lines: Vec<&str> = text.lines().collect();
    let prefix = format!("param {name} ");
    let start = lines.iter().position(|line| line.starts_with(&prefix))?;
    let (_, head) = lines[start].split_once(" = ")?;
    if head.trim() == "{}" {
        return Some(Bicep::Object(Vec::new()));
    }
    let mut i = start + 1;
    Some(bicep_value(&lines, &mut i, head.trim()))
}

/// Every `resource` declaration: (symbol, `Type@version`, body).
pub fn bicep_resources(text: &str) -> Vec<(String, String, Bicep)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let Some(rest) = line.strip_prefix("resource ") else { continue };
        let symbol = rest.split(' ').next().unwrap().to_owned();
        let ty = rest.split('\'').nth(1).unwrap().to_owned();
        if !line.ends_with("= {") {
            continue;
        }
        out.push((symbol, ty, bicep_value(&lines, &mut i, "{")));
    }
    out
}
