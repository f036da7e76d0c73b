//! Pages: the site's HTML pages (`templates`: the posts, the home page,
//! the tag pages, the 404 page) and its XML documents (`feed`, `sitemap`),
//! made from the rendered posts. It decides the layout and what links
//! where; the bytes of fonts and stylesheets it links to are `fonts`' and
//! `assets`', and encoding the routes for the binary is the output's.

pub(crate) mod feed;
pub(crate) mod sitemap;
pub(crate) mod tags;
pub(crate) mod templates;
pub(crate) mod xml;
