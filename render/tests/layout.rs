//! The renderer's layout holds: its modules import each other without a
//! cycle, and none reaches back to the crate root (`lib.rs` only lists the
//! stages and re-exports). Read from the source: every `crate::module`
//! path in `render/src`, by the top-level module (file or folder) that
//! writes it. `cargo test -p render --test layout` is the check anyone can
//! run; it prints the import graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// The top-level module a file belongs to (`content/markdown/mod.rs` →
/// `content`), or `None` for `lib.rs`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    (name != "lib").then(|| name.to_string())
}

/// The top-level modules named in `crate::…` paths of `text`: `use
/// crate::x::…`, `use crate::{x, y::…}` and `crate::x::f(…)` in code.
fn imports(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            group.split(',').collect()
        } else {
            vec![rest]
        };
        for name in names {
            let name: String = name
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    // A name that is no module (a re-export from lib.rs) reaches the root.
    found
        .into_iter()
        .map(|name| {
            if modules.contains(&name) {
                name
            } else {
                format!("(root: {name})")
            }
        })
        .collect()
}

#[test]
fn modules_form_no_cycle_and_none_reaches_back_to_the_root() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = sources(&src);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(&src, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        let edges = graph.entry(module.clone()).or_default();
        edges.extend(
            imports(&text, &modules)
                .into_iter()
                .filter(|m| *m != module),
        );
    }
    for (module, edges) in &graph {
        println!(
            "{module} → {}",
            edges.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        let rooted: Vec<_> = edges.iter().filter(|e| e.starts_with("(root")).collect();
        assert!(
            rooted.is_empty(),
            "{module} reaches the crate root: {rooted:?}"
        );
    }
    // Depth-first search for a cycle, reporting its path.
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(module) {
            return;
        }
        if let Some(at) = path.iter().position(|m| m == module) {
            panic!("import cycle: {} → {module}", path[at..].join(" → "));
        }
        path.push(module.to_string());
        for next in graph.get(module).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(module.to_string());
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_reader_of_imports_sees_groups_paths_and_root_names() {
    let modules: BTreeSet<String> = ["memo", "site", "fonts"].map(String::from).into();
    let text =
        "use crate::memo::Memo;\nuse crate::{site::Route, fonts};\nlet x = crate::line_at(1);";
    assert_eq!(
        imports(text, &modules),
        ["(root: line_at)", "fonts", "memo", "site"]
            .map(String::from)
            .into()
    );
}
