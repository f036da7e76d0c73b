//! Which face sets an element's text, read from the stylesheets as a
//! browser would for the few properties that decide it: `font-family` and
//! `font-style` (and the `font` shorthand), inherited down the tree from the
//! elements their rules select; what the browser's own stylesheet says of
//! them (`em` is italic, `code` monospace, `math` in a math font); the text
//! rules generate (`generated`) and whether they change letters' case
//! (`text-transform`, small capitals). It errs on the side of more: where
//! two rules that select one element disagree, the text goes to both faces;
//! rules for states and pseudo-elements count as if they applied to the
//! element (`selectors`). It decides faces; what they draw is `faces`'.

use crate::css::stylesheet::{self, in_family_list, with_vars, Block};
use crate::fonts::font_face::{BySlant, FontFace, Slant};
use crate::fonts::generated::Generated;
use crate::fonts::selectors::{static_selectors, Needs};
use crate::memo::Key;
use anyhow::{anyhow, Result};
use scraper::node::Element;
use scraper::{ElementRef, Selector};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A face as `@font-face` declares it: its family, and its slant. Weights
/// are not told apart: the site's faces are variable fonts that span every
/// weight.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Face {
    pub family: String,
    pub slant: Slant,
}

/// A face, by its place in `Styles::faces`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FaceId(pub usize);

/// An `@font-face` family, by its place in `Styles::families`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct FamilyId(usize);

/// A rule, by its place in `Styles::rules`.
#[derive(Clone, Copy, Debug)]
struct RuleId(usize);

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

/// The stylesheets' rules that decide which face sets a text.
pub struct Styles {
    rules: Vec<Rule>,
    /// The rules by what their selector's last compound needs, as browsers
    /// file them: an element is matched only against those that could
    /// select it.
    by_class: HashMap<String, Vec<RuleId>>,
    by_name: HashMap<String, Vec<RuleId>>,
    any: Vec<RuleId>,
    families: Vec<Family>,
    /// Every face; `FaceId` indexes it.
    pub(crate) faces: Vec<Face>,
    /// Every `@font-face`, with its face.
    font_faces: Vec<(FontFace, FaceId)>,
    /// A digest of the stylesheets these rules come from.
    pub(crate) digest: Key,
}

/// An `@font-face` family and the face of each slant (the other slant's
/// when it declares one only: the browser slants or straightens it).
struct Family {
    name: String,
    faces: BySlant<FaceId>,
}

/// One selector of a rule that sets what decides a face.
pub(crate) struct Rule {
    selector: Selector,
    /// `Some`: it sets the font family, to these (none when it names only
    /// local or generic fonts).
    families: Option<Vec<FamilyId>>,
    /// `Some`: it sets the font style, to these slants.
    slants: Option<BySlant<bool>>,
    /// It changes letters' case.
    case: bool,
    pub(crate) generated: Generated,
}

/// What an element's text is set in.
#[derive(Clone)]
pub(crate) struct State {
    families: Vec<FamilyId>,
    slants: BySlant<bool>,
    /// Letters may be drawn in either case.
    pub(crate) case: bool,
    /// The faces that follow from `families` and `slants`.
    pub(crate) faces: Vec<FaceId>,
}

impl State {
    /// What the root's text is set in before any rule: roman, in no face.
    pub(crate) fn root() -> State {
        State {
            families: Vec::new(),
            slants: BySlant {
                roman: true,
                italic: false,
            },
            case: false,
            faces: Vec::new(),
        }
    }
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
        let font_faces: Vec<FontFace> = parsed
            .iter()
            .flat_map(|(_, blocks)| FontFace::all(blocks))
            .collect();
        let (families, faces) = families_and_faces(&font_faces);
        let font_faces = font_faces
            .into_iter()
            .map(|face| {
                let family = families
                    .iter()
                    .find(|f| f.name == face.family)
                    .expect("every font face's family is among the families");
                let id = family.faces[face.slant];
                (face, id)
            })
            .collect();
        let mut styles = Styles {
            rules: Vec::new(),
            by_class: HashMap::new(),
            by_name: HashMap::new(),
            any: Vec::new(),
            families,
            faces,
            font_faces,
            digest: digest(sheets),
        };
        for (path, blocks) in &parsed {
            for block in blocks.iter().filter(|b| !b.selector.starts_with('@')) {
                styles
                    .add(block, blocks)
                    .map_err(|e| anyhow!("{path}:{}: {e}", block.line))?;
            }
        }
        Ok(styles)
    }

    /// Adds the rules `block` makes, one per selector, if it sets anything
    /// that decides a face.
    fn add(&mut self, block: &Block, blocks: &[Block]) -> Result<()> {
        let named = |value: &str| -> Vec<FamilyId> {
            let values = with_vars(blocks, value);
            let families = self.families.iter().enumerate();
            families
                .filter(|(_, f)| values.iter().any(|v| in_family_list(v, &f.name)))
                .map(|(i, _)| FamilyId(i))
                .collect()
        };
        let mut families: Option<Vec<FamilyId>> = None;
        let mut slants: Option<BySlant<bool>> = None;
        let mut case = false;
        let mut generated = Generated::default();
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
                    let italic = keyword
                        .split_whitespace()
                        .any(|k| Slant::of(k) == Slant::Italic);
                    let slant = if italic { Slant::Italic } else { Slant::Roman };
                    slants.get_or_insert_with(BySlant::default)[slant] = true;
                    case |= keyword.contains("caps");
                }
                "font-style" => {
                    let slants = slants.get_or_insert_with(BySlant::default);
                    match keyword.as_str() {
                        "normal" | "initial" => slants.roman = true,
                        k if Slant::of(k) == Slant::Italic => slants.italic = true,
                        _ => {
                            *slants = BySlant {
                                roman: true,
                                italic: true,
                            }
                        }
                    }
                }
                "text-transform" => case |= keyword != "none",
                "font-variant" | "font-variant-caps" => case |= keyword.contains("caps"),
                "content" | "list-style" | "list-style-type" | "quotes" => generated.add(value),
                _ => continue,
            }
            relevant = true;
        }
        if !relevant {
            return Ok(());
        }
        for selector in static_selectors(&block.selector) {
            let parsed = Selector::parse(&selector.text).map_err(|e| {
                anyhow!(
                    "cannot tell which elements `{}` selects: {e}",
                    block.selector
                )
            })?;
            let id = RuleId(self.rules.len());
            match selector.needs {
                Needs::Class(class) => self.by_class.entry(class).or_default().push(id),
                Needs::Name(name) => self.by_name.entry(name).or_default().push(id),
                Needs::Nothing => self.any.push(id),
            }
            self.rules.push(Rule {
                selector: parsed,
                families: families.clone(),
                slants,
                case,
                generated: generated.clone(),
            });
        }
        Ok(())
    }

    /// The face of the font file `static/<path>`: that of the `@font-face`
    /// whose `src` names it.
    pub fn face_of(&self, path: &str) -> Option<Face> {
        self.font_faces
            .iter()
            .find(|(font_face, _)| font_face.names(path))
            .map(|&(_, id)| self.faces[id.0].clone())
    }

    /// The `@font-face` rules of `face`.
    pub fn font_faces_of<'a>(&'a self, face: &'a Face) -> impl Iterator<Item = &'a FontFace> {
        self.font_faces
            .iter()
            .filter(move |(_, id)| self.faces[id.0] == *face)
            .map(|(font_face, _)| font_face)
    }

    /// The rules that select `element`.
    pub(crate) fn matching<'a>(&'a self, element: ElementRef<'a>) -> Vec<&'a Rule> {
        self.candidates(element.value())
            .filter(|rule| rule.selector.matches(&element))
            .collect()
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
            .map(|&RuleId(i)| &self.rules[i])
    }

    /// `inherited` after the rules `matched` (none empty) set what they set.
    pub(crate) fn apply(&self, inherited: &State, matched: &[&Rule]) -> State {
        let mut state = inherited.clone();
        let mut families = matched
            .iter()
            .filter_map(|r| r.families.as_ref())
            .peekable();
        if families.peek().is_some() {
            let mut all: Vec<FamilyId> = families.flatten().copied().collect();
            all.sort_unstable();
            all.dedup();
            state.families = all;
        }
        if let Some(slants) = matched.iter().filter_map(|r| r.slants).reduce(BySlant::or) {
            state.slants = slants;
        }
        state.case |= matched.iter().any(|r| r.case);
        state.faces = self.faces_of(&state.families, state.slants);
        state
    }

    /// The faces the browser picks for text in `families` and `slants`.
    fn faces_of(&self, families: &[FamilyId], slants: BySlant<bool>) -> Vec<FaceId> {
        let mut faces: Vec<FaceId> = families
            .iter()
            .flat_map(|&FamilyId(f)| slants.slants().map(move |s| self.families[f].faces[s]))
            .collect();
        faces.sort_unstable();
        faces.dedup();
        faces
    }
}

/// The families `font_faces` declare, in order, each with the face of each
/// slant, and those faces (a family's roman before its italic).
fn families_and_faces(font_faces: &[FontFace]) -> (Vec<Family>, Vec<Face>) {
    let mut declared: Vec<(&str, BySlant<bool>)> = Vec::new();
    for font_face in font_faces {
        match declared.iter_mut().find(|(f, _)| *f == font_face.family) {
            Some((_, slants)) => slants[font_face.slant] = true,
            None => {
                let mut slants = BySlant::default();
                slants[font_face.slant] = true;
                declared.push((&font_face.family, slants));
            }
        }
    }
    let mut faces = Vec::new();
    let mut families = Vec::new();
    for (name, slants) in declared {
        let mut ids = BySlant::<Option<FaceId>>::default();
        for slant in slants.slants() {
            ids[slant] = Some(FaceId(faces.len()));
            faces.push(Face {
                family: name.to_string(),
                slant,
            });
        }
        let id = |slant: Slant| {
            ids[slant]
                .or(ids[slant.other()])
                .expect("a declared family has a face of one slant at least")
        };
        families.push(Family {
            name: name.to_string(),
            faces: BySlant {
                roman: id(Slant::Roman),
                italic: id(Slant::Italic),
            },
        });
    }
    (families, faces)
}

/// A digest of `sheets`: paths and texts.
fn digest(sheets: &[(String, String)]) -> Key {
    sheets
        .iter()
        .fold(Sha256::new(), |digest, (path, css)| {
            digest
                .chain_update(path)
                .chain_update([0])
                .chain_update(css)
                .chain_update([0])
        })
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(family: &str, slant: Slant) -> Face {
        Face {
            family: family.into(),
            slant,
        }
    }

    #[test]
    fn a_font_file_s_face_is_the_one_whose_src_names_it() {
        let css = r#"
            @font-face { font-family: "Serif"; src: url("/static/fonts/serif.woff2") }
            @font-face { font-family: "Serif"; font-style: italic; src: url("/static/fonts/serif-italic.woff2") }
            @font-face { font-family: "Mono"; src: url("/static/fonts/mono.woff2") }
        "#;
        let styles = Styles::read(&[("static/style.css".into(), css.into())]).unwrap();
        assert_eq!(
            styles.face_of("fonts/serif-italic.woff2"),
            Some(face("Serif", Slant::Italic))
        );
        assert_eq!(
            styles.face_of("fonts/mono.woff2"),
            Some(face("Mono", Slant::Roman))
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
}
