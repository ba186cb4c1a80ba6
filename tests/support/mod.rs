//! Shared test support: random spec generators ([`gen`]), renderers of a spec value as YAML, TOML or
//! JSON text ([`render`]), and readers that parse generated Terraform, ARM and Bicep back into values
//! ([`read`]). Test files include it with `mod support;`; not every test uses every item.
//!
//! Nothing here calls the library beyond `Generator::generate_str`; the readers know only the target
//! syntaxes, never amlnet's internals.

#![allow(dead_code)]

pub mod arm_model;
pub mod generate;
pub mod read;
pub mod render;

use amlnet::{Generator, Output, SourceFormat};

/// The three spec syntaxes.
pub const SYNTAXES: [SourceFormat; 3] = [SourceFormat::Yaml, SourceFormat::Toml, SourceFormat::Json];

/// Generates every format from spec text; `Err` carries the rendered diagnostics.
pub fn generate_text(text: &str, syntax: SourceFormat) -> Result<Output, String> {
    // A spec with environments: its first.
    let outputs = Generator::new().generate_all_str(text, syntax, "spec", "../spec");
    outputs.map(|mut outputs| outputs.swap_remove(0)).map_err(|diags| diags.render(false, 100))
}

/// The crate root.
pub fn crate_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The spec files (`.yaml`, `.yml`, `.toml`, `.json`) in `dir`, relative to the crate root, sorted.
pub fn spec_files(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<std::path::PathBuf> = std::fs::read_dir(crate_dir().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| SourceFormat::from_path(p).is_some())
        .collect();
    out.sort();
    out
}
