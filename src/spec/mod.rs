//! The front end: spec text in YAML, TOML or JSON → [`Spec`] → [`ValidSpec`], with located diagnostics.
//!
//! Architecture invariant: together with `diagnostics`, this is the only module that knows about
//! source text, formats and spans. Everything after [`ValidSpec`] works on typed values and cannot fail.
//! Nothing here reads files: callers pass the text and a file name for diagnostics.

pub mod environments;
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
    load_with_warnings(text, format, file_name).map(|(spec, _)| spec)
}

/// Like [`load`], and also returns the non-fatal warnings of a valid spec (possibly none). On
/// failure the diagnostics hold the errors and any warnings found alongside them. A spec with
/// `environments` is validated once per environment ([`environments::load`]); the first
/// environment's spec is returned.
pub fn load_with_warnings(
    text: &str,
    format: SourceFormat,
    file_name: &str,
) -> Result<(ValidSpec, Diagnostics), Diagnostics> {
    let (mut loaded, warnings) = environments::load(text, format, file_name)?;
    // A spec with environments: all are validated, the first (by name) returned.
    Ok((loaded.swap_remove(0).spec, warnings))
}
