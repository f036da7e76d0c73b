//! The render step alone, timed: reads a site root (`site.toml`, `posts/`,
//! `static/`) and renders it the way build.rs does, without cargo or rustc.
//! Used by `scripts/bench-build.sh`:
//!
//! ```sh
//! cargo run --release -p render --example render_time -- ROOT
//! ```

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<()> {
    let root = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .context("usage: render_time ROOT")?,
    );
    let start = Instant::now();
    let inputs = render::inputs::read(&root, |var| std::env::var(var).ok())?;
    let read = start.elapsed();
    let site = render::build_site(&inputs)?;
    let rendered = start.elapsed() - read;
    println!(
        "posts={} routes={} bytes={} read_s={:.3} render_s={:.3}",
        inputs.posts.len(),
        site.routes.len(),
        site.routes.iter().map(|r| r.body.len()).sum::<usize>(),
        read.as_secs_f64(),
        rendered.as_secs_f64()
    );
    Ok(())
}
