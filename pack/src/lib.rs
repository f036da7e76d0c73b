//! The site's route table as one run of bytes: what the build writes
//! (`pack`, called by `render`'s codegen) and the shipped binary reads
//! back in place (`unpack`, called by `server`), so that neither rustc nor
//! the const evaluator ever sees a body or a header value. Both halves of
//! the format live here, beside each other, and nowhere else.
//!
//! Layout (integers are little-endian `u32` words; a reference is two
//! words, `(offset, len)`, into the strings or the bodies; `NONE` as the
//! offset marks an absent one):
//!
//! ```text
//! MAGIC             8 bytes: "PSPACK", a zero, the version
//! words, strings    how many words follow; how many bytes of strings
//! counts            routes, redirects
//! site              bare_csp, hash, base_url, address_warning?,
//!                   last modified? (its header, then its seconds: two words)
//! not_found, routes path, content type, cache control, policy, then
//!                   identity, gzip?, brotli? (bytes and ETag each), ranges
//! redirects         from, location
//! search            whether there is one (a word), then the index (bytes
//!                   and its fingerprint, as a body), the results page's
//!                   head and foot, its policy, the header's search form
//! strings           each distinct string once
//! bodies            each distinct body once
//! ```
//!
//! Every string (paths, content types, policies, ETags) is stored
//! once however many routes carry it, so an unpacked table's identical
//! header values share their bytes. Bodies are stored once per ETag (a
//! strong ETag is a hash of the bytes; equal bytes are checked, not
//! assumed). Strings come before bodies, so `digest_len` bytes from the
//! start hold everything but body bytes, and with the ETags that names
//! every byte of the table: the build hashes that prefix to tell one
//! table from another without hashing the bodies.

#![forbid(unsafe_code)]

use std::collections::HashMap;
use std::fmt;

/// The table, borrowed: what `pack` is given and `unpack` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<'a> {
    /// Sorted by path, each path once (`unpack` checks).
    pub routes: Vec<Route<'a>>,
    pub not_found: Route<'a>,
    /// Sorted by `from`, each once (`unpack` checks).
    pub redirects: Vec<Redirect<'a>>,
    pub last_modified: Option<LastModified<'a>>,
    pub bare_csp: &'a str,
    pub hash: &'a str,
    pub base_url: &'a str,
    pub address_warning: Option<&'a str>,
    pub search: Option<Search<'a>>,
}

/// What the server needs to answer `/search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search<'a> {
    /// The index (the `search` crate's format), with a fingerprint as its
    /// ETag: stored among the bodies, named in the digest prefix.
    pub index: Body<'a>,
    /// The results page up to the results, and after them.
    pub prefix: &'a str,
    pub suffix: &'a str,
    /// The results page's Content-Security-Policy.
    pub csp: &'a str,
    /// The search form as every page's header holds it, byte for byte:
    /// what `export` takes out of the pages, as a static host cannot
    /// answer it.
    pub form: &'a str,
}

/// One path's response and its header values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route<'a> {
    pub path: &'a str,
    pub content_type: &'a str,
    pub cache_control: &'a str,
    pub csp: &'a str,
    pub identity: Body<'a>,
    pub gzip: Option<Body<'a>>,
    pub br: Option<Body<'a>>,
    pub ranges: bool,
}

/// One representation: its bytes and strong ETag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body<'a> {
    pub bytes: &'a [u8],
    pub etag: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect<'a> {
    pub from: &'a str,
    pub location: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastModified<'a> {
    pub header: &'a str,
    pub unix_seconds: i64,
}

/// The first bytes of a packed table: the format's name and version.
const MAGIC: &[u8; 8] = b"PSPACK\x00\x02";
/// An absent reference's offset.
const NONE: u32 = u32::MAX;

/// Why bytes are not a packed table, or a table cannot be packed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// A packed table, and how many of its first bytes hold everything but
/// body bytes (see the module's doc).
pub struct Packed {
    pub bytes: Vec<u8>,
    pub digest_len: usize,
}

/// `table` as bytes `unpack` reads back. Fails only past 4 GiB, which no
/// binary could hold in its read-only data anyway.
pub fn pack(table: &Table) -> Result<Packed, Error> {
    let mut w = Writer::default();
    w.word(count(table.routes.len())?);
    w.word(count(table.redirects.len())?);
    w.string(table.bare_csp);
    w.string(table.hash);
    w.string(table.base_url);
    w.optional_string(table.address_warning);
    w.optional_string(table.last_modified.as_ref().map(|last| last.header));
    let seconds = table
        .last_modified
        .as_ref()
        .map_or(0, |last| last.unix_seconds) as u64;
    w.word(seconds as u32);
    w.word((seconds >> 32) as u32);
    for route in [&table.not_found].into_iter().chain(&table.routes) {
        w.route(route);
    }
    for redirect in &table.redirects {
        w.string(redirect.from);
        w.string(redirect.location);
    }
    w.word(u32::from(table.search.is_some()));
    if let Some(search) = &table.search {
        w.body(Some(&search.index));
        for s in [search.prefix, search.suffix, search.csp, search.form] {
            w.string(s);
        }
    }
    let head = MAGIC.len() + 8 + 4 * w.words.len();
    let digest_len = head + w.strings.len();
    let total = digest_len + w.bodies.len();
    count(total)?;
    let mut bytes = Vec::with_capacity(total);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&count(w.words.len())?.to_le_bytes());
    bytes.extend_from_slice(&count(w.strings.len())?.to_le_bytes());
    for word in &w.words {
        bytes.extend_from_slice(&word.to_le_bytes());
    }
    bytes.extend_from_slice(&w.strings);
    bytes.extend_from_slice(&w.bodies);
    Ok(Packed { bytes, digest_len })
}

/// `n` as a word, or the error of a table past 4 GiB.
fn count(n: usize) -> Result<u32, Error> {
    u32::try_from(n).ok().filter(|&n| n != NONE).ok_or_else(|| {
        Error(format!(
            "the site's table is {n} bytes or items: past 4 GiB"
        ))
    })
}

/// The words and the two pools, as `pack` fills them. Offsets fit in a
/// word until the total does, which `pack` checks at the end.
#[derive(Default)]
struct Writer<'a> {
    words: Vec<u32>,
    strings: Vec<u8>,
    string_at: HashMap<&'a str, u32>,
    bodies: Vec<u8>,
    /// Where each ETag's bytes are.
    body_at: HashMap<&'a str, (u32, u32)>,
}

impl<'a> Writer<'a> {
    fn word(&mut self, word: u32) {
        self.words.push(word);
    }

    fn string(&mut self, s: &'a str) {
        let strings = &mut self.strings;
        let offset = *self.string_at.entry(s).or_insert_with(|| {
            let offset = strings.len() as u32;
            strings.extend_from_slice(s.as_bytes());
            offset
        });
        self.words.extend([offset, s.len() as u32]);
    }

    fn optional_string(&mut self, s: Option<&'a str>) {
        match s {
            Some(s) => self.string(s),
            None => self.words.extend([NONE, 0]),
        }
    }

    fn route(&mut self, route: &Route<'a>) {
        self.string(route.path);
        self.string(route.content_type);
        self.string(route.cache_control);
        self.string(route.csp);
        self.body(Some(&route.identity));
        self.body(route.gzip.as_ref());
        self.body(route.br.as_ref());
        self.word(u32::from(route.ranges));
    }

    fn body(&mut self, body: Option<&Body<'a>>) {
        let Some(body) = body else {
            self.words.extend([NONE, 0, NONE, 0]);
            return;
        };
        let stored = self
            .body_at
            .get(body.etag)
            .copied()
            .filter(|&(at, len)| self.bodies[at as usize..][..len as usize] == *body.bytes);
        let (at, len) = stored.unwrap_or_else(|| {
            let at = self.bodies.len() as u32;
            self.bodies.extend_from_slice(body.bytes);
            let place = (at, body.bytes.len() as u32);
            self.body_at.insert(body.etag, place);
            place
        });
        self.words.extend([at, len]);
        self.string(body.etag);
    }
}

/// The table packed in `bytes`, borrowing from them: nothing is copied.
/// Every reference is checked to lie within the bytes, every string to be
/// UTF-8, the paths to be sorted; bodies are not read.
pub fn unpack(bytes: &[u8]) -> Result<Table<'_>, Error> {
    let rest = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| Error("not a packed site table (or another version of it)".into()))?;
    let word_at = |i: usize| -> Result<u32, Error> {
        rest.get(4 * i..4 * i + 4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("four bytes")))
            .ok_or_else(|| Error("the table ends early".into()))
    };
    let words = word_at(0)? as usize;
    let strings_len = word_at(1)? as usize;
    let words_end = 8usize
        .checked_add(words.checked_mul(4).ok_or_else(too_short)?)
        .ok_or_else(too_short)?;
    let word_bytes = rest.get(8..words_end).ok_or_else(too_short)?;
    let strings = rest
        .get(words_end..words_end + strings_len)
        .ok_or_else(too_short)?;
    let bodies = &rest[words_end + strings_len..];
    let mut r = Reader {
        words: word_bytes.chunks_exact(4),
        strings,
        bodies,
    };
    let routes = r.word()? as usize;
    let redirects = r.word()? as usize;
    let bare_csp = r.string()?;
    let hash = r.string()?;
    let base_url = r.string()?;
    let address_warning = r.optional_string()?;
    let last_header = r.optional_string()?;
    let seconds = u64::from(r.word()?) | (u64::from(r.word()?) << 32);
    let last_modified = last_header.map(|header| LastModified {
        header,
        unix_seconds: seconds as i64,
    });
    let not_found = r.route()?;
    // Each record takes words: a count past them is not believed.
    let routes = (0..routes.min(words))
        .map(|_| r.route())
        .collect::<Result<Vec<_>, _>>()?;
    let redirects = (0..redirects.min(words))
        .map(|_| {
            Ok(Redirect {
                from: r.string()?,
                location: r.string()?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let search = match r.word()? {
        0 => None,
        _ => Some(Search {
            index: r
                .body()?
                .ok_or_else(|| Error("the search section has no index".into()))?,
            prefix: r.string()?,
            suffix: r.string()?,
            csp: r.string()?,
            form: r.string()?,
        }),
    };
    if r.words.len() != 0 {
        return Err(Error("words left after the records".into()));
    }
    if !routes.windows(2).all(|w| w[0].path < w[1].path)
        || !redirects.windows(2).all(|w| w[0].from < w[1].from)
    {
        return Err(Error("paths are not sorted, or one is there twice".into()));
    }
    Ok(Table {
        routes,
        not_found,
        redirects,
        last_modified,
        bare_csp,
        hash,
        base_url,
        address_warning,
        search,
    })
}

fn too_short() -> Error {
    Error("the table ends early".into())
}

/// A cursor over the words, resolving references into the two pools.
struct Reader<'a> {
    words: std::slice::ChunksExact<'a, u8>,
    strings: &'a [u8],
    bodies: &'a [u8],
}

impl<'a> Reader<'a> {
    fn word(&mut self) -> Result<u32, Error> {
        self.words
            .next()
            .map(|b| u32::from_le_bytes(b.try_into().expect("chunks of four")))
            .ok_or_else(too_short)
    }

    /// A reference into `pool`: `None` when absent.
    fn reference(&mut self, pool: &'a [u8]) -> Result<Option<&'a [u8]>, Error> {
        let (at, len) = (self.word()?, self.word()?);
        if at == NONE {
            return Ok(None);
        }
        let (at, len) = (at as usize, len as usize);
        pool.get(at..at.saturating_add(len))
            .map(Some)
            .ok_or_else(|| Error(format!("a reference ({at}, {len}) lies outside the table")))
    }

    fn optional_string(&mut self) -> Result<Option<&'a str>, Error> {
        self.reference(self.strings)?
            .map(|bytes| {
                std::str::from_utf8(bytes).map_err(|_| Error("a string is not UTF-8".into()))
            })
            .transpose()
    }

    fn string(&mut self) -> Result<&'a str, Error> {
        self.optional_string()?
            .ok_or_else(|| Error("a string that must be there is absent".into()))
    }

    fn route(&mut self) -> Result<Route<'a>, Error> {
        Ok(Route {
            path: self.string()?,
            content_type: self.string()?,
            cache_control: self.string()?,
            csp: self.string()?,
            identity: self
                .body()?
                .ok_or_else(|| Error("a route has no identity body".into()))?,
            gzip: self.body()?,
            br: self.body()?,
            ranges: self.word()? != 0,
        })
    }

    fn body(&mut self) -> Result<Option<Body<'a>>, Error> {
        let bytes = self.reference(self.bodies)?;
        let etag = self.optional_string()?;
        Ok(match (bytes, etag) {
            (Some(bytes), Some(etag)) => Some(Body { bytes, etag }),
            (None, None) => None,
            _ => {
                return Err(Error(
                    "a body without its ETag, or an ETag without its body".into(),
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests;
