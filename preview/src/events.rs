//! The server-sent-events stream each open page listens to: the preview's
//! version when it connects, then every new version, and a comment every
//! few seconds so the server's idle bound never closes a quiet stream. It
//! ends when the preview shuts down, so Ctrl-C is not held up by open tabs.

use bytes::Bytes;
use futures_util::stream::{self, BoxStream};
use http_body_util::StreamBody;
use hyper::body::Frame;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::watch;

/// Under the server's idle bound (5 s without a byte moving).
const KEEP_ALIVE: Duration = Duration::from_secs(2);

/// A body that never ends by itself.
pub type Events = StreamBody<BoxStream<'static, Result<Frame<Bytes>, Infallible>>>;

/// The stream for one page. Must be called inside a tokio runtime.
pub fn stream(versions: watch::Receiver<u64>, shutdown: watch::Receiver<bool>) -> Events {
    let mut tick = tokio::time::interval(KEEP_ALIVE);
    tick.reset(); // the first message is the version, not a comment
    let state = (true, versions, shutdown, tick);
    let events = stream::unfold(
        state,
        |(first, mut versions, mut shutdown, mut tick)| async move {
            if *shutdown.borrow_and_update() {
                return None;
            }
            let text = if first {
                // A quick retry: after a restart of the preview, pages
                // reconnect and reload at once.
                format!("retry: 300\ndata: {}\n\n", *versions.borrow_and_update())
            } else {
                tokio::select! {
                    changed = versions.changed() => {
                        changed.ok()?;
                        format!("data: {}\n\n", *versions.borrow_and_update())
                    }
                    _ = shutdown.changed() => return None,
                    _ = tick.tick() => ": keep-alive\n\n".to_string(),
                }
            };
            let frame = Ok(Frame::data(Bytes::from(text)));
            Some((frame, (false, versions, shutdown, tick)))
        },
    );
    StreamBody::new(Box::pin(events))
}
