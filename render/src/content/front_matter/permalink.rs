//! Jekyll's permalink templates (`/:categories/:year/:month/:day/:title.html`):
//! the address Jekyll served a post at, from a template of `:tokens` and
//! the post's date, title (its file name without the day, or its `slug`)
//! and categories. A post's own `permalink` may be one (the build reads
//! it, `post`), and so is a blog's `permalink` in `_config.yml` (the
//! importer reads it): one function for both, so that the two agree.
//! Hugo's `[permalinks]` share the `:token` syntax (`expand`), not the
//! tokens. It stops at the path: whether it may be an alias is `aliases`'s.

use time::Date;

/// What a post gives Jekyll's tokens.
pub struct Post<'a> {
    /// Its date, from its front matter or its file name.
    pub date: Option<Date>,
    /// Its `slug`, else its file name without the day (`2016-05-31-rl`
    /// is `rl`).
    pub title: &'a str,
    pub categories: &'a [String],
}

/// `template` expanded for `post` by Jekyll's tokens, as a clean path
/// (`clean`); `Err` says which token cannot be filled.
pub fn jekyll(template: &str, post: &Post) -> Result<String, String> {
    let expanded = expand(template, |token| {
        let date = || {
            post.date.ok_or(format!(
                "`:{token}` needs the post's date, in its front matter or its file name"
            ))
        };
        Ok(match token {
            "year" => format!("{:04}", date()?.year()),
            "short_year" => format!("{:02}", date()?.year() % 100),
            "month" => format!("{:02}", u8::from(date()?.month())),
            "i_month" => u8::from(date()?.month()).to_string(),
            "day" => format!("{:02}", date()?.day()),
            "i_day" => date()?.day().to_string(),
            "title" => post.title.replace(char::is_whitespace, "-"),
            "slug" => crate::content::slug::slug(post.title),
            "categories" => post
                .categories
                .iter()
                .map(|c| c.to_lowercase())
                .collect::<Vec<_>>()
                .join("/"),
            "output_ext" => ".html".to_string(),
            _ => {
                return Err(format!(
                    "`:{token}` is not a token read here (:year, :short_year, :month, :i_month, \
                     :day, :i_day, :title, :slug, :categories, :output_ext); write the address \
                     as it was served"
                ))
            }
        })
    })?;
    Ok(clean(&expanded))
}

/// `template` with each `:token` replaced by `value(token)`, or the first
/// error `value` gives. A `:` followed by no letter, digit or `_` is kept.
pub fn expand(
    template: &str,
    value: impl Fn(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let token = &after[..len];
        if token.is_empty() {
            out.push(':');
        } else {
            out.push_str(&value(token)?);
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Joins URL segments with single slashes, dropping empty ones (Jekyll's
/// `/:categories/` with no category), keeping a trailing slash if
/// `expanded` ends with one.
pub fn clean(expanded: &str) -> String {
    let segments: Vec<&str> = expanded.split('/').filter(|s| !s.is_empty()).collect();
    let mut path = format!("/{}", segments.join("/"));
    if expanded.ends_with('/') && path != "/" {
        path.push('/');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn post<'a>(title: &'a str, categories: &'a [String]) -> Post<'a> {
        Post {
            date: Some(date!(2016 - 05 - 03)),
            title,
            categories,
        }
    }

    #[test]
    fn each_token_is_filled_from_the_post() {
        let categories = ["ML".to_string(), "RL".to_string()];
        for (template, expected) in [
            (
                "/:categories/:year/:month/:day/:title:output_ext",
                "/ml/rl/2016/05/03/Deep-RL.html",
            ),
            ("/:short_year/:i_month/:i_day/:slug/", "/16/5/3/deep-rl/"),
            ("blog/:title", "/blog/Deep-RL"),
        ] {
            assert_eq!(
                jekyll(template, &post("Deep RL", &categories)).unwrap(),
                expected,
                "{template}"
            );
        }
    }

    #[test]
    fn a_colon_before_no_token_is_kept() {
        assert_eq!(
            expand("/a:/b:", |_| Err("no token".to_string())).unwrap(),
            "/a:/b:"
        );
    }

    #[test]
    fn no_category_leaves_no_empty_segment() {
        assert_eq!(
            jekyll("/:categories/:year/:title/", &post("rl", &[])).unwrap(),
            "/2016/rl/"
        );
    }

    #[test]
    fn a_token_that_cannot_be_filled_says_why() {
        let undated = Post {
            date: None,
            title: "rl",
            categories: &[],
        };
        assert_eq!(
            jekyll("/:year/:title/", &undated).unwrap_err(),
            "`:year` needs the post's date, in its front matter or its file name"
        );
        assert!(jekyll("/:hour/:title/", &post("rl", &[]))
            .unwrap_err()
            .starts_with("`:hour` is not a token read here"));
    }
}
