//! Names: identifiers in generated code, Azure resource names, and the stable suffixes that keep
//! both unique. `validate` checks names with these functions and `lower` derives names with them, so
//! the collision check and the names written can never drift apart.

use crate::azure::catalog::{self, ApiKind};
use crate::azure::limits;
use crate::spec::valid::ValidSpec;

/// The abbreviation Azure's naming guidance gives a resource kind (`st`, `kv`, `nsg`, ...).
pub fn abbr(kind: ApiKind) -> &'static str {
    catalog::info(kind).abbreviation
}

/// The name of a hub network amlnet creates: `hub.name`, or `vnet-<name>-hub`. `validate` compares it
/// with the spoke's name, `lower` gives it.
pub fn hub_vnet_name(spec_name: &str, given: Option<&str>) -> String {
    given.map_or_else(|| format!("{}-{spec_name}-hub", abbr(ApiKind::VirtualNetwork)), str::to_owned)
}

/// The longest `name_suffix`: with it, every globally unique name still keeps its abbreviation, part
/// of the spec name, the whole suffix and the stable hash within the service's length (a test below
/// checks it for the longest spec name).
pub const NAME_SUFFIX_MAX: usize = 8;

/// Whether `suffix` is a valid `name_suffix`: 1 to [`NAME_SUFFIX_MAX`] lowercase letters and digits,
/// which every globally unique name accepts as written.
pub fn valid_name_suffix(suffix: &str) -> bool {
    (1..=NAME_SUFFIX_MAX).contains(&suffix.len())
        && suffix.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// A name that must be unique across Azure: abbreviation, spec name, the spec's `name_suffix` if any,
/// and a deterministic hash of the spec name and region (and suffix), within the service's length and
/// character rules. Without a suffix the names are those amlnet has always derived.
pub fn global_name(spec: &ValidSpec, kind: ApiKind) -> String {
    derived_global_name(&spec.name, spec.region.name, spec.name_suffix.as_deref(), kind)
}

fn derived_global_name(spec_name: &str, region: &str, name_suffix: Option<&str>, kind: ApiKind) -> String {
    let seed = match name_suffix {
        None => format!("{spec_name}/{region}/{}", abbr(kind)),
        Some(extra) => format!("{spec_name}/{region}/{}/{extra}", abbr(kind)),
    };
    let hash = suffix(&seed);
    let alnum: String = spec_name.chars().filter(char::is_ascii_alphanumeric).collect();
    let (head, max, separator) = match kind {
        ApiKind::StorageAccount => (format!("{}{alnum}", abbr(kind)), limits::STORAGE_NAME_MAX, ""),
        ApiKind::ContainerRegistry => (format!("{}{alnum}", abbr(kind)), limits::REGISTRY_NAME_MAX, ""),
        ApiKind::KeyVault => {
            let mut hyphenated = String::new();
            for c in spec_name.chars() {
                if !(c == '-' && hyphenated.ends_with('-')) {
                    hyphenated.push(c);
                }
            }
            (format!("{}-{}", abbr(kind), hyphenated.trim_end_matches('-')), limits::KEY_VAULT_NAME_MAX, "-")
        }
        _ => unreachable!("{kind:?} names are not globally unique"),
    };
    let Some(extra) = name_suffix else {
        let name = format!("{head}{separator}{hash}");
        if name.len() <= max {
            return name;
        }
        // Keep the abbreviation and the hash, shorten the middle.
        let head = &name[..max - hash.len()];
        return format!("{}{hash}", head.trim_end_matches('-'));
    };
    // With a suffix, the spec name shortens first: the suffix and the hash are always whole.
    let tail = format!("{separator}{extra}{separator}{hash}");
    let head = &head[..head.len().min(max - tail.len())];
    format!("{}{tail}", head.trim_end_matches('-'))
}

/// `name` if it fits in `max` characters, else its head and a stable suffix, so that long subnet
/// names still give valid, distinct resource names.
pub fn fit(name: String, max: usize) -> String {
    if name.len() <= max {
        return name;
    }
    let suffix = suffix(&name);
    let mut head = max - suffix.len() - 1;
    while !name.is_char_boundary(head) {
        head -= 1;
    }
    format!("{}-{suffix}", name[..head].trim_end_matches(['-', '.', '_']))
}

/// Five base-36 characters of a 32-bit FNV-1a hash: stable across runs, platforms and versions.
pub fn suffix(seed: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in seed.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = [0u8; 5];
    for slot in out.iter_mut().rev() {
        *slot = digits[(hash % 36) as usize];
        hash /= 36;
    }
    String::from_utf8(out.to_vec()).expect("base-36 digits are ASCII")
}

/// A snake_case identifier for a spec name: lowercase, every run of other characters one `_`.
/// `validate` rejects specs where two names map to the same identifier.
pub fn ident(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_owned();
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() { format!("n_{out}") } else { out }
}

/// The identifier of the Azure Machine Learning extension of the AKS compute `compute`: `lower` labels
/// it so, and `validate` refuses a compute whose own identifier would be the same.
pub fn extension_ident(compute: &str) -> String {
    format!("{}_extension", ident(compute))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::source::{SourceFormat, parse};

    #[test]
    fn identifiers() {
        assert_eq!(ident("cpu-cluster"), "cpu_cluster");
        assert_eq!(ident("Scoring--Subnet"), "scoring_subnet");
        assert_eq!(ident("1st"), "n_1st");
        assert_eq!(ident("A-b.C"), "a_b_c");
        assert_eq!(ident("a--b"), ident("a-b"));
    }

    #[test]
    fn long_names_fit() {
        let long = format!("nsg-x-{}", "s".repeat(90));
        let fitted = fit(long.clone(), 80);
        assert_eq!(fitted.len(), 80);
        assert_ne!(fitted, fit(format!("{long}t"), 80));
        assert_eq!(fit("short".to_owned(), 80), "short");
        assert_eq!(fit(format!("nsg-contoso-{}", "a".repeat(80)), 80), PINNED_FIT);
    }

    const PINNED_FIT: &str = "nsg-contoso-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-krsko";

    /// The suffix is FNV-1a, pinned: a change here renames every user's storage account, key vault
    /// and registry.
    #[test]
    fn suffixes_are_pinned() {
        assert_eq!(suffix(""), "tntfp");
        assert_eq!(suffix("seed/eastus2/st"), "bkr14");
        assert_eq!(suffix("contoso/eastus/kv"), "26aos");
    }

    /// The globally unique names of a fixed spec, pinned: deployed resources keep their names.
    #[test]
    fn global_names_are_pinned() {
        let names = |name: &str, location: &str| {
            let text = format!(
                "version: 1\nname: {name}\nlocation: {location}\nvnet:\n  address_space: [10.0.0.0/16]\n  subnets: [{{name: s, prefix: 10.0.0.0/24}}]\ncompute:\n  - {{name: cpu, kind: aml_cluster, subnet: s, vm_size: Standard_D2_v3, max_nodes: 1}}\n"
            );
            let doc = parse(&text, SourceFormat::Yaml, "t.yaml").unwrap();
            let spec = crate::spec::validate::validate(&doc).unwrap();
            [ApiKind::StorageAccount, ApiKind::KeyVault, ApiKind::ContainerRegistry]
                .map(|kind| global_name(&spec, kind))
        };
        assert_eq!(names("contoso", "eastus"), ["stcontoso15hyy", "kv-contoso-26aos", "crcontosoesym0"]);
        // Shortened to the service's length, keeping the abbreviation and the suffix.
        assert_eq!(
            names("a-very-long-name", "westeurope"),
            ["staverylongnameh9ms6", "kv-a-very-long-nameeabbc", "craverylongname2rpd8"]
        );
    }

    const GLOBAL: [ApiKind; 3] = [ApiKind::StorageAccount, ApiKind::KeyVault, ApiKind::ContainerRegistry];

    /// Without `name_suffix` the derived names are byte-identical to those amlnet derived before the
    /// suffix existed (the pinned names above); with one, the suffix is whole in every name, the
    /// names differ from the unsuffixed ones, and every name keeps the service's rules.
    #[test]
    fn name_suffix_enters_every_global_name() {
        for kind in GLOBAL {
            assert_eq!(
                derived_global_name("contoso", "eastus", None, kind),
                ["stcontoso15hyy", "kv-contoso-26aos", "crcontosoesym0"]
                    [GLOBAL.iter().position(|k| *k == kind).unwrap()]
            );
        }
        let dev = GLOBAL.map(|kind| derived_global_name("contoso", "eastus", Some("dev"), kind));
        assert_eq!(dev, ["stcontosodevxbr26", "kv-contoso-dev-c8fgg", "crcontosodev5xobw"]);
        let longest_name = "a".repeat(16);
        let longest_suffix = "9".repeat(NAME_SUFFIX_MAX);
        for kind in GLOBAL {
            for (name, extra) in
                [("contoso", "dev"), ("contoso", "prod"), (longest_name.as_str(), longest_suffix.as_str())]
            {
                let named = derived_global_name(name, "westeurope", Some(extra), kind);
                assert!(named.contains(extra), "{named}");
                assert_ne!(named, derived_global_name(name, "westeurope", None, kind));
                let rule = match kind {
                    ApiKind::StorageAccount => crate::azure::names::NameRule::Storage,
                    ApiKind::KeyVault => crate::azure::names::NameRule::KeyVault,
                    _ => crate::azure::names::NameRule::Registry,
                };
                assert_eq!(rule.check(&named), Ok(()), "{named}");
            }
        }
        assert!(valid_name_suffix("dev2") && valid_name_suffix(&longest_suffix));
        assert!(!valid_name_suffix("") && !valid_name_suffix("Dev") && !valid_name_suffix("d-v"));
        assert!(!valid_name_suffix(&"a".repeat(NAME_SUFFIX_MAX + 1)));
    }
}
