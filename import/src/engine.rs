//! Which engine a blog was written for, told from its files: Jekyll by
//! `_config.yml` or `_posts/`, Zola by `zola.toml` or a `config.toml` with
//! Zola's `base_url`, Hugo by its configuration files; and the engine
//! module that reads it.

use crate::blog::{Blog, Engine, Tree};
use crate::{hugo, jekyll, zola};

pub fn detect(tree: &Tree) -> Result<Engine, String> {
    let has = |path: &str| tree.files.contains(path);
    if has(jekyll::CONFIG) || tree.under("_posts").next().is_some() {
        return Ok(Engine::Jekyll);
    }
    let zola_config = tree
        .text("config.toml")
        .and_then(|text| text.parse::<toml::Table>().ok())
        .is_some_and(|config| config.contains_key("base_url"));
    if has("zola.toml") || zola_config {
        return Ok(Engine::Zola);
    }
    if hugo::CONFIGS.iter().any(|c| has(c)) {
        return Ok(Engine::Hugo);
    }
    Err("not a Zola, Hugo or Jekyll blog: no _config.yml, _posts/, zola.toml, hugo.toml or config.toml".to_string())
}

pub fn read(tree: &Tree) -> Result<Blog, String> {
    Ok(match detect(tree)? {
        Engine::Jekyll => jekyll::read(tree),
        Engine::Hugo => hugo::read(tree),
        Engine::Zola => zola::read(tree),
    })
}
