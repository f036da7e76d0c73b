//! A response body that holds a guard until hyper is done with it: hyper
//! drops a body once it has written it, or on error, so the guard's drop
//! tells when the response is over. The connection counts its open
//! requests this way (`idle::Open`), and parking knows when hyper is
//! between requests (`park`).

use hyper::body::{Body, Frame, SizeHint};
use std::pin::Pin;
use std::task::{Context, Poll};

/// `body`, with `guard` dropped when it is.
pub(super) struct Answered<B, G> {
    body: B,
    _guard: G,
}

impl<B, G> Answered<B, G> {
    pub(super) fn new(body: B, guard: G) -> Answered<B, G> {
        Answered {
            body,
            _guard: guard,
        }
    }
}

impl<B: Body + Unpin, G: Unpin> Body for Answered<B, G> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<B::Data>, B::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
