//! plotters' SVG made fit for the page: every placeholder colour (a
//! `fill` or `stroke` attribute, see `colours`) becomes a class, so the
//! stylesheet colours the chart in light and dark mode (the CSP allows no
//! `style` attribute, and a fixed colour would not follow the mode);
//! `font-family` goes, so the text is set in the page's font; the root
//! gets `role="img"`, a `<title>` and a `<desc>`. Parsed and written with
//! quick-xml, so text and attributes stay escaped.

use super::colours;
use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

/// `svg` with classes for colours, and its title and description.
pub fn rewrite(svg: &str, title: &str, desc: &str) -> String {
    let mut reader = Reader::from_str(svg);
    let mut writer = Writer::new(Vec::new());
    let write = |writer: &mut Writer<Vec<u8>>, event: Event| {
        writer
            .write_event(event)
            .expect("writing to memory does not fail");
    };
    loop {
        match reader
            .read_event()
            .expect("plotters writes well-formed SVG")
        {
            Event::Eof => break,
            Event::Start(element) if element.name().0 == "svg" => {
                write(&mut writer, Event::Start(root(&element)));
                for (name, text) in [("title", title), ("desc", desc)] {
                    write(&mut writer, Event::Start(BytesStart::new(name)));
                    write(&mut writer, Event::Text(BytesText::new(text)));
                    write(
                        &mut writer,
                        Event::End(BytesStart::new(name).to_end().into_owned()),
                    );
                }
            }
            Event::Start(element) => write(&mut writer, Event::Start(with_classes(&element))),
            Event::Empty(element) => write(&mut writer, Event::Empty(with_classes(&element))),
            // plotters puts every element and its text on lines of their own.
            // (an entity splits the text: only the line breaks go).
            Event::Text(text) => {
                let text: &str = &text;
                let text = text.strip_prefix('\n').unwrap_or(text);
                let text = text.strip_suffix('\n').unwrap_or(text);
                if !text.is_empty() {
                    write(&mut writer, Event::Text(BytesText::from_escaped(text)));
                }
            }
            event => write(&mut writer, event),
        }
    }
    String::from_utf8(writer.into_inner()).expect("the SVG stays UTF-8")
}

/// The root element: marked as one image for assistive technology, and
/// its `class` for the stylesheet.
fn root(element: &BytesStart) -> BytesStart<'static> {
    let mut out = element.to_owned();
    out.push_attribute(("role", "img"));
    out.push_attribute(("class", "chart-svg"));
    out
}

/// `element` with its placeholder colours as classes (`fill-s1`,
/// `stroke-grid`…), its font size rounded, without `font-family` and a
/// full `opacity`.
fn with_classes(element: &BytesStart) -> BytesStart<'static> {
    let name = element.name().0.to_string();
    let mut out = BytesStart::new(name);
    let mut classes = Vec::new();
    for attribute in element.attributes() {
        let attribute = attribute.expect("plotters writes well-formed attributes");
        let (key, value) = (attribute.key.0, &*attribute.value);
        if key == "font-family" || (key == "opacity" && value == "1") {
            continue;
        }
        let colour_class = colours::class(value);
        match (key, colour_class) {
            ("fill" | "stroke", Some(class)) => classes.push(format!("{key}-{class}")),
            // plotters divides the size by 1.24: `15.000000000000002`.
            ("font-size", _) => match value.parse::<f64>() {
                Ok(size) => {
                    out.push_attribute(("font-size", format!("{size:.1}").trim_end_matches(".0")))
                }
                Err(_) => out.push_attribute(attribute),
            },
            _ => out.push_attribute(attribute),
        }
    }
    if !classes.is_empty() {
        out.push_attribute(("class", classes.join(" ").as_str()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_colours_become_classes_and_fonts_are_left_to_the_page() {
        let svg = "<svg width=\"4\" height=\"3\" viewBox=\"0 0 4 3\" xmlns=\"http://www.w3.org/2000/svg\">\n\
                   <polyline fill=\"none\" opacity=\"1\" stroke=\"#000101\" stroke-width=\"2\" points=\"0,0 1,1 \"/>\n\
                   <text x=\"1\" y=\"2\" font-family=\"serif\" font-size=\"15.000000000000002\" opacity=\"1\" fill=\"#000001\">\n1 &lt; 2\n</text>\n\
                   <rect opacity=\"0.5\" fill=\"#000003\" stroke=\"#000002\"/>\n</svg>\n";
        assert_eq!(
            rewrite(svg, "A & B", "Some data"),
            "<svg width=\"4\" height=\"3\" viewBox=\"0 0 4 3\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"chart-svg\">\
             <title>A &amp; B</title><desc>Some data</desc>\
             <polyline fill=\"none\" stroke-width=\"2\" points=\"0,0 1,1 \" class=\"stroke-s1\"/>\
             <text x=\"1\" y=\"2\" font-size=\"15\" class=\"fill-ink\">1 &lt; 2</text>\
             <rect opacity=\"0.5\" class=\"fill-bg stroke-grid\"/></svg>"
        );
    }
}
