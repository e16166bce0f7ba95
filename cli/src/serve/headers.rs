//! Security headers on every response of `mendan serve` (web UI, API, `/objects`). A response
//! that already sets one keeps its own: `/objects` answers with a sandboxing policy of its own.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;

/// The web UI's policy: everything from this origin only, no inline script or style (the Vite
/// build has none), recordings previewed from `blob:` URLs, no framing, no plugins.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
     media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The camera and microphone for the recorder on this origin; nothing else a page could ask for.
const PERMISSIONS: &str = "camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=(), usb=()";

/// The policy with `public_url`'s origin added where the signed object links point (uploads and
/// playback), for when browsers reach the server under another name than the links use.
pub fn content_security_policy(public_url: &str) -> String {
    match origin(public_url) {
        Some(origin) => CSP
            .replace("media-src 'self'", &format!("media-src 'self' {origin}"))
            // The call relay's WebSocket is at the same address under ws(s)://.
            .replace("connect-src 'self'", &format!("connect-src 'self' {origin} ws{}", &origin[4..])),
        None => CSP.to_owned(),
    }
}

/// `scheme://host[:port]` of an http(s) URL, when it is plainly one (nothing that could break
/// out of the policy's syntax).
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split('/').next()?;
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    (matches!(scheme, "http" | "https") && !authority.is_empty() && authority.chars().all(plain))
        .then(|| format!("{scheme}://{authority}"))
}

/// Adds the headers to every response of `app` that lacks them.
pub fn secure(app: Router, public_url: &str) -> Router {
    let csp = HeaderValue::from_str(&content_security_policy(public_url)).expect("ASCII policy");
    let headers: Vec<(HeaderName, HeaderValue)> = vec![
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        // Signed object links carry their grant in the query: never send it on as a Referer.
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (HeaderName::from_static("permissions-policy"), HeaderValue::from_static(PERMISSIONS)),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
    ];
    app.layer(axum::middleware::map_response(move |mut response: Response| {
        let headers = headers.clone();
        async move {
            for (name, value) in headers {
                response.headers_mut().entry(name).or_insert(value);
            }
            response
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_origin_is_added_only_when_plain() {
        let csp = content_security_policy("http://192.168.1.5:8080/");
        assert!(csp.contains("connect-src 'self' http://192.168.1.5:8080 ws://192.168.1.5:8080;"), "{csp}");
        assert!(csp.contains("media-src 'self' http://192.168.1.5:8080 blob:;"), "{csp}");
        for odd in ["http://x; script-src *", "javascript:alert(1)", "ftp://x", "http://"] {
            assert_eq!(content_security_policy(odd), CSP, "{odd}");
        }
    }
}
