//! The headers every response carries, whatever its status: the
//! Content-Security-Policy (a page's own, made at build time with hashes of
//! its inline styles, or the bare policy of the site), `nosniff`, a
//! Referrer-Policy and a Cross-Origin-Opener-Policy.

use hyper::header::{
    HeaderMap, HeaderName, HeaderValue, CONTENT_SECURITY_POLICY, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS,
};

const CROSS_ORIGIN_OPENER_POLICY: HeaderName =
    HeaderName::from_static("cross-origin-opener-policy");

/// Adds the security headers; a CSP already set (a page's) is kept, else
/// `bare_csp` (the site's policy for responses that are no page).
pub(crate) fn add(headers: &mut HeaderMap, bare_csp: &HeaderValue) {
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(CONTENT_SECURITY_POLICY, bare_csp.clone());
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Other sites learn that a reader came from here, never from which page.
    headers.insert(
        REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        CROSS_ORIGIN_OPENER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
}
