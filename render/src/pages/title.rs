//! A post's title as HTML: the writer marks a line break with ` / `
//! (`"Do I dare / Disturb the universe?"`), shown wherever the title is a
//! heading or a link (the post, lists of posts, a series, previous and
//! next).

use maud::{html, Markup};

/// `title` with each ` / ` a line break, as HTML.
pub fn title_lines(title: &str) -> Markup {
    html! {
        @for (i, line) in title.split(" / ").enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_in_title_is_a_line_break() {
        assert_eq!(
            title_lines("Do I dare / Disturb <it>?").into_string(),
            "Do I dare<br>Disturb &lt;it&gt;?"
        );
    }
}
