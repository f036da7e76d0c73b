//! The site's own fonts as the real site serves them (this repository's
//! site.toml, posts/ and static/, built by `build_site`): subset, yet
//! holding every character a page sets in them, with their variation axes
//! and layout tables intact, and under no name their licences reserve.
//! Fonts are parsed with read-fonts; pages with scraper.

use read_fonts::{FontRef, TableProvider, TopLevelTable};
use render::{build_site, build_site_cached, Cache, Route, Site};
use scraper::{ElementRef, Html, Node};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

/// The real site's inputs.
fn inputs() -> render::Inputs {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    render::inputs::read(&root, |_| None).expect("the repository's site reads")
}

/// The real site, built once for every test here.
fn site() -> &'static (render::Inputs, Site) {
    static SITE: OnceLock<(render::Inputs, Site)> = OnceLock::new();
    SITE.get_or_init(|| {
        let inputs = inputs();
        let site = build_site(&inputs).expect("the repository's site builds");
        (inputs, site)
    })
}

/// One of the site's fonts: its file under `static/`, as vendored and as
/// served.
struct Font {
    name: String,
    original: Vec<u8>,
    served: Vec<u8>,
}

/// The site's font files whose name starts with `family`.
fn fonts(family: &str) -> Vec<Font> {
    let (inputs, site) = site();
    let fonts: Vec<Font> = inputs
        .statics
        .iter()
        .filter(|s| s.path.starts_with(&format!("fonts/{family}")) && s.path.ends_with(".woff2"))
        .map(|s| {
            let stem = s
                .path
                .trim_start_matches("fonts/")
                .trim_end_matches(".woff2");
            let served: Vec<&Route> = site
                .routes
                .iter()
                .filter(|r| r.path.contains(stem) && r.path.ends_with(".woff2"))
                .collect();
            assert_eq!(served.len(), 1, "one route serves {}", s.path);
            Font {
                name: s.path.clone(),
                original: sfnt(&s.content),
                served: sfnt(&served[0].body),
            }
        })
        .collect();
    assert!(fonts.len() >= 2, "{family}: Latin and Latin Extended files");
    fonts
}

fn sfnt(woff2: &[u8]) -> Vec<u8> {
    woff::version2::decompress(woff2).expect("a site font is valid woff2")
}

fn cmap(sfnt: &[u8]) -> BTreeSet<char> {
    let font = FontRef::new(sfnt).expect("a site font parses");
    let cmap = font.cmap().expect("a site font maps characters");
    let (_, _, unicode) = cmap.best_subtable().expect("a site font maps Unicode");
    unicode
        .iter()
        .filter_map(|(codepoint, _)| char::from_u32(codepoint))
        .collect()
}

/// Elements style.css sets in italic, with those the browser does.
const ITALIC: [&str; 7] = [
    "em",
    "i",
    "cite",
    "blockquote",
    "h4",
    ".tagline",
    ".subtitle",
];

/// The characters of every page's visible text, by the face it is set in:
/// JetBrains Mono (inside `code`, `pre`, `kbd`, `samp`), Source Serif 4
/// italic (inside `ITALIC`), Source Serif 4 roman (the rest: a chart's
/// SVG labels too). KaTeX's output is set in KaTeX's fonts; `head`,
/// `style` and an SVG's `title` and `desc` show no text in the page's
/// fonts.
struct PageText {
    mono: BTreeSet<char>,
    roman: BTreeSet<char>,
    italic: BTreeSet<char>,
}

fn page_text() -> PageText {
    let (_, site) = site();
    let mut text = PageText {
        mono: BTreeSet::new(),
        roman: BTreeSet::new(),
        italic: BTreeSet::new(),
    };
    let pages = site
        .routes
        .iter()
        .filter(|r| r.content_type.starts_with("text/html"))
        .chain([&site.not_found]);
    for page in pages {
        let html = Html::parse_document(std::str::from_utf8(&page.body).expect("pages are UTF-8"));
        for node in html.tree.nodes() {
            let Node::Text(chars) = node.value() else {
                continue;
            };
            let ancestors: Vec<ElementRef> =
                node.ancestors().filter_map(ElementRef::wrap).collect();
            let is = |names: &[&str]| {
                ancestors.iter().any(|e| {
                    names.iter().any(|name| match name.strip_prefix('.') {
                        Some(class) => e.value().classes().any(|c| c == class),
                        None => e.value().name() == *name,
                    })
                })
            };
            if is(&["head", "style", "script", "title", "desc", ".katex"]) {
                continue;
            }
            let face = if is(&["code", "pre", "kbd", "samp"]) {
                &mut text.mono
            } else if is(&ITALIC) {
                &mut text.italic
            } else {
                &mut text.roman
            };
            face.extend(chars.chars().filter(|c| !c.is_whitespace()));
        }
    }
    text
}

/// Every character the pages set in the face of `fonts` that an original
/// file had, its served file has too (a character no original had falls
/// back as it always did).
fn assert_holds(fonts: Vec<Font>, text: &BTreeSet<char>) {
    assert!(
        text.iter().filter(|c| c.is_ascii_alphabetic()).count() > 10,
        "the pages set real text in it: {text:?}"
    );
    for font in fonts {
        let (before, after) = (cmap(&font.original), cmap(&font.served));
        let lost: String = text
            .iter()
            .filter(|c| before.contains(c) && !after.contains(c))
            .collect();
        assert_eq!(lost, "", "{}: characters the pages set in it", font.name);
        assert!(after.is_subset(&before), "{}", font.name);
    }
}

/// The files of `family` in `style` (`normal` or `italic`).
fn in_style(family: &str, style: &str) -> Vec<Font> {
    let files: Vec<Font> = fonts(family)
        .into_iter()
        .filter(|f| f.name.ends_with(&format!("-{style}.woff2")))
        .collect();
    assert!(
        files.len() >= 2,
        "{family} {style}: Latin and Latin Extended files"
    );
    files
}

#[test]
fn source_serif_holds_every_character_the_prose_sets_in_it() {
    let text = page_text();
    assert_holds(in_style("source-serif-4", "normal"), &text.roman);
    assert_holds(in_style("source-serif-4", "italic"), &text.italic);
}

#[test]
fn the_italic_holds_less_than_the_roman() {
    let latin = |style| {
        in_style("source-serif-4", style)
            .into_iter()
            .find(|f| !f.name.contains("-latin-ext-"))
            .expect("a Latin file")
    };
    let (italic, roman) = (latin("italic"), latin("normal"));
    let (italic, roman) = (cmap(&italic.served), cmap(&roman.served));
    assert!(italic.len() < roman.len(), "{italic:?} {roman:?}");
    assert!(!italic.contains(&'#'), "the tags' # is roman only");
    assert!(roman.contains(&'#'));
}

#[test]
fn jetbrains_mono_holds_every_character_code_sets_in_it() {
    assert_holds(fonts("jetbrains-mono"), &page_text().mono);
}

#[test]
fn the_latin_files_shrink() {
    for font in fonts("source-serif-4")
        .iter()
        .chain(&fonts("jetbrains-mono"))
    {
        let (before, after) = (cmap(&font.original), cmap(&font.served));
        assert!(
            after.len() < before.len(),
            "{}: fewer characters",
            font.name
        );
        assert!(
            font.served.len() < font.original.len(),
            "{}: {} bytes, was {}",
            font.name,
            font.served.len(),
            font.original.len()
        );
    }
}

#[test]
fn variation_axes_and_their_ranges_are_kept() {
    for font in fonts("source-serif-4")
        .iter()
        .chain(&fonts("jetbrains-mono"))
    {
        let (before, after) = (
            FontRef::new(&font.original).expect("the vendored font parses"),
            FontRef::new(&font.served).expect("the served font parses"),
        );
        let axes = |f: &FontRef| -> Vec<String> {
            let fvar = f.fvar().expect("a variable font has fvar");
            fvar.axes()
                .expect("fvar lists its axes")
                .iter()
                .map(|a| {
                    format!(
                        "{} {} {} {}",
                        a.axis_tag(),
                        a.min_value(),
                        a.default_value(),
                        a.max_value()
                    )
                })
                .collect()
        };
        assert_eq!(axes(&after), axes(&before), "{}", font.name);
        let expected = if font.name.contains("source-serif-4") {
            ["wght", "opsz"].as_slice()
        } else {
            ["wght"].as_slice()
        };
        let tags: Vec<String> = axes(&after).iter().map(|a| a[..4].to_string()).collect();
        assert_eq!(tags, expected, "{}", font.name);
        for table in [
            read_fonts::tables::gvar::Gvar::TAG,
            read_fonts::tables::hvar::Hvar::TAG,
            read_fonts::tables::stat::Stat::TAG,
            read_fonts::tables::avar::Avar::TAG,
        ] {
            assert_eq!(
                after.table_data(table).is_some(),
                before.table_data(table).is_some(),
                "{}: {table}",
                font.name
            );
        }
        assert!(after.gvar().is_ok(), "{}: gvar", font.name);
    }
}

/// The GSUB or GPOS features of `font`, by tag.
fn features(font: &FontRef, table: &str) -> BTreeSet<String> {
    let list = match table {
        "GSUB" => font.gsub().and_then(|t| t.feature_list()),
        _ => font.gpos().and_then(|t| t.feature_list()),
    };
    list.map(|l| {
        l.feature_records()
            .iter()
            .map(|r| r.feature_tag().to_string())
            .collect()
    })
    .unwrap_or_default()
}

/// The served and the vendored Latin file of `family`, parsed.
fn latin(family: &str, check: impl Fn(&str, FontRef, FontRef)) {
    let font = fonts(family)
        .into_iter()
        .find(|f| f.name.contains("-latin-") && !f.name.contains("-latin-ext-"))
        .expect("a Latin file");
    let served = FontRef::new(&font.served).expect("the served font parses");
    let original = FontRef::new(&font.original).expect("the vendored font parses");
    check(&font.name, served, original);
}

#[test]
fn source_serif_keeps_kerning_and_ligatures() {
    latin("source-serif-4", |name, served, _| {
        let (gpos, gsub) = (features(&served, "GPOS"), features(&served, "GSUB"));
        assert!(gpos.contains("kern"), "{name}: {gpos:?}");
        assert!(gsub.contains("liga"), "{name}: {gsub:?}");
    });
}

#[test]
fn jetbrains_mono_drops_the_code_ligatures_the_stylesheet_turns_off() {
    latin("jetbrains-mono", |name, served, original| {
        assert!(features(&original, "GSUB").contains("calt"), "{name}");
        let gsub = features(&served, "GSUB");
        assert!(!gsub.contains("calt"), "{name}: {gsub:?}");
    });
}

/// The served fonts of a built site, by path.
fn served_fonts(site: &Site) -> Vec<(String, Vec<u8>)> {
    site.routes
        .iter()
        .filter(|r| r.path.ends_with(".woff2") && r.path.contains("/fonts/"))
        .filter(|r| !r.path.contains("katex"))
        .map(|r| (r.path.clone(), r.body.to_vec()))
        .collect()
}

#[test]
fn a_second_build_takes_the_subsets_from_the_cache() {
    let inputs = inputs();
    let mut cache = Cache::new(b"test");
    let first = build_site_cached(&inputs, &mut cache).expect("the site builds");
    let katex_fonts = inputs
        .statics
        .iter()
        .filter(|s| s.path.starts_with("katex/fonts/") && s.path.ends_with(".woff2"))
        .count();
    assert_eq!(
        cache.fonts_subset(),
        6 + katex_fonts,
        "every site font and KaTeX font is cut once"
    );
    let mut cache = Cache::from_bytes(&cache.to_bytes(), b"test");
    let second = build_site_cached(&inputs, &mut cache).expect("the site builds");
    assert_eq!(cache.fonts_subset(), 0);
    assert_eq!(served_fonts(&second), served_fonts(&first));
    assert_eq!(served_fonts(&first), served_fonts(&site().1));
}

#[test]
fn a_new_character_in_a_post_reaches_its_font_file() {
    let mut inputs = inputs();
    let mut cache = Cache::new(b"test");
    build_site_cached(&inputs, &mut cache).expect("the site builds");
    // ŵ is Latin Extended, in roman prose: only the roman Latin Extended
    // file gains it (the roman Latin file is cut again, to the same).
    inputs.posts[0].content.push_str("\nŴales ŵ\n");
    let site = build_site_cached(&inputs, &mut cache).expect("the site builds");
    assert_eq!(
        cache.fonts_subset(),
        2,
        "the roman faces' characters changed"
    );
    for (path, woff2) in served_fonts(&site) {
        let chars = cmap(&sfnt(&woff2));
        let roman_latin_ext = path.contains("source-serif-4-latin-ext-opsz-normal");
        assert_eq!(chars.contains(&'ŵ'), roman_latin_ext, "{path}");
        assert_eq!(chars.contains(&'Ŵ'), roman_latin_ext, "{path}");
    }
}

/// Every font the site serves, its own and KaTeX's: its file under
/// `static/`, as vendored and as served.
fn every_font() -> Vec<Font> {
    let (inputs, site) = site();
    let fonts: Vec<Font> = inputs
        .statics
        .iter()
        .filter(|s| s.path.ends_with(".woff2"))
        .map(|s| {
            let stem = format!("/static/{}.", s.path.trim_end_matches(".woff2"));
            let served = site
                .routes
                .iter()
                .find(|r| r.path.starts_with(&stem) && r.path.ends_with(".woff2"))
                .unwrap_or_else(|| panic!("a route serves {}", s.path));
            Font {
                name: s.path.clone(),
                original: sfnt(&s.content),
                served: sfnt(&served.body),
            }
        })
        .collect();
    assert!(fonts.len() > 6, "the site's fonts and KaTeX's");
    fonts
}

/// Every record of a font's `name` table, as (name id, text).
fn names(sfnt: &[u8]) -> Vec<(u16, String)> {
    let font = FontRef::new(sfnt).expect("a site font parses");
    let name = font.name().expect("a font has names");
    name.name_record()
        .iter()
        .filter_map(|r| {
            let text = r.string(name.string_data()).ok()?.to_string();
            Some((r.name_id().to_u16(), text))
        })
        .collect()
}

/// The records that are notices: copyright, trademark, licence, its URL.
const NOTICES: [u16; 4] = [0, 7, 13, 14];

#[test]
fn no_served_font_goes_by_a_name_its_licence_reserves_and_every_notice_is_kept() {
    let mut reserved_somewhere = BTreeSet::new();
    for font in every_font() {
        let original = FontRef::new(&font.original).expect("a site font parses");
        let reserved = render::reserved_font_names(&original).expect("a font has names");
        reserved_somewhere.extend(reserved.iter().cloned());
        let (before, after) = (names(&font.original), names(&font.served));
        for (id, text) in after.iter().filter(|(id, _)| !NOTICES.contains(id)) {
            for name in &reserved {
                assert!(
                    !text.to_lowercase().contains(&name.to_lowercase()),
                    "{}: name {id} “{text}” holds the Reserved Font Name “{name}”",
                    font.name
                );
            }
        }
        let notices = |names: &[(u16, String)]| -> Vec<(u16, String)> {
            let notices = names.iter().filter(|(id, _)| NOTICES.contains(id));
            notices.cloned().collect()
        };
        assert_eq!(notices(&after), notices(&before), "{}", font.name);
        let has = |id: u16| after.iter().any(|(i, _)| *i == id);
        assert!(has(0), "{}: the copyright notice", font.name);
        assert!(has(13) || has(14), "{}: the licence", font.name);
        if reserved.is_empty() {
            let standard = |names: &[(u16, String)]| -> Vec<(u16, String)> {
                names.iter().filter(|(id, _)| *id <= 25).cloned().collect()
            };
            assert_eq!(
                standard(&after),
                standard(&before),
                "{}: renamed",
                font.name
            );
        }
    }
    // What the upstream licences declare: Adobe reserves “Source”, Khan
    // Academy each KaTeX family's name; JetBrains none.
    for name in ["Source", "KaTeX_Main", "KaTeX_Math", "KaTeX_Size1"] {
        assert!(
            reserved_somewhere.contains(name),
            "{name}: {reserved_somewhere:?}"
        );
    }
}

/// The values of a stylesheet's `font-family` and `font` declarations.
fn font_families(css: &str) -> Vec<&str> {
    let mut values = Vec::new();
    for (at, _) in css.match_indices("font") {
        let rest = &css[at..];
        let Some(value) = rest
            .strip_prefix("font-family:")
            .or_else(|| rest.strip_prefix("font:"))
        else {
            continue;
        };
        let end = value.find([';', '}']).unwrap_or(value.len());
        values.push(value[..end].trim());
    }
    values
}

#[test]
fn no_stylesheet_calls_a_cut_font_by_a_reserved_name() {
    let (inputs, site) = site();
    let reserved: Vec<String> = inputs
        .statics
        .iter()
        .filter(|s| s.path.ends_with(".woff2"))
        .flat_map(|s| {
            let sfnt = sfnt(&s.content);
            let font = FontRef::new(&sfnt).expect("a site font parses");
            render::reserved_font_names(&font).expect("a font has names")
        })
        .collect();
    let stylesheets: Vec<&Route> = site
        .routes
        .iter()
        .filter(|r| r.path.ends_with(".css"))
        .collect();
    assert_eq!(stylesheets.len(), 2, "the site's and KaTeX's");
    for route in stylesheets {
        let css = std::str::from_utf8(&route.body).expect("CSS is UTF-8");
        let families = font_families(css);
        assert!(families.len() > 3, "{}: {families:?}", route.path);
        for family in families {
            for name in &reserved {
                assert!(
                    !family.to_lowercase().contains(&name.to_lowercase()),
                    "{}: “{family}” holds the Reserved Font Name “{name}”",
                    route.path
                );
            }
        }
    }
}

#[test]
fn every_vendored_font_is_woff2_so_the_build_warns_of_none() {
    let warnings = &site().1.warnings;
    assert!(
        warnings.iter().all(|w| !w.contains("not a woff2 font")),
        "{warnings:?}"
    );
}

#[test]
fn the_previews_fonts_are_served_as_vendored_and_its_pages_differ_only_in_their_urls() {
    let (_, subset) = site();
    let mut inputs = inputs();
    inputs.fonts = render::Fonts::AsVendored;
    let vendored = build_site(&inputs).expect("the repository's site builds");
    for file in inputs.statics.iter().filter(|s| s.path.ends_with(".woff2")) {
        let stem = file.path.trim_end_matches(".woff2");
        let route = vendored
            .routes
            .iter()
            .find(|r| r.path.starts_with(&format!("/static/{stem}.")))
            .unwrap_or_else(|| panic!("{} is served", file.path));
        assert_eq!(route.body, file.content, "{} as vendored", file.path);
    }
    // Renaming every font URL to its file's stem makes the pages equal.
    let unfingerprinted = |body: &[u8]| {
        let text = String::from_utf8_lossy(body);
        let mut out = String::new();
        for (i, part) in text.split(".woff2").enumerate() {
            let part = if i + 1 < text.split(".woff2").count() {
                part.rsplit_once('.').map_or(part, |(stem, _)| stem)
            } else {
                part
            };
            out.push_str(part);
        }
        out
    };
    let post = |site: &Site| {
        let route = site
            .routes
            .iter()
            .find(|r| r.path == "/posts/do-i-dare/")
            .expect("the post");
        unfingerprinted(&route.body)
    };
    assert_eq!(post(subset), post(&vendored));
}

#[test]
fn every_page_links_the_licences_page_which_links_every_licence_file() {
    let (inputs, site) = site();
    let page = |path: &str| {
        let route = site.routes.iter().find(|r| r.path == path);
        let route = route.unwrap_or_else(|| panic!("{path} is served"));
        Html::parse_document(std::str::from_utf8(&route.body).expect("HTML is UTF-8"))
    };
    let links = |html: &Html| -> Vec<String> {
        let a = scraper::Selector::parse("a[href]").expect("a selector");
        html.select(&a)
            .filter_map(|a| a.value().attr("href"))
            .map(str::to_string)
            .collect()
    };
    for route in site
        .routes
        .iter()
        .filter(|r| r.content_type.starts_with("text/html"))
    {
        let footer = scraper::Selector::parse("footer a[href='/licences/']").expect("a selector");
        let html = page(&route.path);
        assert_eq!(html.select(&footer).count(), 1, "{}", route.path);
    }
    let licences = links(&page("/licences/"));
    let files: Vec<&str> = inputs
        .statics
        .iter()
        .map(|s| s.path.as_str())
        .filter(|p| {
            p.rsplit('/')
                .next()
                .is_some_and(|f| f.starts_with("LICENSE"))
        })
        .collect();
    assert_eq!(
        files.len(),
        4,
        "Source Serif 4's, JetBrains Mono's, KaTeX's and its fonts'"
    );
    for file in files {
        let stem = format!("/static/{}.", file.trim_end_matches(".txt"));
        let url = licences.iter().find(|href| href.starts_with(&stem));
        let url = url.unwrap_or_else(|| panic!("/licences/ links {file}: {licences:?}"));
        let served = site
            .routes
            .iter()
            .find(|r| &r.path == url)
            .expect("the link is served");
        let original = inputs
            .statics
            .iter()
            .find(|s| s.path == file)
            .expect("vendored");
        assert_eq!(served.body, original.content, "{file} is served as it is");
    }
}
