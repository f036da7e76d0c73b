//! What the stages hand each other and the caller: the inputs build.rs
//! found, and the rendered site (its routes, the 404 page, Last-Modified
//! and the warnings). Plain data, no behaviour beyond a short `Debug`.

use crate::settings::Settings;
use crate::source::Source;
use bytes::Bytes;

/// Everything build.rs found on disk.
pub struct Inputs {
    pub settings: Settings,
    /// The posts, `posts/*.md` and `posts/*/index.md` (see `is_post`), in
    /// any order.
    pub posts: Vec<Source<String>>,
    /// Every other file under `posts/`: files beside a post.
    pub post_files: Vec<Source<Bytes>>,
    /// Files under `static/`; `path` is relative to `static/`.
    pub statics: Vec<Source<Bytes>>,
    /// Whether posts marked `draft = true` are published.
    pub include_drafts: bool,
    /// Whether the site's fonts are cut to what the pages draw.
    pub fonts: Fonts,
}

/// What the build does with the site's fonts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fonts {
    /// Cut to the characters and glyphs the pages draw (`fonts`): what
    /// ships.
    Subset,
    /// Served as vendored: the preview's, where cutting them again on
    /// every save would cost the writer time and save nothing on loopback.
    AsVendored,
}

/// One response body the server can send, with its content type.
#[derive(Clone, PartialEq, Eq)]
pub struct Route {
    /// The URL path, beginning with `/`.
    pub path: String,
    pub content_type: String,
    /// Shared, not copied, between the memos, the table and the preview's
    /// server: a save that leaves a page as it was moves none of its bytes.
    pub body: Bytes,
    pub cache: CachePolicy,
    /// Whether a client may fetch it in parts (`Range`, answered 206):
    /// files beside posts, which may be large (a PDF, a video, a data
    /// set) and are resumed or seeked. Pages and static files are sent
    /// whole.
    pub ranges: bool,
}

/// How long browsers and CDNs may keep a route without asking again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CachePolicy {
    /// The URL changes whenever the body does (a fingerprinted static
    /// file, see `assets`): keep it a year, never revalidate.
    Immutable,
    /// The URL stays while the body changes (pages, feeds, images beside
    /// posts): revalidate with the ETag before every use.
    Revalidate,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Route")
            .field("path", &self.path)
            .field("content_type", &self.content_type)
            .field("cache", &self.cache)
            .field("ranges", &self.ranges)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// The rendered site.
#[derive(Debug)]
pub struct Site {
    /// Every route, sorted by path.
    pub routes: Vec<Route>,
    /// The page sent with status 404 for any path not in `routes`.
    pub not_found: Route,
    /// The site's Last-Modified: the newest post's `updated` or `date`
    /// (reproducible, unlike the build's clock); `None` without posts.
    pub last_modified: Option<time::Date>,
    /// Problems that do not stop the build (`file:line: message`).
    pub warnings: Vec<String>,
    /// `(old path, post path)`: the posts' aliases, redirected to them.
    pub aliases: Vec<(String, String)>,
    /// What the server answers `/search` with; `None` only for sites made
    /// by hand in tests.
    pub search: Option<Search>,
}

/// The site's search: the index and the page of results around them.
#[derive(Clone)]
pub struct Search {
    /// The `search` crate's index of every post.
    pub index: Vec<u8>,
    /// The page of results, whole, with `pages::search::SLOT` where the
    /// results go.
    pub page: Vec<u8>,
    /// The search form as every page's header holds it, byte for byte.
    pub form: String,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Search {{ index: {} bytes }}", self.index.len())
    }
}
