//! A memo kept between builds: values found under a key that digests
//! everything they are made from, so a hit is exactly what computing them
//! again would give. A build takes the values it finds and replaces the
//! memo's contents with everything it used, so what went away leaves
//! nothing behind; it counts what it had to compute (the misses). It knows
//! nothing of what it holds: `cache` puts the build's memos together and
//! saves them.

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A SHA-256 of everything a value is made from.
pub(crate) type Key = [u8; 32];

/// Values by key, from the last build.
pub(crate) struct Memo<V> {
    /// The renderer's identity, which every key digests first.
    renderer: Vec<u8>,
    entries: HashMap<Key, V>,
    /// Misses counted since the last `replace`.
    counting: usize,
    /// Misses of the last build (up to its `replace`).
    misses: usize,
}

impl<V> Memo<V> {
    /// The memo holding `entries` for the renderer `renderer`.
    pub(crate) fn new(renderer: &[u8], entries: HashMap<Key, V>) -> Memo<V> {
        Memo {
            renderer: renderer.to_vec(),
            entries,
            counting: 0,
            misses: 0,
        }
    }

    /// The key of a value made from `parts` by this renderer.
    pub(crate) fn key(&self, parts: &[&[u8]]) -> Key {
        digest(std::iter::once(self.renderer.as_slice()).chain(parts.iter().copied()))
    }

    /// Takes the value under `key` out of the memo; a miss is counted.
    pub(crate) fn take(&mut self, key: &Key) -> Option<V> {
        self.take_if(key, |_| true)
    }

    /// `take`, but only a value `still` holds good (one that depends on
    /// more than its key says); any other is a miss.
    pub(crate) fn take_if(&mut self, key: &Key, still: impl FnOnce(&V) -> bool) -> Option<V> {
        let found = self.entries.remove(key).filter(still);
        self.counting += usize::from(found.is_none());
        found
    }

    /// Replaces the whole memo with this build's values; the misses
    /// counted since the last replace become the build's.
    pub(crate) fn replace(&mut self, entries: HashMap<Key, V>) {
        self.entries = entries;
        self.misses = std::mem::take(&mut self.counting);
    }

    /// One value per item, in order: the memo's where it holds one under
    /// the item's `key`, else made by `make`, on every core. The memo is
    /// left holding exactly these values (one build's `take`s and
    /// `replace`).
    pub(crate) fn all<T, K, M>(&mut self, items: &[T], key: K, make: M) -> Vec<V>
    where
        T: Sync,
        V: Clone + Send + Sync,
        K: Fn(&Self, &T) -> Key + Sync,
        M: Fn(&T) -> V + Sync,
    {
        let keys: Vec<Key> = items.par_iter().map(|item| key(self, item)).collect();
        self.all_keyed(items, &keys, make)
    }

    /// `all`, with each item's key given (`keys[i]` is `items[i]`'s).
    pub(crate) fn all_keyed<T, M>(&mut self, items: &[T], keys: &[Key], make: M) -> Vec<V>
    where
        T: Sync,
        V: Clone + Send + Sync,
        M: Fn(&T) -> V + Sync,
    {
        let found: Vec<Option<V>> = keys.iter().map(|key| self.take(key)).collect();
        let values: Vec<V> = items
            .par_iter()
            .zip(found)
            .map(|(item, found)| found.unwrap_or_else(|| make(item)))
            .collect();
        self.replace(keys.iter().copied().zip(values.iter().cloned()).collect());
        values
    }

    /// How many values the last build computed rather than found here.
    pub(crate) fn misses(&self) -> usize {
        self.misses
    }

    pub(crate) fn entries(&self) -> &HashMap<Key, V> {
        &self.entries
    }
}

/// A digest of `parts`, each with its length first, so no two different
/// sequences of parts feed the digest the same bytes.
pub(crate) fn digest<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Key {
    let mut digest = Sha256::new();
    for part in parts {
        digest.update((part.len() as u64).to_le_bytes());
        digest.update(part);
    }
    digest.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_found_under_its_key_once_and_misses_are_counted_per_build() {
        let mut memo = Memo::new(b"r", HashMap::new());
        let key = memo.key(&[b"a"]);
        assert_eq!(memo.take(&key), None);
        memo.replace(HashMap::from([(key, 1)]));
        assert_eq!(memo.misses(), 1);
        assert_eq!(memo.take(&key), Some(1));
        memo.replace(HashMap::from([(key, 1)]));
        assert_eq!(memo.misses(), 0);
    }

    #[test]
    fn all_makes_only_what_the_memo_lacks_and_keeps_only_this_build() {
        let mut memo = Memo::new(b"r", HashMap::new());
        let key = |memo: &Memo<usize>, item: &&str| memo.key(&[item.as_bytes()]);
        assert_eq!(memo.all(&["a", "bb"], key, |s| s.len()), [1, 2]);
        assert_eq!(memo.misses(), 2);
        let made = std::sync::atomic::AtomicUsize::new(0);
        let values = memo.all(&["bb", "ccc"], key, |s| {
            made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            s.len()
        });
        assert_eq!(values, [2, 3]);
        assert_eq!((memo.misses(), made.into_inner()), (1, 1));
        assert_eq!(memo.entries().len(), 2, "\"a\" is gone");
    }

    #[test]
    fn keys_differ_with_the_renderer_and_with_how_parts_split() {
        let memo = Memo::<()>::new(b"r", HashMap::new());
        let other = Memo::<()>::new(b"s", HashMap::new());
        assert_ne!(memo.key(&[b"ab"]), other.key(&[b"ab"]));
        assert_ne!(memo.key(&[b"ab", b""]), memo.key(&[b"a", b"b"]));
    }
}
