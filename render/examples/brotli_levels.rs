//! Does brotli's best quality pay for itself? Renders a site root the way
//! build.rs does, then compresses every text-like body (pages, feed,
//! sitemap, stylesheets) at several brotli settings and prints, for each,
//! the total bytes, the first post's page, the largest body, and the
//! seconds it took on one core (a cold build compresses every body; a
//! warm one only what changed, see `render::output::table`).
//!
//! ```sh
//! cargo run --release -p render --example brotli_levels -- ROOT
//! ```

use anyhow::{Context, Result};
use brotli::CompressorWriter;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// `(quality, window bits)`: the build's setting (11, 24) and its rivals.
const SETTINGS: [(u32, u32); 5] = [(9, 22), (10, 22), (10, 24), (11, 22), (11, 24)];

fn main() -> Result<()> {
    let root = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .context("usage: brotli_levels ROOT")?,
    );
    let inputs = render::inputs::read(&root, |var| std::env::var(var).ok())?;
    let site = render::build_site(&inputs)?;
    let bodies: Vec<(&str, &[u8])> = site
        .routes
        .iter()
        .filter(|r| {
            let t = r.content_type.as_str();
            t.starts_with("text/") || t.contains("xml") || t.contains("json")
        })
        .map(|r| (r.path.as_str(), &r.body[..]))
        .collect();
    let identity: usize = bodies.iter().map(|(_, b)| b.len()).sum();
    let (largest_path, largest) = bodies
        .iter()
        .max_by_key(|(_, b)| b.len())
        .copied()
        .context("no text bodies")?;
    let post = bodies
        .iter()
        .find(|(path, _)| path.starts_with("/posts/"))
        .map(|(_, body)| *body)
        .context("no post")?;
    println!(
        "{} text bodies, {} bytes; largest {largest_path} ({} bytes)\n",
        bodies.len(),
        identity,
        largest.len()
    );
    println!(
        "| quality, window | total bytes | a post's page | {largest_path} | seconds, all but {largest_path} | seconds, {largest_path} |"
    );
    println!("|---|--:|--:|--:|--:|--:|");
    for (quality, window) in SETTINGS {
        let start = Instant::now();
        let rest: usize = bodies
            .iter()
            .filter(|(path, _)| *path != largest_path)
            .map(|(_, b)| brotli(b, quality, window).len())
            .sum();
        let rest_seconds = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let big = brotli(largest, quality, window).len();
        let big_seconds = start.elapsed().as_secs_f64();
        println!(
            "| {quality}, {window} | {} | {} | {big} | {rest_seconds:.2} | {big_seconds:.2} |",
            rest + big,
            brotli(post, quality, window).len(),
        );
    }
    Ok(())
}

fn brotli(body: &[u8], quality: u32, window: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = CompressorWriter::new(&mut out, 64 * 1024, quality, window);
        writer
            .write_all(body)
            .expect("writing to a Vec cannot fail");
    }
    out
}
