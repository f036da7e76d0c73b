//! XML documents (the feed, the sitemap): a quick-xml writer into memory,
//! the declaration first and a newline last. Writing into a `Vec` cannot
//! fail, so neither can a document.

use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;
use std::io;

/// The `expect` message for writes into memory.
pub const WRITE: &str = "writing XML into a Vec cannot fail";

/// The XML declaration, then what `root` writes, indented by two spaces.
pub fn document(root: impl FnOnce(&mut Writer<Vec<u8>>) -> io::Result<()>) -> Vec<u8> {
    let mut xml = Writer::new_with_indent(Vec::new(), b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .expect(WRITE);
    root(&mut xml).expect(WRITE);
    let mut bytes = xml.into_inner();
    bytes.push(b'\n');
    bytes
}
