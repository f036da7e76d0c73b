#!/usr/bin/env python3
"""The writer's loop, measured (a script, not a test): save -> new HTML served.

    scripts/bench-preview.py [--saves 20] [--posts 1000] [--no-hugo]

For two sites, the repository's own posts and N generated posts
(scripts/gen-corpus.py), it starts the release `preview` binary on a copy
under target/bench-preview/, then saves a sentence into one post (write a
new file, rename it over the old, as editors do) SAVES times, and times each
save until the preview serves HTML holding the sentence (polled every 2 ms
over one keep-alive connection). It prints p50 and max, and the preview's
start-up (launch to the first page served, with its render cache warm from
an earlier session). With Hugo installed (Debian's `hugo`), `hugo server`
serves the same generated corpus and is timed the same way, in the same run.
"""

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "bench-preview")
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
PREVIEW = os.path.join(TARGET, "release", "preview")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(conn, path):
    conn.request("GET", path)
    response = conn.getresponse()
    return response.read().decode("utf-8", "replace")


def wait_served(port, path, token, limit=120.0):
    """Seconds until GET path holds token (polled every 2 ms)."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while True:
        try:
            if token in fetch(conn, path):
                return time.perf_counter() - start
        except (ConnectionError, http.client.HTTPException, OSError):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        if time.perf_counter() - start > limit:
            raise SystemExit(f"bench-preview: {path} never held {token!r}")
        time.sleep(0.002)


def save(path, text):
    temporary = path + ".swp"
    with open(temporary, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)


def saves(port, post_file, url_path, count):
    """Times `count` saves of a sentence into post_file; restores it."""
    with open(post_file, encoding="utf-8") as f:
        original = f.read()
    times = []
    try:
        for i in range(count):
            token = f"Saved sentence {i} {time.time_ns()}."
            save(post_file, f"{original}\n{token}\n")
            times.append(wait_served(port, url_path, token))
            time.sleep(0.15)  # a writer's pause between saves
    finally:
        save(post_file, original)
    return times


def copy_site(name, generated):
    site = os.path.join(WORK, name)
    shutil.rmtree(site, ignore_errors=True)
    os.makedirs(site)
    shutil.copy(os.path.join(ROOT, "site.toml"), site)
    shutil.copytree(os.path.join(ROOT, "static"), os.path.join(site, "static"))
    posts = os.path.join(site, "posts")
    if generated:
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen-corpus.py"),
                        str(generated), posts], check=True)
    else:
        shutil.copytree(os.path.join(ROOT, "posts"), posts)
    return site


def start_preview(site, port):
    started = time.perf_counter()
    process = subprocess.Popen([PREVIEW, "--root", site, "--listen", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_served(port, "/", "</html>", limit=600)
    return process, port, time.perf_counter() - started


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def bench_preview(name, site, post_file, url_path, count):
    # A first session warms the render cache (what `cargo preview` keeps
    # beside its executable), as a writer's second session would find it.
    # The same port both times: absolute links (the base URL) are part of
    # what a body's rendering depends on, as with `cargo preview`'s 1111.
    port = free_port()
    process, _, cold = start_preview(site, port)
    stop(process)
    process, port, warm = start_preview(site, port)
    try:
        times = saves(port, os.path.join(site, post_file), url_path, count)
    finally:
        stop(process)
    return [name, "preview", cold, warm, times]


def bench_hugo(site_posts, post_name, count):
    hugo = os.path.join(WORK, "hugo")
    shutil.rmtree(hugo, ignore_errors=True)
    os.makedirs(os.path.join(hugo, "layouts", "_default"))
    with open(os.path.join(hugo, "hugo.toml"), "w") as f:
        f.write('baseURL = "http://127.0.0.1/"\ntitle = "phase space"\n'
                '[markup.highlight]\nnoClasses = false\n')
    page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}'
            '</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>')
    listing = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}'
               '</title></head><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
               '{{ .Title }}</a></li>{{ end }}</ul></body></html>')
    for name, text in [("single.html", page), ("list.html", listing)]:
        with open(os.path.join(hugo, "layouts", "_default", name), "w") as f:
            f.write(text)
    shutil.copy(os.path.join(hugo, "layouts", "_default", "list.html"),
                os.path.join(hugo, "layouts", "index.html"))
    shutil.copytree(site_posts, os.path.join(hugo, "content", "posts"))
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(["hugo", "server", "-s", hugo, "--port", str(port),
                                "--bind", "127.0.0.1", "--disableLiveReload", "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_served(port, "/", "</html>", limit=600)
        start_up = time.perf_counter() - started
        times = saves(port, os.path.join(hugo, "content", "posts", post_name),
                      f"/posts/{post_name[:-3]}/", count)
    finally:
        stop(process)
    return ["generated", "hugo server", None, start_up, times]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--no-hugo", action="store_true")
    args = parser.parse_args()
    print("bench-preview: building the release preview", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "preview"], cwd=ROOT, check=True)
    os.makedirs(WORK, exist_ok=True)

    rows = []
    repo = copy_site("repo", 0)
    rows.append(bench_preview("repository (1 post)", repo, "posts/do-i-dare.md",
                              "/posts/do-i-dare/", args.saves))
    generated = copy_site("generated", args.posts)
    middle = f"post-{args.posts // 2:05d}"
    rows.append(bench_preview(f"{args.posts} generated posts", generated,
                              f"posts/{middle}.md", f"/posts/{middle}/", args.saves))
    if not args.no_hugo and shutil.which("hugo"):
        row = bench_hugo(os.path.join(generated, "posts"), f"{middle}.md", args.saves)
        row[0] = f"{args.posts} generated posts"
        rows.append(row)

    load = open("/proc/loadavg").read().split()[:3]
    print(f"\n{args.saves} saves each; {os.cpu_count()} cores, load average {' '.join(load)} at the end\n")
    print("| site | server | start-up, cold cache | start-up | save → served p50 | max |")
    print("|---|---|--:|--:|--:|--:|")
    for site, server, cold, warm, times in rows:
        cold_text = f"{cold:.2f} s" if cold is not None else "–"
        print(f"| {site} | {server} | {cold_text} | {warm:.2f} s | "
              f"{statistics.median(times) * 1000:.0f} ms | {max(times) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
