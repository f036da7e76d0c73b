//! Work kept between builds, so that a build after a one-post change
//! renders one post: eight memos (`memo`), each keyed by a digest of the
//! renderer (an identity the caller gives, such as `inputs::renderer`,
//! which changes with this crate, its dependencies and the compiler) and of
//! everything else its values are made from.
//!
//! - Post bodies (`content::bodies`), under the base URL (feed bodies carry
//!   absolute links), every file beside any post (a page holds its images'
//!   sizes, and a post may show another post's image) and the post's own
//!   path and text. Nothing else reaches `markdown::render`.
//! - What each raster image beside a post became (`content::image`:
//!   resized and encoded files), under its bytes, its widths and the
//!   encoder's settings: encoding takes seconds an image.
//! - What each page's faces draw (`fonts::faces`), under the stylesheets
//!   and the page: parsing every page again is most of a one-post rebuild
//!   otherwise.
//! - The site's subset fonts (`fonts::subset`), under the font file and
//!   what the subset keeps (characters and layout features): encoding
//!   woff2 at brotli's best quality takes longer than rendering one post,
//!   and the characters rarely change.
//! - What KaTeX set in each body (`fonts::charset`), under the body.
//! - What each served body needs beyond its bytes (`output::table`: gzip
//!   and brotli, the page's policy, the ETags), under its type and bytes,
//!   or what the build knows they are made of: brotli at quality 11 over
//!   every body was most of a one-post rebuild.
//! - Each post analysed for the search index (`search`: its words found,
//!   stemmed and placed), under its body's key and its tags as shown:
//!   analysing every post was ten times the rest of a save at 1,000 posts.
//! - Each post's terms for related posts (`pages::related`), under its
//!   body's key; in memory only.
//! - Each page (`pages::made_of`), under the layout and the posts it is
//!   made of. Kept in memory only, for the next build in the same process
//!   (the preview's next save): the pages are most of the site's bytes,
//!   which a saved cache would carry for a build script that renders every
//!   page anyway to cut the fonts.
//! - Each post's content escaped for the feed (`pages::feed`), under its
//!   body: escaping every post was most of the feed's making. In memory
//!   only, like the pages.
//!
//! It also keeps the syntax highlighter (`content::highlight`) once
//! loaded (loading its syntaxes took longer than rendering a post), and
//! KaTeX's output for the formulas of a body rendered alone, as a save
//! renders one (`content::bodies`).
//!
//! Pure: the cache comes in and goes out as bytes; the caller keeps them.

use crate::content::highlight::Highlighter;
use crate::content::image::encode::Encoded;
use crate::content::markdown::Rendered;
use crate::content::math::Math;
use crate::fonts::faces::PageText;
use crate::fonts::Memos;
use crate::memo::{Key, Memo};
use crate::output::table::Prepared;
use crate::pages::related::Terms;
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

/// The memos of the last build.
pub struct Cache {
    pub(crate) bodies: Memo<Arc<Rendered>>,
    /// What each raster image beside a post became (`content::image`).
    pub(crate) images: Memo<Result<Encoded, String>>,
    pub(crate) fonts: Memos,
    /// What each body needs beyond its bytes (`output::table`).
    pub(crate) prepared: Memo<Prepared>,
    /// Each post as the search index holds it (`search`), analysed.
    pub(crate) search: Memo<Bytes>,
    /// Each post's terms for choosing related posts (`pages::related`);
    /// never saved.
    pub(crate) related: Memo<Arc<Terms>>,
    /// Each page's bytes (`pages`); never saved.
    pub(crate) pages: Memo<Bytes>,
    /// Each post's content as the feed carries it, escaped
    /// (`pages::feed`); never saved.
    pub(crate) feed: Memo<Arc<str>>,
    /// Loaded by the first build that needs it.
    pub(crate) highlighter: OnceLock<Highlighter>,
    /// The formulas of bodies rendered alone (`content::bodies`).
    pub(crate) formulas: Math,
}

/// The memos as stored: no renderer, which every key already digests.
#[derive(Default, Serialize, Deserialize)]
struct Stored {
    bodies: HashMap<Key, Rendered>,
    images: HashMap<Key, Result<Encoded, String>>,
    drawn: HashMap<Key, PageText>,
    subsets: HashMap<Key, Bytes>,
    katex: HashMap<Key, BTreeSet<char>>,
    prepared: HashMap<Key, Prepared>,
    search: HashMap<Key, Bytes>,
}

impl Cache {
    /// An empty cache for the renderer identified by `renderer`.
    pub fn new(renderer: &[u8]) -> Cache {
        Cache::with(renderer, Stored::default())
    }

    fn with(renderer: &[u8], stored: Stored) -> Cache {
        Cache {
            bodies: Memo::new(renderer, shared(stored.bodies)),
            images: Memo::new(renderer, stored.images),
            fonts: Memos {
                drawn: Memo::new(renderer, stored.drawn),
                subsets: Memo::new(renderer, stored.subsets),
                katex: Memo::new(renderer, stored.katex),
            },
            prepared: Memo::new(renderer, stored.prepared),
            search: Memo::new(renderer, stored.search),
            related: Memo::new(renderer, HashMap::new()),
            pages: Memo::new(renderer, HashMap::new()),
            feed: Memo::new(renderer, HashMap::new()),
            highlighter: OnceLock::new(),
            formulas: Math::default(),
        }
    }

    /// The cache saved by `to_bytes`, for the renderer `renderer`. Bytes
    /// that do not read as a cache (none yet, another format) give an empty
    /// one: the cache can only save work, never fail a build.
    pub fn from_bytes(bytes: &[u8], renderer: &[u8]) -> Cache {
        let stored = bincode::deserialize::<Stored>(bytes).unwrap_or_default();
        Cache::with(renderer, stored)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct Borrowed<'a> {
            bodies: HashMap<&'a Key, &'a Rendered>,
            images: &'a HashMap<Key, Result<Encoded, String>>,
            drawn: &'a HashMap<Key, PageText>,
            subsets: &'a HashMap<Key, Bytes>,
            katex: &'a HashMap<Key, BTreeSet<char>>,
            prepared: &'a HashMap<Key, Prepared>,
            search: &'a HashMap<Key, Bytes>,
        }
        bincode::serialize(&Borrowed {
            bodies: (self.bodies.entries().iter())
                .map(|(key, body)| (key, &**body))
                .collect(),
            images: self.images.entries(),
            drawn: self.fonts.drawn.entries(),
            subsets: self.fonts.subsets.entries(),
            katex: self.fonts.katex.entries(),
            prepared: self.prepared.entries(),
            search: self.search.entries(),
        })
        .expect("bincode serialises any map of plain data")
    }

    /// How many post bodies it holds.
    pub fn len(&self) -> usize {
        self.bodies.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.bodies.entries().is_empty()
    }

    /// How many post bodies the last build rendered rather than found here.
    pub fn rendered(&self) -> usize {
        self.bodies.misses()
    }

    /// How many pages the last build rendered rather than found here.
    pub fn pages_rendered(&self) -> usize {
        self.pages.misses()
    }

    /// How many posts the last build analysed for the search index rather
    /// than found here.
    pub fn posts_analysed(&self) -> usize {
        self.search.misses()
    }

    /// How many images the last build encoded rather than found here.
    pub fn images_encoded(&self) -> usize {
        self.images.misses()
    }

    /// How many fonts the last build subset rather than found here.
    pub fn fonts_subset(&self) -> usize {
        self.fonts.subsets.misses()
    }
}

/// Stored values as the memo shares them.
fn shared<V>(stored: HashMap<Key, V>) -> HashMap<Key, Arc<V>> {
    stored
        .into_iter()
        .map(|(key, value)| (key, Arc::new(value)))
        .collect()
}
