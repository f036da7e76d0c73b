//! Jekyll: posts in `_posts/` (any depth, `.md` or `.markdown`), files
//! served as they are from `assets/`, `images/` and their kin, and the old
//! address of each post from `permalink:` in `_config.yml` (a style name or
//! a template; Jekyll's default is the `date` style).

use crate::address::{self, Date};
use crate::blog::{self, Blog, Engine, Post, Static, Tree};
use crate::front_matter::Fields;
use crate::yaml;

pub const CONFIG: &str = "_config.yml";
const POSTS: &str = "_posts";
/// Top-level directories whose files Jekyll serves at their own paths and
/// posts link to (`/assets/cifar.png`).
const STATIC_DIRS: [&str; 8] = [
    "assets",
    "images",
    "img",
    "files",
    "downloads",
    "media",
    "uploads",
    "static",
];

/// Jekyll's permalink styles, by name.
fn style(name: &str) -> Option<&'static str> {
    Some(match name {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        _ => return None,
    })
}

/// The site's URL scheme: `permalink` (a template) and `baseurl`.
struct Scheme {
    permalink: String,
    baseurl: String,
}

fn scheme(tree: &Tree) -> Scheme {
    let config = tree
        .text(CONFIG)
        .and_then(|text| yaml::entries(text).ok())
        .unwrap_or_default();
    let get = |key: &str| yaml::text(&config, key);
    let permalink = get("permalink").unwrap_or_else(|| "date".to_string());
    Scheme {
        permalink: style(&permalink).map_or(permalink, str::to_string),
        baseurl: get("baseurl").unwrap_or_default(),
    }
}

pub fn read(tree: &Tree) -> Blog {
    let scheme = scheme(tree);
    let mut notes =
        blog::unused_top_level(tree, &[[POSTS, CONFIG].as_slice(), &STATIC_DIRS].concat());
    let mut posts = Vec::new();
    for source in tree.under(POSTS).filter(|p| blog::is_markdown(p)) {
        let name = source.rsplit('/').next().unwrap_or(source).to_string();
        let front = blog::front_of(tree, source, &mut notes);
        let fields = front.as_ref().map(|f| f.fields.clone()).unwrap_or_default();
        let old_address = fields
            .own_address
            .is_none()
            .then(|| old_address(&scheme, address::stem(&name), &fields));
        posts.push(Post {
            source: source.to_string(),
            name,
            bundle: None,
            section: String::new(),
            front,
            old_address,
        });
    }
    let statics = STATIC_DIRS
        .iter()
        .flat_map(|dir| tree.under(dir))
        .map(|source| Static {
            source: source.to_string(),
            to: source.to_string(),
        })
        .collect();
    Blog {
        engine: Engine::Jekyll,
        posts,
        statics,
        notes,
        sections: Vec::new(),
    }
}

/// The address Jekyll gave the post whose file stem is `stem`.
fn old_address(scheme: &Scheme, stem: &str, fields: &Fields) -> Result<String, String> {
    let dated = address::dated_stem(stem);
    let date: Date = fields
        .date
        .as_deref()
        .and_then(address::date)
        .or_else(|| dated.as_ref().map(|(d, _)| d.clone()))
        .ok_or("no date in its front matter or file name")?;
    let title = fields
        .slug
        .clone()
        .unwrap_or_else(|| dated.map_or(stem, |(_, rest)| rest).to_string());
    let post = render::permalink::Post {
        date: Some(date.day().ok_or("its date is no day of the calendar")?),
        title: &title,
        categories: &fields.categories,
    };
    let expanded = render::permalink::jekyll(&scheme.permalink, &post)?;
    Ok(address::clean(&format!("{}{expanded}", scheme.baseurl)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(date: &str, categories: &[&str]) -> Fields {
        Fields {
            date: Some(date.to_string()),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            ..Fields::default()
        }
    }

    fn scheme(name: &str) -> Scheme {
        Scheme {
            permalink: style(name).unwrap().to_string(),
            baseurl: String::new(),
        }
    }

    #[test]
    fn the_default_date_style_puts_categories_first_and_ends_in_html() {
        assert_eq!(
            old_address(
                &scheme("date"),
                "2016-05-31-rl",
                &fields("2016-05-31", &["ML", "rl"])
            ),
            Ok("/ml/rl/2016/05/31/rl.html".to_string())
        );
    }

    #[test]
    fn pretty_without_categories_and_the_date_from_the_file_name() {
        assert_eq!(
            old_address(&scheme("pretty"), "2011-04-27-cifar", &Fields::default()),
            Ok("/2011/04/27/cifar/".to_string())
        );
    }

    #[test]
    fn an_unknown_token_is_not_guessed() {
        assert!(old_address(&scheme("ordinal"), "2011-04-27-x", &Fields::default()).is_err());
    }
}
