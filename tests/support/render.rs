//! A spec value (`serde_json::Value`) as spec text in each syntax. Every string is quoted (YAML
//! double-quoted, TOML basic strings), keys included, so that any string survives the trip and a cut
//! inside a quoted string always leaves the text unterminated. There are no nulls in spec values.

use amlnet::SourceFormat;
use serde_json::Value;

/// The spec text of `value` in `syntax`.
pub fn render(value: &Value, syntax: SourceFormat) -> String {
    match syntax {
        SourceFormat::Json => serde_json::to_string_pretty(value).unwrap() + "\n",
        SourceFormat::Yaml => {
            let mut out = String::new();
            yaml_mapping(&mut out, value.as_object().unwrap(), 0, false);
            out
        }
        SourceFormat::Toml => {
            let mut out = String::new();
            for (key, item) in value.as_object().unwrap() {
                out.push_str(&format!("{} = {}\n", toml_str(key), toml_value(item)));
            }
            out
        }
    }
}

fn yaml_mapping(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize, first_inline: bool) {
    for (i, (key, item)) in map.iter().enumerate() {
        if !(i == 0 && first_inline) {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&yaml_str(key));
        out.push(':');
        yaml_child(out, item, indent);
    }
}

fn yaml_child(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            yaml_mapping(out, map, indent + 2, false);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            for item in items {
                out.push_str(&" ".repeat(indent + 2));
                out.push_str("- ");
                match item {
                    Value::Object(map) if !map.is_empty() => yaml_mapping(out, map, indent + 4, true),
                    scalar => {
                        out.push_str(&yaml_scalar(scalar));
                        out.push('\n');
                    }
                }
            }
        }
        scalar => {
            out.push(' ');
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
}

fn yaml_scalar(value: &Value) -> String {
    match value {
        Value::String(text) => yaml_str(text),
        Value::Object(_) => "{}".to_owned(),
        Value::Array(_) => "[]".to_owned(),
        other => other.to_string(),
    }
}

/// A YAML double-quoted scalar; everything outside YAML's printable set (and line separators) escaped.
pub fn yaml_str(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20
                || (0x7f..0xa0).contains(&(c as u32))
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}') =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_value(value: &Value) -> String {
    match value {
        Value::String(text) => toml_str(text),
        Value::Array(items) => format!("[{}]", items.iter().map(toml_value).collect::<Vec<_>>().join(", ")),
        Value::Object(map) if map.is_empty() => "{}".to_owned(),
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter().map(|(k, v)| format!("{} = {}", toml_str(k), toml_value(v))).collect::<Vec<_>>().join(", ")
        ),
        Value::Null => panic!("TOML has no null; spec values carry none"),
        other => other.to_string(),
    }
}

/// A TOML basic string.
pub fn toml_str(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
