//! The index as one run of bytes: what the build writes (`write`) and the
//! server reads in place (`Index::open`), both halves beside each other as
//! `pack` keeps the route table's. Nothing is copied or decoded at
//! start-up: opening reads a header, and a query walks only the postings
//! of its own terms.
//!
//! Layout (words are little-endian `u32`; varints are LEB128 `u32`):
//!
//! ```text
//! MAGIC        8 bytes: "PSFIND", a zero, the version
//! header       documents, the terms, words, postings, records and
//!              suggestions lengths in bytes, the documents' total length
//!              (two words)
//! terms        term (a stem) → offset of its postings (fst::Map); a
//!              tag's term is TAG (a zero byte) then its slug
//! words        every word as written, lowercased → offset of its stem's
//!              postings (fst::Map): what a typo is matched against, since
//!              a typo changes the stem (`attenton` is no form of
//!              `attent`, but one edit from `attention`)
//! postings     per term: documents (varint), then per document in
//!              order: its number's gap, its weighted frequency, the
//!              length in bytes of its positions, and the positions
//!              (pairs of gaps: word number, byte offset in its text)
//! table        per document: its record's offset, its weighted length
//! records      per document: the result's heading (HTML, rendered by the
//!              build), where its snippet is sought first, its text
//! suggestions  HTML the page of no result offers (the tags)
//! ```
//!
//! Why an fst: the terms are a sorted set of short strings whose prefixes
//! and suffixes repeat (stems), which an fst stores in less than the
//! strings' own bytes; it is searched in place from a byte slice (no
//! deserialising, so the binary's bytes serve as they are), and a
//! Levenshtein automaton runs over it directly, which is what a typo in a
//! query needs. A hash map or a sorted array of strings would need one or
//! the other built at start-up.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// The first byte of a tag's term; no word holds it.
pub const TAG: u8 = 0;

const MAGIC: &[u8; 8] = b"PSFIND\x00\x01";
const HEADER_WORDS: usize = 8;

/// A post as the build hands it to the index.
pub struct Document<'a> {
    /// The result's heading: title linked, date, tags (escaped HTML).
    pub head: &'a str,
    /// The slugs (and spellings) `tag:` finds it by, lowercase.
    pub tags: Vec<&'a str>,
    /// Its text in fields, in order; words are found in each.
    pub fields: Vec<Field<'a>>,
    /// The first field a snippet is sought in (after the title, say).
    pub snippet_field: usize,
}

/// A part of a post's text and how much a word in it counts.
pub struct Field<'a> {
    pub text: &'a str,
    /// A word's weight in the frequency BM25 reads (the body is 2).
    pub weight: u32,
}

/// Why bytes are not an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// One document's occurrences of one term, as the writer gathers them.
#[derive(Default)]
struct Occurrences {
    weighted: u32,
    positions: Vec<(u32, u32)>,
}

/// The index of `documents` (numbered in their order), and `suggestions`
/// for the page of no result.
pub fn write(documents: &[Document], suggestions: &str) -> Result<Vec<u8>, Error> {
    let analysed: Vec<Vec<u8>> = documents.iter().map(analyse).collect();
    assemble(analysed.iter().map(Vec::as_slice), suggestions)
}

/// One document as the index will hold it, made alone, as bytes: its
/// words found and stemmed, the positions of each term encoded, its
/// record. What is left to `assemble` depends on the other documents (a
/// document's number, the postings of a term across documents), so a
/// caller may keep each document's analysis and analyse again only the
/// documents that changed.
///
/// ```text
/// length     varint: its weighted length
/// record     varint length, then the record (see the layout above)
/// terms      varint count; per term, sorted: varint length, the term,
///            varint weighted frequency, varint length, the positions
/// spellings  varint count; per word as written, lowercased: varint
///            length, the word, varint number of its term in `terms`
/// ```
pub fn analyse(document: &Document) -> Vec<u8> {
    let stems = crate::words::Stems::default();
    let mut text = String::new();
    let mut snippet_from = 0;
    let mut found: BTreeMap<Vec<u8>, Occurrences> = BTreeMap::new();
    let mut spellings: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut word_number = 0u32;
    let mut length = 0u32;
    for (i, field) in document.fields.iter().enumerate() {
        if !text.is_empty() {
            text.push('\n');
        }
        if i == document.snippet_field {
            snippet_from = text.len();
        }
        let offset = text.len();
        text.push_str(field.text);
        for word in crate::words::words(field.text) {
            let term = stems.of(&word.lower).into_owned().into_bytes();
            if !spellings.contains_key(&*word.lower) {
                spellings.insert(word.lower.clone().into_owned(), term.clone());
            }
            let at = found.entry(term).or_default();
            at.weighted += field.weight;
            at.positions
                .push((word_number, (offset + word.start) as u32));
            word_number += 1;
            length += field.weight;
        }
        // A phrase does not run from one field into the next.
        word_number += 1;
    }
    for tag in &document.tags {
        let mut term = vec![TAG];
        term.extend_from_slice(tag.as_bytes());
        found.entry(term).or_default();
    }
    let mut out = Vec::new();
    varint(&mut out, length);
    let mut record = Vec::new();
    varint(&mut record, document.head.len() as u32);
    record.extend_from_slice(document.head.as_bytes());
    varint(&mut record, snippet_from as u32);
    varint(&mut record, text.len() as u32);
    record.extend_from_slice(text.as_bytes());
    varint(&mut out, record.len() as u32);
    out.extend_from_slice(&record);
    varint(&mut out, found.len() as u32);
    let mut numbers = BTreeMap::new();
    for (number, (term, occurrences)) in found.iter().enumerate() {
        numbers.insert(term, number as u32);
        varint(&mut out, term.len() as u32);
        out.extend_from_slice(term);
        varint(&mut out, occurrences.weighted);
        let mut positions = Vec::new();
        let (mut last_word, mut last_byte) = (0, 0);
        for &(word, byte) in &occurrences.positions {
            varint(&mut positions, word - last_word);
            varint(&mut positions, byte - last_byte);
            (last_word, last_byte) = (word, byte);
        }
        varint(&mut out, positions.len() as u32);
        out.extend_from_slice(&positions);
    }
    varint(&mut out, spellings.len() as u32);
    for (spelling, term) in &spellings {
        varint(&mut out, spelling.len() as u32);
        out.extend_from_slice(spelling.as_bytes());
        varint(&mut out, numbers[term]);
    }
    out
}

/// One document's analysis, read back: its length, its record, its terms
/// (term, weighted frequency, encoded positions) and its spellings (word,
/// number of its term).
struct Analysed<'a> {
    length: u32,
    record: &'a [u8],
    terms: Vec<(&'a [u8], u32, &'a [u8])>,
    spellings: Vec<(&'a [u8], u32)>,
}

impl<'a> Analysed<'a> {
    fn read(mut bytes: &'a [u8]) -> Option<Analysed<'a>> {
        let bytes = &mut bytes;
        let cut = |bytes: &mut &'a [u8]| -> Option<&'a [u8]> {
            let n = read_varint(bytes)? as usize;
            let (part, rest) = (bytes.get(..n)?, bytes.get(n..)?);
            *bytes = rest;
            Some(part)
        };
        let length = read_varint(bytes)?;
        let record = cut(bytes)?;
        let terms = (0..read_varint(bytes)?)
            .map(|_| Some((cut(bytes)?, read_varint(bytes)?, cut(bytes)?)))
            .collect::<Option<Vec<_>>>()?;
        let spellings = (0..read_varint(bytes)?)
            .map(|_| Some((cut(bytes)?, read_varint(bytes)?)))
            .collect::<Option<Vec<_>>>()?;
        Some(Analysed {
            length,
            record,
            terms,
            spellings,
        })
    }
}

/// The index of documents analysed by `analyse` (numbered in their
/// order), and `suggestions` for the page of no result.
pub fn assemble<'a>(
    analysed: impl IntoIterator<Item = &'a [u8]>,
    suggestions: &str,
) -> Result<Vec<u8>, Error> {
    // term → (documents, postings without their count, last document)
    let mut terms: HashMap<&[u8], (u32, Vec<u8>, u32)> = HashMap::new();
    let mut spellings: BTreeMap<&[u8], &[u8]> = BTreeMap::new();
    let mut table = Vec::new();
    let mut records = Vec::new();
    let mut total_length = 0u64;
    let mut documents = 0u32;
    for bytes in analysed {
        let number = documents;
        documents = documents.checked_add(1).ok_or_else(too_big)?;
        let document = Analysed::read(bytes)
            .ok_or_else(|| Error("a document's analysis is malformed".into()))?;
        for (term, weighted, positions) in &document.terms {
            let entry = terms.entry(term).or_insert((0, Vec::new(), 0));
            let gap = if entry.0 == 0 {
                number
            } else {
                number - entry.2
            };
            entry.0 += 1;
            entry.2 = number;
            varint(&mut entry.1, gap);
            varint(&mut entry.1, *weighted);
            varint(&mut entry.1, positions.len() as u32);
            entry.1.extend_from_slice(positions);
        }
        for &(spelling, term) in &document.spellings {
            let (term, _, _) = document
                .terms
                .get(term as usize)
                .ok_or_else(|| Error("a spelling names no term".into()))?;
            spellings.entry(spelling).or_insert(term);
        }
        total_length += u64::from(document.length);
        table.extend_from_slice(
            &u32::try_from(records.len())
                .map_err(|_| too_big())?
                .to_le_bytes(),
        );
        table.extend_from_slice(&document.length.to_le_bytes());
        records.extend_from_slice(document.record);
    }
    let mut terms: Vec<_> = terms.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let stored = |e: fst::Error| Error(format!("the terms cannot be stored: {e}"));
    let mut postings = Vec::new();
    let mut at = HashMap::new();
    let mut map = fst::MapBuilder::memory();
    for (term, (count, bytes, _)) in &terms {
        map.insert(term, postings.len() as u64).map_err(stored)?;
        at.insert(*term, postings.len() as u64);
        varint(&mut postings, *count);
        postings.extend_from_slice(bytes);
    }
    let fst = map.into_inner().map_err(stored)?;
    let mut map = fst::MapBuilder::memory();
    for (spelling, term) in &spellings {
        map.insert(spelling, at[term]).map_err(stored)?;
    }
    let words = map.into_inner().map_err(stored)?;
    let mut bytes = MAGIC.to_vec();
    for n in [
        documents as usize,
        fst.len(),
        words.len(),
        postings.len(),
        records.len(),
        suggestions.len(),
    ] {
        bytes.extend_from_slice(&u32::try_from(n).map_err(|_| too_big())?.to_le_bytes());
    }
    bytes.extend_from_slice(&(total_length as u32).to_le_bytes());
    bytes.extend_from_slice(&((total_length >> 32) as u32).to_le_bytes());
    for part in [
        &fst,
        &words,
        &postings,
        &table,
        &records,
        suggestions.as_bytes(),
    ] {
        bytes.extend_from_slice(part);
    }
    u32::try_from(bytes.len()).map_err(|_| too_big())?;
    Ok(bytes)
}

fn too_big() -> Error {
    Error("the search index is past 4 GiB".into())
}

fn varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A varint read from the front of `bytes`, which move past it; `None`
/// at the end or on a malformed one.
fn read_varint(bytes: &mut &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for (i, &byte) in bytes.iter().enumerate().take(5) {
        n |= u32::from(byte & 0x7f).checked_shl(7 * i as u32)?;
        if byte & 0x80 == 0 {
            *bytes = &bytes[i + 1..];
            return Some(n);
        }
    }
    None
}

/// An index, read in place from its bytes.
pub struct Index<'a> {
    pub(crate) terms: fst::Map<&'a [u8]>,
    pub(crate) words: fst::Map<&'a [u8]>,
    postings: &'a [u8],
    table: &'a [u8],
    records: &'a [u8],
    /// HTML for the page of no result.
    pub suggestions: &'a str,
    documents: u32,
    average_length: f32,
}

/// One document of a result, as stored.
pub struct Record<'a> {
    pub head: &'a str,
    pub snippet_from: usize,
    /// UTF-8 as written; checked where it is read.
    pub text: &'a [u8],
}

impl<'a> Index<'a> {
    /// The index in `bytes`: checks the header and the parts' bounds,
    /// nothing more (postings and records are checked as they are read).
    pub fn open(bytes: &'a [u8]) -> Result<Index<'a>, Error> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| Error("not a search index (or another version of one)".into()))?;
        let header = rest
            .get(..4 * HEADER_WORDS)
            .ok_or_else(|| Error("the search index ends early".into()))?;
        let word =
            |i: usize| u32::from_le_bytes(header[4 * i..4 * i + 4].try_into().expect("four bytes"));
        let documents = word(0);
        let mut rest = &rest[4 * HEADER_WORDS..];
        let mut take = |len: usize| -> Result<&'a [u8], Error> {
            if rest.len() < len {
                return Err(Error("the search index ends early".into()));
            }
            let (part, after) = rest.split_at(len);
            rest = after;
            Ok(part)
        };
        let fst = take(word(1) as usize)?;
        let words = take(word(2) as usize)?;
        let postings = take(word(3) as usize)?;
        let table = take(8usize.saturating_mul(documents as usize))?;
        let records = take(word(4) as usize)?;
        let suggestions = std::str::from_utf8(take(word(5) as usize)?)
            .map_err(|_| Error("the suggestions are not UTF-8".into()))?;
        let total = u64::from(word(6)) | (u64::from(word(7)) << 32);
        let no_fst = |e: fst::Error| Error(format!("the terms are no fst: {e}"));
        let terms = fst::Map::new(fst).map_err(no_fst)?;
        let words = fst::Map::new(words).map_err(no_fst)?;
        Ok(Index {
            terms,
            words,
            postings,
            table,
            records,
            suggestions,
            documents,
            average_length: (total as f64 / f64::from(documents.max(1))) as f32,
        })
    }

    pub fn documents(&self) -> u32 {
        self.documents
    }

    pub(crate) fn average_length(&self) -> f32 {
        self.average_length
    }

    /// The postings of the term at `offset` (a value of `terms`).
    pub(crate) fn postings(&self, offset: u64) -> Postings<'a> {
        let mut bytes = self.postings.get(offset as usize..).unwrap_or_default();
        let count = read_varint(&mut bytes).unwrap_or(0);
        Postings {
            count,
            left: count,
            bytes,
            doc: 0,
            started: false,
        }
    }

    fn table_word(&self, doc: u32, i: usize) -> Option<u32> {
        let at = 8 * doc as usize + 4 * i;
        let bytes = self.table.get(at..at + 4)?;
        Some(u32::from_le_bytes(bytes.try_into().expect("four bytes")))
    }

    /// A document's weighted length (0 for a number past the last).
    pub(crate) fn length(&self, doc: u32) -> u32 {
        self.table_word(doc, 1).unwrap_or(0)
    }

    /// A document's record; `None` for a number past the last or a
    /// malformed record. Its text is not checked here (it is long, and a
    /// snippet reads a window of it).
    pub fn record(&self, doc: u32) -> Option<Record<'a>> {
        let mut bytes = self.records.get(self.table_word(doc, 0)? as usize..)?;
        let head_len = read_varint(&mut bytes)? as usize;
        let head = std::str::from_utf8(bytes.get(..head_len)?).ok()?;
        bytes = &bytes[head_len..];
        let snippet_from = read_varint(&mut bytes)? as usize;
        let text_len = read_varint(&mut bytes)? as usize;
        let text = bytes.get(..text_len)?;
        Some(Record {
            head,
            snippet_from,
            text,
        })
    }
}

/// A cursor over one term's postings, document by document.
#[derive(Clone)]
pub(crate) struct Postings<'a> {
    /// Documents the term is in.
    pub count: u32,
    left: u32,
    bytes: &'a [u8],
    doc: u32,
    started: bool,
}

/// One document's entry in a term's postings.
#[derive(Clone, Copy)]
pub(crate) struct Entry<'a> {
    pub doc: u32,
    pub weighted: u32,
    pub positions: Positions<'a>,
}

impl<'a> Iterator for Postings<'a> {
    type Item = Entry<'a>;

    fn next(&mut self) -> Option<Entry<'a>> {
        if self.left == 0 {
            return None;
        }
        let read = |bytes: &mut &'a [u8]| -> Option<(u32, u32, &'a [u8])> {
            let gap = read_varint(bytes)?;
            let weighted = read_varint(bytes)?;
            let len = read_varint(bytes)? as usize;
            let positions = bytes.get(..len)?;
            *bytes = &bytes[len..];
            Some((gap, weighted, positions))
        };
        let Some((gap, weighted, positions)) = read(&mut self.bytes) else {
            self.left = 0;
            return None;
        };
        self.left -= 1;
        self.doc = if self.started {
            self.doc.saturating_add(gap)
        } else {
            gap
        };
        self.started = true;
        Some(Entry {
            doc: self.doc,
            weighted,
            positions: Positions {
                bytes: positions,
                word: 0,
                byte: 0,
            },
        })
    }
}

/// Where a term occurs in one document: `(word number, byte offset)`, in
/// order.
#[derive(Clone, Copy)]
pub(crate) struct Positions<'a> {
    bytes: &'a [u8],
    word: u32,
    byte: u32,
}

impl Iterator for Positions<'_> {
    type Item = (u32, u32);

    fn next(&mut self) -> Option<(u32, u32)> {
        let word = read_varint(&mut self.bytes)?;
        let byte = read_varint(&mut self.bytes)?;
        self.word = self.word.saturating_add(word);
        self.byte = self.byte.saturating_add(byte);
        Some((self.word, self.byte))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use fst::Streamer;

    /// A post: its head is `head`; title (weight 8) then body (weight 2).
    pub(crate) fn post<'a>(
        head: &'a str,
        title: &'a str,
        body: &'a str,
        tags: &[&'a str],
    ) -> Document<'a> {
        Document {
            head,
            tags: tags.to_vec(),
            fields: vec![
                Field {
                    text: title,
                    weight: 8,
                },
                Field {
                    text: body,
                    weight: 2,
                },
            ],
            snippet_field: 1,
        }
    }

    #[test]
    fn an_analysis_that_is_not_one_is_an_error_not_a_panic() {
        for bytes in [&b""[..], b"\xff", b"\x01\x05ab", b"\x00\x00\x01\x09term"] {
            assert!(assemble([bytes], "").is_err(), "{bytes:?}");
        }
    }

    #[test]
    fn what_is_written_reads_back_in_place() {
        let docs = [
            post("<a>A</a>", "Caching", "a cache of keys", &["rust"]),
            post("<a>B</a>", "Other", "no such word, cached", &["rust"]),
        ];
        let bytes = write(&docs, "<p>tags</p>").unwrap();
        let index = Index::open(&bytes).unwrap();
        assert_eq!(index.documents(), 2);
        assert_eq!(index.suggestions, "<p>tags</p>");
        let record = index.record(0).unwrap();
        assert_eq!(record.head, "<a>A</a>");
        assert_eq!(record.text, b"Caching\na cache of keys");
        assert_eq!(&record.text[record.snippet_from..], b"a cache of keys");
        let offset = index.terms.get("cach").unwrap();
        let entries: Vec<_> = index.postings(offset).collect();
        assert_eq!(entries.iter().map(|e| e.doc).collect::<Vec<_>>(), [0, 1]);
        // The title's word counts 8, the body's 2.
        assert_eq!(entries[0].weighted, 10);
        let places: Vec<_> = entries[0].positions.collect();
        assert_eq!(places, [(0, 0), (3, 10)]);
        assert_eq!(&record.text[10..15], b"cache");
        assert_eq!(
            index
                .postings(index.terms.get([TAG, b'r', b'u', b's', b't']).unwrap())
                .count,
            2
        );
        assert!(index.record(2).is_none());
        let mut keys = index.terms.keys();
        let mut n = 0;
        while keys.next().is_some() {
            n += 1;
        }
        assert!(n > 5);
        // Each spelling leads to its stem's postings.
        assert_eq!(index.words.get("caching"), Some(offset));
        assert_eq!(index.words.get("cached"), Some(offset));
        assert_eq!(index.words.get("cach"), None);
    }

    #[test]
    fn bytes_that_are_no_index_are_an_error_never_a_panic() {
        let bytes = write(&[post("h", "t", "b", &["rust"])], "").unwrap();
        for len in 0..bytes.len() {
            let _ = Index::open(&bytes[..len]).map(|index| index.record(0).map(|r| r.text.len()));
        }
        assert!(Index::open(b"PSFIND\x00\x01").is_err());
        let mut corrupt = bytes.clone();
        for byte in corrupt.iter_mut().skip(40) {
            *byte = 0xff;
        }
        if let Ok(index) = Index::open(&corrupt) {
            let _ = index.record(0);
            let _ = index.postings(0).count();
        }
    }
}
