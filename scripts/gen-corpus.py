#!/usr/bin/env python3
"""Synthetic corpus generator: writes N posts shaped like real ones.

    scripts/gen-corpus.py N DIR [--seed S] [--images]

Each post has TOML front matter (title, subtitle, date spread over years,
tags), prose with inline code and links to earlier posts, 2-4 code blocks in
several languages, 3-10 equations (inline and display), a table and a list.
The output is deterministic for a given seed, and readable by phasespace and
by Hugo alike (both take `+++` TOML front matter).

With --images each post is a directory (`post-00042/index.md`) with a
chart-like PNG of its own beside it (960x480, bars in the post's colours),
shown as a captioned figure: what a blog with images costs the build. The
text of the posts is the same as without it.
"""

import argparse
import datetime
import os
import random
import struct
import zlib

WORDS = (
    "cache tensor shard replica kernel batch throughput latency queue scheduler "
    "gradient optimizer checkpoint pipeline token attention memory bandwidth "
    "allocator fragment stream partition worker barrier collective reduce "
    "quantize precision profile trace allocation budget headroom page block "
    "prefill decode speculative draft verify warmup rollout eviction policy"
).split()

TAGS = ["inference", "training", "rust", "python", "gpu", "kernels", "systems",
        "distributed", "memory", "profiling", "compilers", "networking"]

CODE = {
    "python": "def step(model, batch):\n    logits = model(batch.inputs)\n    loss = logits.log_softmax(-1).gather(-1, batch.labels)\n    return -loss.mean()\n",
    "rust": "fn occupancy(used: usize, total: usize) -> f64 {\n    if total == 0 {\n        return 0.0;\n    }\n    used as f64 / total as f64\n}\n",
    "console": "$ nvidia-smi --query-gpu=memory.used --format=csv\nmemory.used [MiB]\n40536 MiB\n",
    "toml": "[serving]\nmax_batch = 64\nkv_cache = \"paged\"\nblock_size = 16\n",
    "json": "{\"model\": \"decoder-7b\", \"tp\": 2, \"dtype\": \"bf16\"}\n",
    "yaml": "replicas: 4\nresources:\n  limits:\n    nvidia.com/gpu: 1\n",
    "go": "func drain(ch <-chan Job) int {\n\tn := 0\n\tfor range ch {\n\t\tn++\n\t}\n\treturn n\n}\n",
    "c": "static inline size_t align_up(size_t n, size_t a) {\n    return (n + a - 1) & ~(a - 1);\n}\n",
    "diff": "-    block_size = 8\n+    block_size = 16\n",
}

INLINE_MATH = [r"O(n^2)", r"\alpha = 0.9", r"\sum_i x_i", r"\sqrt{d_k}", r"p(x \mid \theta)",
               r"\mathbb{E}[X]", r"\lambda_{\max}", r"2^{30}", r"\nabla_\theta L"]
DISPLAY_MATH = [
    r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",
    r"M_{\text{KV}} = 2 \, n_{\text{layers}} \, n_{\text{heads}} \, d_{\text{head}} \, L \, b",
    r"\mathrm{Attention}(Q, K, V) = \operatorname{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}\right) V",
    r"\theta_{t+1} = \theta_t - \eta \, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}",
]


def sentence(rng, earlier):
    words = rng.sample(WORDS, rng.randint(8, 16))
    if rng.random() < 0.3:
        words[rng.randrange(len(words))] = f"`{rng.choice(WORDS)}_{rng.randint(1, 99)}`"
    if rng.random() < 0.15:
        words[rng.randrange(len(words))] = f"${formula(rng, INLINE_MATH)}$"
    if earlier and rng.random() < 0.05:
        words[-1] = f"[{words[-1]}](/posts/{rng.choice(earlier)}/)"
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng, earlier):
    return " ".join(sentence(rng, earlier) for _ in range(rng.randint(3, 6)))


def subtitle(rng):
    text = " ".join(rng.sample(WORDS, rng.randint(6, 11)))
    return text[0].upper() + text[1:] + "."


def formula(rng, choices):
    """A formula from `choices`, half the time made unique by a random term,
    so the corpus has the variety of real posts (KaTeX renders each distinct
    formula once)."""
    tex = rng.choice(choices)
    return tex if rng.random() < 0.5 else f"{tex} + c_{{{rng.randint(1, 10**6)}}}"


def post(rng, index, date, earlier):
    title = " ".join(rng.sample(WORDS, rng.randint(3, 6))).capitalize()
    tags = sorted(rng.sample(TAGS, rng.randint(1, 3)))
    parts = [
        "+++",
        f'title = "{title}"',
        f'subtitle = "{subtitle(rng)}"',
        f"date = {date.isoformat()}",
        "tags = [" + ", ".join(f'"{t}"' for t in tags) + "]",
        "+++",
        "",
        paragraph(rng, earlier),
        "",
    ]
    equations = rng.randint(3, 10)
    for section, lang in enumerate(rng.sample(sorted(CODE), rng.randint(2, 4))):
        parts += [f"## {rng.choice(WORDS).capitalize()} {section + 1}", "", paragraph(rng, earlier), ""]
        parts += [f"```{lang}", CODE[lang].rstrip("\n"), "```", ""]
        parts += [f"Inline, ${formula(rng, INLINE_MATH)}$ bounds it. " + paragraph(rng, earlier), ""]
    for _ in range(max(0, equations - 4)):
        parts += ["$$", formula(rng, DISPLAY_MATH), "$$", ""]
    parts += ["| Setting | Memory | Speed-up |", "|---|--:|--:|"]
    for _ in range(rng.randint(2, 5)):
        parts.append(f"| {rng.choice(WORDS)} | {rng.randint(10, 100)}% | {rng.uniform(1, 3):.1f}× |")
    parts += ["", "- " + sentence(rng, earlier), "- " + sentence(rng, earlier), "- " + sentence(rng, earlier), ""]
    parts += [paragraph(rng, earlier), ""]
    return "\n".join(parts)


def png(rng, width=960, height=480):
    """A PNG of bars in two colours of its own on white (stdlib only)."""
    bars = [rng.uniform(0.1, 0.95) for _ in range(12)]
    ink = bytes(rng.randrange(40, 200) for _ in range(3))
    accent = bytes(rng.randrange(40, 200) for _ in range(3))
    bar_width = width // len(bars)
    white = b"\xff\xff\xff"
    rows = []
    for y in range(height):
        level = 1 - y / height
        row = b"".join(
            white * 8 + ((accent if i % 3 == 0 else ink) if level < bar else white) * (bar_width - 8)
            for i, bar in enumerate(bars))
        rows.append(b"\0" + row + white * (width - bar_width * len(bars)))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("dir")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--images", action="store_true", help="a PNG beside each post")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pictures = random.Random(args.seed + 1)
    os.makedirs(args.dir, exist_ok=True)
    start = datetime.date(2019, 1, 1)
    span = (datetime.date(2026, 11, 1) - start).days
    dates = sorted(start + datetime.timedelta(days=rng.randrange(span)) for _ in range(args.n))
    earlier = []
    for index, date in enumerate(dates):
        slug = f"post-{index:05d}"
        text = post(rng, index, date, earlier)
        if args.images:
            directory = os.path.join(args.dir, slug)
            os.makedirs(directory, exist_ok=True)
            with open(os.path.join(directory, "bars.png"), "wb") as out:
                out.write(png(pictures))
            figure = f'![Bars of post {index}](bars.png "Throughput of post {index}, by batch size.")'
            head, _, rest = text.partition("\n## ")
            text = f"{head}\n{figure}\n\n## {rest}"
            path = os.path.join(directory, "index.md")
        else:
            path = os.path.join(args.dir, f"{slug}.md")
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        earlier.append(slug)


if __name__ == "__main__":
    main()
