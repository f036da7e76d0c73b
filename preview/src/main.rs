//! `cargo preview`: the writer's server. It renders the site in memory with
//! the build's own renderer, serves it with the shipped server's own
//! respond pipeline, watches `posts/`, `static/` and `site.toml`, and on
//! every save renders again (only what changed) and swaps the site whole;
//! open pages reload themselves and show build errors over the last good
//! page. Never part of the shipped binary: the root package links no
//! renderer.

#![forbid(unsafe_code)]

mod events;
mod inject;
mod live;
mod rebuild;
mod watch;

use live::Live;
use rebuild::Builder;
use server::{Listener, Mode};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

const USAGE: &str = "\
usage: cargo preview [--listen ADDR] [--root DIR]

Serves the site under DIR (default: the current directory if it holds
site.toml, else this repository) with drafts shown, and reloads open pages
on every save under posts/, static/ or site.toml.

options:
  --listen ADDR   address and port (default 127.0.0.1:1111; port 0 picks one)
  --root DIR      the site's directory (site.toml, posts/, static/)
  -h, --help      print this help";

const DEFAULT_LISTEN: &str = "127.0.0.1:1111";

struct Options {
    listen: SocketAddr,
    root: PathBuf,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("preview: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match preview(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("preview: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn preview(options: &Options) -> anyhow::Result<()> {
    let socket = server::bind(options.listen)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", options.listen))?;
    let address = socket.local_addr()?;
    // Absolute links (feed, canonical, Open Graph) point at the preview.
    let base_url = format!("http://{address}");
    let mut builder = Builder::new(&options.root, base_url, cache_file(&options.root)?)?;

    let started = Instant::now();
    let first = report(builder.build(&watch::Changes::Everything)).and_then(|built| {
        let mut site = built.site;
        site.search = Some(
            builder
                .search(built.search)
                .inspect_err(|e| print_errors(e))?,
        );
        Ok(site)
    });
    eprintln!("preview: built in {} ms", started.elapsed().as_millis());
    builder.save()?;
    let live = Arc::new(Live::new(first));
    let builder = Arc::new(Mutex::new(builder));

    let _watching = {
        let (live, builder) = (live.clone(), builder.clone());
        watch::start(&options.root, move |changes| {
            let started = Instant::now();
            let mut builder = builder.lock().expect("no build panics");
            let built = match report(builder.build(&changes)) {
                Ok(built) => built,
                Err(errors) => return live.publish(Err(errors)),
            };
            // The pages first; the search index, work over every post,
            // after them.
            live.publish(Ok(built.site));
            eprintln!("preview: rebuilt in {} ms", started.elapsed().as_millis());
            match builder
                .search(built.search)
                .inspect_err(|e| print_errors(e))
            {
                Ok(search) => live.publish_search(search),
                Err(errors) => live.publish(Err(errors)),
            }
        })?
    };
    stop_events_on_signal(live.clone());
    eprintln!(
        "preview: watching {} (posts/, static/, site.toml); Ctrl-C stops",
        options.root.display()
    );
    let answer = move |request: &hyper::Request<hyper::body::Incoming>| live.answer(request);
    server::run(
        vec![Listener {
            socket,
            mode: Mode::Plain,
        }],
        answer,
    );
    let saved = builder.lock().expect("no build panics").save();
    saved
}

/// Prints a build's warnings or errors, one `file:line: message` a line,
/// and passes what it built on.
fn report(built: Result<rebuild::Built, Vec<String>>) -> Result<rebuild::Built, Vec<String>> {
    for warning in built.iter().flat_map(|built| &built.warnings) {
        eprintln!("warning: {warning}");
    }
    built.inspect_err(|errors| print_errors(errors))
}

fn print_errors(errors: &[String]) {
    for error in errors {
        eprintln!("error: {error}");
    }
}

/// On SIGINT or SIGTERM, ends the pages' event streams, so the server's
/// drain (which hears the same signal) is not held up by open tabs.
fn stop_events_on_signal(live: Arc<Live>) {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime starts on any supported OS");
        runtime.block_on(async {
            use tokio::signal::unix::{signal, SignalKind};
            let mut interrupt = signal(SignalKind::interrupt()).expect("inside a runtime");
            let mut terminate = signal(SignalKind::terminate()).expect("inside a runtime");
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        });
        live.shut_down();
    });
}

/// Where the render cache of the site under `root` is kept between
/// sessions: beside this executable (in cargo's target directory), one
/// file per site directory.
fn cache_file(root: &Path) -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let name = render::fingerprint(root.as_os_str().as_encoded_bytes());
    Ok(exe.with_file_name(format!("preview-cache-{name}.bin")))
}

/// The options, or `None` for `--help`.
fn parse(args: &[String]) -> Result<Option<Options>, String> {
    let mut listen: SocketAddr = DEFAULT_LISTEN.parse().expect("a valid default");
    let mut root = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value"))
                .cloned()
        };
        match arg.as_str() {
            // `cargo preview -- …` passes cargo's separator on.
            "--" => {}
            "-h" | "--help" => return Ok(None),
            "--listen" => {
                let text = value("--listen")?;
                listen = text
                    .parse()
                    .map_err(|_| format!("--listen {text}: not an address and port"))?;
            }
            "--root" => root = Some(PathBuf::from(value("--root")?)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let root = root.unwrap_or_else(default_root);
    if !root.join("site.toml").is_file() {
        return Err(format!("{}: no site.toml here", root.display()));
    }
    // Absolute, as the watcher reports the paths of changes.
    let root = root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", root.display()))?;
    Ok(Some(Options { listen, root }))
}

/// The current directory if it holds a site, else the repository this
/// preview was built from.
fn default_root() -> PathBuf {
    match std::env::current_dir() {
        Ok(dir) if dir.join("site.toml").is_file() => dir,
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("preview/ lies in the repository")
            .to_path_buf(),
    }
}
