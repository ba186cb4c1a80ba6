//! Azure's naming rules: what a name or a size Azure accepts looks like.

// cf. MicrosoftDocs/azure-docs articles/virtual-machines/vm-naming-conventions.md ("[Family] +
// [Sub-family*] + [# of vCPUs] + [Constrained vCPUs*] + [Additive Features] + [Accelerator Type*] +
// [Version]", examples `NC4as_T4_v3` and the constrained `M8-2ms_v2`; the 2020 revision of the page:
// "'Standard' is the default value assigned for all GA VM sizes") — last checked 2026-11-30.
/// The prefix of every generally available VM size (compared ignoring case, as Azure does).
pub const VM_SIZE_PREFIX: &str = "Standard_";
/// Longest VM size amlnet accepts: amlnet's own bound, well above the longest size Azure lists
/// (`Standard_ND96isr_H100_v5`, 24 characters).
pub const VM_SIZE_MAX: usize = 64;
