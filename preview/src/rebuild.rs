//! One build of the site for the preview: read the inputs under the root
//! (drafts shown, absolute links pointing at the preview's own address;
//! after a save only the files the watcher names), render them with the
//! cache kept between builds, so only what changed is rendered again, and
//! turn the result into the table the server answers from. Bodies stay
//! uncompressed and fonts uncut: on loopback that work would cost the
//! writer time on every save and save nothing. The search index, work
//! over every post whatever changed, is assembled in a second step
//! (`Builder::search`), after the pages are served.

use crate::watch::Changes;
use anyhow::Context;
use render::output::table::{self, Codings, Table};
use server::site::{
    Bytes, HeaderValue, LastModified, Redirect, Representation, Route, Search, Site,
};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Builds the site under `root` again and again, keeping the render cache.
pub struct Builder {
    root: PathBuf,
    base_url: String,
    cache: render::Cache,
    /// Where the cache is kept between preview sessions.
    cache_file: PathBuf,
    /// What the last build read, unless reading failed.
    inputs: Option<render::Inputs>,
}

/// A site that built, with the warnings its build printed; its `search`
/// is `None` until `Builder::search` assembles `search`.
pub struct Built {
    pub site: Site,
    pub warnings: Vec<String>,
    pub search: render::PendingSearch,
}

impl Builder {
    /// A builder for the site under `root`, served at `base_url`, starting
    /// from the cache a previous session left in `cache_file` (if any).
    pub fn new(root: &Path, base_url: String, cache_file: PathBuf) -> anyhow::Result<Builder> {
        let renderer = render::inputs::renderer()?;
        let cache =
            render::Cache::from_bytes(&std::fs::read(&cache_file).unwrap_or_default(), &renderer);
        Ok(Builder {
            root: root.to_path_buf(),
            base_url,
            cache,
            cache_file,
            inputs: None,
        })
    }

    /// Reads the site again after `changes` (only the files they name,
    /// once a build has read the rest) and renders it; on failure every
    /// problem, one `file:line: message` per line.
    pub fn build(&mut self, changes: &Changes) -> Result<Built, Vec<String>> {
        let env = |var: &str| match var {
            render::Settings::BASE_URL_VAR => Some(self.base_url.clone()),
            render::inputs::DRAFTS_VAR => Some("1".into()),
            _ => std::env::var(var).ok(),
        };
        let inputs = match (self.inputs.take(), changes) {
            (Some(previous), Changes::Paths(paths)) => {
                render::inputs::reread(&self.root, previous, paths, env)
            }
            _ => render::inputs::read(&self.root, env),
        };
        let mut inputs = inputs.map_err(lines)?;
        inputs.fonts = render::Fonts::AsVendored;
        let built = render::build_table(&inputs, Codings::IdentityOnly, &mut self.cache);
        self.inputs = Some(inputs);
        let built = built.map_err(lines)?;
        Ok(Built {
            site: to_site(built.table),
            warnings: built.warnings,
            search: built.search,
        })
    }

    /// The search of a build, analysing only the posts the cache holds no
    /// analysis of.
    pub fn search(&mut self, pending: render::PendingSearch) -> Result<Search, Vec<String>> {
        let search = pending.assemble(&mut self.cache).map_err(lines)?;
        Ok(Search::new(
            search.index.bytes,
            Bytes::from(search.prefix),
            Bytes::from(search.suffix),
            header(search.csp),
            Bytes::from(search.form),
        )
        .expect("the build writes an index that opens"))
    }

    /// Keeps the cache for the next session, so it starts without
    /// rendering every post again.
    pub fn save(&self) -> anyhow::Result<()> {
        std::fs::write(&self.cache_file, self.cache.to_bytes())
            .with_context(|| format!("cannot write {}", self.cache_file.display()))
    }
}

/// An error as the lines a writer reads.
fn lines(error: anyhow::Error) -> Vec<String> {
    format!("{error:#}").lines().map(str::to_string).collect()
}

/// The render table as the server's owned `Site`.
fn to_site(table: Table) -> Site {
    Site {
        routes: Cow::Owned(table.routes.into_iter().map(route).collect()),
        redirects: Cow::Owned(
            table
                .redirects
                .into_iter()
                .map(|(from, location)| Redirect {
                    from: Cow::Owned(from),
                    location: header(location),
                })
                .collect(),
        ),
        not_found: route(table.not_found),
        last_modified: table.last_modified.map(|last| LastModified {
            header: header(last.http_date),
            unix_seconds: last.unix_seconds,
        }),
        bare_csp: header(table.bare_csp),
        hash: Cow::Owned(table.hash),
        base_url: Cow::Owned(table.base_url),
        address_warning: table.address_warning.map(Cow::Owned),
        search: None,
    }
}

fn route(entry: table::Entry) -> Route {
    let representation = |body: table::Body| Representation {
        length: HeaderValue::from(body.bytes.len()),
        etag: header(body.etag),
        bytes: body.bytes,
    };
    Route {
        path: Cow::Owned(entry.path),
        content_type: header(entry.content_type),
        cache_control: HeaderValue::from_static(entry.cache_control),
        csp: header(entry.csp),
        identity: representation(entry.identity),
        gzip: entry.gzip.map(representation),
        br: entry.br.map(representation),
        ranges: entry.ranges,
    }
}

/// A header value made by the renderer, which only makes valid ones (the
/// shipped binary's `HeaderValue::from_static` checks the same values).
fn header(value: String) -> HeaderValue {
    HeaderValue::try_from(value).expect("the renderer makes valid header values")
}
