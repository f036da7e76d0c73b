//! Rendered post bodies kept between builds, so that a build after a
//! one-post change renders one post. A body is found only under a key that
//! digests everything its rendering reads: the renderer (an identity the
//! caller gives, such as `inputs::renderer`, which changes with this crate,
//! its dependencies and the compiler), the base URL (feed bodies carry
//! absolute links), every file beside any post (a page holds its images'
//! sizes, and a post may show another post's image) and the post's own path
//! and text. Nothing else reaches `markdown::render`, so a hit is exactly
//! what rendering would give. Pure: the cache comes in and goes out as
//! bytes; the caller keeps them.
//!
//! It keeps the site's subset fonts too (`subset`), under a digest of the
//! renderer, the font file and what the subset keeps (characters and
//! layout features): encoding woff2 at brotli's best quality takes longer
//! than rendering one post, and the characters rarely change. And what each
//! page's faces draw (`faces`), under a digest of the renderer, the
//! stylesheets and the page: parsing every page again is most of a
//! one-post rebuild otherwise.

use crate::content::markdown::Rendered;
use crate::fonts::faces::PageText;
use crate::Source;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// A SHA-256 of everything a post's body depends on.
pub(crate) type Key = [u8; 32];

/// Post bodies by key, from the last build.
pub struct Cache {
    renderer: Vec<u8>,
    entries: HashMap<Key, Rendered>,
    /// How many bodies the last build had to render (the rest were hits).
    rendered: usize,
    /// Subset fonts (woff2) by key, from the last build.
    fonts: HashMap<Key, Vec<u8>>,
    /// How many fonts the last build had to subset.
    fonts_subset: usize,
    /// What each page's faces draw, by key, from the last build.
    pages: HashMap<Key, PageText>,
}

/// The entries as stored: no renderer, which every key already digests.
#[derive(Serialize, Deserialize)]
struct Stored {
    entries: HashMap<Key, Rendered>,
    fonts: HashMap<Key, Vec<u8>>,
    pages: HashMap<Key, PageText>,
}

impl Cache {
    /// An empty cache for the renderer identified by `renderer`.
    pub fn new(renderer: &[u8]) -> Cache {
        Cache {
            renderer: renderer.to_vec(),
            entries: HashMap::new(),
            rendered: 0,
            fonts: HashMap::new(),
            fonts_subset: 0,
            pages: HashMap::new(),
        }
    }

    /// The cache saved by `to_bytes`, for the renderer `renderer`. Bytes
    /// that do not read as a cache (none yet, another format) give an empty
    /// one: the cache can only save work, never fail a build.
    pub fn from_bytes(bytes: &[u8], renderer: &[u8]) -> Cache {
        let (entries, fonts, pages) = bincode::deserialize::<Stored>(bytes)
            .map(|stored| (stored.entries, stored.fonts, stored.pages))
            .unwrap_or_default();
        Cache {
            entries,
            fonts,
            pages,
            ..Cache::new(renderer)
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct Borrowed<'a> {
            entries: &'a HashMap<Key, Rendered>,
            fonts: &'a HashMap<Key, Vec<u8>>,
            pages: &'a HashMap<Key, PageText>,
        }
        bincode::serialize(&Borrowed {
            entries: &self.entries,
            fonts: &self.fonts,
            pages: &self.pages,
        })
        .expect("bincode serialises any map of plain data")
    }

    /// How many post bodies it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many post bodies the last build rendered rather than found here.
    pub fn rendered(&self) -> usize {
        self.rendered
    }

    /// How many fonts the last build subset rather than found here.
    pub fn fonts_subset(&self) -> usize {
        self.fonts_subset
    }

    /// The digest every key of one build starts from: the renderer, the
    /// base URL and the files beside posts (by the path they are served at).
    pub(crate) fn shared_key(&self, base_url: &str, files: &BTreeMap<&str, &[u8]>) -> Sha256 {
        let mut digest = Sha256::new();
        field(&mut digest, &self.renderer);
        field(&mut digest, base_url.as_bytes());
        field(&mut digest, &(files.len() as u64).to_le_bytes());
        for (path, bytes) in files {
            field(&mut digest, path.as_bytes());
            field(&mut digest, bytes);
        }
        digest
    }

    /// Takes the body stored under `key` out of the cache.
    pub(crate) fn take(&mut self, key: &Key) -> Option<Rendered> {
        self.entries.remove(key)
    }

    /// Replaces the whole cache with this build's bodies, of which
    /// `rendered` were not found in it: posts that changed or went away
    /// leave nothing behind.
    pub(crate) fn replace(&mut self, entries: HashMap<Key, Rendered>, rendered: usize) {
        self.entries = entries;
        self.rendered = rendered;
    }
}

impl Cache {
    /// The key of a subset font, or of what a page's faces draw: the
    /// renderer and `parts`, everything it is made from.
    pub(crate) fn key_of(&self, parts: &[&[u8]]) -> Key {
        let mut digest = Sha256::new();
        field(&mut digest, &self.renderer);
        for part in parts {
            field(&mut digest, part);
        }
        digest.finalize().into()
    }

    /// Takes the subset font stored under `key` out of the cache.
    pub(crate) fn take_font(&mut self, key: &Key) -> Option<Vec<u8>> {
        self.fonts.remove(key)
    }

    /// Replaces the subset fonts with this build's, of which `subset` were
    /// not found in the cache.
    pub(crate) fn replace_fonts(&mut self, fonts: HashMap<Key, Vec<u8>>, subset: usize) {
        self.fonts = fonts;
        self.fonts_subset = subset;
    }

    /// Takes what the page under `key` draws out of the cache.
    pub(crate) fn take_page(&mut self, key: &Key) -> Option<PageText> {
        self.pages.remove(key)
    }

    /// Replaces what pages draw with this build's.
    pub(crate) fn replace_pages(&mut self, pages: HashMap<Key, PageText>) {
        self.pages = pages;
    }
}

/// The key of `post`'s body, from the build's `shared_key`.
pub(crate) fn key(shared: &Sha256, post: &Source<String>) -> Key {
    let mut digest = shared.clone();
    field(&mut digest, post.path.as_bytes());
    field(&mut digest, post.content.as_bytes());
    digest.finalize().into()
}

/// Adds `bytes` with its length first, so no two different sequences of
/// fields feed the digest the same bytes.
fn field(digest: &mut Sha256, bytes: &[u8]) {
    digest.update((bytes.len() as u64).to_le_bytes());
    digest.update(bytes);
}
