//! What the preview adds to a page, and only in the preview: the reload
//! script, a rule that lays out the whole post at once, and while the site
//! does not build, a panel listing the errors over the last page that
//! built. Both are allowed by their hashes in the
//! page's own Content-Security-Policy, which keeps everything else it says.
//! Pure: text in, text out. The shipped site never holds either (the
//! renderer knows nothing of them).

use render::output::csp::hash_source;

/// The server-sent events the reload script listens to.
pub const EVENTS_PATH: &str = "/_preview/events";

/// Reloads the page when the preview's version moves past the one the page
/// was served at (a save, a break, a fix), keeping the scroll position.
const SCRIPT: &str = "(()=>{\
const k='preview-scroll:'+location.pathname,y=sessionStorage.getItem(k);\
if(y!==null){sessionStorage.removeItem(k);addEventListener('load',()=>scrollTo(0,+y))}\
const v=document.currentScript.dataset.version,e=new EventSource('/_preview/events');\
e.onmessage=m=>{if(m.data!==v){e.close();sessionStorage.setItem(k,String(scrollY));location.reload()}}\
})()";

/// The shipped page skips a post's blocks while they are off screen
/// (`content-visibility: auto`, sized by an estimate until first seen), so
/// a scroll position restored in pixels after a reload would land on
/// another block deep in a long post. The writer reloads on every save:
/// the preview lays every block out, and the position holds (`!important`:
/// the page's own rule names its blocks more precisely).
const LAYOUT_STYLE: &str = ".post-body>*,.katex-display{content-visibility:visible!important}";

/// The error panel: the site's own colours and fonts (its custom
/// properties), over the whole window, readable on a phone.
const ERROR_STYLE: &str = ".preview-errors{position:fixed;inset:0;z-index:100;overflow:auto;\
box-sizing:border-box;padding:2rem max(1rem,calc(50vw - 22rem));\
background:var(--bg,#fbf9f6);color:var(--text,#1e1b18);font-family:var(--serif,Georgia,serif)}\
.preview-errors h1{font-size:1.5rem;margin:0 0 .5rem}\
.preview-errors p{color:var(--muted,#615a52);margin:0 0 1rem}\
.preview-errors ol{margin:0;padding:0;list-style:none}\
.preview-errors li{margin:0 0 .75rem;padding:.6rem .8rem;background:var(--code-bg,#f0ece6);\
border-left:3px solid var(--muted,#615a52);font-family:var(--mono,monospace);font-size:.85rem;\
line-height:1.5;white-space:pre-wrap;overflow-wrap:anywhere}";

/// `html` as the preview serves it: the layout rule and the reload script
/// (tagged with `version`) before `</body>`, and when `errors` is given the error panel
/// right after `<body>`.
pub fn page(html: &str, version: u64, errors: Option<&[String]>) -> String {
    let mut out = String::with_capacity(html.len() + 2048);
    let body_open = html
        .find("<body")
        .and_then(|start| html[start..].find('>').map(|end| start + end + 1));
    let body_close = html.rfind("</body>").unwrap_or(html.len());
    match (errors, body_open) {
        (Some(errors), Some(open)) if open <= body_close => {
            out.push_str(&html[..open]);
            out.push_str(&panel(errors));
            out.push_str(&html[open..body_close]);
        }
        (Some(errors), _) => {
            out.push_str(&panel(errors));
            out.push_str(&html[..body_close]);
        }
        (None, _) => out.push_str(&html[..body_close]),
    }
    out.push_str(&format!(
        "<style>{LAYOUT_STYLE}</style><script data-version=\"{version}\">{SCRIPT}</script>"
    ));
    out.push_str(&html[body_close..]);
    out
}

/// The page's policy with the reload script and the layout rule allowed
/// (and the error panel's style, when it is shown).
pub fn csp(policy: &str, errors: bool) -> String {
    let mut directives: Vec<String> = policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect();
    let mut styles = vec![hash_source(LAYOUT_STYLE)];
    if errors {
        styles.push(hash_source(ERROR_STYLE));
    }
    let styles = styles.join(" ");
    match directives.iter_mut().find(|d| d.starts_with("style-src")) {
        Some(directive) => {
            directive.push(' ');
            directive.push_str(&styles);
        }
        None => directives.push(format!("style-src {styles}")),
    }
    directives.push(format!("script-src {}", hash_source(SCRIPT)));
    directives.join("; ")
}

fn panel(errors: &[String]) -> String {
    let mut out = format!(
        "<style>{ERROR_STYLE}</style><div class=\"preview-errors\" role=\"alert\">\
         <h1>The site does not build</h1>\
         <p>Fix the file and save: this page reloads by itself. \
         Under this panel is the last version that built.</p><ol>"
    );
    for error in errors {
        out.push_str("<li>");
        out.push_str(&escape(error));
        out.push_str("</li>");
    }
    out.push_str("</ol></div>");
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str =
        "<!DOCTYPE html><html><head></head><body class=\"post\"><p>text</p></body></html>";

    #[test]
    fn the_script_goes_before_the_end_of_the_body_with_its_version() {
        let page = page(PAGE, 7, None);
        assert!(page.starts_with(&format!("<!DOCTYPE html><html><head></head><body class=\"post\"><p>text</p><style>{LAYOUT_STYLE}</style><script data-version=\"7\">")));
        assert!(page.ends_with("</script></body></html>"));
        assert!(page.contains(EVENTS_PATH));
        assert!(!page.contains("preview-errors"));
    }

    #[test]
    fn errors_are_listed_over_the_page_escaped() {
        let errors = ["posts/a.md:3: bad <tag> & more".to_string()];
        let page = page(PAGE, 8, Some(&errors));
        let panel = page.find("preview-errors").unwrap();
        assert!(panel > page.find("<body class=\"post\">").unwrap());
        assert!(
            panel < page.find("<p>text</p>").unwrap(),
            "the last good page stays under it"
        );
        assert!(page.contains("<li>posts/a.md:3: bad &lt;tag&gt; &amp; more</li>"));
    }

    #[test]
    fn the_policy_allows_exactly_the_script_the_layout_rule_and_the_panel() {
        let policy = "default-src 'none'; style-src 'self' 'sha256-a'; frame-ancestors 'none'";
        let quiet = csp(policy, false);
        assert_eq!(
            quiet,
            format!(
                "default-src 'none'; style-src 'self' 'sha256-a' {}; frame-ancestors 'none'; script-src {}",
                hash_source(LAYOUT_STYLE),
                hash_source(SCRIPT)
            )
        );
        let broken = csp(policy, true);
        assert!(broken.contains(&format!(
            "style-src 'self' 'sha256-a' {} {}",
            hash_source(LAYOUT_STYLE),
            hash_source(ERROR_STYLE)
        )));
        assert!(!broken.contains("unsafe-inline"));
    }
}
