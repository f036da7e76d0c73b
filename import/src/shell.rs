//! The importer's I/O: reads a blog's directory into a `Tree` and the
//! site's existing files, downloads images on other hosts when asked, and
//! writes a `Plan` under the site's root. Every decision is `plan`'s.

use crate::blog::{self, Tree};
use crate::plan::{Content, Downloads, Fetched, Plan};
use anyhow::{Context, Result};
use render::inputs::files;
use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The system's root certificates (Debian's `ca-certificates`).
const SYSTEM_ROOTS: &str = "/etc/ssl/certs/ca-certificates.crt";

/// The largest image downloaded.
const IMAGE_LIMIT: u64 = 20 << 20;

/// The blog's files under `dir`, hidden ones (`.git`) left out; the text
/// of those `blog::wants_text` names.
pub fn read_tree(dir: &Path) -> Result<Tree> {
    if !dir.is_dir() {
        anyhow::bail!("{}: no such directory", dir.display());
    }
    let mut tree = Tree::default();
    for path in files(dir, "")? {
        if blog::wants_text(&path) {
            let bytes =
                fs::read(dir.join(&path)).with_context(|| format!("{path}: cannot read"))?;
            tree.texts
                .insert(path.clone(), String::from_utf8_lossy(&bytes).into_owned());
        }
        tree.files.insert(path);
    }
    Ok(tree)
}

/// The files already under the site's `posts/` and `static/`.
pub fn existing(site: &Path) -> Result<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    for dir in ["posts", "static"] {
        if site.join(dir).is_dir() {
            found.extend(files(site, dir)?);
        }
    }
    Ok(found)
}

/// Downloads each of `urls` once (HTTPS with the system's root
/// certificates); a failure is kept with its reason.
/// The site's `site.toml`, if it has one.
pub fn site_toml(site: &Path) -> Result<Option<String>> {
    let path = site.join(crate::site_toml::PATH);
    match fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", path.display())),
    }
}

pub fn download(urls: &BTreeSet<String>) -> Downloads {
    let agent = agent();
    urls.iter()
        .map(|url| {
            let absolute = if url.starts_with("//") {
                format!("https:{url}")
            } else {
                url.clone()
            };
            (url.clone(), fetch(&agent, &absolute))
        })
        .collect()
}

fn agent() -> ureq::Agent {
    let pem = fs::read(SYSTEM_ROOTS).unwrap_or_default();
    let roots: Vec<_> = ureq::tls::parse_pem(&pem)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(cert)) => Some(cert),
            _ => None,
        })
        .collect();
    let tls = ureq::tls::TlsConfig::builder()
        .provider(ureq::tls::TlsProvider::Rustls)
        .root_certs(ureq::tls::RootCerts::Specific(Arc::new(roots)))
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
        .build();
    ureq::Agent::config_builder()
        .tls_config(tls)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent()
}

fn fetch(agent: &ureq::Agent, url: &str) -> Result<Fetched, String> {
    let response = agent.get(url).call().map_err(|e| e.to_string())?;
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if !content_type.starts_with("image/") {
        return Err(format!("served as {content_type:?}, not an image"));
    }
    let mut bytes = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(IMAGE_LIMIT)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(Fetched {
        bytes,
        content_type,
    })
}

/// Writes every file of `plan` under `site`, copying from `blog`.
pub fn write(plan: &Plan, blog: &Path, site: &Path) -> Result<()> {
    for write in &plan.writes {
        let to = site.join(&write.to);
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
        }
        match &write.content {
            Content::Copy(source) => fs::copy(blog.join(source), &to).map(|_| ()),
            Content::Text(text) => fs::write(&to, text),
            Content::Bytes(bytes) => fs::write(&to, bytes),
        }
        .with_context(|| format!("{}: cannot write", to.display()))?;
    }
    Ok(())
}
