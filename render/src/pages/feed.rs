//! The RSS 2.0 feeds: the site's, `/feed.xml`, and one for each tag,
//! `/tags/<slug>/feed.xml`, for a reader who follows one subject. Each
//! holds the newest of its posts (`feed_limit` in site.toml, 20 unless
//! set), newest first, each with its full content for readers who never
//! visit the site; a tag's feed is the site's feed of that tag's posts, by
//! the same function, only its channel (`Channel`) differs. A feed is fetched by every
//! subscriber on every poll: all 750 posts of a long-lived blog in full
//! would be megabytes each time, and readers keep the items they fetched.
//!
//! Written with quick-xml's writer rather than by concatenating strings, so
//! every text and attribute is escaped by a parser-grade library; quick-xml
//! also writes the sitemap. (The `rss` crate would add a builder macro stack
//! and `atom_syndication` just for `atom:link`, and still leave the sitemap
//! to write.) The content goes in `content:encoded` as escaped text, which,
//! unlike CDATA, needs no care for a `]]>` inside a post.
//!
//! A post's page around its body (contents, previous and next) stays out
//! of the feed. A part of a series opens with one line naming its series
//! and its place, "Part 2 of the series *Name*.", without the count of
//! parts: readers keep an item as it first came and may show it again as
//! changed when its content changes, and a count would change every
//! earlier part's content whenever a part is added.
//!
//! Escaping every post's content is most of the feed's making, so it
//! comes escaped (`escaped`), and the build keeps each post's between
//! builds: a save escapes one post's content again, not the whole feed's.

use crate::content::post::{self, Post};
use crate::content::summary;
use crate::pages::series::{self, Place};
use crate::pages::tags;
use crate::pages::xml::{self, WRITE};
use crate::settings::{Settings, LANGUAGE};
use quick_xml::escape::escape;
use quick_xml::events::BytesText;
use quick_xml::Writer;
use std::borrow::Cow;
use time::format_description::well_known::Rfc2822;
use time::{Date, OffsetDateTime, Time};

/// Where the site's feed is served.
pub const PATH: &str = "/feed.xml";

/// Its content type.
pub const CONTENT_TYPE: &str = "application/rss+xml; charset=utf-8";

/// One post in the feed, with its body rendered for feed readers.
pub struct Entry<'a> {
    pub post: &'a Post,
    /// The body for feed readers, escaped as XML text (`escaped`).
    pub html: &'a str,
    /// Its place in its series, if it has one.
    pub series: Option<Place<'a>>,
}

/// What a feed is the feed of: its title, the page it stands for, its
/// description, and where it is itself served.
pub struct Channel {
    pub title: String,
    /// The path of the page whose posts it holds.
    pub page: String,
    pub description: String,
    /// The feed's own path.
    pub path: String,
}

impl Channel {
    /// The site's feed: every post.
    pub fn site(settings: &Settings) -> Channel {
        Channel {
            title: settings.title.clone(),
            page: "/".into(),
            description: settings.tagline.clone(),
            path: PATH.into(),
        }
    }

    /// The feed of the tag `name` (as written), whose slug is `slug`.
    pub fn tag(settings: &Settings, name: &str, slug: &str) -> Channel {
        Channel {
            title: tags::feed_title(settings, name),
            page: tags::path(slug),
            description: format!("Posts tagged “{name}” on {}.", settings.title),
            path: tags::feed_path(slug),
        }
    }
}

/// The feed `channel` of the newest `settings.feed_limit` of `entries`,
/// given newest first.
pub fn rss(settings: &Settings, channel: &Channel, entries: &[&Entry]) -> Vec<u8> {
    xml::document(|xml| {
        xml.create_element("rss")
            .with_attributes([
                ("version", "2.0"),
                ("xmlns:atom", "http://www.w3.org/2005/Atom"),
                ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
                ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ])
            .write_inner_content(|xml| {
                xml.create_element("channel").write_inner_content(|xml| {
                    text(xml, "title", &channel.title);
                    text(xml, "link", &settings.url(&channel.page));
                    text(xml, "description", &channel.description);
                    text(xml, "language", LANGUAGE);
                    xml.create_element("atom:link")
                        .with_attributes([
                            ("href", settings.url(&channel.path).as_str()),
                            ("rel", "self"),
                            ("type", "application/rss+xml"),
                        ])
                        .write_empty()?;
                    // The newest change to any post, not the clock: the same
                    // posts make the same feed.
                    if let Some(newest) = post::newest(entries.iter().map(|e| e.post)) {
                        text(xml, "lastBuildDate", &rfc822(newest));
                    }
                    for entry in entries.iter().take(settings.feed_limit) {
                        item(xml, settings, entry);
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    })
}

fn item(xml: &mut Writer<Vec<u8>>, settings: &Settings, entry: &Entry) {
    let post = entry.post;
    let permalink = settings.url(&post.path());
    xml.create_element("item")
        .write_inner_content(|xml| {
            text(xml, "title", &post.title);
            text(xml, "link", &permalink);
            xml.create_element("guid")
                .with_attribute(("isPermaLink", "true"))
                .write_text_content(BytesText::new(&permalink))?;
            text(xml, "pubDate", &rfc822(post.date));
            text(xml, "dc:creator", &settings.author);
            for tag in &post.tags {
                text(xml, "category", &tag.text);
            }
            let summary = post.description.clone().or_else(|| summary::summary(post));
            if let Some(summary) = summary.as_ref().or(post.subtitle.as_ref()) {
                text(xml, "description", summary);
            }
            let content: Cow<str> = match &entry.series {
                Some(place) => {
                    (escaped(&series_line(settings, place).into_string()) + entry.html).into()
                }
                None => entry.html.into(),
            };
            xml.create_element("content:encoded")
                .write_text_content(BytesText::from_escaped(content))?;
            Ok(())
        })
        .expect(WRITE);
}

/// The line a part of a series opens with in the feed.
fn series_line(settings: &Settings, place: &Place) -> maud::Markup {
    let url = settings.url(&series::path(place.series.slug));
    maud::html! {
        p { em { "Part " (place.part) " of the series " a href=(url) { (place.series.name) } "." } }
    }
}

/// `html` escaped as XML text, as an entry carries its body: escaping
/// character by character, the escaped parts of a text joined are the
/// text escaped.
pub fn escaped(html: &str) -> String {
    escape(html).into_owned()
}

/// `<name>text</name>`, the text escaped.
fn text(xml: &mut Writer<Vec<u8>>, name: &str, text: &str) {
    xml.create_element(name)
        .write_text_content(BytesText::new(text))
        .expect(WRITE);
}

/// Midnight UTC of `date` as RSS wants it (RFC 822, in its RFC 2822 form).
fn rfc822(date: Date) -> String {
    OffsetDateTime::new_utc(date, Time::MIDNIGHT)
        .format(&Rfc2822)
        .expect("a calendar date after 1900 formats as RFC 2822")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc_822() {
        assert_eq!(
            rfc822(time::macros::date!(2026 - 11 - 29)),
            "Sun, 29 Nov 2026 00:00:00 +0000"
        );
    }
}
