//! Who a request comes from, as the hub tells clients apart: the address the server knows
//! ([`ClientAddress`]) and the key the limits count a client under ([`ClientKey`]).

use crate::proxy::TrustedProxies;
use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// The client's address when the server knows it (it does when served over TCP): the TCP
/// peer, or behind a trusted reverse proxy the client it names ([`TrustedProxies::client`]).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

impl<S> FromRequestParts<S> for ClientAddress
where
    S: Send + Sync,
    Arc<TrustedProxies>: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let proxies = Arc::<TrustedProxies>::from_ref(state);
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| proxies.client(info.0.ip(), &parts.headers)),
        ))
    }
}

/// A client as the throttles and the public registry's limit count it: its address, with an
/// IPv6 address cut to its /64 (one household or office usually holds a whole /64, so single
/// addresses would cost nothing to change) and an IPv4-mapped IPv6 address taken as the IPv4
/// one. Requests whose address is unknown (not served over TCP) share one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(Option<IpAddr>);

impl ClientKey {
    pub fn of(address: Option<IpAddr>) -> Self {
        ClientKey(address.map(|address| match address.to_canonical() {
            IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
            v4 => v4,
        }))
    }
}

/// The address (an IPv6 one as its /64's first address), or `-` when unknown: how the login
/// throttle names the client in the store.
impl std::fmt::Display for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(address) => write!(f, "{address}"),
            None => f.write_str("-"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_client_is_counted_by_its_64() {
        let a: IpAddr = "2001:db8:1:2::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().expect("ip");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(ClientKey::of(Some(a)), ClientKey::of(Some(b)));
        assert_ne!(ClientKey::of(Some(a)), ClientKey::of(Some(c)));
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().expect("ip");
        assert_eq!(
            ClientKey::of(Some(mapped)),
            ClientKey::of(Some(IpAddr::from([203, 0, 113, 7])))
        );
    }

    #[test]
    fn ipv4_clients_are_told_apart_by_address_and_unknown_ones_share_a_key() {
        let one = ClientKey::of(Some(IpAddr::from([203, 0, 113, 7])));
        let other = ClientKey::of(Some(IpAddr::from([203, 0, 113, 8])));
        assert_ne!(one, other);
        assert_eq!(ClientKey::of(None), ClientKey::of(None));
        assert_ne!(ClientKey::of(None), one);
    }
}
