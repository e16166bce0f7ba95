//! Where a refresh token travels: in the JSON body (scripts, the CLI), or, when the request says
//! `X-Mendan-Refresh: cookie` (the web UI), in an HttpOnly cookie that page scripts cannot read.
//!
//! The cookie is SameSite=Strict and scoped to the tenant's `auth/` path, so the browser sends it
//! only to `auth/refresh` and `auth/logout` of the same site; the custom header is a second guard
//! against cross-site requests (a form cannot set it, and a script on another origin needs a
//! preflight the API does not grant).

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use mendan_core::domain::refresh_token;
use mendan_core::usecases::sessions::IDLE_SECS;
use std::convert::Infallible;

pub const COOKIE_NAME: &str = "mendan_refresh";
/// The request header that asks for cookie delivery.
pub const MODE_HEADER: &str = "x-mendan-refresh";

#[derive(Debug, PartialEq, Eq)]
pub enum Delivery {
    Body,
    Cookie {
        /// The directory of the request's path: `/t/{tenant}/v1/auth`.
        path: String,
        /// Set over HTTPS only, so a plain-HTTP `mendan serve` on a LAN still works.
        secure: bool,
        /// The cookie's value, when the browser sent one.
        presented: Option<String>,
    },
}

impl<S: Send + Sync> FromRequestParts<S> for Delivery {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let wants_cookie = parts.headers.get(MODE_HEADER).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cookie"));
        if !wants_cookie {
            return Ok(Delivery::Body);
        }
        let path = cookie_path(parts.uri.path());
        let forwarded_https = parts
            .headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').next().is_some_and(|first| first.trim().eq_ignore_ascii_case("https")));
        let secure = parts.uri.scheme_str() == Some("https") || forwarded_https;
        Ok(Delivery::Cookie { path, secure, presented: cookie_value(&parts.headers) })
    }
}

/// `/t/{tenant}/v1/auth` from the request's path. What comes before `/t/` (a stage or origin path
/// a proxy added) is not what the browser's address bar holds, so it is left out.
fn cookie_path(request_path: &str) -> String {
    let from_tenant = request_path.find("/t/").map_or(request_path, |at| &request_path[at..]);
    match from_tenant.rsplit_once('/') {
        Some((dir, _)) if !dir.is_empty() => dir.to_owned(),
        _ => "/".to_owned(),
    }
}

/// The value of our cookie among all `Cookie` headers; an oversized one counts as absent.
fn cookie_value(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim_matches('"'))
        .filter(|value| !value.is_empty() && value.len() <= refresh_token::MAX_LEN)
        .map(str::to_owned)
}

impl Delivery {
    /// The refresh token the client presented: the cookie's in cookie mode, else the body's.
    pub fn presented(&self, body: Option<String>) -> Option<String> {
        match self {
            Delivery::Body => body,
            Delivery::Cookie { presented, .. } => presented.clone(),
        }
    }

    /// Hands a new refresh token over: a `Set-Cookie` header in cookie mode (and nothing for the
    /// body), else the token for the body.
    pub fn hand_over(&self, refresh_token: String, headers: &mut HeaderMap) -> Option<String> {
        match self {
            Delivery::Body => Some(refresh_token),
            Delivery::Cookie { .. } => {
                self.set_cookie(&refresh_token, IDLE_SECS, headers);
                None
            }
        }
    }

    /// Tells the browser to forget the cookie (signed out, or the session is over).
    pub fn forget(&self, headers: &mut HeaderMap) {
        if matches!(self, Delivery::Cookie { .. }) {
            self.set_cookie("", 0, headers);
        }
    }

    fn set_cookie(&self, value: &str, max_age: i64, headers: &mut HeaderMap) {
        let Delivery::Cookie { path, secure, .. } = self else { return };
        let secure = if *secure { "; Secure" } else { "" };
        let cookie =
            format!("{COOKIE_NAME}={value}; Path={path}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}");
        // The value is a token this server made and the path came from a parsed URI: both are
        // header-safe, but a failure must not panic a request.
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(SET_COOKIE, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    async fn delivery(uri: &str, headers: &[(&str, &str)]) -> Delivery {
        let mut request = Request::builder().uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        Delivery::from_request_parts(&mut parts, &()).await.unwrap()
    }

    #[tokio::test]
    async fn cookie_mode_only_when_asked_scoped_to_the_auth_path_and_secure_over_https() {
        assert_eq!(delivery("/t/acme/v1/auth/login", &[]).await, Delivery::Body);
        let d = delivery(
            "/t/acme/v1/auth/refresh",
            &[
                (MODE_HEADER, "cookie"),
                ("cookie", "a=1; mendan_refresh=mr1.x.y.z; b=2"),
                ("x-forwarded-proto", "https"),
            ],
        )
        .await;
        assert_eq!(
            d,
            Delivery::Cookie { path: "/t/acme/v1/auth".into(), secure: true, presented: Some("mr1.x.y.z".into()) }
        );
        let mut headers = HeaderMap::new();
        assert_eq!(d.hand_over("mr1.new".into(), &mut headers), None, "the body gets nothing");
        assert_eq!(
            headers[SET_COOKIE],
            "mendan_refresh=mr1.new; Path=/t/acme/v1/auth; Max-Age=604800; HttpOnly; SameSite=Strict; Secure"
        );
        let plain = delivery("/t/acme/v1/auth/logout", &[(MODE_HEADER, "cookie")]).await;
        let mut headers = HeaderMap::new();
        plain.forget(&mut headers);
        assert_eq!(headers[SET_COOKIE], "mendan_refresh=; Path=/t/acme/v1/auth; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    #[test]
    fn the_cookie_path_is_the_tenant_auth_path_whatever_a_proxy_put_before_it() {
        assert_eq!(cookie_path("/t/acme/v1/auth/refresh"), "/t/acme/v1/auth");
        assert_eq!(cookie_path("/prod/t/acme/v1/auth/login"), "/t/acme/v1/auth");
        assert_eq!(cookie_path("/login"), "/");
    }

    #[tokio::test]
    async fn an_oversized_or_empty_cookie_counts_as_none() {
        let long = format!("mendan_refresh={}", "a".repeat(10_000));
        for cookie in [long.as_str(), "mendan_refresh=", "other=1"] {
            let d = delivery("/t/acme/v1/auth/refresh", &[(MODE_HEADER, "cookie"), ("cookie", cookie)]).await;
            assert_eq!(d.presented(Some("body".into())), None, "{cookie}");
        }
        let body = delivery("/t/acme/v1/auth/refresh", &[("cookie", "mendan_refresh=mr1.x")]).await;
        assert_eq!(body.presented(Some("body".into())), Some("body".into()), "body mode never reads the cookie");
    }
}
