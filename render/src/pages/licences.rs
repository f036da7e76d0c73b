//! The licences page (`/licences/`): the licence files among the static
//! files (named `LICENSE…`: the fonts' and KaTeX's), each linked, with the
//! notice that heads it. A site serves fonts and a stylesheet it did not
//! make; their licences ask that the notices travel with them, and a
//! reader finds them from every page's footer. A site without such files
//! has no such page.

use crate::assets::Assets;

/// Where the page is served.
pub const PATH: &str = "/licences/";

/// One licence file.
pub struct Licence<'a> {
    /// Its name under `static/`.
    pub name: &'a str,
    pub url: &'a str,
    /// The paragraph that names the copyright holders.
    pub notice: String,
}

/// Whether `name` (under `static/`) is a licence file.
fn is_licence(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.starts_with("LICENSE") || file.starts_with("LICENCE")
}

/// The licence files among the static files, by name.
pub fn of(assets: &Assets) -> Vec<Licence<'_>> {
    assets
        .files()
        .filter(|(name, _)| is_licence(name))
        .map(|(name, route)| Licence {
            name,
            url: &route.path,
            notice: notice(&String::from_utf8_lossy(&route.body)),
        })
        .collect()
}

/// Whether the site has a licences page.
pub fn any(assets: &Assets) -> bool {
    assets.files().any(|(name, _)| is_licence(name))
}

/// The first paragraph of `text` that names a copyright, on one line; the
/// first paragraph when none does.
fn notice(text: &str) -> String {
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let notice = paragraphs
        .iter()
        .find(|p| p.contains("Copyright") || p.contains('©'))
        .or(paragraphs.first())
        .copied()
        .unwrap_or_default();
    notice.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_files_are_named_so_anywhere_under_static() {
        assert!(is_licence("fonts/LICENSE-source-serif-4.txt"));
        assert!(is_licence("katex/LICENSE.txt"));
        assert!(is_licence("LICENCE"));
        assert!(!is_licence("fonts/a.woff2"));
        assert!(!is_licence("LICENSE-notes/a.txt"));
    }

    #[test]
    fn the_notice_is_the_paragraph_naming_the_copyright() {
        let mit = "The MIT License (MIT)\n\nCopyright (c) 2013-2020 Khan Academy\nand others\n\nPermission…";
        assert_eq!(
            notice(mit),
            "Copyright (c) 2013-2020 Khan Academy and others"
        );
        let ofl = "© 2014 - 2021 Adobe, with Reserved Font Name ‘Source’.\n\nThis Font Software…";
        assert_eq!(
            notice(ofl),
            "© 2014 - 2021 Adobe, with Reserved Font Name ‘Source’."
        );
        assert_eq!(notice("\nNo notice here.\n\nBody"), "No notice here.");
    }
}
