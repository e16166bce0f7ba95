//! The client's network address, for sign-in throttling. Only what the transport itself saw
//! counts: the TCP peer under `mendan serve`, API Gateway's `sourceIp` on AWS. Headers such as
//! X-Forwarded-For are written by the client and never trusted.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use lambda_http::request::RequestContext;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// `None` when the transport did not say (a router driven without a server, as in unit tests).
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(client_addr(parts)))
    }
}

fn client_addr(parts: &Parts) -> Option<IpAddr> {
    if let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() {
        return Some(peer.ip());
    }
    match parts.extensions.get::<RequestContext>()? {
        RequestContext::ApiGatewayV2(context) => context.http.source_ip.as_deref()?.parse().ok(),
        // Other event sources (ALB, REST APIs) are not how Mendan is deployed.
        _ => None,
    }
}
