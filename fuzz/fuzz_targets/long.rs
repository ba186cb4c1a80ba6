//! Fuzz target for long inputs: spec text stretched to long lines, rendered as the CLI renders it.
//! Byte 0 picks the syntax (`% 3`: YAML, TOML, JSON); byte 1 a run of `1024 × byte` spaces (up to
//! 255 KiB), inserted at the position bytes 2–3 pick in the rest, the text. Whatever is found must
//! render without panicking (spans past column 65,535 once did) and the rendering must stay within a
//! bound of the input's size (every problem of a long line once printed the whole line).

#![no_main]

use amlnet::{Generator, SourceFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [first, pad, hi, lo, rest @ ..] = data else { return };
    let syntax = [SourceFormat::Yaml, SourceFormat::Toml, SourceFormat::Json][usize::from(*first % 3)];
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let mut at = usize::from(u16::from_be_bytes([*hi, *lo])).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let text = format!("{}{}{}", &text[..at], " ".repeat(1024 * usize::from(*pad)), &text[at..]);
    let diags = match Generator::new().generate_str(&text, syntax, "spec", "../spec") {
        Ok(output) => output.warnings,
        Err(diags) => *diags,
    };
    let rendered = diags.render(false, 100);
    assert!(rendered.len() < 100_000 + 2 * text.len(), "{} bytes rendered", rendered.len());
});
