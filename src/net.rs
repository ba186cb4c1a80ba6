//! IPv4 prefixes: parsing, containment and overlap, nothing Azure-specific.
//!
//! A prefix is an address and a length. [`Ipv4Net::parse_prefix`] accepts only network
//! addresses (no host bits), as every prefix in a spec must be; [`Ipv4Net::parse_interface`]
//! accepts an address with host bits and a length, which is how a docker bridge is written.

use std::fmt;
use std::net::Ipv4Addr;

/// An IPv4 address with a prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ipv4Net {
    addr: u32,
    len: u8,
}

/// Why a text is not a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CidrError {
    /// Not `a.b.c.d/n` with an address and a length of 0 to 32.
    Syntax,
    /// The address has bits set past the prefix length; `network` is what was probably meant.
    HostBits { network: Ipv4Net },
}

impl Ipv4Net {
    /// Builds a prefix, keeping the address as given.
    pub fn new(addr: Ipv4Addr, len: u8) -> Ipv4Net {
        assert!(len <= 32, "prefix length {len} is over 32");
        Ipv4Net { addr: u32::from(addr), len }
    }

    /// Parses `a.b.c.d/n` whose address is the network address of the prefix.
    pub fn parse_prefix(text: &str) -> Result<Ipv4Net, CidrError> {
        let net = Ipv4Net::parse_interface(text)?;
        if net.addr != net.network_u32() {
            return Err(CidrError::HostBits { network: net.trunc() });
        }
        Ok(net)
    }

    /// Parses `a.b.c.d/n`, host bits allowed (an interface address such as a docker bridge).
    pub fn parse_interface(text: &str) -> Result<Ipv4Net, CidrError> {
        let (addr, len) = text.split_once('/').ok_or(CidrError::Syntax)?;
        let addr: Ipv4Addr = addr.parse().map_err(|_| CidrError::Syntax)?;
        if len.is_empty() || len.len() > 2 || !len.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CidrError::Syntax);
        }
        let len: u8 = len.parse().map_err(|_| CidrError::Syntax)?;
        if len > 32 {
            return Err(CidrError::Syntax);
        }
        Ok(Ipv4Net { addr: u32::from(addr), len })
    }

    /// The address as written.
    pub fn addr(self) -> Ipv4Addr {
        Ipv4Addr::from(self.addr)
    }

    /// The prefix length.
    #[allow(clippy::len_without_is_empty, reason = "a prefix length, not a collection size")]
    pub fn len(self) -> u8 {
        self.len
    }

    /// The network address.
    pub fn network(self) -> Ipv4Addr {
        Ipv4Addr::from(self.network_u32())
    }

    /// The same prefix with its host bits cleared.
    pub fn trunc(self) -> Ipv4Net {
        Ipv4Net { addr: self.network_u32(), len: self.len }
    }

    /// The number of addresses in the prefix.
    pub fn size(self) -> u64 {
        1u64 << (32 - u32::from(self.len))
    }

    /// Whether `addr` lies in this prefix.
    pub fn contains_addr(self, addr: Ipv4Addr) -> bool {
        u32::from(addr) & self.mask() == self.network_u32()
    }

    /// Whether every address of `other` lies in this prefix.
    pub fn contains(self, other: Ipv4Net) -> bool {
        other.len >= self.len && self.contains_addr(other.network())
    }

    /// Whether the two prefixes share at least one address.
    pub fn overlaps(self, other: Ipv4Net) -> bool {
        self.contains(other.trunc()) || other.contains(self.trunc())
    }

    /// The `index`-th address of the prefix (0 is the network address).
    pub fn nth(self, index: u32) -> Ipv4Addr {
        Ipv4Addr::from(self.network_u32().wrapping_add(index))
    }

    /// The offset of `addr` from the network address, if it lies in the prefix.
    pub fn offset_of(self, addr: Ipv4Addr) -> Option<u32> {
        self.contains_addr(addr).then(|| u32::from(addr) - self.network_u32())
    }

    fn mask(self) -> u32 {
        if self.len == 0 { 0 } else { u32::MAX << (32 - u32::from(self.len)) }
    }

    fn network_u32(self) -> u32 {
        self.addr & self.mask()
    }
}

impl fmt::Display for Ipv4Net {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr(), self.len)
    }
}

/// The smallest prefix length whose block holds `addresses` addresses (`None` above 2^32).
pub fn prefix_len_for(addresses: u64) -> Option<u8> {
    (0..=32u8).rev().find(|len| (1u64 << (32 - u32::from(*len))) >= addresses)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        Ipv4Net::parse_interface(s).unwrap()
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!(net("10.0.0.0/16").to_string(), "10.0.0.0/16");
        assert_eq!(Ipv4Net::parse_prefix("10.0.0.1/16"), Err(CidrError::HostBits { network: net("10.0.0.0/16") }));
        for bad in ["10.0.0.0", "10.0.0.0/33", "10.0.0/8", "10.0.0.0/", "10.0.0.0/+8", "x/8", "10.0.0.0/008"] {
            assert_eq!(Ipv4Net::parse_interface(bad), Err(CidrError::Syntax), "{bad}");
        }
    }

    #[test]
    fn overlap_and_containment() {
        assert!(net("10.0.0.0/8").contains(net("10.1.0.0/16")));
        assert!(!net("10.1.0.0/16").contains(net("10.0.0.0/8")));
        assert!(net("10.1.0.0/16").overlaps(net("10.0.0.0/8")));
        assert!(!net("10.1.0.0/16").overlaps(net("10.2.0.0/16")));
        assert!(net("172.17.0.1/16").overlaps(net("172.17.5.0/24")));
        assert!(net("0.0.0.0/0").contains(net("1.2.3.4/32")));
    }

    #[test]
    fn sizes() {
        assert_eq!(net("10.0.0.0/24").size(), 256);
        assert_eq!(prefix_len_for(256), Some(24));
        assert_eq!(prefix_len_for(257), Some(23));
        assert_eq!(prefix_len_for(1), Some(32));
        assert_eq!(net("10.0.0.0/24").nth(10).to_string(), "10.0.0.10");
    }
}
