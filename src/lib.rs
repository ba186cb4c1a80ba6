//! amlnet: one spec for a secure Azure Machine Learning network, emitted as Terraform, ARM and Bicep.
//!
//! The pipeline is `spec::load` (parse + validate, all diagnostics at once) → `lower` (one typed
//! resource graph) → `emit` (three pure renderers) → `Generated` (files as values; writing and
//! checking are explicit).

pub mod azure;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod net;
pub mod spec;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use emit::{Format, Generated, Header};
pub use spec::{SourceFormat, ValidSpec};
