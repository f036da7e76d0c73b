//! Zola's shortcode syntax, read as Zola's grammar reads it
//! (`components/markdown/src/content.pest`): an inline call
//! `{{ name(key=value, …) }}`, a call with a body
//! `{% name(key=value, …) %} … {% end %}` (bodies nest), and the same
//! written to be shown as text, `{{/* … */}}` and `{%/* … */%}`. Values
//! are strings in `"`, `'` or backticks (no escapes), `true`/`false`,
//! numbers, or arrays of those. Spaces and line breaks may sit between
//! any two tokens. `{{ x }}` without parentheses is not a call: it is text,
//! as in Zola. A call whose arguments cannot be read is reported.

use super::{scan, Arg, Call, Found, Syntax, Unreadable};

/// The call (or the text) starting at byte `start` of `source`; `None`
/// when none starts there.
pub(super) fn read(source: &str, start: usize) -> Option<Result<Found<'_>, Unreadable>> {
    let rest = &source[start..];
    if let Some(literal) = literal(rest) {
        return Some(Ok(Found::Literal {
            text: literal.0,
            end: start + literal.1,
        }));
    }
    let (body, open, close) = if rest.starts_with("{{") {
        (false, "{{", "}}")
    } else {
        (true, "{%", "%}")
    };
    let mut at = open.len();
    at += scan::space(&rest[at..]);
    let name_len = scan::ident(&rest[at..]);
    let name = &rest[at..at + name_len];
    at += name_len;
    if name_len == 0 || !rest[at..].starts_with('(') {
        return None;
    }
    let unreadable = |message: String| {
        let end = rest.find(close).map_or(source.len(), |i| start + i + 2);
        Some(Err((format!("Zola shortcode `{name}`: {message}"), end)))
    };
    let (args, used) = match arguments(&rest[at..]) {
        Ok(parsed) => parsed,
        Err(message) => return unreadable(message),
    };
    at += used;
    at += scan::space(&rest[at..]);
    if !rest[at..].starts_with(close) {
        return unreadable(format!("expected `{close}` after its arguments"));
    }
    at += close.len();
    let mut call = Call {
        syntax: Syntax::Zola,
        name,
        args,
        body: None,
    };
    if body {
        let Some((inner, used)) = body_until_end(&rest[at..]) else {
            return unreadable(format!("no `{{% end %}}` closes `{{% {name}(…) %}}`"));
        };
        call.body = Some(&rest[at..at + inner]);
        at += used;
    }
    Some(Ok(Found::Call {
        call,
        end: start + at,
    }))
}

/// `{{/* call */}}` or `{%/* call */%}` (or `{%/* end */%}`) at the start
/// of `text`: the call as text, and the length written.
fn literal(text: &str) -> Option<(String, usize)> {
    for (open, close, plain_open, plain_close) in
        [("{{/*", "*/}}", "{{", "}}"), ("{%/*", "*/%}", "{%", "%}")]
    {
        let Some(inner) = text.strip_prefix(open) else {
            continue;
        };
        let end = inner.find(close)?;
        let call = inner[..end].trim();
        let is_call = call == "end" && open == "{%/*" || {
            let name = scan::ident(call);
            name > 0 && call[name..].starts_with('(') && call.ends_with(')')
        };
        return is_call.then(|| {
            (
                format!("{plain_open}{}{plain_close}", &inner[..end]),
                open.len() + end + close.len(),
            )
        });
    }
    None
}

/// `(key=value, …)` at the start of `text`: the arguments and the length
/// read.
fn arguments(text: &str) -> Result<(Vec<Arg>, usize), String> {
    let mut at = 1;
    let mut args = Vec::new();
    loop {
        at += scan::space(&text[at..]);
        if text[at..].starts_with(')') {
            return Ok((args, at + 1));
        }
        if !args.is_empty() {
            if !text[at..].starts_with(',') {
                return Err("arguments are separated by commas".into());
            }
            at += 1;
            at += scan::space(&text[at..]);
        }
        let key = scan::ident(&text[at..]);
        if key == 0 {
            return Err("an argument is `name=value`".into());
        }
        let name = text[at..at + key].to_string();
        at += key;
        at += scan::space(&text[at..]);
        if !text[at..].starts_with('=') {
            return Err(format!("argument `{name}` needs `={{value}}`"));
        }
        at += 1;
        at += scan::space(&text[at..]);
        let (value, used) = literal_value(&text[at..]).ok_or_else(|| {
            format!(
                "argument `{name}`: a value is a quoted string, a number, true, false or an array"
            )
        })?;
        at += used;
        args.push((Some(name), value));
    }
}

/// A literal at the start of `text`: its value as text, and its length.
/// An array's items are joined by spaces.
fn literal_value(text: &str) -> Option<(String, usize)> {
    let first = text.chars().next()?;
    if ['"', '\'', '`'].contains(&first) {
        let end = text[1..].find(first)?;
        return Some((text[1..1 + end].to_string(), end + 2));
    }
    if first == '[' {
        let mut at = 1;
        let mut items = Vec::new();
        loop {
            at += scan::space(&text[at..]);
            if text[at..].starts_with(']') {
                return Some((items.join(" "), at + 1));
            }
            let (item, used) = literal_value(&text[at..])?;
            items.push(item);
            at += used;
            at += scan::space(&text[at..]);
            if text[at..].starts_with(',') {
                at += 1;
            } else if !text[at..].starts_with(']') {
                return None;
            }
        }
    }
    let len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        .unwrap_or(text.len());
    let word = &text[..len];
    let number = word.parse::<f64>().is_ok() && !word.starts_with('.');
    (number || word == "true" || word == "false").then(|| (word.to_string(), len))
}

/// The body of a call, up to the `{% end %}` that closes it (bodies
/// nest): the body's length and the length read, `{% end %}` included.
fn body_until_end(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut at = 0;
    while let Some(found) = text[at..].find("{%") {
        let tag = at + found;
        let inner = &text[tag + 2..];
        let word = &inner[scan::space(inner)..];
        let ident = scan::ident(word);
        let after = &word[ident..];
        if &word[..ident] == "end" && after[scan::space(after)..].starts_with("%}") {
            if depth == 0 {
                let close = tag + 2 + (inner.len() - after.len()) + scan::space(after) + 2;
                return Some((tag, close));
            }
            depth -= 1;
        } else if ident > 0 && after.starts_with('(') {
            depth += 1;
        }
        at = tag + 2;
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

    fn named(pairs: &[(&str, &str)]) -> Vec<(Option<String>, String)> {
        pairs
            .iter()
            .map(|(k, v)| (Some(k.to_string()), v.to_string()))
            .collect()
    }

    #[test]
    fn an_inline_call_with_every_kind_of_value() {
        let source =
            "{{ youtube(id=\"a b\", n=-3, f=1.5, on=true, q='x', t=`y`, l=[1, \"2\"]) }} rest";
        let (call, end) = read_call(source);
        assert_eq!(call.name, "youtube");
        assert_eq!(call.syntax, Syntax::Zola);
        assert_eq!(
            call.args,
            named(&[
                ("id", "a b"),
                ("n", "-3"),
                ("f", "1.5"),
                ("on", "true"),
                ("q", "x"),
                ("t", "y"),
                ("l", "1 2")
            ])
        );
        assert_eq!(&source[end..], " rest");
        assert_eq!(call.body, None);
    }

    #[test]
    fn spaces_and_line_breaks_between_tokens() {
        let (call, end) = read_call("{{youtube(id=\"x\")}}");
        assert_eq!((call.name, end), ("youtube", 19));
        let (call, _) = read_call("{{ gist(\n  url=\"u\",\n  file = \"f\"\n) }}");
        assert_eq!(call.args, named(&[("url", "u"), ("file", "f")]));
        assert_eq!(read_call("{{ nothing() }}").0.args, []);
    }

    #[test]
    fn a_body_runs_to_its_own_end() {
        let source = "{% figure(src=\"a.png\") %}A {% note() %}b{% end %} c{%end%}!";
        let (call, end) = read_call(source);
        assert_eq!(call.body, Some("A {% note() %}b{% end %} c"));
        assert_eq!(&source[end..], "!");
    }

    #[test]
    fn text_that_is_no_call() {
        for text in [
            "{{ page.title }}",
            "{{closure}}",
            "{% raw %}",
            "{% if x %}",
            "{{ 1(x) }}",
            "{{/* not a call */}}",
        ] {
            assert_eq!(read(text, 0), None, "{text}");
        }
    }

    #[test]
    fn calls_written_as_text() {
        assert_eq!(
            read("{{/* youtube(id=\"x\") */}} after", 0),
            Some(Ok(Found::Literal {
                text: "{{ youtube(id=\"x\") }}".into(),
                end: 25
            }))
        );
        assert_eq!(
            read("{%/* end */%}", 0),
            Some(Ok(Found::Literal {
                text: "{% end %}".into(),
                end: 13
            }))
        );
    }

    #[test]
    fn an_unreadable_call_is_reported_and_skipped() {
        for (source, message) in [
            ("{{ youtube(id=abc) }} x", "argument `id`: a value is"),
            ("{{ youtube(id=\"a\" n=1) }} x", "separated by commas"),
            ("{{ youtube(\"abc\") }} x", "an argument is `name=value`"),
            ("{{ youtube(id) }} x", "argument `id` needs"),
        ] {
            match read(source, 0) {
                Some(Err((found, end))) => {
                    assert!(found.contains(message), "{source}: {found}");
                    assert_eq!(&source[end..], " x", "{source}");
                }
                other => panic!("{source}: {other:?}"),
            }
        }
        assert!(matches!(
            read("{% figure(src=\"a\") %} no end", 0),
            Some(Err((m, _))) if m.contains("no `{% end %}`")
        ));
    }
}
