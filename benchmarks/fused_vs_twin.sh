#!/usr/bin/env bash
# The fused fashion-bcnn against its float twin on ND4J with oneDNN, over many JVMs.
#
#   benchmarks/fused_vs_twin.sh [JVMS] [JDKS] [THREADS]     (defaults: 5 JVMs, "17 25", "1 2")
#
# Runs `bitflow bench sample-models/fashion-bcnn.bfm --twin sample-models/fashion-fp.bfm` on the 10,000 test images
# JVMS times for each JDK and thread count, interleaved (run 1 of every setting, then run 2, ...), with
# OMP_NUM_THREADS equal to the thread count, so both sides use the same number of cores. Each JVM times both sides
# (1 warm-up and 3 timed passes each, medians). One JVM's figure depends on the machine's state at that moment, so
# the script prints every run and, per setting, the median, slowest and fastest images/s of each side and the ratio
# of the medians (and of each JVM's own pair). JDK 17 is the default `java`; JDK 25 is
# /usr/lib/jvm/temurin-25-jdk-amd64 (override with JDK25_HOME). Needs a built checkout and the Fashion-MNIST data.
set -euo pipefail
jvms=${1:-5}
jdks=${2:-"17 25"}
threads_list=${3:-"1 2"}
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jdk25="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
results="$(mktemp -t bitflow-fused-vs-twin.XXXXXX)"
trap 'rm -f "$results"' EXIT

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
for run in $(seq 1 "$jvms"); do
  for jdk in $jdks; do
    for threads in $threads_list; do
      path="$PATH"
      [ "$jdk" = 25 ] && path="$jdk25/bin:$PATH"
      load=$(cut -d' ' -f1 /proc/loadavg)
      json=$(cd "$root" && PATH="$path" OMP_NUM_THREADS=$threads ./bitflow bench sample-models/fashion-bcnn.bfm \
        --twin sample-models/fashion-fp.bfm --threads "$threads" --format json --quiet 2>/dev/null)
      line=$(printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["javaVersion"], r["fused"]["imagesPerSecond"], r["float"]["imagesPerSecond"], r["loadAverage"])')
      set -- $line
      printf 'run %d  JDK %-8s threads %d  fused %8.0f images/s  twin %6.0f images/s  ratio %5.2fx  load %s -> %s\n' \
        "$run" "$1" "$threads" "$2" "$3" "$(echo "$2 / $3" | bc -l)" "$load" "$4"
      echo "$jdk $threads $2 $3" >> "$results"
    done
  done
done
echo
/usr/bin/python3 - "$results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for key in sorted({(r[0], r[1]) for r in rows}, key=lambda k: (int(k[0]), int(k[1]))):
    fused = [float(r[2]) for r in rows if (r[0], r[1]) == key]
    twin = [float(r[3]) for r in rows if (r[0], r[1]) == key]
    pairs = [f / t for f, t in zip(fused, twin)]
    print(f"JDK {key[0]}, {key[1]} thread(s), {len(fused)} JVMs: fused median {statistics.median(fused):,.0f} "
          f"({min(fused):,.0f}-{max(fused):,.0f}), twin median {statistics.median(twin):,.0f} "
          f"({min(twin):,.0f}-{max(twin):,.0f}) images/s; ratio of medians {statistics.median(fused) / statistics.median(twin):.2f}x, "
          f"per JVM {min(pairs):.2f}-{max(pairs):.2f}x; against the twin's fastest JVM {statistics.median(fused) / max(twin):.2f}x")
for jdk in sorted({r[0] for r in rows}, key=int):
    one = [float(r[2]) for r in rows if r[0] == jdk and r[1] == "1"]
    two = [float(r[2]) for r in rows if r[0] == jdk and r[1] == "2"]
    if one and two:
        print(f"JDK {jdk}: fused two threads / one thread, medians: {statistics.median(two) / statistics.median(one):.2f}x")
PY
