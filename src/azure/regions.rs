//! Azure public-cloud regions: the name a spec uses and the spelling regional service tags use.

/// One Azure region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region {
    /// The programmatic name (`location`), as in `az account list-locations`.
    pub name: &'static str,
    /// The suffix of regional service tags, e.g. `Storage.EastUS2`.
    pub tag_suffix: &'static str,
}

// cf. learn.microsoft.com/azure/reliability/regions-list and the "Azure IP Ranges and Service Tags –
// Public Cloud" file (regional tag names such as `Storage.WestEurope`) — last checked 2026-11-27.
// Regions with the ML service only; sorted by name.
pub const REGIONS: &[Region] = &[
    Region { name: "australiacentral", tag_suffix: "AustraliaCentral" },
    Region { name: "australiaeast", tag_suffix: "AustraliaEast" },
    Region { name: "australiasoutheast", tag_suffix: "AustraliaSoutheast" },
    Region { name: "brazilsouth", tag_suffix: "BrazilSouth" },
    Region { name: "canadacentral", tag_suffix: "CanadaCentral" },
    Region { name: "canadaeast", tag_suffix: "CanadaEast" },
    Region { name: "centralindia", tag_suffix: "CentralIndia" },
    Region { name: "centralus", tag_suffix: "CentralUS" },
    Region { name: "eastasia", tag_suffix: "EastAsia" },
    Region { name: "eastus", tag_suffix: "EastUS" },
    Region { name: "eastus2", tag_suffix: "EastUS2" },
    Region { name: "francecentral", tag_suffix: "FranceCentral" },
    Region { name: "germanywestcentral", tag_suffix: "GermanyWestCentral" },
    Region { name: "israelcentral", tag_suffix: "IsraelCentral" },
    Region { name: "italynorth", tag_suffix: "ItalyNorth" },
    Region { name: "japaneast", tag_suffix: "JapanEast" },
    Region { name: "japanwest", tag_suffix: "JapanWest" },
    Region { name: "koreacentral", tag_suffix: "KoreaCentral" },
    Region { name: "koreasouth", tag_suffix: "KoreaSouth" },
    Region { name: "mexicocentral", tag_suffix: "MexicoCentral" },
    Region { name: "northcentralus", tag_suffix: "NorthCentralUS" },
    Region { name: "northeurope", tag_suffix: "NorthEurope" },
    Region { name: "norwayeast", tag_suffix: "NorwayEast" },
    Region { name: "polandcentral", tag_suffix: "PolandCentral" },
    Region { name: "qatarcentral", tag_suffix: "QatarCentral" },
    Region { name: "southafricanorth", tag_suffix: "SouthAfricaNorth" },
    Region { name: "southcentralus", tag_suffix: "SouthCentralUS" },
    Region { name: "southeastasia", tag_suffix: "SoutheastAsia" },
    Region { name: "southindia", tag_suffix: "SouthIndia" },
    Region { name: "spaincentral", tag_suffix: "SpainCentral" },
    Region { name: "swedencentral", tag_suffix: "SwedenCentral" },
    Region { name: "switzerlandnorth", tag_suffix: "SwitzerlandNorth" },
    Region { name: "uaenorth", tag_suffix: "UAENorth" },
    Region { name: "uksouth", tag_suffix: "UKSouth" },
    Region { name: "ukwest", tag_suffix: "UKWest" },
    Region { name: "westcentralus", tag_suffix: "WestCentralUS" },
    Region { name: "westeurope", tag_suffix: "WestEurope" },
    Region { name: "westus", tag_suffix: "WestUS" },
    Region { name: "westus2", tag_suffix: "WestUS2" },
    Region { name: "westus3", tag_suffix: "WestUS3" },
];

/// Looks a region up by its programmatic name (case-insensitive, as Azure treats it).
pub fn region(name: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.name.eq_ignore_ascii_case(name))
}

// cf. MicrosoftDocs/reliability-docs `articles/reliability/regions-list.md` (ms.date 2025-09-23), the
// "Availability zone support" column: no check mark for these regions of [`REGIONS`] — checked 2026-11-30.
/// The regions of [`REGIONS`] without availability zones; every other region has three.
pub const WITHOUT_AVAILABILITY_ZONES: &[&str] = &[
    "australiacentral",
    "australiasoutheast",
    "canadaeast",
    "koreasouth",
    "northcentralus",
    "southindia",
    "ukwest",
    "westcentralus",
    "westus",
];

/// The logical availability zones of a region that has them, as ARM and azurerm spell them (`zones`).
/// cf. MicrosoftDocs/reliability-docs `articles/reliability/regions-list.md` ("typically has three
/// distinct zones"), Azure/bicep-types-az microsoft.network/2025-09-01 (`zones: string[]`), checked 2026-11-30.
pub const AVAILABILITY_ZONES: [&str; 3] = ["1", "2", "3"];

impl Region {
    /// Whether the region has availability zones.
    pub fn has_availability_zones(&self) -> bool {
        !WITHOUT_AVAILABILITY_ZONES.contains(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_and_consistent() {
        for pair in REGIONS.windows(2) {
            assert!(pair[0].name < pair[1].name, "{} before {}", pair[0].name, pair[1].name);
        }
        for r in REGIONS {
            assert_eq!(r.name, r.tag_suffix.to_ascii_lowercase(), "{} vs {}", r.name, r.tag_suffix);
        }
    }

    #[test]
    fn lookup() {
        assert_eq!(region("EastUS2").unwrap().tag_suffix, "EastUS2");
        assert!(region("mars").is_none());
    }

    #[test]
    fn zone_less_regions_are_known_regions() {
        for name in WITHOUT_AVAILABILITY_ZONES {
            assert!(region(name).is_some(), "{name}");
        }
        assert!(region("eastus").unwrap().has_availability_zones());
        assert!(!region("westus").unwrap().has_availability_zones());
    }
}
