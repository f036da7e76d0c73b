//! Tables: a cell's alignment as a class (`align-left`, `align-center`,
//! `align-right`) instead of pulldown-cmark's inline style, which the
//! site's CSP does not allow.

use super::Piece;
use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// Rewrites every table cell in `pieces` in place.
pub(super) fn align_with_classes(pieces: &mut [Piece]) {
    let mut table = Table::default();
    for piece in pieces {
        let cell = match piece.event() {
            Some(Event::Start(Tag::Table(aligns))) => {
                table = Table {
                    aligns: aligns.clone(),
                    ..Table::default()
                };
                continue;
            }
            Some(Event::Start(Tag::TableHead)) => {
                table.in_head = true;
                continue;
            }
            Some(Event::End(TagEnd::TableHead)) => {
                table.in_head = false;
                continue;
            }
            Some(Event::Start(Tag::TableRow)) => {
                table.column = 0;
                continue;
            }
            Some(Event::Start(Tag::TableCell)) => table.open_cell(),
            Some(Event::End(TagEnd::TableCell)) => {
                let close = table.close_cell();
                table.column += 1;
                close
            }
            _ => continue,
        };
        *piece = Piece::html(cell, piece.offset);
    }
}

/// Where the pass is in the current table.
#[derive(Default)]
struct Table {
    aligns: Vec<Alignment>,
    in_head: bool,
    column: usize,
}

impl Table {
    fn cell_tag(&self) -> &'static str {
        if self.in_head {
            "th"
        } else {
            "td"
        }
    }

    fn open_cell(&self) -> String {
        let class = match self.aligns.get(self.column) {
            Some(Alignment::Left) => " class=\"align-left\"",
            Some(Alignment::Center) => " class=\"align-center\"",
            Some(Alignment::Right) => " class=\"align-right\"",
            _ => "",
        };
        format!("<{}{class}>", self.cell_tag())
    }

    fn close_cell(&self) -> String {
        format!("</{}>", self.cell_tag())
    }
}
