//! Content hashes made at build time: the fingerprint in a static file's
//! URL, the ETag of each body, and the hash of the whole site. One function,
//! so every hash the site shows has the same form.

use sha2::{Digest, Sha256};

/// Hex digits kept from the SHA-256 (48 bits): enough that two versions of
/// one file never collide, short enough to read in a URL.
const HEX_DIGITS: usize = 12;

/// A short, stable hex name for `bytes`.
pub fn fingerprint(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(HEX_DIGITS);
    for byte in &digest[..HEX_DIGITS / 2] {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_a_short_prefix_of_sha256() {
        // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a3...
        assert_eq!(fingerprint(b"abc"), "ba7816bf8f01");
        assert_ne!(fingerprint(b"abc"), fingerprint(b"abd"));
    }
}
