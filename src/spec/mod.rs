//! The front end: spec text in YAML, TOML or JSON → [`Spec`] → [`ValidSpec`], with located diagnostics.
//!
//! Architecture invariant: together with `diagnostics`, this is the only module that knows about
//! source text, formats and spans. Everything after [`ValidSpec`] works on typed values and cannot fail.

pub mod model;
pub mod source;
pub mod valid;
pub mod validate;

pub use model::Spec;
pub use source::SourceFormat;
pub use valid::ValidSpec;

use crate::diagnostics::Diagnostics;

/// Parses and validates a spec; on failure, every problem found, each located in `text`.
///
/// `file_name` is how diagnostics name the file.
pub fn load(text: &str, format: SourceFormat, file_name: &str) -> Result<ValidSpec, Diagnostics> {
    let doc = source::parse(text, format, file_name)?;
    validate::validate(&doc)
}

/// Like [`load`], and also returns the non-fatal warnings.
pub fn load_with_warnings(
    text: &str,
    format: SourceFormat,
    file_name: &str,
) -> Result<(ValidSpec, Diagnostics), Diagnostics> {
    let valid = load(text, format, file_name)?;
    Ok((valid, Diagnostics { file_name: file_name.to_owned(), source: text.to_owned(), items: Vec::new() }))
}
