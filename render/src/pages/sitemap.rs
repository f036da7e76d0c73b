//! What crawlers read: `/sitemap.xml` (every page worth indexing, with the
//! date it last changed) and `/robots.txt`, which allows everything and
//! points at the sitemap's absolute URL.

use crate::pages::xml;
use crate::settings::Settings;
use quick_xml::events::BytesText;
use time::Date;

pub const PATH: &str = "/sitemap.xml";
pub const CONTENT_TYPE: &str = "application/xml; charset=utf-8";
pub const ROBOTS_PATH: &str = "/robots.txt";
pub const ROBOTS_CONTENT_TYPE: &str = "text/plain; charset=utf-8";

/// A page in the sitemap: its path and when it last changed, if known.
pub struct Page {
    pub path: String,
    pub changed: Option<Date>,
}

/// The sitemap of `pages`.
pub fn sitemap(settings: &Settings, pages: &[Page]) -> Vec<u8> {
    xml::document(|xml| {
        xml.create_element("urlset")
            .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
            .write_inner_content(|xml| {
                for page in pages {
                    xml.create_element("url").write_inner_content(|xml| {
                        xml.create_element("loc")
                            .write_text_content(BytesText::new(&settings.url(&page.path)))?;
                        if let Some(changed) = page.changed {
                            xml.create_element("lastmod")
                                .write_text_content(BytesText::new(&changed.to_string()))?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

/// `robots.txt`: crawl everything; the sitemap is here.
pub fn robots(settings: &Settings) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        settings.url(PATH)
    )
    .into_bytes()
}
