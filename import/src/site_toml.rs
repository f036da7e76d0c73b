//! The site's `site.toml`, where the import writes the old addresses that
//! are no post's: each section's own page (Zola's and Hugo's list of a
//! section's posts, `/inside-rust/`) becomes a line of `[redirects]`
//! leading to the archive, which lists every post here and which the build
//! serves it as, a permanent redirect (`render::content::aliases`). Text
//! in, text out: a `[redirects]` table is added at the end, the rest of
//! the file kept byte for byte. A site with no site.toml, or one that
//! already has `[redirects]` (written by hand, or by an earlier import),
//! is left as it is, and each line to add is a note for the writer.

use crate::blog::Note;

pub const PATH: &str = "site.toml";

/// `site_toml` (the site's, `None` when it has none) with a `[redirects]`
/// table leading each of `addresses` to `to`; or, where it cannot be
/// written so, a note per line to add by hand.
pub fn with_redirects(
    site_toml: Option<&str>,
    addresses: &[String],
    to: &str,
) -> Result<String, Vec<Note>> {
    let lines: Vec<String> = addresses
        .iter()
        .map(|from| format!("{} = {}", quoted(from), quoted(to)))
        .collect();
    let why = match site_toml {
        None => "the site has no site.toml",
        Some(text) if text.lines().any(|line| line.trim() == "[redirects]") => {
            "it already has [redirects]"
        }
        Some(text) => {
            let mut text = text.to_string();
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(
                "\n# Old addresses that are no post's (the sections' own pages of the\n\
                 # blog imported), each a permanent redirect to a page of this site.\n\
                 [redirects]\n",
            );
            for line in &lines {
                text.push_str(line);
                text.push('\n');
            }
            return Ok(text);
        }
    };
    Err(lines
        .into_iter()
        .map(|line| {
            Note::new(
                PATH,
                None,
                format!("not written ({why}): add `{line}` under [redirects], so that the section's address answers"),
            )
        })
        .collect())
}

/// `text` as a TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "title = \"t\"\nbase_url = \"https://x.example\"";

    #[test]
    fn a_redirects_table_is_added_at_the_end_the_rest_kept() {
        let written = with_redirects(
            Some(SITE),
            &["/inside-rust/".to_string(), "/releases/".to_string()],
            "/archive/",
        )
        .unwrap();
        assert!(written.starts_with(&format!("{SITE}\n\n#")), "{written}");
        assert!(
            written.ends_with(
                "[redirects]\n\"/inside-rust/\" = \"/archive/\"\n\"/releases/\" = \"/archive/\"\n"
            ),
            "{written}"
        );
        let value: toml::Table = written.parse().unwrap();
        assert_eq!(value["redirects"]["/releases/"].as_str(), Some("/archive/"));
    }

    #[test]
    fn without_a_site_toml_or_with_its_own_redirects_the_lines_are_notes() {
        let addresses = ["/notes/".to_string()];
        for (site_toml, why) in [
            (None, "the site has no site.toml"),
            (
                Some("[redirects]\n\"/a/\" = \"/\"\n"),
                "it already has [redirects]",
            ),
        ] {
            let notes = with_redirects(site_toml, &addresses, "/archive/").unwrap_err();
            assert_eq!(
                notes.iter().map(ToString::to_string).collect::<Vec<_>>(),
                [format!(
                    "site.toml: not written ({why}): add `\"/notes/\" = \"/archive/\"` under \
                     [redirects], so that the section's address answers"
                )]
            );
        }
    }
}
