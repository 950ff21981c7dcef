#!/usr/bin/env sh
# procsim against the running kernel: imports each recording (RECORDINGS/NAME.perf.txt.gz, made
# by record.sh with perf sched record), replays it in procsim under the kernel's own policy
# (eevdf, per-CPU run queues, the recording's CPUs; a used slice noticed at the next 4 ms tick,
# as this kernel does with HZ=250 and no HRTICK), compares the replay with the recording
# (procsim compare), and prints a Markdown table of the differences against the targets of issue
# #35: CPU share per task within 5% (read as 5 points of one CPU: |B - A| <= 0.05, since a
# relative error of a task that ran 0.1% of the time says nothing), mean wake-up latency within
# 25%, p99 within 50%, switch-ins within 20%. Each workload's comparison (table and CSV),
# experiment and run stay in OUT.
#
#   tools/trace-workloads/validate.sh [RECORDINGS] [OUT]      # defaults: the committed recordings, a temporary folder
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rec=${1:-$here/recordings}
out=${2:-$(mktemp -d)}
mkdir -p "$out"
procsim="$root/procsim"
echo "| workload | tasks | CPU share: the task furthest off (A / B) | mean wake-up latency, us: A / B (error) | p99, us: A / B (error) | switch-ins: A / B (error) | KS D of latencies |"
echo "|---|---|---|---|---|---|---|"
for f in "$rec"/*.perf.txt.gz; do
    name=$(basename "$f" .perf.txt.gz)
    only="^$name(-[0-9]+)?\$"
    "$procsim" import "$f" --only "^$name\$" -o "$out/$name.yaml" 2>"$out/$name.import.txt"
    sed -i 's/^kernel: {run_queue: per-cpu}$/kernel: {run_queue: per-cpu, slice_tick: 4ms}/' "$out/$name.yaml"
    rm -rf "$out/$name-run"
    "$procsim" run "$out/$name.yaml" --out "$out/$name-run" --quiet --charts png >/dev/null
    "$procsim" compare "$f" "$out/$name-run" --only "$only" --chart "$out/$name-latency.png" >"$out/$name.compare.txt"
    "$procsim" compare "$f" "$out/$name-run" --only "$only" --csv >"$out/$name.compare.csv"
    awk -F, -v name="$name" '
        function err(a, b) { return a > 0 ? sprintf("%+.0f%%", 100 * (b - a) / a) : "-" }
        function ok(a, b, limit) { return (a > 0 && (b - a) / a <= limit && (a - b) / a <= limit) ? "" : " **missed**" }
        NR == 1 { next }
        $1 != "all" { n++; e = $3 - $2; if (e < 0) e = -e; if (n == 1 || e > worst) { worst = e; wa = $2; wb = $3; wt = $1 } next }
        $1 == "all" {
            printf "| %s | %d | %s %.3f / %.3f%s | %.0f / %.0f (%s)%s | %.0f / %.0f (%s)%s | %d / %d (%s)%s | %s |\n", name, n, wt, wa, wb,
                worst <= 0.05 ? "" : " **missed**", $6 / 1000, $7 / 1000, err($6, $7), ok($6, $7, 0.25), $10 / 1000, $11 / 1000, err($10, $11),
                ok($10, $11, 0.5), $14, $15, err($14, $15), ok($14, $15, 0.2), $18
        }' "$out/$name.compare.csv"
done
echo
echo "(A: the recording; B: procsim's replay. Per-workload tables and CSV in $out.)"
