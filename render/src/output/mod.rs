//! The last stage: the rendered `Site` as what the server holds. `table`
//! decides every header value and encodes every body (`encode`: gzip and
//! brotli; `csp`: each page's Content-Security-Policy); `codegen` packs
//! the table into one file and prints the Rust that places it in the
//! shipped binary, and the preview hands it to the server as it is. Nothing here reads a post or writes a file.

pub mod codegen;
pub mod csp;
pub mod encode;
pub mod table;
