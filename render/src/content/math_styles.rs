//! KaTeX's inline styles as classes. KaTeX sets struts, offsets and rule
//! widths in `style="…"` attributes; a strict Content-Security-Policy would
//! have to allow each one (`'unsafe-hashes'` and a hash per distinct value:
//! 3.3 KB of header on the first post, sent with every response). Instead
//! each declaration becomes a class named after its fingerprint, and a page
//! with math carries, after KaTeX's stylesheet, the rules for the classes
//! it uses (`templates`). The rules are `!important` because an inline
//! style outranks every rule (KaTeX's own `.katex .vlist > span` included),
//! and the class must too; KaTeX's stylesheet has no `!important` of its
//! own on these properties.
//!
//! String work on KaTeX's markup, whose form KaTeX fixes: `<tag class="…"
//! style="…"` or `<tag style="…"`, values escaped. A value it does not
//! follow (an entity or a quote in it) is left as an attribute, which the
//! page's policy then allows by its hash (`csp`).

use crate::fingerprint::fingerprint;
use std::collections::BTreeSet;

const STYLE: &str = " style=\"";
const CLASS: &str = " class=\"";

/// `html` (KaTeX's output) with each `style` attribute turned into classes;
/// the declarations it held are added to `used`.
pub fn to_classes(html: &str, used: &mut BTreeSet<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(STYLE) {
        let value_start = at + STYLE.len();
        let Some(value_len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + value_len];
        let after = &rest[value_start + value_len + 1..];
        if value.contains(['&', '\'', '<', '>']) {
            out.push_str(&rest[..value_start + value_len + 1]);
            rest = after;
            continue;
        }
        let declarations: Vec<&str> = value
            .split(';')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .collect();
        let classes: Vec<String> = declarations.iter().map(|d| class_name(d)).collect();
        used.extend(declarations.iter().map(|d| d.to_string()));
        let before = &rest[..at];
        let tag = before.rfind('<').unwrap_or(0);
        let class_value = before[tag..]
            .find(CLASS)
            .map(|c| tag + c + CLASS.len())
            .and_then(|start| Some(start + before[start..].find('"')?));
        match class_value {
            // The tag has a class attribute already (KaTeX writes it just
            // before the style): the classes join it.
            Some(end) => {
                out.push_str(&before[..end]);
                for class in &classes {
                    out.push(' ');
                    out.push_str(class);
                }
                out.push_str(&before[end..]);
            }
            None => {
                out.push_str(before);
                if !classes.is_empty() {
                    out.push_str(CLASS);
                    out.push_str(&classes.join(" "));
                    out.push('"');
                }
            }
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The class a declaration becomes.
fn class_name(declaration: &str) -> String {
    format!("k-{}", fingerprint(declaration.as_bytes()))
}

/// The rules for `declarations`, one per line, sorted by class name.
pub fn stylesheet<'a>(declarations: impl IntoIterator<Item = &'a String>) -> String {
    let rules: BTreeSet<String> = declarations
        .into_iter()
        .map(|d| format!(".{}{{{d}!important}}\n", class_name(d)))
        .collect();
    let mut css =
        String::from("/* KaTeX's inline styles, as classes (render/src/math_styles.rs). */\n");
    css.extend(rules);
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_style_joins_the_class_before_it() {
        let mut used = BTreeSet::new();
        let html =
            r#"<span class="strut" style="height:0.8889em;vertical-align:-0.1944em;"></span>"#;
        let out = to_classes(html, &mut used);
        assert_eq!(
            out,
            format!(
                r#"<span class="strut {} {}"></span>"#,
                class_name("height:0.8889em"),
                class_name("vertical-align:-0.1944em")
            )
        );
        assert_eq!(
            used,
            BTreeSet::from(["height:0.8889em".into(), "vertical-align:-0.1944em".into()])
        );
    }

    #[test]
    fn a_style_alone_becomes_a_class_attribute() {
        let mut used = BTreeSet::new();
        let html = r#"<span style="top:-2.55em;margin-right:0.05em;"><span class="pstrut" style="height:3em;"></span></span>"#;
        let out = to_classes(html, &mut used);
        assert_eq!(
            out,
            format!(
                r#"<span class="{} {}"><span class="pstrut {}"></span></span>"#,
                class_name("top:-2.55em"),
                class_name("margin-right:0.05em"),
                class_name("height:3em")
            )
        );
        assert!(!out.contains("style"));
        assert_eq!(used.len(), 3);
    }

    #[test]
    fn what_it_does_not_follow_stays_as_written() {
        let mut used = BTreeSet::new();
        for html in [
            r#"<span style="content:&quot;x&quot;">a</span>"#,
            r#"<p>no styles</p>"#,
            r#"<span style="unterminated"#,
            r#"<span style="">a</span>"#,
        ] {
            let out = to_classes(html, &mut used);
            if html.contains("style=\"\"") {
                assert_eq!(out, "<span>a</span>");
            } else {
                assert_eq!(out, html);
            }
        }
        assert!(used.is_empty());
    }

    #[test]
    fn only_a_class_of_the_same_tag_is_joined() {
        let mut used = BTreeSet::new();
        let top = class_name("top:0em");
        let html = r#"<i class="a"></i><span style="top:0em;">x</span>"#;
        let out = to_classes(html, &mut used);
        assert_eq!(
            out,
            format!(r#"<i class="a"></i><span class="{top}">x</span>"#)
        );
        let html = r#"<span class="a" id="b" style="top:0em;">x</span>"#;
        let out = to_classes(html, &mut used);
        assert_eq!(out, format!(r#"<span class="a {top}" id="b">x</span>"#));
    }

    #[test]
    fn each_declaration_gets_one_important_rule() {
        let used = BTreeSet::from(["height:3em".to_string(), "top:-2.55em".to_string()]);
        let css = stylesheet(&used);
        assert_eq!(css.lines().count(), 3, "{css}");
        assert!(css.contains(&format!(
            ".{}{{height:3em!important}}\n",
            class_name("height:3em")
        )));
        assert!(css.starts_with("/*"));
    }
}
