//! The text stylesheets generate for an element, which its face draws
//! though no page holds it: `content` strings, counters' digits, quotation
//! marks, list markers, and attribute values `attr()` reads. It reads
//! declarations' values; which element gets the text is `cascade`'s.

/// The characters `open-quote` and `close-quote` stand for in English.
const QUOTES: &str = "“”‘’";

/// What a rule's declarations generate.
#[derive(Clone, Debug, Default)]
pub struct Generated {
    /// Text, whole.
    pub text: String,
    /// Attributes whose values it generates (`attr(name)`).
    pub attributes: Vec<String>,
}

impl Generated {
    /// Adds the text a `content`-like `value` generates: its strings (CSS
    /// escapes undone), digits for counters, quotation marks for quotes;
    /// and the attributes it reads.
    pub fn add(&mut self, value: &str) {
        let (text, attributes) = (&mut self.text, &mut self.attributes);
        let mut chars = value.chars().peekable();
        let mut outside = String::new();
        while let Some(c) = chars.next() {
            if c != '"' && c != '\'' {
                outside.push(c);
                continue;
            }
            while let Some(s) = chars.next() {
                match s {
                    _ if s == c => break,
                    '\\' => {
                        let hex: String =
                            std::iter::from_fn(|| chars.next_if(char::is_ascii_hexdigit))
                                .take(6)
                                .collect();
                        if hex.is_empty() {
                            text.extend(chars.next());
                        } else {
                            text.extend(
                                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32),
                            );
                            chars.next_if_eq(&' ');
                        }
                    }
                    _ => text.push(s),
                }
            }
        }
        let outside = outside.to_ascii_lowercase();
        if outside.contains("counter") {
            text.push_str("0123456789");
        }
        if outside.contains("quote") {
            text.push_str(QUOTES);
        }
        for attr in outside.split("attr(").skip(1) {
            let name = attr
                .trim_start()
                .split([')', ' ', ','])
                .next()
                .unwrap_or("");
            attributes.push(name.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_escapes_in_strings_are_undone() {
        let mut generated = Generated::default();
        generated.add(r#""\2014\ a" '\'' counter(x) attr( title )"#);
        assert_eq!(
            generated.text, "— a'0123456789",
            "an escaped space is a space"
        );
        assert_eq!(generated.attributes, ["title"]);
    }
}
