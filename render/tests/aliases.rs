//! A post's old addresses (`aliases` in its front matter): each one is in
//! the table's redirects, leading to the post; an alias that is a page, a
//! path the site already redirects, another post's alias, or no plain path
//! fails the build at its `file:line`, every one at once. The site's own
//! (`[redirects]` in site.toml, as the importer writes a Zola section's
//! address) lead to a page of the site, and links to them land there.

mod common;

use common::{body, inputs, post};
use render::output::table::Codings;
use render::{build_site, Cache};

#[test]
fn each_alias_redirects_to_its_post() {
    let site = build_site(&inputs(vec![
        post(
            "a",
            "2026-01-01",
            "aliases = [\"/2019/01/a.html\", \"/blog/a/\"]\n",
            "A.\n",
        ),
        post("b", "2026-01-02", "", "B.\n"),
    ]))
    .expect("the site builds");
    let table = render::table(
        &site,
        common::BASE_URL,
        Codings::IdentityOnly,
        &mut Cache::new(&[]),
    );
    let to = |from: &str| {
        table
            .redirects
            .iter()
            .find(|(f, _)| f == from)
            .map(|(_, to)| to.as_str())
    };
    assert_eq!(to("/2019/01/a.html"), Some("/posts/a/"));
    assert_eq!(to("/blog/a/"), Some("/posts/a/"));
    // The redirects the site always had stay.
    assert_eq!(to("/posts/b"), Some("/posts/b/"));
    let froms: Vec<&str> = table.redirects.iter().map(|(f, _)| f.as_str()).collect();
    assert!(froms.windows(2).all(|w| w[0] < w[1]), "sorted: {froms:?}");
}

#[test]
fn every_alias_that_is_no_path_of_its_own_fails_at_its_line() {
    let error = build_site(&inputs(vec![
        post(
            "a",
            "2026-01-01",
            "aliases = [\n  \"/feed.xml\",\n  \"/posts/b\",\n  \"/old/\",\n]\n",
            "A.\n",
        ),
        post(
            "b",
            "2026-01-02",
            "aliases = [\"/old/\", \"/new/\", \"/new/\"]\n",
            "B.\n",
        ),
    ]))
    .expect_err("the aliases clash")
    .to_string();
    let lines: Vec<&str> = error.lines().collect();
    assert_eq!(
        lines,
        [
            "posts/a.md:5: alias \"/feed.xml\" is a page of the site",
            "posts/a.md:6: alias \"/posts/b\" already redirects to \"/posts/b/\"",
            "posts/b.md:4: alias \"/old/\" is also an alias of posts/a.md:7",
            "posts/b.md:4: alias \"/new/\" is listed twice",
        ],
        "{error}"
    );
}

#[test]
fn an_alias_that_is_no_plain_path_fails_with_the_others_of_its_post() {
    let error = build_site(&inputs(vec![post(
        "a",
        "2026-01-01",
        "aliases = [\"//old/\", \"/a?p=1\"]\n",
        "A.\n",
    )]))
    .expect_err("neither is a path")
    .to_string();
    assert_eq!(error.lines().count(), 2, "{error}");
    assert!(
        error.starts_with("posts/a.md:4: alias \"//old/\""),
        "{error}"
    );
}

/// `inputs` with `[redirects]` in site.toml.
fn with_redirects(posts: Vec<render::Source<String>>, redirects: &str) -> render::Inputs {
    let mut inputs = inputs(posts);
    let toml = format!(
        "title = \"phase space\"\nauthor = \"A\"\ntagline = \"T\"\nbase_url = \"{}\"\n\n[redirects]\n{redirects}",
        common::BASE_URL
    );
    inputs.settings = render::Settings::parse("site.toml", &toml, |_| None).unwrap();
    inputs
}

#[test]
fn a_redirect_of_the_site_leads_to_its_page_and_links_to_it_land_there() {
    let site = build_site(&with_redirects(
        vec![post(
            "a",
            "2026-01-01",
            "",
            "The [Inside Rust](/inside-rust/) blog.\n",
        )],
        "\"/inside-rust/\" = \"/archive/\"\n\"releases\" = \"/tags/\"\n",
    ))
    .expect("the site builds");
    assert!(site
        .aliases
        .contains(&("/inside-rust/".into(), "/archive/".into())));
    assert!(site
        .aliases
        .contains(&("/releases".into(), "/tags/".into())));
    // The page links the archive itself: no reader pays the redirect.
    assert!(
        body(&site, "/posts/a/").contains("<a href=\"/archive/\">Inside Rust</a>"),
        "{}",
        body(&site, "/posts/a/")
    );
}

#[test]
fn every_redirect_of_the_site_that_is_no_path_of_its_own_or_leads_nowhere_fails_at_its_line() {
    let error = build_site(&with_redirects(
        vec![post("a", "2026-01-01", "aliases = [\"/old/\"]\n", "A.\n")],
        "\"/archive/\" = \"/\"\n\"/old/\" = \"/archive/\"\n\"/gone/\" = \"/nowhere/\"\n",
    ))
    .expect_err("the redirects clash")
    .to_string();
    let lines: Vec<&str> = error.lines().collect();
    assert_eq!(
        lines,
        [
            "site.toml:7: alias \"/archive/\" is a page of the site",
            "site.toml:8: alias \"/old/\" is also an alias of posts/a.md:4",
            "site.toml:9: redirect \"/gone/\" leads to \"/nowhere/\", which is no page of the site (the archive is /archive/)",
        ],
        "{error}"
    );
    let error = build_site(&with_redirects(vec![], "\"/a b/\" = \"/\"\n"))
        .expect_err("no plain path")
        .to_string();
    assert!(
        error.starts_with("site.toml:7: alias \"/a b/\" holds ' '"),
        "{error}"
    );
}
