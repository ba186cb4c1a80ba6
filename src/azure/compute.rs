//! VM sizes: which families carry GPUs, and which sizes Azure has retired (with the date).
//!
//! Validation reads these tables to reject a retired `vm_size` with its retirement date, and an
//! image-build cluster with a GPU size (image builds run on CPU sizes only).

// cf. MicrosoftDocs/azure-docs articles/virtual-machines/sizes/gpu-accelerated/ (nc-family, nd-family,
// nv-family, ng-family: every GPU-accelerated family is named `N<letter>`: NC, ND, NV, NG, e.g.
// `Standard_NC4as_T4_v3`, `Standard_ND96asr_v4`, `Standard_NV36ads_A10_v5`, `Standard_NG8ads_V620_v1`;
// no general-purpose, compute-, memory- or storage-optimized family starts with N) — last checked
// 2026-11-30.
/// The letter that follows `Standard_` in the name of every GPU-accelerated size.
const GPU_FAMILY_LETTER: char = 'N';

// cf. MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-secure-workspace-vnet.md (ms.date
// 07/08/2024, "When using a compute cluster for image builds: Only a CPU SKU is supported") — last
// checked 2026-11-30.
/// Whether `size` (any case, `Standard_` prefix included) is a GPU-accelerated size.
pub fn is_gpu(size: &str) -> bool {
    let prefix = super::names::VM_SIZE_PREFIX;
    size.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        && size[prefix.len()..].starts_with(|c: char| c.eq_ignore_ascii_case(&GPU_FAMILY_LETTER))
}

/// A size Azure has retired: VMs of it are deallocated and it can no longer be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetiredSize {
    pub name: &'static str,
    /// ISO 8601 date.
    pub retired: &'static str,
    /// The retirement guide.
    pub source: &'static str,
}

const NCV3_GUIDE: &str = "MicrosoftDocs/azure-docs articles/virtual-machines/ncv3-nc6s-nc12s-nc24s-retirement.md";
const NC_GUIDE: &str = "MicrosoftDocs/azure-docs articles/virtual-machines/nc-series-retirement.md";
const NCV2_GUIDE: &str = "MicrosoftDocs/azure-docs articles/virtual-machines/ncv2-series-retirement.md";
const NV_GUIDE: &str =
    "MicrosoftDocs/azure-docs articles/virtual-machines/sizes/migration-guides/nv-series-retirement.md";

// cf. the retirement guides named in each row: NCv3 (its 2025-05-28 revision: "On September 30, 2025, Microsoft Azure will retire
// the Standard_NC6s_v3, Standard_NC12s_v3, Standard_NC24s_v3, and Standard_NC24rs_v3 virtual machines");
// NC and NC_Promo (K80), NCv2 (P100) and NV/NV_Promo (M60): retired September 6, 2023. The ND-series
// guide was not checked, so its sizes are not listed — last checked 2026-11-30.
/// Sizes Azure has retired, by name (compared case-insensitively).
pub const RETIRED_SIZES: &[RetiredSize] = &[
    RetiredSize { name: "Standard_NC6s_v3", retired: "2025-09-30", source: NCV3_GUIDE },
    RetiredSize { name: "Standard_NC12s_v3", retired: "2025-09-30", source: NCV3_GUIDE },
    RetiredSize { name: "Standard_NC24s_v3", retired: "2025-09-30", source: NCV3_GUIDE },
    RetiredSize { name: "Standard_NC24rs_v3", retired: "2025-09-30", source: NCV3_GUIDE },
    RetiredSize { name: "Standard_NC6", retired: "2023-09-06", source: NC_GUIDE },
    RetiredSize { name: "Standard_NC12", retired: "2023-09-06", source: NC_GUIDE },
    RetiredSize { name: "Standard_NC24", retired: "2023-09-06", source: NC_GUIDE },
    RetiredSize { name: "Standard_NC24r", retired: "2023-09-06", source: NC_GUIDE },
    RetiredSize { name: "Standard_NC6_Promo", retired: "2023-09-06", source: NC_GUIDE },
    RetiredSize { name: "Standard_NC12_Promo", retired: "2023-09-06", source: NC_GUIDE },
    RetiredSize { name: "Standard_NC24_Promo", retired: "2023-09-06", source: NC_GUIDE },
    RetiredSize { name: "Standard_NC24r_Promo", retired: "2023-09-06", source: NC_GUIDE },
    RetiredSize { name: "Standard_NC6s_v2", retired: "2023-09-06", source: NCV2_GUIDE },
    RetiredSize { name: "Standard_NC12s_v2", retired: "2023-09-06", source: NCV2_GUIDE },
    RetiredSize { name: "Standard_NC24s_v2", retired: "2023-09-06", source: NCV2_GUIDE },
    RetiredSize { name: "Standard_NC24rs_v2", retired: "2023-09-06", source: NCV2_GUIDE },
    RetiredSize { name: "Standard_NV6", retired: "2023-09-06", source: NV_GUIDE },
    RetiredSize { name: "Standard_NV12", retired: "2023-09-06", source: NV_GUIDE },
    RetiredSize { name: "Standard_NV24", retired: "2023-09-06", source: NV_GUIDE },
    RetiredSize { name: "Standard_NV6_Promo", retired: "2023-09-06", source: NV_GUIDE },
    RetiredSize { name: "Standard_NV12_Promo", retired: "2023-09-06", source: NV_GUIDE },
    RetiredSize { name: "Standard_NV24_Promo", retired: "2023-09-06", source: NV_GUIDE },
];

/// The retirement of `size`, if Azure has retired it.
pub fn retired(size: &str) -> Option<&'static RetiredSize> {
    RETIRED_SIZES.iter().find(|r| r.name.eq_ignore_ascii_case(size))
}

// cf. the Compute REST API's `OSProfile.adminUsername` (learn.microsoft.com, e.g. the .NET and JavaScript
// SDK references: "Disallowed values: ... Minimum-length (Linux): 1 character ... Max-length (Linux): 64
// characters") — last checked 2026-11-30. amlnet also requires the shape of a Linux user name
// (lowercase letters, digits, `_`, `-`, starting with a letter).
/// Longest administrator user name of a Linux VM.
pub const ADMIN_USERNAME_MAX: usize = 64;
/// User names Azure refuses for a VM's administrator.
pub const RESERVED_ADMIN_USERNAMES: &[&str] = &[
    "administrator",
    "admin",
    "user",
    "user1",
    "test",
    "user2",
    "test1",
    "user3",
    "admin1",
    "1",
    "123",
    "a",
    "actuser",
    "adm",
    "admin2",
    "aspnet",
    "backup",
    "console",
    "david",
    "guest",
    "john",
    "owner",
    "root",
    "server",
    "sql",
    "support",
    "support_388945a0",
    "sys",
    "test2",
    "test3",
    "user4",
    "user5",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpu_sizes_are_the_n_families() {
        for gpu in ["Standard_NC4as_T4_v3", "standard_nd96asr_v4", "Standard_NV36ads_A10_v5", "Standard_NG8ads_V620_v1"]
        {
            assert!(is_gpu(gpu), "{gpu}");
        }
        for cpu in ["Standard_DS3_v2", "STANDARD_D2_V2", "Standard_E8s_v5", "Standard_F4s_v2", "Standard_L8s_v3", "N"] {
            assert!(!is_gpu(cpu), "{cpu}");
        }
    }

    #[test]
    fn retired_sizes_are_found_in_any_case_and_are_gpu_sizes() {
        assert_eq!(retired("standard_nc6s_v3").map(|r| r.retired), Some("2025-09-30"));
        assert_eq!(retired("Standard_NC4as_T4_v3"), None);
        for size in RETIRED_SIZES {
            assert!(is_gpu(size.name), "{}", size.name);
            assert_eq!(size.retired.len(), 10, "{}", size.name);
        }
    }
}
