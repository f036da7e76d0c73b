//! The importer (`cargo import BLOG`): places a Zola, Hugo or Jekyll blog's
//! posts and files where this site reads them, and writes each post's old
//! address as an alias. It moves and adds; whatever the build accepts as
//! written (front matter dialects, names, shortcodes, math) it leaves as
//! written. Never part of the shipped binary.
//!
//! The stages, in order: the shell reads the blog into a `Tree`; `engine`
//! tells which engine wrote it and its module (`zola`, `hugo`, `jekyll`,
//! with `content` for the directory Zola and Hugo share) makes a `Blog`;
//! `remote` lists its images on other hosts, which the shell may download;
//! `plan` decides every file to write and every note; the shell writes them.
#![forbid(unsafe_code)]

pub mod address;
pub mod blog;
pub mod content;
pub mod engine;
pub mod front_matter;
pub mod hugo;
pub mod jekyll;
pub mod liquid;
pub mod markdown;
pub mod plan;
pub mod remote;
pub mod shell;
pub mod site_toml;
pub mod yaml;
pub mod zola;

pub use blog::{Blog, Engine, Note, Tree};
pub use plan::{plan, Downloads, Fetched, Plan};
