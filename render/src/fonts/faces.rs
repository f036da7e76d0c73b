//! What each font face draws on the site's pages: the characters and words
//! of the text set in it (`cascade` decides which face sets which element's
//! text) across every rendered page. `subset` cuts each font file to what
//! its face draws (the words decide which ligatures it keeps: `glyphs`), so
//! the italic holds the letters of the site's italic text, not all of the
//! roman's. A character too many costs a few hundred bytes; one too few
//! would be drawn by a fallback font. Pages read by an earlier build come
//! from a `Memo`.

use crate::fonts::cascade::{Face, FaceId, State, Styles};
use crate::memo::Memo;
use scraper::{ElementRef, Html, Node};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Elements whose text is never drawn (`display: none` in every browser).
const HIDDEN: [&str; 4] = ["head", "script", "style", "template"];

/// What one face draws on the site: its characters, and its words (for
/// shaping: `glyphs`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawn {
    pub chars: BTreeSet<char>,
    pub words: BTreeSet<String>,
}

/// What each face (by `FaceId`) draws on one page.
pub type PageText = Vec<Seen>;

/// What one face draws on a page: characters (ASCII as a bit set, most of
/// any page; the rest in a set) and words.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Seen {
    ascii: u128,
    other: BTreeSet<char>,
    words: BTreeSet<String>,
}

impl Seen {
    fn insert(&mut self, c: char) {
        match u32::from(c) {
            ascii @ 0..128 => self.ascii |= 1 << ascii,
            _ => {
                self.other.insert(c);
            }
        }
    }

    fn add_to(&self, drawn: &mut Drawn) {
        let ascii = (0..128u8).filter(|&c| self.ascii & (1 << c) != 0);
        drawn.chars.extend(ascii.map(char::from));
        drawn.chars.extend(&self.other);
        drawn.words.extend(self.words.iter().cloned());
    }
}

/// A page being read: what each face draws, and the word each is in the
/// middle of (a word runs on across elements set in the same face).
struct Reading {
    faces: Vec<Seen>,
    words: Vec<String>,
}

impl Reading {
    fn new(faces: usize) -> Reading {
        Reading {
            faces: vec![Seen::default(); faces],
            words: vec![String::new(); faces],
        }
    }

    /// Adds `text`, set as `state` says: its characters to each of its
    /// faces, in both cases if the stylesheet may change them; line breaks
    /// and tabs are drawn as spaces, other control characters not at all.
    fn add(&mut self, state: &State, text: &str) {
        for face in self.ids() {
            if !state.faces.contains(&face) {
                self.end_word(face);
            }
        }
        for &face in &state.faces {
            for c in text.chars() {
                let c = if c.is_whitespace() && c.is_control() {
                    ' '
                } else {
                    c
                };
                if c.is_control() {
                    continue;
                }
                self.faces[face.0].insert(c);
                if state.case {
                    for other in c.to_uppercase().chain(c.to_lowercase()) {
                        self.faces[face.0].insert(other);
                    }
                }
                if c.is_whitespace() {
                    self.end_word(face);
                } else {
                    self.words[face.0].push(c);
                }
            }
            if state.case {
                for word in text.split_whitespace() {
                    let words = &mut self.faces[face.0].words;
                    words.insert(word.to_uppercase());
                    words.insert(word.to_lowercase());
                }
            }
        }
    }

    fn end_word(&mut self, face: FaceId) {
        let word = std::mem::take(&mut self.words[face.0]);
        if !word.is_empty() {
            self.faces[face.0].words.insert(word);
        }
    }

    fn ids(&self) -> impl Iterator<Item = FaceId> {
        (0..self.faces.len()).map(FaceId)
    }

    fn finish(mut self) -> PageText {
        for face in self.ids() {
            self.end_word(face);
        }
        self.faces
    }
}

/// What each face draws on `pages` (whole HTML documents). A page `memo`
/// holds from an earlier build (the same page, the same stylesheets) is not
/// read again; `memo` is left holding these pages.
pub fn drawn(styles: &Styles, pages: &[&str], memo: &mut Memo<PageText>) -> BTreeMap<Face, Drawn> {
    let per_page = memo.all(
        pages,
        |memo, page| memo.key(&[&styles.digest, page.as_bytes()]),
        |page| drawn_on(styles, page),
    );
    let mut all = vec![Drawn::default(); styles.faces.len()];
    for page in &per_page {
        for (all, page) in all.iter_mut().zip(page) {
            page.add_to(all);
        }
    }
    styles
        .faces
        .iter()
        .cloned()
        .zip(all)
        .filter(|(_, drawn)| !drawn.chars.is_empty())
        .collect()
}

/// What each face draws on one page.
fn drawn_on(styles: &Styles, page: &str) -> PageText {
    let document = Html::parse_document(page);
    let mut reading = Reading::new(styles.faces.len());
    walk(
        styles,
        document.root_element(),
        &State::root(),
        &mut reading,
    );
    reading.finish()
}

/// Adds what `element` and its descendants draw to `out`, `inherited`
/// being what its parent's text is set in.
fn walk(styles: &Styles, element: ElementRef, inherited: &State, out: &mut Reading) {
    let value = element.value();
    if HIDDEN.contains(&value.name()) {
        return;
    }
    let matched = styles.matching(element);
    let state = match matched.is_empty() {
        true => Cow::Borrowed(inherited),
        false => Cow::Owned(styles.apply(inherited, &matched)),
    };
    for rule in &matched {
        out.add(&state, &rule.generated.text);
        for name in &rule.generated.attributes {
            out.add(&state, value.attr(name).unwrap_or(""));
        }
    }
    if value.name() == "img" {
        // Shown when the image cannot be.
        out.add(&state, value.attr("alt").unwrap_or(""));
    }
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.add(&state, text),
            Node::Element(_) => {
                let child = ElementRef::wrap(child).expect("an element node");
                walk(styles, child, &state, out);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::font_face::Slant::{self, Italic, Roman};
    use std::collections::HashMap;

    const FACES: &str = r#"
        @font-face { font-family: "Serif"; font-style: normal; src: url("/static/fonts/serif.woff2") }
        @font-face { font-family: "Serif"; font-style: italic; src: url("/static/fonts/serif-italic.woff2") }
        @font-face { font-family: "Mono"; src: url("/static/fonts/mono.woff2") }
        :root { --serif: "Serif", "Serif Fallback", serif; --mono: "Mono", monospace }
        html { font-family: var(--serif) }
        code, pre { font-family: var(--mono) }
    "#;

    fn styles(css: &str) -> Styles {
        Styles::read(&[("static/style.css".into(), format!("{FACES}{css}"))]).unwrap()
    }

    fn face(family: &str, slant: Slant) -> Face {
        Face {
            family: family.into(),
            slant,
        }
    }

    /// The characters each face draws on `body`, as strings.
    fn drawn_in(css: &str, body: &str) -> BTreeMap<(String, Slant), String> {
        let page = format!(
            "<!doctype html><html><head><title>Títle</title></head><body>{body}</body></html>"
        );
        drawn(
            &styles(css),
            &[page.as_str()],
            &mut Memo::new(&[], HashMap::new()),
        )
        .into_iter()
        .map(|(face, drawn)| ((face.family, face.slant), drawn.chars.into_iter().collect()))
        .collect()
    }

    fn of<'a>(drawn: &'a BTreeMap<(String, Slant), String>, family: &str, slant: Slant) -> &'a str {
        drawn
            .get(&(family.to_string(), slant))
            .map_or("", String::as_str)
    }

    #[test]
    fn each_face_draws_the_text_set_in_it() {
        let drawn = drawn_in(
            ".subtitle { font-style: italic }",
            "<p>ab <em>cd</em> <code>{x}</code></p><p class=subtitle>ef</p>",
        );
        assert_eq!(of(&drawn, "Serif", Roman), " ab");
        assert_eq!(of(&drawn, "Serif", Italic), "cdef");
        assert_eq!(of(&drawn, "Mono", Roman), "x{}");
        assert_eq!(drawn.len(), 3, "{drawn:?}");
    }

    #[test]
    fn hidden_elements_draw_nothing() {
        let drawn = drawn_in("", "<p>a</p><template>b</template>");
        assert_eq!(of(&drawn, "Serif", Roman), "a", "not the title's í nor b");
    }

    #[test]
    fn an_inline_svg_s_text_is_drawn_by_the_page_s_face() {
        // A chart (`content::chart`): its labels are `<text>` in the page's
        // font, so the subset must hold them.
        let drawn = drawn_in(
            "",
            "<p>a</p><figure class=chart><svg viewBox=\"0 0 9 9\"><text x=1 y=2>µs</text></svg></figure>",
        );
        assert!(of(&drawn, "Serif", Roman).contains('µ'), "{drawn:?}");
    }

    #[test]
    fn line_breaks_are_spaces() {
        let drawn = drawn_in("", "<p>a\nb\tc</p>");
        assert_eq!(of(&drawn, "Serif", Roman), " abc");
    }

    #[test]
    fn a_family_without_the_style_asked_for_draws_it_with_the_other() {
        let drawn = drawn_in("", "<code>a<em>b</em></code>");
        assert_eq!(of(&drawn, "Mono", Roman), "ab");
        assert!(!drawn.contains_key(&("Mono".to_string(), Italic)));
    }

    #[test]
    fn text_set_in_local_or_generic_fonts_is_no_face_s() {
        let drawn = drawn_in(
            ".k { font: normal 1.2em Other, serif }",
            "<p>a<span class=k>b<i>c</i></span><math><mi>d</mi></math></p>",
        );
        assert_eq!(of(&drawn, "Serif", Roman), "a");
        assert_eq!(drawn.len(), 1, "{drawn:?}");
    }

    #[test]
    fn rules_that_disagree_give_the_text_to_both() {
        let drawn = drawn_in(
            "p.a { font-style: italic } .b { font-style: normal } .c { font-style: oblique 8deg }",
            "<p class='a b'>x</p><p class=c>y</p>",
        );
        assert_eq!(of(&drawn, "Serif", Roman), "x");
        assert_eq!(of(&drawn, "Serif", Italic), "xy");
    }

    #[test]
    fn states_and_pseudo_elements_count_for_the_element() {
        let drawn = drawn_in(
            "a:hover { font-style: italic } p::first-line { font-family: var(--mono) }",
            "<a href=/>a</a><p>p</p>",
        );
        assert_eq!(of(&drawn, "Serif", Italic), "a");
        assert_eq!(of(&drawn, "Mono", Roman), "p");
    }

    #[test]
    fn generated_text_is_drawn_by_the_element_s_face() {
        let drawn = drawn_in(
            r##".t li::before { content: "#" } .n::after { content: "\2192 " attr(data-n) }"##,
            "<ul class=t><li>a</li></ul><p>q <q>b</q></p><em class=n data-n=z></em>\
             <img src=x.png alt=Img>",
        );
        let sorted = |s: &str| {
            s.chars()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect::<String>()
        };
        assert_eq!(
            of(&drawn, "Serif", Roman),
            sorted("#0123456789.•◦▪a q b‘’“”Img"),
            "the marker, the quotes, the image's alt text"
        );
        assert_eq!(of(&drawn, "Serif", Italic), "z→");
    }

    #[test]
    fn case_changes_bring_both_cases() {
        let drawn = drawn_in(
            ".u { text-transform: uppercase } .s { font-variant: small-caps }",
            "<h2 class=u>ab</h2><p class=s>C</p>",
        );
        assert_eq!(of(&drawn, "Serif", Roman), "ABCabc");
    }

    #[test]
    fn rules_filed_under_a_class_or_a_name_still_select_their_elements() {
        let drawn = drawn_in(
            ".a .b, i.c { font-style: italic } :is(.d, .e) { font-family: var(--mono) }",
            "<p class=a><span class='x b'>b</span></p><i class=c>c</i><span class=e>e</span>",
        );
        assert_eq!(of(&drawn, "Serif", Italic), "bc");
        assert_eq!(of(&drawn, "Mono", Roman), "e");
    }

    #[test]
    fn a_page_seen_before_is_not_read_again() {
        let styles = styles("");
        let (a, b) = ("<p>a</p>", "<p>b</p>");
        let mut cache = Memo::new(&[], HashMap::new());
        let first = drawn(&styles, &[a, b], &mut cache);
        assert_eq!(
            cache
                .take(&cache.key(&[&styles.digest, a.as_bytes()]))
                .unwrap()[0]
                .ascii,
            1 << b'a'
        );
        let again = drawn(&styles, &[a, b], &mut cache);
        assert_eq!(first, again);
        let changed = Styles::read(&[(
            "static/style.css".into(),
            format!("{FACES}p {{ font-style: italic }}"),
        )])
        .unwrap();
        let italic = drawn(&changed, &[a, b], &mut cache);
        assert_eq!(
            italic[&face("Serif", Italic)].chars,
            BTreeSet::from(['a', 'b']),
            "new stylesheets, new keys"
        );
    }

    #[test]
    fn the_site_s_stylesheets_are_read() {
        let sheets = [
            (
                "static/style.css",
                include_str!("../../../static/style.css"),
            ),
            (
                "static/katex/katex.min.css",
                include_str!("../../../static/katex/katex.min.css"),
            ),
        ];
        let sheets: Vec<(String, String)> = sheets
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect();
        let styles = Styles::read(&sheets).unwrap();
        assert_eq!(
            styles.face_of("fonts/source-serif-4-latin-opsz-italic.woff2"),
            Some(face("Phase Serif", Italic))
        );
        let page = "<html><body><p class=tagline>t</p><p>r <span class=katex>\
                    <span class=katex-html><span class='mord mathnormal'>x</span></span></span></p></body></html>";
        let drawn = drawn(&styles, &[page], &mut Memo::new(&[], HashMap::new()));
        let chars = |family, slant| drawn[&face(family, slant)].chars.clone();
        assert_eq!(chars("Phase Serif", Italic), BTreeSet::from(['t']));
        assert_eq!(chars("Phase Serif", Roman), BTreeSet::from([' ', 'r']));
        assert_eq!(chars("PhaseMath_Math", Italic), BTreeSet::from(['x']));
    }

    #[test]
    fn words_run_on_across_elements_set_in_the_same_face() {
        let page = "<html><body><p>of<a href=/>fi</a>ce <em>af</em>ter <code>f(i)</code></p>\
                    <h2 class=n>Ab</h2></body></html>";
        let words = |family: &str, slant| {
            let drawn = drawn(
                &styles(".n { text-transform: uppercase }"),
                &[page],
                &mut Memo::new(&[], HashMap::new()),
            );
            drawn[&face(family, slant)]
                .words
                .iter()
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(words("Serif", Roman), ["AB", "Ab", "ab", "office", "ter"]);
        assert_eq!(words("Serif", Italic), ["af"]);
        assert_eq!(words("Mono", Roman), ["f(i)"]);
    }
}
