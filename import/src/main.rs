//! `phasespace-import BLOG [SITE] [--fetch-images] [--dry-run]` (`cargo
//! import BLOG`): imports the Zola, Hugo or Jekyll blog in the directory
//! BLOG into the site at SITE (default: the current directory), then
//! prints what it could not carry, each with its file and line.
#![forbid(unsafe_code)]

use anyhow::{bail, Result};
use import::{engine, plan, remote, shell};
use std::collections::BTreeSet;
use std::path::PathBuf;

const USAGE: &str = "usage: phasespace-import BLOG [SITE] [--fetch-images] [--dry-run]";

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let mut fetch_images = false;
    let mut dry_run = false;
    let mut dirs = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--fetch-images" => fetch_images = true,
            "--dry-run" => dry_run = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            flag if flag.starts_with('-') => bail!("unknown option {flag}\n{USAGE}"),
            dir => dirs.push(PathBuf::from(dir)),
        }
    }
    let (blog_dir, site) = match dirs.as_slice() {
        [blog] => (blog.clone(), PathBuf::from(".")),
        [blog, site] => (blog.clone(), site.clone()),
        _ => bail!("{USAGE}"),
    };
    // The blog as values, what its engine makes of it.
    let tree = shell::read_tree(&blog_dir)?;
    let blog = engine::read(&tree).map_err(anyhow::Error::msg)?;
    // Images on other hosts, downloaded once when asked.
    let urls: BTreeSet<String> = blog
        .posts
        .iter()
        .flat_map(|p| remote::images(tree.text(&p.source).unwrap_or_default()))
        .map(|r| r.url)
        .collect();
    let downloads = if fetch_images {
        shell::download(&urls)
    } else {
        Default::default()
    };
    // The plan, written unless only shown.
    let site_toml = shell::site_toml(&site)?;
    let existing = shell::existing(&site)?;
    let plan = plan(&blog, &tree, &existing, site_toml.as_deref(), &downloads);
    if !dry_run {
        shell::write(&plan, &blog_dir, &site)?;
    }
    for note in &plan.notes {
        println!("{note}");
    }
    println!(
        "{:?} blog: {} posts, {} files, {} old addresses written as aliases, {} section addresses redirected to the archive, {} images downloaded{}",
        blog.engine,
        plan.posts,
        plan.writes.len(),
        plan.aliases,
        plan.redirects,
        plan.images,
        if dry_run { " (dry run: nothing written)" } else { "" }
    );
    Ok(())
}
