//! What each page is made of, as a memo key (`memo`), so that a build
//! after a one-post save renders again only the pages that save reaches:
//! the post's own page, its neighbours' (previous and next show its
//! title), the other parts of its series, and the pages that list it (the
//! home page, the tag and series indexes, its tags' and its series'
//! pages). Every other page is the memo's, byte for byte.
//!
//! A page's key digests the layout every page shares (the settings, and
//! the static files and generated CSS its assets are made from) and, for
//! each post it shows, what it shows of it: the key of a body it shows
//! (`content::bodies`: it digests the post's path and whole text, so it
//! stands for the front matter as well), or, for a post it only lists or
//! links to, the key of what a listing shows (`listed`: its address,
//! title, date, draft mark, tags and series), so a sentence saved in one
//! post renders its own page again, and no page that lists it.

use crate::content::post::Post;
use crate::memo::{Key, Memo};
use crate::settings::Settings;
use crate::source::Source;
use bytes::Bytes;
use std::collections::BTreeMap;

/// The key of the layout every page shares: the settings, and the files
/// and generated CSS the assets are built from (`Assets::build`), which
/// decide every URL, inlined stylesheet and preload a page carries.
pub(crate) fn layout<V>(
    memo: &Memo<V>,
    settings: &Settings,
    files: &[Source<Bytes>],
    generated: &BTreeMap<&str, String>,
) -> Key {
    // `Debug` names every field, so a field added later is keyed too.
    let settings = format!("{settings:?}");
    let mut parts: Vec<&[u8]> = vec![b"layout", settings.as_bytes()];
    for file in files {
        parts.extend([file.path.as_bytes(), &file.content]);
    }
    parts.push(b"generated");
    for (name, css) in generated {
        parts.extend([name.as_bytes(), css.as_bytes()]);
    }
    memo.key(&parts)
}

/// The key of what a listing, or a link to a post from another post's
/// page, shows of `post`: its address, title and date, its draft mark,
/// and its tags and series (which decide the tag and series pages and
/// their counts).
pub(crate) fn listed<V>(memo: &Memo<V>, post: &Post) -> Key {
    let shown = format!(
        "{:?}",
        (
            &post.source,
            &post.slug,
            &post.title,
            post.date,
            post.draft,
            &post.tags,
            &post.series
        )
    );
    memo.key(&[b"listed", shown.as_bytes()])
}

/// The key of the page at `path`, of `kind` (a page's template), in the
/// layout `layout`, made from the posts whose body keys are `posts`, in the
/// order the page takes them. A post page gives its own post first, then
/// its neighbours and series (`post_page`).
pub(crate) fn page<V>(memo: &Memo<V>, layout: &Key, kind: &str, path: &str, posts: &[&Key]) -> Key {
    let mut parts: Vec<&[u8]> = vec![layout, kind.as_bytes(), path.as_bytes()];
    parts.extend(posts.iter().map(|key| key.as_slice()));
    memo.key(&parts)
}

/// The posts a post's page is made of, in a fixed order: the post (its
/// body's key), the one before it and the one after it (an absent one as no key, so which side
/// is missing stays told apart), then every part of its series in order,
/// then the posts shown as like it (`related`), each of those by what it
/// shows of them (`listed`).
pub(crate) fn post_page<'a>(
    own: &'a Key,
    previous: Option<&'a Key>,
    next: Option<&'a Key>,
    series: impl IntoIterator<Item = &'a Key>,
    related: impl IntoIterator<Item = &'a Key>,
) -> Vec<&'a Key> {
    const NONE: &Key = &[0; 32];
    let mut posts = vec![own, previous.unwrap_or(NONE), next.unwrap_or(NONE)];
    posts.extend(series);
    // No body's key is NONE: the series' parts end before it.
    posts.push(NONE);
    posts.extend(related);
    posts
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn a_post_pages_key_tells_a_missing_neighbour_from_the_other_and_series_from_related() {
        let memo = Memo::<()>::new(b"r", HashMap::new());
        let (own, other) = ([1; 32], [2; 32]);
        let layout = [3; 32];
        let key = |posts: Vec<&Key>| page(&memo, &layout, "post", "/posts/a/", &posts);
        let before = key(post_page(&own, Some(&other), None, [], []));
        let after = key(post_page(&own, None, Some(&other), [], []));
        let in_series = key(post_page(&own, None, None, [&other], []));
        let related = key(post_page(&own, None, None, [], [&other]));
        let all = [&before, &after, &in_series, &related];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn the_layout_key_changes_with_any_setting_file_or_generated_rule() {
        let memo = Memo::<()>::new(b"r", HashMap::new());
        let settings = Settings::parse(
            "site.toml",
            "title = \"t\"\nauthor = \"a\"\ntagline = \"g\"\nbase_url = \"https://x.example\"\n",
            |_| None,
        )
        .unwrap();
        let files = vec![Source {
            path: "style.css".to_string(),
            content: Bytes::from_static(b"p{}"),
        }];
        let generated = BTreeMap::from([("style.css", ".k{}".to_string())]);
        let key = layout(&memo, &settings, &files, &generated);
        let mut retitled = settings.clone();
        retitled.tagline = "h".into();
        assert_ne!(key, layout(&memo, &retitled, &files, &generated));
        let mut edited = vec![Source {
            path: "style.css".to_string(),
            content: Bytes::from_static(b"p{ }"),
        }];
        assert_ne!(key, layout(&memo, &settings, &edited, &generated));
        edited[0].content = Bytes::from_static(b"p{}");
        let regenerated = BTreeMap::from([("style.css", ".k{ }".to_string())]);
        assert_ne!(key, layout(&memo, &settings, &edited, &regenerated));
        assert_eq!(key, layout(&memo, &settings, &edited, &generated));
    }
}
