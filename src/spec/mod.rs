//! The front end: spec text in YAML, TOML or JSON → [`Spec`] → [`ValidSpec`], with located diagnostics.
//!
//! Architecture invariant: together with `diagnostics`, this is the only module that knows about
//! source text, formats and spans. Everything after [`ValidSpec`] works on typed values and cannot fail.
//! Nothing here reads files: callers pass the text and a file name for diagnostics.

pub mod model;
pub mod source;
pub mod valid;
pub mod validate;

pub use model::Spec;
pub use source::{SourceDoc, SourceFormat};
pub use valid::ValidSpec;

use crate::diagnostics::Diagnostics;

/// Parses and validates a spec; on failure, every problem found, each located in `text`.
///
/// `file_name` is how diagnostics name the file. Warnings are dropped; see [`load_with_warnings`].
pub fn load(text: &str, format: SourceFormat, file_name: &str) -> Result<ValidSpec, Diagnostics> {
    let doc = source::parse(text, format, file_name)?;
    validate::validate(&doc)
}

/// Like [`load`], and also returns the non-fatal warnings of a valid spec (possibly none). On
/// failure the diagnostics hold the errors and any warnings found alongside them.
pub fn load_with_warnings(
    text: &str,
    format: SourceFormat,
    file_name: &str,
) -> Result<(ValidSpec, Diagnostics), Diagnostics> {
    let doc = source::parse(text, format, file_name)?;
    validate::validate_with_warnings(&doc)
}
