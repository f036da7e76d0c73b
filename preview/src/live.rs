//! The preview's live state and its answer to every request. The last site
//! that built is swapped whole (a reader never sees half a site) together
//! with the errors of the latest build, if it failed, and a version that
//! moves whenever either changes; open pages hear the version on the
//! events stream and reload. Pages are answered by the shipped server's
//! own `respond` over the current site, then given the reload script (and
//! the error panel) by `inject`.

use crate::events::{self, Events};
use crate::inject;
use bytes::Bytes;
use futures_util::FutureExt;
use http_body_util::{BodyExt, Either, Full};
use hyper::body::Incoming;
use hyper::header::{
    HeaderValue, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG,
    IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};
use hyper::{Request, Response, StatusCode};
use server::site::Search;
use server::Site;
use std::borrow::Cow;
use std::sync::{Arc, RwLock};
use tokio::sync::watch;

/// Every response the preview sends: a page or file, or the events.
pub type Body = Either<Full<Bytes>, Events>;

/// What is served now.
#[derive(Clone)]
struct Current {
    site: Arc<Site>,
    /// The latest build's errors, when it failed (then `site` is the last
    /// one that built).
    errors: Option<Arc<[String]>>,
    version: u64,
}

pub struct Live {
    current: RwLock<Current>,
    versions: watch::Sender<u64>,
    shutdown: watch::Sender<bool>,
}

impl Live {
    /// Serving the result of the first build.
    pub fn new(first: Result<Site, Vec<String>>) -> Live {
        let (site, errors) = match first {
            Ok(site) => (site, None),
            Err(errors) => (nothing_built(), Some(errors.into())),
        };
        Live {
            current: RwLock::new(Current {
                site: Arc::new(site),
                errors,
                version: 1,
            }),
            versions: watch::Sender::new(1),
            shutdown: watch::Sender::new(false),
        }
    }

    /// Serves the result of a new build: a site replaces the old one and
    /// clears the errors; errors keep the last site under them. Open pages
    /// reload only if what they show changed. A site whose search is not
    /// assembled yet (`None`) answers searches from the last one's index
    /// until `publish_search` brings its own.
    pub fn publish(&self, built: Result<Site, Vec<String>>) {
        let mut current = self.current.write().expect("no writer panics");
        let changed = match built {
            Ok(mut site) => {
                if site.search.is_none() {
                    site.search = current.site.search.clone();
                }
                let changed = current.errors.is_some() || site.hash != current.site.hash;
                current.site = Arc::new(site);
                current.errors = None;
                changed
            }
            Err(errors) => {
                let changed = current.errors.as_deref() != Some(&errors[..]);
                current.errors = Some(errors.into());
                changed
            }
        };
        if changed {
            current.version += 1;
            self.versions.send_replace(current.version);
        }
    }

    /// Answers searches from `search`, the index of the site published
    /// last: no page changes, so none reloads.
    pub fn publish_search(&self, search: Search) {
        let mut current = self.current.write().expect("no writer panics");
        Arc::make_mut(&mut current.site).search = Some(search);
    }

    /// Ends every events stream, so the server's drain is not held up.
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }

    /// The answer to `request`. Called on the server's worker threads.
    pub fn answer(&self, request: &Request<Incoming>) -> Response<Body> {
        if request.uri().path() == inject::EVENTS_PATH {
            return self.events();
        }
        let current = self.current.read().expect("no writer panics").clone();
        // Always the current bytes: the page changes under the same ETag
        // (its version, its errors), so no conditional request applies.
        let mut fresh = Request::builder()
            .method(request.method())
            .uri(request.uri())
            .body(())
            .expect("the parts of a valid request make a valid request");
        *fresh.headers_mut() = request.headers().clone();
        fresh.headers_mut().remove(IF_NONE_MATCH);
        fresh.headers_mut().remove(IF_MODIFIED_SINCE);
        let response = server::respond(&current.site, &fresh);
        let is_html = response
            .headers()
            .get(CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
        if !is_html {
            return response.map(Either::Left);
        }
        self.page(response, &current)
    }

    fn page(&self, response: Response<Full<Bytes>>, current: &Current) -> Response<Body> {
        let (mut parts, body) = response.into_parts();
        let body = body_bytes(body);
        let html = String::from_utf8_lossy(&body);
        let errors = current.errors.as_deref();
        let page = Bytes::from(inject::page(&html, current.version, errors));
        let headers = &mut parts.headers;
        if let Some(policy) = headers.get(CONTENT_SECURITY_POLICY) {
            let policy = inject::csp(policy.to_str().unwrap_or_default(), errors.is_some());
            let policy = HeaderValue::try_from(policy).expect("a policy of header text");
            headers.insert(CONTENT_SECURITY_POLICY, policy);
        }
        headers.remove(ETAG);
        headers.remove(LAST_MODIFIED);
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if headers.contains_key(CONTENT_LENGTH) {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(page.len()));
        }
        // A HEAD answer has no body to add to; its length is the page's.
        let page = if body.is_empty() { Bytes::new() } else { page };
        Response::from_parts(parts, Either::Left(Full::new(page)))
    }

    fn events(&self) -> Response<Body> {
        let body = events::stream(self.versions.subscribe(), self.shutdown.subscribe());
        let mut response = Response::new(Either::Right(body));
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        *response.status_mut() = StatusCode::OK;
        response
    }
}

/// The bytes of a body `respond` made: whole already, so collecting it
/// never waits.
fn body_bytes(body: Full<Bytes>) -> Bytes {
    match body.collect().now_or_never() {
        Some(Ok(collected)) => collected.to_bytes(),
        Some(Err(never)) => match never {},
        None => unreachable!("a Full body is ready at once"),
    }
}

/// The site served before anything built: every path is the 404 page, a
/// blank page the error panel goes on.
fn nothing_built() -> Site {
    let page: &'static [u8] =
        b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>preview</title></head><body></body></html>";
    let route = server::site::Route {
        path: Cow::Borrowed("/404.html"),
        content_type: HeaderValue::from_static("text/html; charset=utf-8"),
        cache_control: HeaderValue::from_static("no-store"),
        csp: HeaderValue::from_static("default-src 'none'"),
        identity: server::site::Representation {
            bytes: Bytes::from_static(page),
            etag: HeaderValue::from_static("\"none\""),
            length: HeaderValue::from(page.len()),
        },
        gzip: None,
        br: None,
        ranges: false,
    };
    Site {
        routes: Cow::Owned(Vec::new()),
        redirects: Cow::Owned(Vec::new()),
        not_found: route,
        last_modified: None,
        bare_csp: HeaderValue::from_static("default-src 'none'"),
        hash: Cow::Borrowed(""),
        base_url: Cow::Borrowed(""),
        address_warning: None,
        search: None,
    }
}
