//! The names a cut font goes by. Under the SIL Open Font License a subset
//! is a Modified Version (the OFL FAQ, 2.6), and a Modified Version may not
//! use a Reserved Font Name (the licence's condition 3): a font whose
//! notices reserve a name is renamed here, in every record of its `name`
//! table but the notices themselves (copyright, trademark, licence and its
//! URL stay as the authors wrote them, Reserved Font Name declarations
//! included). Which name replaces which is the site's choice, `RENAMED`; a
//! font that reserves a name the table does not replace cannot be cut
//! (`kept_reserved` says so, and `subset` serves it as its authors made
//! it), and renaming it is an error, never a cut font under that name.
//! Pure: font bytes in, font bytes out.

use anyhow::{anyhow, bail, Result};
use read_fonts::tables::name::Name;
use read_fonts::types::NameId;
use read_fonts::{FontRef, TableProvider};
use write_fonts::from_obj::ToOwnedTable;
use write_fonts::FontBuilder;

/// The site's own names for the fonts it cuts, as (what is replaced, what
/// replaces it), tried in order at every place in a name record: Adobe
/// reserves "Source" (Source Serif 4), Khan Academy each `KaTeX_…` family
/// name. The stylesheets call the faces the same (`static/style.css`,
/// `static/katex/katex.min.css`): a name a document specifies a font by
/// counts as presented to the reader (the OFL FAQ, 5.3).
pub const RENAMED: &[(&str, &str)] = &[
    ("Source Serif 4", "Phase Serif"),
    ("SourceSerif4", "PhaseSerif"),
    ("KaTeX_", "PhaseMath_"),
];

/// The records that are notices rather than names: kept word for word.
const NOTICES: [NameId; 4] = [
    NameId::COPYRIGHT_NOTICE,
    NameId::TRADEMARK,
    NameId::LICENSE_DESCRIPTION,
    NameId::LICENSE_URL,
];

/// The Reserved Font Names `font`'s copyright and licence notices declare
/// ("… with Reserved Font Name ‘Source’.", "… with Reserved Font Names
/// Foo and Bar."), in the order they appear.
pub fn reserved(font: &FontRef) -> Result<Vec<String>> {
    let name = font.name().map_err(|e| anyhow!("no name table: {e}"))?;
    let mut names = Vec::new();
    for (id, text) in records(&name) {
        if id == NameId::COPYRIGHT_NOTICE || id == NameId::LICENSE_DESCRIPTION {
            for reserved in declared(&text) {
                if !names.contains(&reserved) {
                    names.push(reserved);
                }
            }
        }
    }
    Ok(names)
}

/// The names a notice reserves: what follows "Reserved Font Name(s)" up to
/// the end of its sentence, split at commas and "and", unquoted.
fn declared(notice: &str) -> Vec<String> {
    const MARK: &str = "reserved font name";
    // ASCII only, so offsets in `lower` are offsets in `notice`.
    let lower = notice.to_ascii_lowercase();
    let mut names = Vec::new();
    let mut rest = &lower[..];
    let mut offset = 0;
    while let Some(at) = rest.find(MARK) {
        let start = offset + at + MARK.len();
        let tail = notice[start..].trim_start_matches('s');
        let end = tail
            .char_indices()
            .find(|&(i, c)| c == '\n' || (c == '.' && tail[i + 1..].starts_with([' ', '\n'])))
            .map_or(tail.len(), |(i, _)| i);
        let list = tail[..end].trim_end_matches('.');
        names.extend(
            list.split(',')
                .flat_map(|part| part.split(" and "))
                .map(|part| part.trim().trim_matches(['‘', '’', '“', '”', '\'', '"']))
                .filter(|part| !part.is_empty())
                .map(str::to_string),
        );
        offset = start;
        rest = &lower[start..];
    }
    names
}

/// Every record of `name` (decodable ones), with its id.
fn records(name: &Name) -> Vec<(NameId, String)> {
    name.name_record()
        .iter()
        .filter_map(|record| {
            let text = record.string(name.string_data()).ok()?;
            Some((record.name_id(), text.chars().collect()))
        })
        .collect()
}

/// `text` with every `RENAMED` name replaced.
fn rename(text: &str) -> String {
    RENAMED
        .iter()
        .fold(text.to_string(), |text, (from, to)| text.replace(from, to))
}

/// The Reserved Font Name the site's names (`RENAMED`) would leave in a
/// record of the font `sfnt` that is no notice, if any: such a font can be
/// served only as its authors made it, never cut (`subset`).
pub fn kept_reserved(sfnt: &[u8]) -> Result<Option<String>> {
    let font = FontRef::new(sfnt).map_err(|e| anyhow!("cannot read the font: {e}"))?;
    let reserved = reserved(&font)?;
    let name = font.name().map_err(|e| anyhow!("no name table: {e}"))?;
    Ok(kept(&name, &reserved).map(|(_, _, kept)| kept))
}

/// The first record of `name` that is no notice and, under the site's
/// names, still holds one of `reserved`: its id, its text renamed, and
/// the name it holds.
fn kept(name: &Name, reserved: &[String]) -> Option<(NameId, String, String)> {
    records(name)
        .into_iter()
        .filter(|(id, _)| !NOTICES.contains(id))
        .find_map(|(id, text)| {
            let text = rename(&text);
            let lower = text.to_lowercase();
            let kept = reserved
                .iter()
                .find(|r| lower.contains(&r.to_lowercase()))?;
            Some((id, text, kept.clone()))
        })
}

/// The font `sfnt` under the site's names if its notices reserve any; as it
/// is otherwise. An error if a reserved name would remain in a record that
/// is not a notice (`kept_reserved` says so before a font is cut).
pub fn renamed(sfnt: &[u8]) -> Result<Vec<u8>> {
    let font = FontRef::new(sfnt).map_err(|e| anyhow!("cannot read the font: {e}"))?;
    let reserved = reserved(&font)?;
    if reserved.is_empty() {
        return Ok(sfnt.to_vec());
    }
    let read = font.name().map_err(|e| anyhow!("no name table: {e}"))?;
    if let Some((id, text, kept)) = kept(&read, &reserved) {
        bail!(
            "name {} “{text}” holds the Reserved Font Name “{kept}”, which a cut font \
             may not carry: give it a name of the site's own in \
             render/src/fonts/names.rs (RENAMED)",
            id.to_u16()
        );
    }
    let mut name: write_fonts::tables::name::Name = read.to_owned_table();
    for record in &mut name.name_record {
        if !NOTICES.contains(&record.name_id) {
            *record.string = rename(&record.string);
        }
    }
    Ok(FontBuilder::new()
        .add_table(&name)
        .map_err(|e| anyhow!("cannot write the name table: {e}"))?
        .copy_missing_tables(font)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_declare_reserved_names_in_their_authors_words() {
        let adobe = "© 2014 - 2021 Adobe Systems Incorporated (http://www.adobe.com/), \
                     with Reserved Font Name ‘Source’.";
        assert_eq!(declared(adobe), ["Source"]);
        let katex = "Copyright (c) 2014-2018 Khan Academy (<www.khanacademy.org>),\n\
                     with Reserved Font Name KaTeX_Main.\n\nThis Font Software is licensed \
                     under the SIL Open Font License, Version 1.1.";
        assert_eq!(declared(katex), ["KaTeX_Main"]);
        let two = "Copyright 2020 Someone, with Reserved Font Names \"Foo\", \"Bar\" and Baz. \
                   All Rights Reserved.";
        assert_eq!(declared(two), ["Foo", "Bar", "Baz"]);
        let none = "Copyright 2020 The JetBrains Mono Project Authors \
                    (https://github.com/JetBrains/JetBrainsMono)";
        assert!(declared(none).is_empty());
    }

    #[test]
    fn the_site_s_names_replace_the_reserved_ones() {
        assert_eq!(rename("Source Serif 4 Italic"), "Phase Serif Italic");
        assert_eq!(
            rename("4.004;ADBO;SourceSerif4Italic-Italic;ADOBE"),
            "4.004;ADBO;PhaseSerifItalic-Italic;ADOBE"
        );
        assert_eq!(
            rename("FontForge 2.0 : KaTeX_Main-Regular"),
            "FontForge 2.0 : PhaseMath_Main-Regular"
        );
        assert_eq!(rename("JetBrains Mono"), "JetBrains Mono");
    }
}
