//! What each known shortcode becomes, as markdown the later passes read
//! like any other: a figure is an image with a title (`![alt](src
//! "Caption")`, which the image pass makes a `<figure>`); Hugo's
//! `highlight` a fenced code block with its options in Zola's fence
//! syntax (`fence`); `ref`/`relref` Zola's internal link `@/path.md`; and
//! every shortcode that embeds another site's frame (a video, a gist, a
//! post) a link card: `<a class="embed" href="…">YouTube video ID</a>`,
//! which loads nothing from that site, so the page keeps its no
//! third-party request promise and its CSP. Each shortcode's arguments are
//! listed; one it does not know is a mistake to report, except those that
//! only style the embed (`class`, `width`, `autoplay`…), which have
//! nothing to style here. An unknown shortcode is reported with how to
//! write it here.

use super::{Call, Syntax};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::collections::HashMap;

/// The markdown `call` draws, or what is wrong with it; what the writer
/// should know but need not fix goes to `warnings`.
pub(super) fn draw(call: &Call, warnings: &mut Vec<String>) -> Result<String, String> {
    use Syntax::{Hugo, Zola};
    let (name, syntax) = (call.name, call.syntax);
    let read = |spec: Spec| spec.read(call);
    match (syntax, name) {
        (_, "youtube") => youtube(&read(match syntax {
            Zola => Spec::named(
                &["id", "playlist", "start", "title", "caption"],
                &["autoplay", "class"],
            ),
            Hugo => Spec {
                positional: &["id"],
                named: &["id", "title", "start"],
                styling: &[
                    "autoplay",
                    "class",
                    "controls",
                    "end",
                    "loading",
                    "loop",
                    "mute",
                    "allowFullScreen",
                ],
            },
        })?),
        (_, "vimeo") => {
            let args = read(match syntax {
                Zola => Spec::named(&["id"], &["class"]),
                Hugo => Spec {
                    positional: &["id"],
                    named: &["id", "title"],
                    styling: &["class", "loading", "allowFullScreen"],
                },
            })?;
            let id = args.required(name, "id")?;
            Ok(card(
                &format!("https://vimeo.com/{}", encoded(id)),
                &titled("Vimeo video", id, args.get("title")),
            ))
        }
        (Zola, "streamable") => {
            let args = read(Spec::named(&["id"], &["class"]))?;
            let id = args.required(name, "id")?;
            Ok(card(
                &format!("https://streamable.com/{}", encoded(id)),
                &format!("Streamable video {id}"),
            ))
        }
        (Zola, "gist") => {
            let args = read(Spec::named(&["url", "file"], &["class"]))?;
            let url = args.required(name, "url")?;
            let shown = url
                .trim_start_matches("https://gist.github.com/")
                .trim_end_matches('/');
            Ok(gist(url, shown, args.get("file")))
        }
        (Hugo, "gist") => {
            let args = read(Spec {
                positional: &["user", "id", "file"],
                named: &[],
                styling: &[],
            })?;
            let (user, id) = (args.required(name, "user")?, args.required(name, "id")?);
            let url = format!("https://gist.github.com/{}/{}", encoded(user), encoded(id));
            Ok(gist(&url, &format!("{user}/{id}"), args.get("file")))
        }
        (Hugo, "x" | "tweet" | "twitter") => {
            let args = read(Spec {
                positional: &["id"],
                named: &["user", "id"],
                styling: &["dnt", "class"],
            })?;
            let id = args.required(name, "id")?;
            Ok(match args.get("user") {
                Some(user) => card(
                    &format!("https://x.com/{}/status/{}", encoded(user), encoded(id)),
                    &format!("Post by @{user} on X"),
                ),
                None => card(
                    &format!("https://x.com/i/status/{}", encoded(id)),
                    &format!("Post {id} on X"),
                ),
            })
        }
        (Hugo, "instagram") => {
            let args = read(Spec {
                positional: &["id"],
                named: &["id"],
                styling: &["hidecaption"],
            })?;
            let id = args.required(name, "id")?;
            Ok(card(
                &format!("https://www.instagram.com/p/{}/", encoded(id)),
                &format!("Instagram post {id}"),
            ))
        }
        (Hugo, "figure") => hugo_figure(
            &read(Spec {
                positional: &[],
                named: &["src", "alt", "caption", "title", "link", "attr", "attrlink"],
                styling: &[
                    "class", "width", "height", "target", "rel", "loading", "process",
                ],
            })?,
            warnings,
        ),
        (Zola, "figure" | "image" | "img") => {
            let args = read(Spec::named(
                &["src", "path", "url", "alt", "caption", "title"],
                &[
                    "width", "height", "class", "op", "style", "position", "format", "quality",
                ],
            ))?;
            let src = ["src", "path", "url"]
                .iter()
                .find_map(|key| args.get(key))
                .ok_or(format!("`{name}` needs `src`"))?;
            let body = call
                .body
                .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "));
            let caption = [args.get("caption"), args.get("title"), body.as_deref()]
                .into_iter()
                .flatten()
                .find(|c| !c.is_empty());
            Ok(figure(args.get("alt"), src, caption, warnings))
        }
        (Hugo, "highlight") => highlight(
            &read(Spec {
                positional: &["language", "options"],
                named: &[],
                styling: &[],
            })?,
            call.body,
        ),
        (Hugo, "ref" | "relref") => {
            let args = read(Spec {
                positional: &["path"],
                named: &["path"],
                styling: &["lang", "outputFormat"],
            })?;
            let path = args.required(name, "path")?;
            Ok(match path.strip_prefix('/') {
                _ if path.starts_with('#') => path.to_string(),
                Some(path) => format!("@/{path}"),
                None => format!("@/{path}"),
            })
        }
        _ => Err(unknown(call)),
    }
}

/// The arguments a shortcode reads: by their place (Hugo's youtube ID),
/// by name, and those that only style an embed (read and dropped).
struct Spec {
    positional: &'static [&'static str],
    named: &'static [&'static str],
    styling: &'static [&'static str],
}

/// A call's arguments by name, positional ones named by their place.
struct Args(HashMap<&'static str, String>);

impl Spec {
    fn named(named: &'static [&'static str], styling: &'static [&'static str]) -> Spec {
        Spec {
            positional: &[],
            named,
            styling,
        }
    }

    fn read(&self, call: &Call) -> Result<Args, String> {
        let mut args = HashMap::new();
        let mut positions = self.positional.iter();
        for (key, value) in &call.args {
            let name = match key {
                None => *positions.next().ok_or_else(|| {
                    format!(
                        "`{}` takes {} arguments by position, not `{value}`",
                        call.name,
                        self.positional.len()
                    )
                })?,
                Some(key) if self.styling.contains(&key.as_str()) => continue,
                Some(key) => *self.named.iter().find(|n| *n == key).ok_or_else(|| {
                    format!(
                        "`{}` has no argument `{key}` (it reads {})",
                        call.name,
                        self.named.join(", ")
                    )
                })?,
            };
            args.insert(name, value.clone());
        }
        Ok(Args(args))
    }
}

impl Args {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    fn required(&self, shortcode: &str, name: &str) -> Result<&str, String> {
        self.get(name)
            .filter(|v| !v.is_empty())
            .ok_or(format!("`{shortcode}` needs `{name}`"))
    }
}

/// A YouTube video's card: at its playlist and start time when given,
/// titled by `title` (or a theme's `caption`). An id written with the
/// share link's query (`abc?si=…`) is the id before it.
fn youtube(args: &Args) -> Result<String, String> {
    let id = args.required("youtube", "id")?;
    let id = id.split('?').next().unwrap_or(id);
    let mut query = format!("v={}", encoded(id));
    for (name, key, unit) in [("playlist", "list", ""), ("start", "t", "s")] {
        if let Some(value) = args.get(name) {
            query.push_str(&format!("&{key}={}{unit}", encoded(value)));
        }
    }
    Ok(card(
        &format!("https://www.youtube.com/watch?{query}"),
        &titled(
            "YouTube video",
            id,
            args.get("title").or(args.get("caption")),
        ),
    ))
}

fn gist(url: &str, shown: &str, file: Option<&str>) -> String {
    match file {
        Some(file) => card(
            &format!("{url}#file-{}", encoded(&file.replace('.', "-"))),
            &format!("Gist {shown}: {file}"),
        ),
        None => card(url, &format!("Gist {shown}")),
    }
}

/// `kind id`, or `kind: title` when the writer named it.
fn titled(kind: &str, id: &str, title: Option<&str>) -> String {
    match title.filter(|t| !t.is_empty()) {
        Some(title) => format!("{kind}: {title}"),
        None => format!("{kind} {id}"),
    }
}

/// Hugo's figure: the alt text is `alt`, else the caption (as Hugo's
/// template does: `caption`, and here `title` and `attr` after it, which
/// Hugo showed under the image too); the caption joins `title`, `caption`
/// and `attr`. A `link` to elsewhere than the image itself wraps it.
fn hugo_figure(args: &Args, warnings: &mut Vec<String>) -> Result<String, String> {
    let src = args.required("figure", "src")?;
    let caption: Vec<&str> = ["title", "caption", "attr"]
        .iter()
        .filter_map(|key| args.get(key))
        .filter(|text| !text.is_empty())
        .collect();
    let caption = (!caption.is_empty()).then(|| caption.join(" — "));
    let alt = args.get("alt").or(args.get("caption"));
    let image = figure(alt, src, caption.as_deref(), warnings);
    Ok(match args.get("link").filter(|link| *link != src) {
        Some(link) => format!("[{image}]({})", destination(link)),
        None => image,
    })
}

/// A figure shortcode's image: `![alt](src "caption")`, the caption the
/// alt text when there is no `alt`. With neither, the image is drawn as
/// the engine drew it, with an empty alt (which screen readers pass over),
/// as raw HTML, and a warning: a blog copied in builds with its figures,
/// and the writer learns which ones to describe. (A markdown image written
/// here without alt text fails the build.)
fn figure(
    alt: Option<&str>,
    src: &str,
    caption: Option<&str>,
    warnings: &mut Vec<String>,
) -> String {
    match alt.filter(|alt| !alt.is_empty()).or(caption) {
        Some(alt) => image(alt, src, caption),
        None => {
            warnings.push(format!(
                "figure \"{src}\" has no alt text, caption or title: drawn with an empty alt, as \
                 the engine drew it, which screen readers pass over; write `alt=\"what it shows\"`"
            ));
            format!("<img src=\"{}\" alt=\"\">", attribute(src))
        }
    }
}

/// `![alt](src "caption")`.
fn image(alt: &str, src: &str, caption: Option<&str>) -> String {
    let title = caption
        .map(|c| {
            let c = c.split_whitespace().collect::<Vec<_>>().join(" ");
            format!(" \"{}\"", c.replace('\\', "\\\\").replace('"', "\\\""))
        })
        .unwrap_or_default();
    format!("![{}]({}{title})", inline_text(alt), destination(src))
}

/// Hugo's `highlight`: a fenced block, its options as the fence's. Hugo's
/// options that only style the block (`style`, `noclasses`, anchors) have
/// nothing to style here; `linenostart` without line numbers did nothing
/// in Hugo either.
fn highlight(args: &Args, body: Option<&str>) -> Result<String, String> {
    let body = body.ok_or("`highlight` needs its code and a closing `{{< /highlight >}}`")?;
    let mut info: Vec<String> = args
        .get("language")
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut start = None;
    let mut numbered = false;
    for option in args.get("options").unwrap_or("").split(',') {
        let (key, value) = option.split_once('=').unwrap_or((option, ""));
        match (key.trim(), value.trim()) {
            ("", _) => {}
            ("linenos", "false") => {}
            ("linenos", _) => numbered = true,
            ("hl_lines", lines) => info.push(format!("hl_lines={}", lines.trim_matches(['[', ']']))),
            ("linenostart", n) => start = Some(n.to_string()),
            (
                "style" | "noclasses" | "anchorlinenos" | "lineanchors" | "lineNumbersInTable"
                | "tabwidth" | "guessSyntax" | "hl_inline" | "wrapperclass",
                _,
            ) => {}
            (other, _) => {
                return Err(format!(
                    "`highlight` option `{other}` is not read here (options: linenos, hl_lines, linenostart)"
                ))
            }
        }
    }
    if numbered {
        info.push("linenos".into());
        info.extend(start.map(|n| format!("linenostart={n}")));
    }
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let opens_line = body.trim_start_matches([' ', '\t', '\r']).starts_with('\n');
    let closes_line =
        body.contains('\n') && body.rsplit('\n').next().unwrap_or("").trim().is_empty();
    Ok(format!(
        "{fence}{}{}{body}{}{fence}",
        info.join(","),
        if opens_line { "" } else { "\n" },
        if closes_line { "" } else { "\n" },
    ))
}

/// What the writer can do instead of a shortcode not drawn here.
fn unknown(call: &Call) -> String {
    let (engine, how) = match call.syntax {
        Syntax::Zola => (
            "Zola",
            "youtube, vimeo, streamable, gist, figure (or image, img)",
        ),
        Syntax::Hugo => (
            "Hugo",
            "figure, highlight, youtube, vimeo, gist, x (or tweet, twitter), instagram, ref, relref",
        ),
    };
    let instead = match call.name {
        "details" => "write `<details><summary>…</summary>` and `</details>` around it as HTML",
        "katex" | "math" | "mathjax" | "latex" | "tex" => {
            "write the formula as `$…$` or, on its own, `$$…$$`"
        }
        "notice" | "hint" | "alert" | "admonition" | "callout" | "note" | "warning" | "tip" => {
            "write it as a block quote (`> …`)"
        }
        "gallery" => "write one image per picture (`![alt](file.png)`)",
        "toc" => "set `toc = true` in the front matter",
        "video" | "audio" => "put the file beside the post and link it (`[the video](talk.mp4)`)",
        _ => "write what it showed as markdown (an image `![alt](file.png \"Caption\")`, a code fence, a link)",
    };
    format!(
        "unknown {engine} shortcode `{}`: the shortcodes drawn here are {how}; instead, {instead}",
        call.name
    )
}

/// A link card to another site's page; it draws nothing from that site.
fn card(href: &str, text: &str) -> String {
    format!(
        "<a class=\"embed\" href=\"{}\">{}</a>",
        attribute(href),
        inline_text(text)
    )
}

/// Characters left as they are in a URL's path segment or query value.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn encoded(part: &str) -> String {
    utf8_percent_encode(part, UNRESERVED).to_string()
}

/// `text` as markdown reads it back inside a line: HTML's special
/// characters as entities, and the marks that open inline markup
/// (emphasis, code, links, images, formulas, strikethrough, cells)
/// escaped, so that nothing in it becomes markup.
fn inline_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '!' | '$' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A value inside an HTML attribute in `"`.
fn attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A link destination in `<…>`, which may hold spaces and parentheses.
fn destination(url: &str) -> String {
    let escaped: String = url
        .chars()
        .flat_map(|c| match c {
            '<' | '>' | '\\' => vec!['\\', c],
            '\n' | '\r' => vec![],
            c => vec![c],
        })
        .collect();
    format!("<{escaped}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call<'s>(syntax: Syntax, name: &'s str, args: &[(Option<&str>, &str)]) -> Call<'s> {
        Call {
            syntax,
            name,
            args: args
                .iter()
                .map(|(k, v)| (k.map(str::to_string), v.to_string()))
                .collect(),
            body: None,
        }
    }

    /// What `call` draws, which it draws without a warning.
    fn drawn(call: &Call) -> String {
        let mut warnings = Vec::new();
        let drawn = draw(call, &mut warnings).unwrap_or_else(|e| panic!("{call:?}: {e}"));
        assert_eq!(warnings, Vec::<String>::new(), "{call:?}");
        drawn
    }

    #[test]
    fn each_embed_is_a_link_card_to_its_page() {
        use Syntax::{Hugo, Zola};
        for (call, expected) in [
            (call(Zola, "youtube", &[(Some("id"), "dQw4w9WgXcQ")]),
             "<a class=\"embed\" href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">YouTube video dQw4w9WgXcQ</a>"),
            (call(Zola, "youtube", &[(Some("id"), "a"), (Some("playlist"), "PL1"), (Some("autoplay"), "true")]),
             "<a class=\"embed\" href=\"https://www.youtube.com/watch?v=a&amp;list=PL1\">YouTube video a</a>"),
            (call(Hugo, "youtube", &[(None, "w7Ft2ymGmfc")]),
             "<a class=\"embed\" href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc\">YouTube video w7Ft2ymGmfc</a>"),
            (call(Hugo, "youtube", &[(Some("id"), "x"), (Some("title"), "A *talk*"), (Some("start"), "30")]),
             "<a class=\"embed\" href=\"https://www.youtube.com/watch?v=x&amp;t=30s\">YouTube video: A \\*talk\\*</a>"),
            (call(Zola, "youtube", &[(Some("id"), "K_k1?si=HX"), (Some("caption"), "Gradient descent"), (Some("class"), "youtube")]),
             "<a class=\"embed\" href=\"https://www.youtube.com/watch?v=K_k1\">YouTube video: Gradient descent</a>"),
            (call(Zola, "vimeo", &[(Some("id"), "124313553")]),
             "<a class=\"embed\" href=\"https://vimeo.com/124313553\">Vimeo video 124313553</a>"),
            (call(Hugo, "vimeo", &[(None, "55073825")]),
             "<a class=\"embed\" href=\"https://vimeo.com/55073825\">Vimeo video 55073825</a>"),
            (call(Zola, "gist", &[(Some("url"), "https://gist.github.com/Keats/e5fb6aad"), (Some("file"), "a.rs")]),
             "<a class=\"embed\" href=\"https://gist.github.com/Keats/e5fb6aad#file-a-rs\">Gist Keats/e5fb6aad: a.rs</a>"),
            (call(Hugo, "gist", &[(None, "spf13"), (None, "7896402")]),
             "<a class=\"embed\" href=\"https://gist.github.com/spf13/7896402\">Gist spf13/7896402</a>"),
            (call(Hugo, "x", &[(Some("user"), "GoHugoIO"), (Some("id"), "877500564405444608")]),
             "<a class=\"embed\" href=\"https://x.com/GoHugoIO/status/877500564405444608\">Post by @GoHugoIO on X</a>"),
            (call(Hugo, "tweet", &[(None, "877500564405444608")]),
             "<a class=\"embed\" href=\"https://x.com/i/status/877500564405444608\">Post 877500564405444608 on X</a>"),
            (call(Hugo, "instagram", &[(None, "BWNjjyYFxVx")]),
             "<a class=\"embed\" href=\"https://www.instagram.com/p/BWNjjyYFxVx/\">Instagram post BWNjjyYFxVx</a>"),
            (call(Zola, "streamable", &[(Some("id"), "92ok4")]),
             "<a class=\"embed\" href=\"https://streamable.com/92ok4\">Streamable video 92ok4</a>"),
        ] {
            assert_eq!(drawn(&call), expected);
        }
    }

    #[test]
    fn a_figure_with_no_alt_caption_or_title_has_an_empty_alt_and_a_warning() {
        for call in [
            call(
                Syntax::Hugo,
                "figure",
                &[
                    (Some("src"), "/img/a b.png"),
                    (Some("link"), "/img/a b.png"),
                ],
            ),
            call(Syntax::Zola, "figure", &[(Some("src"), "/img/a b.png")]),
        ] {
            let mut warnings = Vec::new();
            assert_eq!(
                draw(&call, &mut warnings).unwrap(),
                "<img src=\"/img/a b.png\" alt=\"\">"
            );
            assert_eq!(
                warnings,
                ["figure \"/img/a b.png\" has no alt text, caption or title: drawn with an empty \
                  alt, as the engine drew it, which screen readers pass over; write \
                  `alt=\"what it shows\"`"]
            );
        }
    }

    #[test]
    fn a_figure_is_an_image_with_its_caption_as_title() {
        let hugo = call(
            Syntax::Hugo,
            "figure",
            &[
                (Some("src"), "elephant.jpg"),
                (Some("alt"), "An [elephant]"),
                (Some("caption"), "Said \"hi\""),
                (Some("width"), "300"),
            ],
        );
        assert_eq!(
            drawn(&hugo),
            "![An \\[elephant\\]](<elephant.jpg> \"Said \\\"hi\\\"\")"
        );
        let caption_as_alt = call(
            Syntax::Hugo,
            "figure",
            &[
                (Some("src"), "/img/a.png"),
                (Some("link"), "/img/a.png"),
                (Some("caption"), "Tower top"),
                (Some("title"), "ED1R"),
            ],
        );
        assert_eq!(
            drawn(&caption_as_alt),
            "![Tower top](</img/a.png> \"ED1R — Tower top\")"
        );
        let title_as_alt = call(
            Syntax::Hugo,
            "figure",
            &[(Some("src"), "/img/a.png"), (Some("title"), "ED1R")],
        );
        assert_eq!(drawn(&title_as_alt), "![ED1R](</img/a.png> \"ED1R\")");
        let linked = call(
            Syntax::Hugo,
            "figure",
            &[
                (Some("src"), "a-small.png"),
                (Some("alt"), "A"),
                (Some("link"), "a.png"),
            ],
        );
        assert_eq!(drawn(&linked), "[![A](<a-small.png>)](<a.png>)");
        let mut zola = call(Syntax::Zola, "image", &[(Some("path"), "a.png")]);
        zola.body = Some("\n  The *caption*\n  here\n");
        assert_eq!(
            drawn(&zola),
            "![The \\*caption\\* here](<a.png> \"The *caption* here\")"
        );
    }

    #[test]
    fn highlight_is_a_fenced_block_with_its_options() {
        let mut hl = call(
            Syntax::Hugo,
            "highlight",
            &[
                (None, "go"),
                (
                    None,
                    "linenos=table,hl_lines=8 15-17,linenostart=199,style=emacs",
                ),
            ],
        );
        hl.body = Some("\nfunc main() {}\n");
        assert_eq!(
            drawn(&hl),
            "```go,hl_lines=8 15-17,linenos,linenostart=199\nfunc main() {}\n```"
        );
        hl.args.truncate(1);
        hl.body = Some("  a ``` b\n   ");
        assert_eq!(drawn(&hl), "````go\n  a ``` b\n   ````");
        hl.args.push((None, "linenostart=3,hl_lines=[2]".into()));
        hl.body = Some("x");
        assert_eq!(drawn(&hl), "```go,hl_lines=2\nx\n```");
    }

    #[test]
    fn ref_is_a_zola_internal_link() {
        for (path, expected) in [
            ("post/a.md", "@/post/a.md"),
            ("/blog/b.md#part", "@/blog/b.md#part"),
            ("#here", "#here"),
        ] {
            assert_eq!(drawn(&call(Syntax::Hugo, "ref", &[(None, path)])), expected);
            assert_eq!(
                drawn(&call(Syntax::Hugo, "relref", &[(Some("path"), path)])),
                expected
            );
        }
    }

    #[test]
    fn mistakes_say_what_is_read_here() {
        use Syntax::{Hugo, Zola};
        for (call, message) in [
            (call(Hugo, "giphy", &[(None, "x")]), "unknown Hugo shortcode `giphy`: the shortcodes drawn here are figure, highlight"),
            (call(Zola, "katex", &[]), "unknown Zola shortcode `katex`: the shortcodes drawn here are youtube, vimeo, streamable, gist, figure (or image, img); instead, write the formula as `$…$`"),
            (call(Hugo, "youtube", &[]), "`youtube` needs `id`"),
            (call(Hugo, "youtube", &[(None, "a"), (None, "b")]), "`youtube` takes 1 arguments by position, not `b`"),
            (call(Zola, "vimeo", &[(Some("id"), "1"), (Some("size"), "big")]), "`vimeo` has no argument `size` (it reads id)"),
            (call(Hugo, "highlight", &[(None, "go")]), "`highlight` needs its code"),
            (call(Hugo, "figure", &[(Some("alt"), "a")]), "`figure` needs `src`"),
        ] {
            let found = draw(&call, &mut Vec::new()).unwrap_err();
            assert!(found.starts_with(message), "{found}");
        }
        let mut hl = call(Hugo, "highlight", &[(None, "go"), (None, "wrap=true")]);
        hl.body = Some("x");
        assert!(draw(&hl, &mut Vec::new())
            .unwrap_err()
            .contains("option `wrap` is not read here"));
    }
}
