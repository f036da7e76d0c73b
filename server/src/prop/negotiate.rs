//! Properties of `Accept-Encoding` negotiation (`crate::negotiate`): any
//! header bytes, on one line or many, pick a coding the route has or
//! none; for lists of codings and q-values, the pick is one the client
//! gave a weight above 0, and no stored coding weighs more.

use super::{config, header_value};
use crate::negotiate::{choose, Coding};
use hyper::header::{HeaderMap, HeaderValue, ACCEPT_ENCODING};
use proptest::prelude::*;

/// One list element as a client may write it, and the weight in
/// thousandths it gives its coding (`None`: a malformed q, ignored).
#[derive(Debug, Clone)]
struct Element {
    text: String,
    coding: String,
    weight: Option<u16>,
}

fn element() -> impl Strategy<Value = Element> {
    let coding = prop::sample::select(vec![
        "br", "BR", "gzip", "GZip", "x-gzip", "identity", "Identity", "*", "deflate", "zstd",
    ]);
    let weight = prop_oneof![
        // No q: full weight.
        2 => Just((String::new(), Some(1000))),
        // A well-formed q, with up to three decimals.
        4 => ("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?", any::<bool>()).prop_map(|(text, upper)| {
            let value: f64 = text.parse().expect("a decimal");
            let q = if upper { "Q" } else { "q" };
            (format!(";{q}={text}"), Some((value * 1000.0).round() as u16))
        }),
        // A malformed q: the element is ignored.
        1 => prop::sample::select(vec!["2", "1.5", "0.1234", "-1", "x", "", "1.001"])
            .prop_map(|text| (format!(";q={text}"), None)),
    ];
    (coding, weight, " {0,2}", " {0,2}").prop_map(|(coding, (q, weight), before, after)| Element {
        text: format!("{before}{coding}{q}{after}"),
        coding: coding.to_ascii_lowercase(),
        weight,
    })
}

/// The weight a list gives `coding`: its first well-formed mention, else
/// `*`'s, else `fallback`.
fn weight_of(elements: &[Element], names: &[&str], fallback: u16) -> u16 {
    let first = |names: &[&str]| {
        elements
            .iter()
            .filter(|e| e.weight.is_some())
            .find(|e| names.contains(&e.coding.as_str()))
            .and_then(|e| e.weight)
    };
    first(names).or_else(|| first(&["*"])).unwrap_or(fallback)
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_header_bytes_pick_a_stored_coding_or_none(
        lines in prop::collection::vec(header_value(), 0..4),
        gzip in any::<bool>(),
        br in any::<bool>(),
    ) {
        let mut map = HeaderMap::new();
        for line in lines {
            map.append(ACCEPT_ENCODING, line);
        }
        let chosen = choose(map.get_all(ACCEPT_ENCODING), gzip, br);
        let stored = match chosen {
            Some(Coding::Br) => br,
            Some(Coding::Gzip) => gzip,
            Some(Coding::Identity) | None => true,
        };
        prop_assert!(stored, "{chosen:?} is not stored");
    }

    #[test]
    fn the_pick_has_a_weight_above_zero_and_none_weighs_more(
        lines in prop::collection::vec(prop::collection::vec(element(), 1..5), 1..3),
        gzip in any::<bool>(),
        br in any::<bool>(),
    ) {
        let mut map = HeaderMap::new();
        for line in &lines {
            let text: Vec<&str> = line.iter().map(|e| e.text.as_str()).collect();
            map.append(ACCEPT_ENCODING, HeaderValue::from_str(&text.join(",")).expect("a valid header"));
        }
        let elements: Vec<Element> = lines.concat();
        let offers = [
            (Coding::Br, br, weight_of(&elements, &["br"], 0)),
            (Coding::Gzip, gzip, weight_of(&elements, &["gzip", "x-gzip"], 0)),
            // Unnamed identity is acceptable, below anything named.
            (Coding::Identity, true, weight_of(&elements, &["identity"], 1)),
        ];
        let best = offers.iter().filter(|(_, stored, _)| *stored).map(|(_, _, w)| *w).max();
        match choose(map.get_all(ACCEPT_ENCODING), gzip, br) {
            Some(chosen) => {
                let (_, stored, weight) = offers.iter().find(|(c, _, _)| *c == chosen).expect("an offer");
                prop_assert!(*stored, "{chosen:?} is not stored");
                prop_assert!(*weight > 0, "{chosen:?} has q=0");
                prop_assert_eq!(Some(*weight), best, "a stored coding weighs more than {:?}", chosen);
            }
            None => prop_assert_eq!(best, Some(0), "an acceptable coding was stored"),
        }
    }
}
