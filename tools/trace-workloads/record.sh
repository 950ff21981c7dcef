#!/bin/sh
# Records the five trace workloads of this folder (pingpong, hogs_nice, waker, hackbench,
# forkstorm) with perf sched, for the scheduler simulator's trace import tests. It builds them
# with gcc -O2 into a temporary folder, runs each under
#   perf sched record -e sched:sched_process_exit -o NAME.data -- NAME ARGS
# converts the recording with perf script and writes it, gzipped (-9 -n), to
# OUT/NAME.perf.txt.gz. Each program runs for about 2 s (pingpong about 0.1 s).
#
#   sudo ./record.sh [OUT]        (OUT defaults to ./recordings)
#
# Needs root (perf sched record uses the sched tracepoints), perf, gcc and gzip. Run it on a quiet
# machine: the programs are sized for 2 CPUs and anything else running shows up in the traces.
# Last run on Linux 6.18.44-fc-v1300 (KVM guest, 2 vCPUs, HZ=250) with perf 6.1.187.
set -eu

out=${1:-./recordings}
here=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" != 0 ]; then
    echo "record.sh: needs root (perf sched record)" >&2
    exit 1
fi
for tool in perf gcc gzip; do
    command -v "$tool" >/dev/null || { echo "record.sh: $tool not found" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$out"

for name in pingpong hogs_nice waker hackbench forkstorm; do
    gcc -O2 -Wall -o "$tmp/$name" "$here/$name.c"
done

# rec NAME ARGS...: records one program (the binary keeps its name, which is the task name).
rec() {
    name=$1
    shift
    sleep 2
    echo "== $name $* (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    perf sched record -e sched:sched_process_exit -o "$tmp/$name.data" -- "$tmp/$name" "$@"
    perf script -i "$tmp/$name.data" > "$tmp/$name.txt"
    gzip -9 -n < "$tmp/$name.txt" > "$out/$name.perf.txt.gz"
    echo "   $(wc -l < "$tmp/$name.txt") lines, $(wc -c < "$out/$name.perf.txt.gz") bytes -> $out/$name.perf.txt.gz"
    rm -f "$tmp/$name.data" "$tmp/$name.txt"
}

rec pingpong 200 200                # rounds, work_us
rec hogs_nice 2 0 5 10              # seconds, three nice values
rec waker 2 10000 1000 2            # seconds, period_us, work_us, hogs
rec hackbench 30000 20 2 2 100      # messages per sender and receiver, work_us, senders, receivers, bytes
rec forkstorm 1300 3000 2           # children, work_us, parallel
