//! What each font face draws on the site's pages: every `@font-face` of the
//! site's stylesheets (a family and a style, roman or italic) and the
//! characters and words of the text set in it across every rendered page.
//! `subset` cuts each font file to what its face draws (the words decide
//! which ligatures it keeps: `glyphs`), so the italic holds the letters of
//! the site's italic text, not all of the roman's.
//!
//! Which face sets a text is read from the stylesheets as a browser would,
//! for the few properties that decide it: `font-family` and `font-style`
//! (and the `font` shorthand), inherited down the tree from the elements
//! their rules select; what the browser's own stylesheet says of them (`em`
//! is italic, `code` monospace, `math` in a math font); the text
//! stylesheets generate (`content`, list markers) and the case they change
//! (`text-transform`, small capitals). It errs on the side of more: where
//! two rules that select one element disagree, the text goes to both faces;
//! rules for states (`:hover`) and pseudo-elements (`::before`) count as if
//! they applied to the element. A character too many costs a few hundred
//! bytes; one too few would be drawn by a fallback font.

use crate::css::stylesheet::{self, in_family_list, unquote, with_vars, Block};
use crate::memo::{Key, Memo};
use anyhow::{anyhow, Result};
use rayon::prelude::*;
use scraper::node::Element;
use scraper::{ElementRef, Html, Node, Selector};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A face as `@font-face` declares it: its family, and whether it is the
/// italic. Weights are not told apart: the site's faces are variable fonts
/// that span every weight.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Face {
    pub family: String,
    pub italic: bool,
}

/// What the browser's own stylesheet says that matters here (after the
/// HTML standard's rendering section): the elements it sets in italic or in
/// a font of its own, and the text it generates. A list item's marker is
/// its number and a full stop, or a bullet.
const BROWSER_CSS: &str = "
address, cite, dfn, em, i, var { font-style: italic }
code, kbd, samp, pre, tt, listing, plaintext, xmp { font-family: monospace }
math { font-family: math }
q::before { content: open-quote }
q::after { content: close-quote }
li::marker { content: counter(list-item) \". \" \"•◦▪\" }
";

/// Elements whose text is never drawn (`display: none` in every browser).
const HIDDEN: [&str; 4] = ["head", "script", "style", "template"];

/// The characters `open-quote` and `close-quote` stand for in English.
const QUOTES: &str = "“”‘’";

/// The stylesheets' rules that decide which face sets a text.
pub struct Styles {
    rules: Vec<Rule>,
    /// Indices of `rules` by what their selector's last compound requires
    /// (a class or an element name), as browsers file rules: an element is
    /// matched only against the rules that could select it.
    by_class: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    any: Vec<usize>,
    /// Every `@font-face` family, with the face of each style
    /// (`[roman, italic]`; the other style's when it declares one only).
    families: Vec<(String, [usize; 2])>,
    /// Every face, by its index.
    faces: Vec<Face>,
    /// Every `@font-face` `src`, with its face.
    sources: Vec<(String, usize)>,
    /// A digest of the stylesheets these rules come from.
    digest: Key,
}

/// One selector of a rule that sets what decides a face, made to match
/// elements in a static tree (states and pseudo-elements taken out).
struct Rule {
    selector: Selector,
    /// `Some`: it sets the font family, to these `@font-face` families (by
    /// index; none when it names only local or generic fonts).
    families: Option<Vec<usize>>,
    /// `Some`: it sets the font style, to these (`[roman, italic]`).
    styles: Option<[bool; 2]>,
    /// It changes letters' case (`text-transform`, small capitals).
    case: bool,
    /// Text it generates (`content`, a list marker's string).
    generated: String,
    /// Attributes whose values it generates (`attr(name)` in `content`).
    attributes: Vec<String>,
}

/// What an element's text is set in.
#[derive(Clone)]
struct State {
    families: Vec<usize>,
    styles: [bool; 2],
    case: bool,
    /// The faces that follow from `families` and `styles`.
    faces: Vec<usize>,
}

impl Styles {
    /// The rules of `sheets` (each a path, for errors, and its text) and
    /// of the browser's own stylesheet. A selector that cannot be read, in a
    /// rule that matters here, is an error at its line.
    pub fn read(sheets: &[(String, String)]) -> Result<Styles> {
        let parsed: Vec<(&str, Vec<Block>)> = std::iter::once(("(browser)", BROWSER_CSS))
            .chain(
                sheets
                    .iter()
                    .map(|(path, css)| (path.as_str(), css.as_str())),
            )
            .map(|(path, css)| (path, stylesheet::blocks(css)))
            .collect();
        let font_faces = || {
            parsed
                .iter()
                .flat_map(|(_, b)| b)
                .filter(|b| b.is_font_face())
        };
        let mut declared: Vec<(String, [bool; 2])> = Vec::new();
        for block in font_faces() {
            let Some(family) = block.get("font-family").next().map(unquote) else {
                continue;
            };
            let italic = usize::from(block.get("font-style").any(is_italic));
            match declared.iter_mut().find(|(f, _)| *f == family) {
                Some((_, styles)) => styles[italic] = true,
                None => {
                    let mut styles = [false; 2];
                    styles[italic] = true;
                    declared.push((family, styles));
                }
            }
        }
        let mut faces = Vec::new();
        let mut families = Vec::new();
        for (family, styles) in &declared {
            let mut ids = [0; 2];
            for italic in [false, true] {
                if styles[usize::from(italic)] {
                    ids[usize::from(italic)] = faces.len();
                    faces.push(Face {
                        family: family.clone(),
                        italic,
                    });
                }
            }
            for italic in [0, 1] {
                if !styles[italic] {
                    ids[italic] = ids[1 - italic];
                }
            }
            families.push((family.clone(), ids));
        }
        let mut sources = Vec::new();
        for block in font_faces() {
            let Some(family) = block.get("font-family").next().map(unquote) else {
                continue;
            };
            let (_, ids) = families
                .iter()
                .find(|(f, _)| *f == family)
                .expect("declared above");
            let italic = usize::from(block.get("font-style").any(is_italic));
            sources.extend(block.get("src").map(|src| (src.to_string(), ids[italic])));
        }

        let mut styles = Styles {
            rules: Vec::new(),
            by_class: HashMap::new(),
            by_name: HashMap::new(),
            any: Vec::new(),
            families,
            faces,
            sources,
            digest: sheets
                .iter()
                .fold(Sha256::new(), |digest, (path, css)| {
                    digest
                        .chain_update(path)
                        .chain_update([0])
                        .chain_update(css)
                        .chain_update([0])
                })
                .finalize()
                .into(),
        };
        for (path, blocks) in &parsed {
            for block in blocks.iter().filter(|b| !b.selector.starts_with('@')) {
                styles
                    .add(block, blocks, &declared)
                    .map_err(|e| anyhow!("{path}:{}: {e}", block.line))?;
            }
        }
        Ok(styles)
    }

    /// Adds the rules `block` makes, one per selector, if it sets anything
    /// that decides a face.
    fn add(
        &mut self,
        block: &Block,
        blocks: &[Block],
        declared: &[(String, [bool; 2])],
    ) -> Result<()> {
        let named = |value: &str| -> Vec<usize> {
            let values = with_vars(blocks, value);
            (0..declared.len())
                .filter(|&i| values.iter().any(|v| in_family_list(v, &declared[i].0)))
                .collect()
        };
        let mut families: Option<Vec<usize>> = None;
        let mut styles: Option<[bool; 2]> = None;
        let mut case = false;
        let mut generated_text = String::new();
        let mut attributes = Vec::new();
        let mut relevant = false;
        for (property, value) in &block.declarations {
            let value = value.trim_end_matches("!important").trim();
            let keyword = value.to_ascii_lowercase();
            if matches!(keyword.as_str(), "inherit" | "unset") {
                continue;
            }
            match property.as_str() {
                "font-family" => families.get_or_insert_with(Vec::new).extend(named(value)),
                "font" => {
                    families.get_or_insert_with(Vec::new).extend(named(value));
                    let italic = keyword.split_whitespace().any(is_italic);
                    styles.get_or_insert([false; 2])[usize::from(italic)] = true;
                    case |= keyword.contains("caps");
                }
                "font-style" => {
                    let styles = styles.get_or_insert([false; 2]);
                    match keyword.as_str() {
                        "normal" | "initial" => styles[0] = true,
                        k if is_italic(k) => styles[1] = true,
                        _ => *styles = [true; 2],
                    }
                }
                "text-transform" => case |= keyword != "none",
                "font-variant" | "font-variant-caps" => case |= keyword.contains("caps"),
                "content" | "list-style" | "list-style-type" | "quotes" => {
                    generated(value, &mut generated_text, &mut attributes);
                }
                _ => continue,
            }
            relevant = true;
        }
        if !relevant {
            return Ok(());
        }
        for selector in static_selectors(&block.selector) {
            let parsed = Selector::parse(&selector).map_err(|e| {
                anyhow!(
                    "cannot tell which elements `{}` selects: {e}",
                    block.selector
                )
            })?;
            let index = self.rules.len();
            match last_compound_needs(&selector) {
                Needs::Class(class) => self.by_class.entry(class).or_default().push(index),
                Needs::Name(name) => self.by_name.entry(name).or_default().push(index),
                Needs::Nothing => self.any.push(index),
            }
            self.rules.push(Rule {
                selector: parsed,
                families: families.clone(),
                styles,
                case,
                generated: generated_text.clone(),
                attributes: attributes.clone(),
            });
        }
        Ok(())
    }

    /// The face of the font file `static/<path>`: that of the `@font-face`
    /// whose `src` names it.
    pub fn face_of(&self, path: &str) -> Option<Face> {
        self.sources
            .iter()
            .find(|(src, _)| src.contains(path))
            .map(|&(_, id)| self.faces[id].clone())
    }

    /// The rules that could select `element`.
    fn candidates<'a>(&'a self, element: &'a Element) -> impl Iterator<Item = &'a Rule> + 'a {
        let by_name = self.by_name.get(element.name()).into_iter().flatten();
        let by_class = element
            .classes()
            .flat_map(|class| self.by_class.get(class).into_iter().flatten());
        by_name
            .chain(by_class)
            .chain(&self.any)
            .map(|&index| &self.rules[index])
    }

    /// `inherited` after the rules `matched` (none empty) set what they set.
    fn apply(&self, inherited: &State, matched: &[&Rule]) -> State {
        let mut state = inherited.clone();
        let mut families = matched
            .iter()
            .filter_map(|r| r.families.as_ref())
            .peekable();
        if families.peek().is_some() {
            let mut all: Vec<usize> = families.flatten().copied().collect();
            all.sort_unstable();
            all.dedup();
            state.families = all;
        }
        if let Some(styles) = matched
            .iter()
            .filter_map(|r| r.styles)
            .reduce(|a, b| [a[0] || b[0], a[1] || b[1]])
        {
            state.styles = styles;
        }
        state.case |= matched.iter().any(|r| r.case);
        state.faces = self.faces_of(&state.families, state.styles);
        state
    }

    /// The faces the browser picks for text in `families` and `styles`:
    /// for each family, the face of each style asked for, or of the
    /// family's other style (which the browser slants or straightens).
    fn faces_of(&self, families: &[usize], styles: [bool; 2]) -> Vec<usize> {
        let mut faces: Vec<usize> = families
            .iter()
            .flat_map(|&f| {
                (0..2)
                    .filter(move |&s| styles[s])
                    .map(move |s| self.families[f].1[s])
            })
            .collect();
        faces.sort_unstable();
        faces.dedup();
        faces
    }
}

/// Whether a `font-style` keyword (or a word of `font`) is italic.
fn is_italic(keyword: &str) -> bool {
    let keyword = keyword.trim().to_ascii_lowercase();
    keyword == "italic" || keyword.starts_with("oblique")
}

/// Adds the text a `content`-like `value` generates to `text`: its strings
/// (CSS escapes undone), digits for counters, quotation marks for quotes;
/// and the attributes it reads to `attributes`.
fn generated(value: &str, text: &mut String, attributes: &mut Vec<String>) {
    let mut chars = value.chars().peekable();
    let mut outside = String::new();
    while let Some(c) = chars.next() {
        if c != '"' && c != '\'' {
            outside.push(c);
            continue;
        }
        while let Some(s) = chars.next() {
            match s {
                _ if s == c => break,
                '\\' => {
                    let hex: String = std::iter::from_fn(|| chars.next_if(char::is_ascii_hexdigit))
                        .take(6)
                        .collect();
                    if hex.is_empty() {
                        text.extend(chars.next());
                    } else {
                        text.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                        chars.next_if_eq(&' ');
                    }
                }
                _ => text.push(s),
            }
        }
    }
    let outside = outside.to_ascii_lowercase();
    if outside.contains("counter") {
        text.push_str("0123456789");
    }
    if outside.contains("quote") {
        text.push_str(QUOTES);
    }
    for attr in outside.split("attr(").skip(1) {
        let name = attr
            .trim_start()
            .split([')', ' ', ','])
            .next()
            .unwrap_or("");
        attributes.push(name.to_string());
    }
}

/// The selectors of `list`, each made to match in a tree without states or
/// boxes: states (`:hover`, `:focus-visible`…) and pseudo-elements
/// (`::before`, `::marker`…) taken out, so a rule for them counts for the
/// element itself.
fn static_selectors(list: &str) -> Vec<String> {
    const TAKEN_OUT: [&str; 14] = [
        "hover",
        "focus",
        "focus-visible",
        "focus-within",
        "active",
        "visited",
        "target",
        "before",
        "after",
        "marker",
        "first-letter",
        "first-line",
        "selection",
        "placeholder",
    ];
    let mut out = String::with_capacity(list.len());
    let mut rest = list;
    while let Some(c) = rest.chars().next() {
        let (_, brackets, quoted) = nesting(list, list.len() - rest.len());
        if c == ':' && brackets == 0 && !quoted {
            let name_start = rest.trim_start_matches(':');
            let name_len = name_start
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(name_start.len());
            if TAKEN_OUT.contains(&name_start[..name_len].to_ascii_lowercase().as_str()) {
                rest = &name_start[name_len..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    split_top(&out, |c| c == ',')
        .into_iter()
        .map(|part| {
            let part = part.trim();
            // A compound left empty (`::selection`, `a > ::before`)
            // selects any element there.
            if part.is_empty() || part.ends_with(['>', '+', '~']) {
                format!("{part} *").trim().to_string()
            } else {
                part.to_string()
            }
        })
        .collect()
}

/// What an element needs for a selector to select it, judged from the
/// selector's last compound: a class, an element name, or nothing known.
#[derive(Debug, PartialEq)]
enum Needs {
    Class(String),
    Name(String),
    Nothing,
}

fn last_compound_needs(selector: &str) -> Needs {
    let parts = split_top(selector, |c| {
        c.is_whitespace() || matches!(c, '>' | '+' | '~')
    });
    let compound = parts
        .into_iter()
        .rev()
        .find(|p| !p.is_empty())
        .unwrap_or("");
    if compound.contains(['\\', '|']) {
        return Needs::Nothing;
    }
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            .collect()
    };
    let classes = split_top(compound, |c| c == '.');
    if let Some(class) = classes.get(1).map(|c| ident(c)).filter(|c| !c.is_empty()) {
        return Needs::Class(class);
    }
    match ident(compound) {
        name if name.is_empty() => Needs::Nothing,
        name => Needs::Name(name.to_ascii_lowercase()),
    }
}

/// `text` split at each character `at` accepts that is outside brackets,
/// parentheses and quotes.
fn split_top(text: &str, at: impl Fn(char) -> bool) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if at(c) && nesting(text, i) == (0, 0, false) {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Where byte `at` of `text` lies: how many parentheses and brackets are
/// open there, and whether it is inside quotes.
fn nesting(text: &str, at: usize) -> (i32, i32, bool) {
    let (mut parens, mut brackets, mut quote) = (0, 0, None);
    for c in text[..at].chars() {
        match (c, quote) {
            (_, Some(q)) if c == q => quote = None,
            (_, Some(_)) => {}
            ('"' | '\'', None) => quote = Some(c),
            ('(', None) => parens += 1,
            (')', None) => parens -= 1,
            ('[', None) => brackets += 1,
            (']', None) => brackets -= 1,
            _ => {}
        }
    }
    (parens, brackets, quote.is_some())
}

/// What one face draws on the site: its characters, and its words (for
/// shaping: `glyphs`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawn {
    pub chars: BTreeSet<char>,
    pub words: BTreeSet<String>,
}

/// What each face (by index) draws on one page.
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
        for face in 0..self.faces.len() {
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
                self.faces[face].insert(c);
                if state.case {
                    for other in c.to_uppercase().chain(c.to_lowercase()) {
                        self.faces[face].insert(other);
                    }
                }
                if c.is_whitespace() {
                    self.end_word(face);
                } else {
                    self.words[face].push(c);
                }
            }
            if state.case {
                for word in text.split_whitespace() {
                    let words = &mut self.faces[face].words;
                    words.insert(word.to_uppercase());
                    words.insert(word.to_lowercase());
                }
            }
        }
    }

    fn end_word(&mut self, face: usize) {
        let word = std::mem::take(&mut self.words[face]);
        if !word.is_empty() {
            self.faces[face].words.insert(word);
        }
    }

    fn finish(mut self) -> PageText {
        for face in 0..self.faces.len() {
            self.end_word(face);
        }
        self.faces
    }
}

/// What each face draws on `pages` (whole HTML documents). A page `memo`
/// holds from an earlier build (the same page, the same stylesheets) is not
/// read again; `memo` is left holding these pages.
pub fn drawn(styles: &Styles, pages: &[&str], memo: &mut Memo<PageText>) -> BTreeMap<Face, Drawn> {
    let keys: Vec<Key> = pages
        .par_iter()
        .map(|page| memo.key(&[&styles.digest, page.as_bytes()]))
        .collect();
    let found: Vec<Option<PageText>> = keys.iter().map(|key| memo.take(key)).collect();
    let per_page: Vec<PageText> = pages
        .par_iter()
        .zip(found)
        .map(|(page, found)| found.unwrap_or_else(|| drawn_on(styles, page)))
        .collect();
    let mut all = vec![Drawn::default(); styles.faces.len()];
    for page in &per_page {
        for (all, page) in all.iter_mut().zip(page) {
            page.add_to(all);
        }
    }
    memo.replace(keys.into_iter().zip(per_page).collect());
    styles
        .faces
        .iter()
        .cloned()
        .zip(all)
        .filter(|(_, drawn)| !drawn.chars.is_empty())
        .collect()
}

/// What each face (by index) draws on one page.
fn drawn_on(styles: &Styles, page: &str) -> PageText {
    let document = Html::parse_document(page);
    let root = State {
        families: Vec::new(),
        styles: [true, false],
        case: false,
        faces: Vec::new(),
    };
    let mut reading = Reading::new(styles.faces.len());
    walk(styles, document.root_element(), &root, &mut reading);
    reading.finish()
}

/// Adds what `element` and its descendants draw to `out`, `inherited`
/// being what its parent's text is set in.
fn walk(styles: &Styles, element: ElementRef, inherited: &State, out: &mut Reading) {
    let value = element.value();
    if HIDDEN.contains(&value.name()) {
        return;
    }
    let matched: Vec<&Rule> = styles
        .candidates(value)
        .filter(|rule| rule.selector.matches(&element))
        .collect();
    let state = match matched.is_empty() {
        true => Cow::Borrowed(inherited),
        false => Cow::Owned(styles.apply(inherited, &matched)),
    };
    for rule in &matched {
        out.add(&state, &rule.generated);
        for name in &rule.attributes {
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

    fn face(family: &str, italic: bool) -> Face {
        Face {
            family: family.into(),
            italic,
        }
    }

    /// The characters each face draws on `body`, as strings.
    fn drawn_in(css: &str, body: &str) -> BTreeMap<(String, bool), String> {
        let page = format!(
            "<!doctype html><html><head><title>Títle</title></head><body>{body}</body></html>"
        );
        drawn(
            &styles(css),
            &[page.as_str()],
            &mut Memo::new(&[], HashMap::new()),
        )
        .into_iter()
        .map(|(face, drawn)| {
            (
                (face.family, face.italic),
                drawn.chars.into_iter().collect(),
            )
        })
        .collect()
    }

    fn of<'a>(drawn: &'a BTreeMap<(String, bool), String>, family: &str, italic: bool) -> &'a str {
        drawn
            .get(&(family.to_string(), italic))
            .map_or("", String::as_str)
    }

    #[test]
    fn each_face_draws_the_text_set_in_it() {
        let drawn = drawn_in(
            ".subtitle { font-style: italic }",
            "<p>ab <em>cd</em> <code>{x}</code></p><p class=subtitle>ef</p>",
        );
        assert_eq!(of(&drawn, "Serif", false), " ab");
        assert_eq!(of(&drawn, "Serif", true), "cdef");
        assert_eq!(of(&drawn, "Mono", false), "x{}");
        assert_eq!(drawn.len(), 3, "{drawn:?}");
    }

    #[test]
    fn hidden_elements_draw_nothing() {
        let drawn = drawn_in("", "<p>a</p><template>b</template>");
        assert_eq!(of(&drawn, "Serif", false), "a", "not the title's í nor b");
    }

    #[test]
    fn line_breaks_are_spaces() {
        let drawn = drawn_in("", "<p>a\nb\tc</p>");
        assert_eq!(of(&drawn, "Serif", false), " abc");
    }

    #[test]
    fn a_family_without_the_style_asked_for_draws_it_with_the_other() {
        let drawn = drawn_in("", "<code>a<em>b</em></code>");
        assert_eq!(of(&drawn, "Mono", false), "ab");
        assert!(!drawn.contains_key(&("Mono".to_string(), true)));
    }

    #[test]
    fn text_set_in_local_or_generic_fonts_is_no_face_s() {
        let drawn = drawn_in(
            ".k { font: normal 1.2em Other, serif }",
            "<p>a<span class=k>b<i>c</i></span><math><mi>d</mi></math></p>",
        );
        assert_eq!(of(&drawn, "Serif", false), "a");
        assert_eq!(drawn.len(), 1, "{drawn:?}");
    }

    #[test]
    fn rules_that_disagree_give_the_text_to_both() {
        let drawn = drawn_in(
            "p.a { font-style: italic } .b { font-style: normal } .c { font-style: oblique 8deg }",
            "<p class='a b'>x</p><p class=c>y</p>",
        );
        assert_eq!(of(&drawn, "Serif", false), "x");
        assert_eq!(of(&drawn, "Serif", true), "xy");
    }

    #[test]
    fn states_and_pseudo_elements_count_for_the_element() {
        let drawn = drawn_in(
            "a:hover { font-style: italic } p::first-line { font-family: var(--mono) }",
            "<a href=/>a</a><p>p</p>",
        );
        assert_eq!(of(&drawn, "Serif", true), "a");
        assert_eq!(of(&drawn, "Mono", false), "p");
        assert_eq!(static_selectors("::selection"), ["*"]);
        assert_eq!(
            static_selectors("a > ::before, b:focus-visible"),
            ["a > *", "b"]
        );
        assert_eq!(
            static_selectors("[title=':hover'], :is(a:hover, b)"),
            ["[title=':hover']", ":is(a, b)"]
        );
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
            of(&drawn, "Serif", false),
            sorted("#0123456789.•◦▪a q b‘’“”Img"),
            "the marker, the quotes, the image's alt text"
        );
        assert_eq!(of(&drawn, "Serif", true), "z→");
    }

    #[test]
    fn case_changes_bring_both_cases() {
        let drawn = drawn_in(
            ".u { text-transform: uppercase } .s { font-variant: small-caps }",
            "<h2 class=u>ab</h2><p class=s>C</p>",
        );
        assert_eq!(of(&drawn, "Serif", false), "ABCabc");
    }

    #[test]
    fn css_escapes_in_strings_are_undone() {
        let (mut text, mut attributes) = (String::new(), Vec::new());
        generated(
            r#""\2014\ a" '\'' counter(x) attr( title )"#,
            &mut text,
            &mut attributes,
        );
        assert_eq!(text, "— a'0123456789", "an escaped space is a space");
        assert_eq!(attributes, ["title"]);
    }

    #[test]
    fn rules_are_filed_under_what_their_last_compound_needs() {
        assert_eq!(
            last_compound_needs(".katex .mathnormal"),
            Needs::Class("mathnormal".into())
        );
        assert_eq!(
            last_compound_needs("ul > LI.x:first-child"),
            Needs::Class("x".into())
        );
        assert_eq!(last_compound_needs("blockquote p"), Needs::Name("p".into()));
        assert_eq!(last_compound_needs("a :is(.b, .c)"), Needs::Nothing);
        assert_eq!(last_compound_needs(".a\\:b"), Needs::Nothing);
        assert_eq!(last_compound_needs("[lang] *"), Needs::Nothing);
        let drawn = drawn_in(
            ".a .b, i.c { font-style: italic } :is(.d, .e) { font-family: var(--mono) }",
            "<p class=a><span class='x b'>b</span></p><i class=c>c</i><span class=e>e</span>",
        );
        assert_eq!(of(&drawn, "Serif", true), "bc");
        assert_eq!(of(&drawn, "Mono", false), "e");
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
            italic[&face("Serif", true)].chars,
            BTreeSet::from(['a', 'b']),
            "new stylesheets, new keys"
        );
    }

    #[test]
    fn a_font_file_s_face_is_the_one_whose_src_names_it() {
        let styles = styles("");
        assert_eq!(
            styles.face_of("fonts/serif-italic.woff2"),
            Some(face("Serif", true))
        );
        assert_eq!(
            styles.face_of("fonts/mono.woff2"),
            Some(face("Mono", false))
        );
        assert_eq!(styles.face_of("fonts/other.woff2"), None);
    }

    #[test]
    fn a_selector_it_cannot_read_is_an_error_at_its_line() {
        let css = "p { color: red }\n\np:lang(en) {\n  font-style: italic }";
        let error = Styles::read(&[("static/style.css".into(), css.into())])
            .err()
            .unwrap();
        assert!(
            error
                .to_string()
                .starts_with("static/style.css:3: cannot tell which elements `p:lang(en)` selects"),
            "{error}"
        );
        let colours_only = "p:lang(en) { color: red }";
        assert!(Styles::read(&[("static/a.css".into(), colours_only.into())]).is_ok());
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
            Some(face("Source Serif 4", true))
        );
        let page = "<html><body><p class=tagline>t</p><p>r <span class=katex>\
                    <span class=katex-html><span class='mord mathnormal'>x</span></span></span></p></body></html>";
        let drawn = drawn(&styles, &[page], &mut Memo::new(&[], HashMap::new()));
        let chars = |family, italic| drawn[&face(family, italic)].chars.clone();
        assert_eq!(chars("Source Serif 4", true), BTreeSet::from(['t']));
        assert_eq!(chars("Source Serif 4", false), BTreeSet::from([' ', 'r']));
        assert_eq!(chars("KaTeX_Math", true), BTreeSet::from(['x']));
    }

    #[test]
    fn words_run_on_across_elements_set_in_the_same_face() {
        let page = "<html><body><p>of<a href=/>fi</a>ce <em>af</em>ter <code>f(i)</code></p>\
                    <h2 class=n>Ab</h2></body></html>";
        let words = |family: &str, italic| {
            let drawn = drawn(
                &styles(".n { text-transform: uppercase }"),
                &[page],
                &mut Memo::new(&[], HashMap::new()),
            );
            drawn[&face(family, italic)]
                .words
                .iter()
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(words("Serif", false), ["AB", "Ab", "ab", "office", "ter"]);
        assert_eq!(words("Serif", true), ["af"]);
        assert_eq!(words("Mono", false), ["f(i)"]);
    }
}
