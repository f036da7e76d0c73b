//! The render step alone, timed: reads a site root (`site.toml`, `posts/`,
//! `static/`) and renders it the way build.rs does, cache included, without
//! cargo or rustc. Used by `scripts/bench-build.sh`:
//!
//! ```sh
//! cargo run --release -p render --example render_time -- ROOT [CACHE_FILE]
//! ```
//!
//! With `CACHE_FILE`, post bodies are read from it (when it exists) and the
//! updated cache is written back, as build.rs does with its own.

use anyhow::{Context, Result};
use render::Cache;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<()> {
    let mut args = std::env::args_os().skip(1);
    let root = PathBuf::from(
        args.next()
            .context("usage: render_time ROOT [CACHE_FILE]")?,
    );
    let cache_file = args.next().map(PathBuf::from);

    let start = Instant::now();
    let inputs = render::inputs::read(&root, |var| std::env::var(var).ok())?;
    let renderer = render::inputs::renderer()?;
    let mut cache = match &cache_file {
        Some(file) => Cache::from_bytes(&std::fs::read(file).unwrap_or_default(), &renderer),
        None => Cache::new(&renderer),
    };
    let read = start.elapsed();
    let site = render::build_site_cached(&inputs, &mut cache)?;
    let rendered = start.elapsed() - read;
    if let Some(file) = &cache_file {
        std::fs::write(file, cache.to_bytes())
            .with_context(|| format!("{}: cannot write", file.display()))?;
    }
    let total = start.elapsed();
    println!(
        "posts={} rendered={} routes={} bytes={} read_s={:.3} render_s={:.3} total_s={:.3}",
        inputs.posts.len(),
        cache.rendered(),
        site.routes.len(),
        site.routes.iter().map(|r| r.body.len()).sum::<usize>(),
        read.as_secs_f64(),
        rendered.as_secs_f64(),
        total.as_secs_f64(),
    );
    Ok(())
}
