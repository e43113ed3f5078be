//! Trusted reverse proxies and the client address behind them.
//!
//! Behind a reverse proxy every request arrives from the proxy's address, so throttles keyed
//! by address would lump all clients together. The proxy names the real client in
//! `X-Forwarded-For`, but anyone can send that header: it is read only when the TCP peer is a
//! proxy the operator named with `serve --trusted-proxy`, and then only as far back as the
//! trusted proxies go.

use axum::http::HeaderMap;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// One `--trusted-proxy` value: an address, or a range as `ADDRESS/PREFIX` (IPv4 or IPv6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyRange {
    network: IpAddr,
    prefix: u8,
}

impl ProxyRange {
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.network, address.to_canonical()) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(network) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(network) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for ProxyRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let invalid = || {
            format!(
                "`{text}` bukan alamat atau rentang IP (contoh: 127.0.0.1, 10.0.0.0/8, ::1, fd00::/8)"
            )
        };
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text.trim(), None),
        };
        let network = IpAddr::from_str(address)
            .map_err(|_| invalid())?
            .to_canonical();
        let bits = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= bits)
                .ok_or_else(invalid)?,
            None => bits,
        };
        Ok(ProxyRange { network, prefix })
    }
}

impl fmt::Display for ProxyRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// The proxies whose `X-Forwarded-For` the hub believes; none unless the operator names them.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<ProxyRange>);

impl TrustedProxies {
    pub fn new(ranges: Vec<ProxyRange>) -> Self {
        TrustedProxies(ranges)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(address))
    }

    /// Whether the TCP peer `peer` is a trusted proxy, whose forwarded headers (the client's
    /// scheme and host too) the hub believes.
    pub fn is_trusted(&self, peer: IpAddr) -> bool {
        self.trusts(peer.to_canonical())
    }

    /// The client behind the TCP peer `peer`. A peer that is not a trusted proxy is the
    /// client. From a trusted one, the `X-Forwarded-For` entries are read from the right
    /// (the hop nearest the hub) and the first one that is not itself a trusted proxy is the
    /// client: entries further left were written by the client and prove nothing. A header
    /// that cannot be read leaves the proxy as the client.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        // Several headers count as one list, in order.
        let values: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .map(|value| value.to_str().unwrap_or(""))
            .collect();
        for entry in values.iter().rev().flat_map(|v| v.rsplit(',')) {
            let Some(address) = parse_forwarded(entry) else {
                return client;
            };
            client = address;
            if !self.trusts(address) {
                return address;
            }
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5`, `[::1]:5`).
fn parse_forwarded(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    if let Ok(address) = IpAddr::from_str(entry) {
        return Some(address.to_canonical());
    }
    let host = match entry.strip_prefix('[') {
        Some(rest) => rest.split_once(']')?.0,
        None => entry.rsplit_once(':')?.0,
    };
    IpAddr::from_str(host).ok().map(|a| a.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().expect("header"));
        headers
    }

    fn proxies(ranges: &[&str]) -> TrustedProxies {
        TrustedProxies::new(ranges.iter().map(|r| r.parse().expect("range")).collect())
    }

    #[test]
    fn ranges_parse_as_addresses_or_prefixes_and_refuse_the_rest() {
        let range: ProxyRange = "10.0.0.0/8".parse().expect("range");
        assert!(range.contains(ip("10.200.3.4")));
        assert!(!range.contains(ip("11.0.0.1")));
        assert!(range.contains(ip("::ffff:10.1.2.3")), "IPv4-mapped peers");
        let one: ProxyRange = "127.0.0.1".parse().expect("address");
        assert!(one.contains(ip("127.0.0.1")));
        assert!(!one.contains(ip("127.0.0.2")));
        let v6: ProxyRange = "fd00::/8".parse().expect("v6");
        assert!(v6.contains(ip("fd12::1")));
        assert!(!v6.contains(ip("10.0.0.1")));
        let all: ProxyRange = "0.0.0.0/0".parse().expect("all");
        assert!(all.contains(ip("8.8.8.8")));
        for bad in [
            "",
            "10.0.0.0/33",
            "::/129",
            "proxy.local",
            "10.0.0.0/x",
            "10.0.0/8",
        ] {
            assert!(bad.parse::<ProxyRange>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_header_is_ignored_unless_the_peer_is_a_trusted_proxy() {
        let trusted = proxies(&["127.0.0.1"]);
        let spoofed = forwarded("10.9.9.66");
        assert_eq!(trusted.client(ip("192.0.2.5"), &spoofed), ip("192.0.2.5"));
        assert_eq!(
            TrustedProxies::default().client(ip("127.0.0.1"), &spoofed),
            ip("127.0.0.1")
        );
        assert_eq!(trusted.client(ip("127.0.0.1"), &spoofed), ip("10.9.9.66"));
        assert_eq!(
            trusted.client(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn the_rightmost_untrusted_entry_is_the_client() {
        let trusted = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        // The client wrote the left-most entry itself; the proxies appended the rest.
        let chain = forwarded("1.1.1.1, 203.0.113.9, 10.0.0.2");
        assert_eq!(trusted.client(ip("127.0.0.1"), &chain), ip("203.0.113.9"));
        let mut two = HeaderMap::new();
        two.append("x-forwarded-for", "1.1.1.1".parse().expect("h"));
        two.append("x-forwarded-for", "198.51.100.7:4711".parse().expect("h"));
        assert_eq!(trusted.client(ip("127.0.0.1"), &two), ip("198.51.100.7"));
        let v6 = forwarded("[2001:db8::7]:443");
        assert_eq!(trusted.client(ip("10.0.0.3"), &v6), ip("2001:db8::7"));
        // Garbage stops the walk at the last hop that could be read.
        let garbage = forwarded("203.0.113.9, nonsense, 10.0.0.2");
        assert_eq!(trusted.client(ip("127.0.0.1"), &garbage), ip("10.0.0.2"));
    }
}
