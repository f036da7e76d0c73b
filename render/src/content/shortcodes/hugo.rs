//! Hugo's shortcode syntax: `{{< name args >}}` and `{{% name args %}}`
//! (the same call here: Hugo's `%` form only renders the body as markdown,
//! which every body drawn here is or is not by its shortcode), closed by
//! `{{< /name >}}` when it has a body or by `/>}}` when it says it has
//! none; and the same written to be shown as text, `{{</* … */>}}`.
//! Arguments are separated by spaces, each `value` or `key=value`; a value
//! is a word, a `"string"` (with `\"` inside) or a `` `raw string` ``.
//! A call has a body when a closing tag of its name follows (nested calls
//! of that name counted), as Hugo decides from its template.

use super::{scan, Arg, Call, Found, Syntax, Unreadable};

/// The call (or the text) starting at byte `start` of `source`; `None`
/// when none starts there.
pub(super) fn read(source: &str, start: usize) -> Option<Result<Found<'_>, Unreadable>> {
    let rest = &source[start..];
    let close = match rest.get(..3)? {
        "{{<" => ">}}",
        "{{%" => "%}}",
        _ => return None,
    };
    if let Some(inner) = rest[3..].strip_prefix("/*") {
        let comment_close = format!("*/{close}");
        let end = inner.find(&comment_close)?;
        return Some(Ok(Found::Literal {
            text: format!("{}{}{close}", &rest[..3], &inner[..end]),
            end: start + 5 + end + comment_close.len(),
        }));
    }
    let tag = tag(&rest[3..], close)?;
    let end = start + 3 + tag.len;
    if tag.closing {
        return Some(Err((
            format!(
                "Hugo shortcode `{}`: a closing tag with no opening tag before it",
                tag.name
            ),
            end,
        )));
    }
    let args = match tag.args {
        Ok(args) => args,
        Err(message) => {
            return Some(Err((
                format!("Hugo shortcode `{}`: {message}", tag.name),
                end,
            )))
        }
    };
    let mut call = Call {
        syntax: Syntax::Hugo,
        name: tag.name,
        args,
        body: None,
    };
    let mut end = end;
    if !tag.self_closing {
        if let Some((body, closed)) = body_until_close(&source[end..], tag.name) {
            call.body = Some(&source[end..end + body]);
            end += closed;
        }
    }
    Some(Ok(Found::Call { call, end }))
}

/// A tag after its `{{<` or `{{%`, up to and including `close`.
struct Tag<'s> {
    name: &'s str,
    closing: bool,
    self_closing: bool,
    args: Result<Vec<Arg>, String>,
    /// Its length from after `{{<` to after `>}}`.
    len: usize,
}

/// The tag `text` starts with (after its `{{<` or `{{%`); `None` when it
/// names nothing or never closes.
fn tag<'s>(text: &'s str, close: &str) -> Option<Tag<'s>> {
    let end = text.find(close)?;
    let inside = &text[..end];
    let mut at = scan::space(inside);
    let closing = inside[at..].starts_with('/');
    if closing {
        at += 1;
        at += scan::space(&inside[at..]);
    }
    let name_len = inside[at..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_-./".contains(c)))
        .unwrap_or(inside.len() - at);
    let name = &inside[at..at + name_len];
    if name.is_empty() || name.starts_with(['/', '.']) {
        return None;
    }
    at += name_len;
    let mut args_text = inside[at..].trim_end();
    let self_closing = args_text.ends_with('/') && !closing;
    if self_closing {
        args_text = &args_text[..args_text.len() - 1];
    }
    if !args_text.is_empty() && scan::space(args_text) == 0 {
        return None;
    }
    Some(Tag {
        name,
        closing,
        self_closing,
        args: arguments(args_text),
        len: end + close.len(),
    })
}

/// Space-separated `value` and `key=value` arguments.
fn arguments(text: &str) -> Result<Vec<Arg>, String> {
    let mut args = Vec::new();
    let mut at = scan::space(text);
    while at < text.len() {
        let rest = &text[at..];
        let key_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let (key, value_at) = match rest[key_len..].strip_prefix('=') {
            Some(_) if key_len > 0 => (Some(rest[..key_len].to_string()), at + key_len + 1),
            _ => (None, at),
        };
        let (value, used) = value(&text[value_at..])?;
        args.push((key, value));
        at = value_at + used;
        let space = scan::space(&text[at..]);
        if space == 0 && at < text.len() {
            return Err("arguments are separated by spaces".into());
        }
        at += space;
    }
    Ok(args)
}

/// A value at the start of `text`: its text and the length read.
fn value(text: &str) -> Result<(String, usize), String> {
    if let Some(raw) = text.strip_prefix('`') {
        let end = raw.find('`').ok_or("a `raw string` is not closed")?;
        return Ok((raw[..end].to_string(), end + 2));
    }
    if let Some(quoted) = text.strip_prefix('"') {
        let mut value = String::new();
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Ok((value, i + 2)),
                '\\' => match chars.next() {
                    Some((_, escaped)) => value.push(escaped),
                    None => break,
                },
                c => value.push(c),
            }
        }
        return Err("a \"string\" is not closed".into());
    }
    let len = text.find(|c: char| c.is_whitespace()).unwrap_or(text.len());
    Ok((text[..len].to_string(), len))
}

/// The body of a call named `name`, up to the closing tag that closes it
/// (nested calls of the same name counted): the body's length and the
/// length read, closing tag included.
fn body_until_close(text: &str, name: &str) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut at = 0;
    while let Some(found) = text[at..].find("{{") {
        let start = at + found;
        let close = match text.get(start + 2..start + 3) {
            Some("<") => ">}}",
            Some("%") => "%}}",
            _ => {
                at = start + 2;
                continue;
            }
        };
        match tag(&text[start + 3..], close) {
            Some(tag) if tag.name == name && tag.closing => {
                if depth == 0 {
                    return Some((start, start + 3 + tag.len));
                }
                depth -= 1;
            }
            Some(tag) if tag.name == name && !tag.self_closing => depth += 1,
            _ => {}
        }
        at = start + 3;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_call(source: &str) -> (Call<'_>, usize) {
        match read(source, 0) {
            Some(Ok(Found::Call { call, end })) => (call, end),
            other => panic!("{source:?}: {other:?}"),
        }
    }

    fn args(pairs: &[(Option<&str>, &str)]) -> Vec<(Option<String>, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.map(str::to_string), v.to_string()))
            .collect()
    }

    #[test]
    fn positional_and_named_arguments_of_every_kind() {
        let source = "{{< gist spf13 7896402 \"img.html\" >}} rest";
        let (call, end) = read_call(source);
        assert_eq!((call.name, call.syntax), ("gist", Syntax::Hugo));
        assert_eq!(
            call.args,
            args(&[(None, "spf13"), (None, "7896402"), (None, "img.html")])
        );
        assert_eq!(&source[end..], " rest");
        let (call, _) = read_call(
            "{{< figure src=\"a b.png\" alt=`raw \"q\"` caption=\"say \\\"hi\\\"\" width=300 >}}",
        );
        assert_eq!(
            call.args,
            args(&[
                (Some("src"), "a b.png"),
                (Some("alt"), "raw \"q\""),
                (Some("caption"), "say \"hi\""),
                (Some("width"), "300"),
            ])
        );
    }

    #[test]
    fn tight_spaced_percent_and_multi_line_forms() {
        assert_eq!(
            read_call("{{<youtube C94J>}}").0.args,
            args(&[(None, "C94J")])
        );
        assert_eq!(read_call("{{% youtube x %}}").0.name, "youtube");
        let (call, _) = read_call("{{< figure src=\"a.png\"\n    link=\"b\"\n    caption=\"c\">}}");
        assert_eq!(call.args.len(), 3);
    }

    #[test]
    fn a_body_runs_to_its_closing_tag() {
        let source = "{{< highlight go \"linenos=table\" >}}\nfmt.Println(\"{{ .Title }}\")\n{{< /highlight >}}!";
        let (call, end) = read_call(source);
        assert_eq!(call.body, Some("\nfmt.Println(\"{{ .Title }}\")\n"));
        assert_eq!(&source[end..], "!");
        let nested = "{{< note >}}a {{< note >}}b{{< /note >}} c{{% / note %}}.";
        let (call, end) = read_call(nested);
        assert_eq!(call.body, Some("a {{< note >}}b{{< /note >}} c"));
        assert_eq!(&nested[end..], ".");
    }

    #[test]
    fn a_self_closing_call_has_no_body() {
        let source = "{{< x user=\"a\" id=\"1\" />}} {{< /x >}}";
        let (call, end) = read_call(source);
        assert_eq!(&source[end..], " {{< /x >}}");
        assert_eq!(call.body, None);
    }

    #[test]
    fn calls_written_as_text() {
        assert_eq!(
            read("{{</* youtube w7Ft */>}}.", 0),
            Some(Ok(Found::Literal {
                text: "{{< youtube w7Ft >}}".into(),
                end: 24
            }))
        );
        assert_eq!(
            read("{{%/* ref \"a.md\" */%}}", 0),
            Some(Ok(Found::Literal {
                text: "{{% ref \"a.md\" %}}".into(),
                end: 22
            }))
        );
    }

    #[test]
    fn text_that_is_no_call() {
        for text in ["{{ .Title }}", "{{< >}}", "{{<", "{{< 'x' >}}", "{{</x"] {
            assert!(
                !matches!(read(text, 0), Some(Ok(Found::Call { .. }))),
                "{text}"
            );
        }
    }

    #[test]
    fn mistakes_are_reported_and_skipped() {
        for (source, message) in [
            ("{{< /highlight >}} x", "a closing tag with no opening tag"),
            ("{{< figure src=\"a.png >}} x", "is not closed"),
            ("{{< figure src=\"a\"alt=\"b\" >}} x", "separated by spaces"),
        ] {
            match read(source, 0) {
                Some(Err((found, end))) => {
                    assert!(found.contains(message), "{source}: {found}");
                    assert_eq!(&source[end..], " x", "{source}");
                }
                other => panic!("{source}: {other:?}"),
            }
        }
    }
}
