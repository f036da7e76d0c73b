#!/usr/bin/env bash
# Lighthouse 12.2.3 (npm) with Debian's chromium on a page the real binary
# serves (default: the first post), mobile and desktop. Writes the full
# reports of the last run to target/lighthouse/{mobile,desktop}.report.*,
# and with RUNS > 1 each run's JSON to target/lighthouse/runs/.
# Needs `npm ci`. Usage: [RUNS=N] [FORMS="mobile desktop"] scripts/lighthouse.sh [PATH]
#
# RUNS=1 (the default) prints the four category scores per form and the
# audits that did not pass. RUNS=N runs each form N times, one server for
# all, alternating the forms, and prints one line per run (performance,
# Total Blocking Time, First and Largest Contentful Paint), then one line
# per form, e.g.
#   mobile performance: 99 100 100 … (8/10 at 100), TBT median 40 ms
# FORMS=mobile (or desktop) runs one form only.
#
# The last line is always machine-readable, space-separated key=value pairs,
# one group per form run (scripts/bench.sh reads it):
#   lighthouse path=/posts/do-i-dare/ runs=10 mobile_at_100=8 mobile_median=100 mobile_min=99 mobile_tbt_median_ms=40 desktop_at_100=10 …
# (`<form>_at_100` counts the runs whose performance score rounds to 100.)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/serve-for-checks.sh

path=${1:-/posts/do-i-dare/}
runs=${RUNS:-1}
read -r -a forms <<<"${FORMS:-mobile desktop}"
out=target/lighthouse
mkdir -p "$out/runs"
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"

# One report's figures as a JSON line: form, performance, TBT, FCP, LCP,
# the category scores and the audits that did not pass.
summarise() {
  node -e '
    const r = require(process.argv[1]);
    const ms = (id) => Math.round(r.audits[id].numericValue);
    const failing = Object.values(r.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual")
      .map((a) => `${a.id}: ${a.title}`);
    console.log(JSON.stringify({
      form: process.argv[2],
      performance: Math.round(r.categories.performance.score * 100),
      tbt: ms("total-blocking-time"), fcp: ms("first-contentful-paint"), lcp: ms("largest-contentful-paint"),
      categories: Object.values(r.categories).map((c) => `${c.title} ${Math.round(c.score * 100)}`),
      failing,
    }));
  ' "$1" "$2"
}

results=$(mktemp)
trap 'kill "$server_pid" 2>/dev/null; rm -f "$server_out" "$results"' EXIT
for run in $(seq "$runs"); do
  for form in "${forms[@]}"; do
    preset=()
    [ "$form" = desktop ] && preset=(--preset=desktop)
    # Lighthouse now and then fails to record a trace (NO_NAVSTART): such
    # a run is tried again, up to twice.
    for attempt in 1 2 3; do
      node_modules/.bin/lighthouse "$BASE$path" "${preset[@]}" --quiet \
        --chrome-flags="$flags" --output=json --output=html --output-path="$out/$form" >/dev/null && break
      [ "$attempt" = 3 ] && exit 1
      echo "$form run $run: Lighthouse failed, trying again" >&2
    done
    line=$(summarise "$PWD/$out/$form.report.json" "$form")
    [ "$runs" = 1 ] || cp "$out/$form.report.json" "$out/runs/$form-$run.report.json"
    echo "$line" >>"$results"
    if [ "$runs" = 1 ]; then
      node -e '
        const s = JSON.parse(process.argv[1]);
        console.log(`${s.form}: ${s.categories.join(", ")}`);
        for (const f of s.failing) console.log(`  ${f}`);
      ' "$line"
    else
      node -e '
        const s = JSON.parse(process.argv[1]);
        console.log(`${s.form} run ${process.argv[2]}/${process.argv[3]}: performance ${s.performance}, TBT ${s.tbt} ms, FCP ${s.fcp} ms, LCP ${s.lcp} ms (load ${process.argv[4]})`);
      ' "$line" "$run" "$runs" "$(cut -d' ' -f1 /proc/loadavg)"
    fi
  done
done
echo "reports: $out/{$(IFS=,; echo "${forms[*]}")}.report.html"
node -e '
  const fs = require("fs");
  const [file, path, runs, ...forms] = process.argv.slice(1);
  const all = fs.readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
  };
  const fields = [`path=${path}`, `runs=${runs}`];
  for (const form of forms) {
    const mine = all.filter((s) => s.form === form);
    const perf = mine.map((s) => s.performance);
    const at100 = perf.filter((p) => p === 100).length;
    const tbt = median(mine.map((s) => s.tbt));
    if (mine.length > 1)
      console.log(`${form} performance: ${perf.join(" ")} (${at100}/${perf.length} at 100), TBT median ${tbt} ms`);
    fields.push(`${form}_at_100=${at100}`, `${form}_median=${median(perf)}`, `${form}_min=${Math.min(...perf)}`, `${form}_tbt_median_ms=${tbt}`);
  }
  console.log(`lighthouse ${fields.join(" ")}`);
' "$results" "$path" "$runs" "${forms[@]}"
