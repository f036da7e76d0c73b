//! Content negotiation on `Accept-Encoding` (RFC 9110 §12.5.3): which of
//! the precomputed codings of a body to send.
//!
//! - No `Accept-Encoding` at all: identity (any coding would be allowed,
//!   but a client that says nothing may not decode one).
//! - Each coding's weight is its own `q`, else that of `*`, else 0. Identity
//!   is acceptable unless `identity;q=0`, or `*;q=0` without `identity`;
//!   unnamed, it weighs least, so it is the fallback.
//! - The highest weight wins; ties go to the smallest body: br, gzip,
//!   identity. An element with a malformed `q` is ignored.
//! - When nothing available is acceptable (identity refused and no
//!   compressed version acceptable), there is no coding to send: the
//!   caller answers 406, as §12.5.3 says a server should not send identity
//!   once the client has marked it unacceptable.

use hyper::header::{GetAll, HeaderValue};

/// A content coding a body may be stored in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Coding {
    Br,
    Gzip,
    Identity,
}

impl Coding {
    /// The `Content-Encoding` value, or `None` for identity.
    pub(crate) fn content_encoding(self) -> Option<HeaderValue> {
        match self {
            Coding::Br => Some(HeaderValue::from_static("br")),
            Coding::Gzip => Some(HeaderValue::from_static("gzip")),
            Coding::Identity => None,
        }
    }
}

/// Weights in thousandths (`q=0.5` → 500), as the grammar allows at most
/// three decimals.
type Weight = u16;
const FULL: Weight = 1000;
/// Identity when the client names neither it nor `*`: acceptable, but
/// below any coding the client asked for.
const FALLBACK: Weight = 1;

/// The coding to send, given every `Accept-Encoding` line of the request and
/// which compressed versions exist; `None` if none is acceptable.
pub(crate) fn choose(accept: GetAll<'_, HeaderValue>, gzip: bool, br: bool) -> Option<Coding> {
    let mut lines = accept.iter().peekable();
    if lines.peek().is_none() {
        return Some(Coding::Identity);
    }
    let mut weights = Weights::default();
    for line in lines {
        for element in line.as_bytes().split(|&b| b == b',') {
            weights.read(element);
        }
    }
    let weight_of = |explicit: Option<Weight>| explicit.or(weights.star).unwrap_or(0);
    let offers = [
        (Coding::Br, br, weight_of(weights.br)),
        (Coding::Gzip, gzip, weight_of(weights.gzip)),
        (
            Coding::Identity,
            true,
            weights.identity.or(weights.star).unwrap_or(FALLBACK),
        ),
    ];
    let mut best: Option<(Coding, Weight)> = None;
    for (coding, available, weight) in offers {
        if available && weight > 0 && best.is_none_or(|(_, top)| weight > top) {
            best = Some((coding, weight));
        }
    }
    best.map(|(coding, _)| coding)
}

/// The weight given to each coding the server cares about; the first
/// mention of a coding counts.
#[derive(Default)]
struct Weights {
    br: Option<Weight>,
    gzip: Option<Weight>,
    identity: Option<Weight>,
    star: Option<Weight>,
}

impl Weights {
    /// Reads one list element: `coding *( ";" param )`.
    fn read(&mut self, element: &[u8]) {
        let mut parts = element.split(|&b| b == b';');
        let coding = parts.next().unwrap_or_default().trim_ascii();
        let mut weight = FULL;
        for param in parts {
            let param = param.trim_ascii();
            if let Some(value) = param
                .strip_prefix(b"q=")
                .or_else(|| param.strip_prefix(b"Q="))
            {
                match parse_weight(value.trim_ascii()) {
                    Some(w) => weight = w,
                    None => return,
                }
            }
        }
        let is = |name: &[u8]| coding.eq_ignore_ascii_case(name);
        let slot = if is(b"br") {
            &mut self.br
        } else if is(b"gzip") || is(b"x-gzip") {
            &mut self.gzip
        } else if is(b"identity") {
            &mut self.identity
        } else if is(b"*") {
            &mut self.star
        } else {
            return;
        };
        slot.get_or_insert(weight);
    }
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`.
fn parse_weight(value: &[u8]) -> Option<Weight> {
    let (whole, fraction) = match value.iter().position(|&b| b == b'.') {
        Some(dot) => (&value[..dot], &value[dot + 1..]),
        None => (value, &b""[..]),
    };
    if fraction.len() > 3 || !fraction.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut thousandths: Weight = 0;
    for i in 0..3 {
        let digit = fraction.get(i).map_or(0, |d| Weight::from(d - b'0'));
        thousandths = thousandths * 10 + digit;
    }
    match whole {
        b"0" => Some(thousandths),
        b"1" if thousandths == 0 => Some(FULL),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::{HeaderMap, ACCEPT_ENCODING};

    fn choose_for(lines: &[&str], gzip: bool, br: bool) -> Option<Coding> {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(ACCEPT_ENCODING, HeaderValue::from_str(line).unwrap());
        }
        choose(headers.get_all(ACCEPT_ENCODING), gzip, br)
    }

    use Coding::{Br, Gzip, Identity};

    #[test]
    fn negotiation_table() {
        // (Accept-Encoding lines, expected coding when br and gzip both exist)
        let cases: &[(&[&str], Option<Coding>)] = &[
            (&[], Some(Identity)),
            (&[""], Some(Identity)),
            (&["gzip, deflate, br, zstd"], Some(Br)),
            (&["gzip"], Some(Gzip)),
            (&["x-gzip"], Some(Gzip)),
            (&["GZIP"], Some(Gzip)),
            (&["br;q=0, gzip"], Some(Gzip)),
            (&["br;q=0, gzip;q=0"], Some(Identity)),
            (&["gzip;q=1.0, br;q=0.5"], Some(Gzip)),
            (&["gzip;q=0.5, br;q=0.5"], Some(Br)),
            (&["br ; q=0.001"], Some(Br)),
            (&["br;q=0.001, identity;q=0.5"], Some(Identity)),
            (&["gzip;q=0.1"], Some(Gzip)),
            (&["*"], Some(Br)),
            (&["*;q=0.5, br;q=0"], Some(Gzip)),
            (&["*;q=0"], None),
            (&["*;q=0, identity"], Some(Identity)),
            (&["identity;q=0"], None),
            (&["identity;q=0, gzip"], Some(Gzip)),
            (&["identity"], Some(Identity)),
            (&["deflate, zstd"], Some(Identity)),
            (&["gzip;q=0"], Some(Identity)),
            (&["gzip", "br"], Some(Br)),
            (&["br;q=0", "gzip;q=0.2"], Some(Gzip)),
            (&["br, br;q=0"], Some(Br)),
            (&["br;q=2, gzip"], Some(Gzip)),
            (&["br;q=0.5000, gzip;q=0.1"], Some(Gzip)),
            (&["br;q=x"], Some(Identity)),
            (&["br;level=1;q=0.9"], Some(Br)),
            (&[",,, ,br"], Some(Br)),
        ];
        for (lines, expected) in cases {
            assert_eq!(choose_for(lines, true, true), *expected, "{lines:?}");
        }
    }

    #[test]
    fn only_stored_codings_are_offered() {
        assert_eq!(choose_for(&["br, gzip"], false, false), Some(Identity));
        assert_eq!(choose_for(&["br, gzip"], true, false), Some(Gzip));
        assert_eq!(choose_for(&["br;q=0.1, gzip"], false, true), Some(Br));
        assert_eq!(choose_for(&["br, identity;q=0"], false, false), None);
    }

    #[test]
    fn weights_follow_the_qvalue_grammar() {
        let cases: &[(&str, Option<Weight>)] = &[
            ("0", Some(0)),
            ("0.", Some(0)),
            ("0.5", Some(500)),
            ("0.25", Some(250)),
            ("0.125", Some(125)),
            ("1", Some(1000)),
            ("1.000", Some(1000)),
            ("1.001", None),
            ("0.1234", None),
            ("2", None),
            ("", None),
            ("-1", None),
            (".5", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_weight(text.as_bytes()), *expected, "{text}");
        }
    }

    #[test]
    fn content_encoding_names() {
        assert_eq!(Br.content_encoding().unwrap(), "br");
        assert_eq!(Gzip.content_encoding().unwrap(), "gzip");
        assert_eq!(Identity.content_encoding(), None);
    }
}
