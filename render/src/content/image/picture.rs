//! The markup of a responsive image: `<picture>` with a `<source>` in the
//! modern format and an `<img>` in the fallback one, each listing its
//! widths (`srcset`) and the width it is shown at (`sizes`), the `<img>`
//! sized so the page does not shift while it loads; for feed readers, one
//! plain `<img>` at 1×.

use maud::{html, Markup, PreEscaped};
use serde::{Deserialize, Serialize};

/// One format's files: `(path, width, height)`, narrowest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Source {
    pub mime: String,
    pub files: Vec<(String, u32, u32)>,
}

impl Source {
    fn srcset(&self) -> String {
        self.files
            .iter()
            .map(|(path, width, _)| format!("{path} {width}w"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// An image as the page offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Picture {
    /// The path the original is served at.
    pub original: String,
    pub modern: Option<Source>,
    /// The image's own format; its first file is the one shown at 1×.
    pub fallback: Source,
}

impl Picture {
    /// The file shown at 1×: its path, width and height.
    fn one_x(&self) -> &(String, u32, u32) {
        self.fallback
            .files
            .first()
            .expect("a picture has at least one file")
    }

    /// The width the image is shown at, up to the column, for `sizes`.
    fn sizes(&self) -> String {
        let width = self.one_x().1;
        format!("(max-width: {width}px) 100vw, {width}px")
    }

    /// The size of the file shown at 1×: the image's box on the page.
    pub(crate) fn one_x_size(&self) -> (u32, u32) {
        let (_, width, height) = self.one_x();
        (*width, *height)
    }

    /// The page's markup: lazy unless `eager` (an image on the first
    /// screen should not wait for layout); linked to the original when
    /// the page shows a smaller copy; with its `title` when it has one
    /// and is not a figure (a figure's caption says it).
    pub(crate) fn page(&self, alt: &str, title: Option<&str>, eager: bool) -> String {
        let escaped = |text: &str| html! { (text) }.into_string();
        let mut attributes = format!(" alt=\"{}\"", escaped(alt));
        if let Some(title) = title {
            attributes.push_str(&format!(" title=\"{}\"", escaped(title)));
        }
        let (_, width, height) = self.one_x();
        let size = (u64::from(*width), u64::from(*height));
        self.page_with(&attributes, size, eager, true)
    }

    /// The page's markup with `attributes` on the `<img>` (escaped HTML,
    /// ` name="value"` each: its alt text and whatever else raw HTML gave
    /// it) and the box `size` (width, height); linked to the original when
    /// `link` and the page shows a smaller copy (not when the image is
    /// inside a link already).
    pub(crate) fn page_with(
        &self,
        attributes: &str,
        (width, height): (u64, u64),
        eager: bool,
        link: bool,
    ) -> String {
        let (src, ..) = self.one_x();
        let sizes = self.sizes();
        let lazy = if eager { "" } else { " loading=\"lazy\"" };
        let img = PreEscaped(format!(
            "<img src=\"{}\" srcset=\"{}\" sizes=\"{}\"{attributes} width=\"{width}\" \
             height=\"{height}\"{lazy} decoding=\"async\">",
            html! { (src) }.into_string(),
            html! { (self.fallback.srcset()) }.into_string(),
            html! { (sizes) }.into_string(),
        ));
        let picture: Markup = match &self.modern {
            Some(modern) => html! {
                picture {
                    source type=(modern.mime) srcset=(modern.srcset()) sizes=(sizes);
                    (img)
                }
            },
            None => html! { (img) },
        };
        if *src == self.original || !link {
            picture.into_string()
        } else {
            html! { a.image-link href=(self.original) { (picture) } }.into_string()
        }
    }

    /// The feed's markup: the 1× file in the fallback format, at an
    /// absolute URL (`absolute` makes one of a path), with its `title`.
    pub(crate) fn feed(
        &self,
        alt: &str,
        title: Option<&str>,
        absolute: impl Fn(&str) -> String,
    ) -> String {
        let (src, width, height) = self.one_x();
        html! { img src=(absolute(src)) alt=(alt) title=[title] width=(width) height=(height); }
            .into_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(modern: bool) -> Picture {
        let files = |ext: &str| {
            vec![
                (format!("/p/a.576w.1.{ext}"), 576, 288),
                (format!("/p/a.1152w.2.{ext}"), 1152, 576),
            ]
        };
        Picture {
            original: "/p/a.png".into(),
            modern: modern.then(|| Source {
                mime: "image/avif".into(),
                files: files("avif"),
            }),
            fallback: Source {
                mime: "image/png".into(),
                files: files("png"),
            },
        }
    }

    #[test]
    fn a_resized_image_is_a_picture_linked_to_its_original() {
        assert_eq!(
            picture(true).page("A <plot>", None, false),
            "<a class=\"image-link\" href=\"/p/a.png\"><picture>\
             <source type=\"image/avif\" srcset=\"/p/a.576w.1.avif 576w, /p/a.1152w.2.avif 1152w\" sizes=\"(max-width: 576px) 100vw, 576px\">\
             <img src=\"/p/a.576w.1.png\" srcset=\"/p/a.576w.1.png 576w, /p/a.1152w.2.png 1152w\" sizes=\"(max-width: 576px) 100vw, 576px\" \
             alt=\"A &lt;plot&gt;\" width=\"576\" height=\"288\" loading=\"lazy\" decoding=\"async\"></picture></a>"
        );
    }

    #[test]
    fn an_eager_image_without_a_modern_format_is_a_plain_img() {
        let page = picture(false).page("A", None, true);
        assert!(
            page.starts_with("<a class=\"image-link\" href=\"/p/a.png\"><img "),
            "{page}"
        );
        assert!(!page.contains("loading"), "{page}");
    }

    #[test]
    fn a_title_is_the_img_s_own() {
        let page = picture(true).page("A", Some("Loss \"now\""), false);
        assert!(
            page.contains(" alt=\"A\" title=\"Loss &quot;now&quot;\" width="),
            "{page}"
        );
        let feed = picture(false).feed("A", Some("T"), |p| p.to_string());
        assert!(feed.contains(" alt=\"A\" title=\"T\" "), "{feed}");
    }

    #[test]
    fn the_feed_gets_the_1x_file_at_an_absolute_url() {
        assert_eq!(
            picture(true).feed("A", None, |p| format!("https://b.example{p}")),
            "<img src=\"https://b.example/p/a.576w.1.png\" alt=\"A\" width=\"576\" height=\"288\">"
        );
    }
}
