//! Properties of the path decoder (`crate::path`): whatever the request
//! target, a decoded path is absolute, has no `.` or `..` segment, no NUL
//! and no backslash, so it can name nothing outside the site; and any
//! text, percent-encoded however a client likes, decodes back to itself
//! unless it is such a path.

use super::{config, encoded_path, uri};
use crate::path::{decode, Malformed};
use proptest::prelude::*;

/// What `decode` promises of every path it accepts.
fn assert_plain_absolute(decoded: &str) {
    assert!(decoded.starts_with('/'), "{decoded:?}");
    assert!(!decoded.contains(['\0', '\\']), "{decoded:?}");
    assert!(
        decoded.split('/').all(|s| s != "." && s != ".."),
        "{decoded:?}"
    );
}

/// Whether `text` is a path the decoder must refuse however it is spelled.
fn refused(text: &str) -> bool {
    text.contains(['\0', '\\']) || text.split('/').any(|s| s == "." || s == "..")
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_request_target_decodes_to_a_plain_absolute_path_or_is_malformed(uri in uri()) {
        if let Ok(decoded) = decode(uri.path()) {
            assert_plain_absolute(&decoded);
        }
    }

    #[test]
    fn any_text_percent_encoded_decodes_back_unless_it_traverses((text, encoded) in encoded_path()) {
        let decoded = decode(&encoded);
        if refused(&text) {
            prop_assert_eq!(decoded, Err(Malformed));
        } else {
            prop_assert_eq!(decoded.as_deref(), Ok(text.as_str()));
        }
    }
}
