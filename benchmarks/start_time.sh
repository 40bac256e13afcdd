#!/usr/bin/env bash
# Time from `./bitflow` to the workbench window, on an X display of its own.
#
#   benchmarks/start_time.sh [RUNS] [DISPLAY_NUMBER]        (defaults: 5 runs, display :63)
#
# Starts Xvfb on the display (unless an X server already answers there), then RUNS times: starts `./bitflow gui`
# with a fresh settings folder (so no recovery dialog waits for an answer), waits (polling `xdotool search` every
# 50 ms) for a visible window named "BitFlow Workbench", and prints the seconds from the command to the window's
# first drawn frame (the workbench writes that moment to the file -Dbitflow.firstFrameFile names; a mapped window is
# still blank until then; builds that do not write it are timed to the mapped window, and say so). Then closes the
# workbench (by its process id). Prints the median, the slowest and fastest run, and the one-minute load average
# before and after, since on a shared machine the load decides the figure as much as the code does.
# One untimed start comes first: it writes the class-data archive (in a cache folder of the script's own, so the
# user's is not touched), as a user's first start does. Needs a built checkout (run ./bitflow once first: a build
# inside a timed run is not a start time), xvfb, xdotool. BITFLOW_CDS=off times starts without the archive; extra
# JVM flags for every run: BITFLOW_JAVA_OPTS; BITFLOW_LAUNCHER=PATH times another build's launcher script.
set -euo pipefail
runs=${1:-5}
display=":${2:-63}"
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
launcher="${BITFLOW_LAUNCHER:-$root/bitflow}"
work="$(mktemp -d -t bitflow-start.XXXXXX)"
xvfb_pid=""
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if ! DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1; then
  Xvfb "$display" -screen 0 1600x1000x24 >"$work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
fi

export XDG_CACHE_HOME="$work/cache"
load() { cut -d' ' -f1 /proc/loadavg; }
echo "load before: $(load)   java: $(java -version 2>&1 | head -1)   class-data archive: ${BITFLOW_CDS:-on}"
# Polls every 50 ms (xdotool's own --sync polls every 500 ms, too coarse for a figure of a few seconds).
wait_for_window() {
  local deadline=$(( $(date +%s) + 120 ))
  until DISPLAY=$display xdotool search --onlyvisible --name 'BitFlow Workbench' >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}
# A polite stop first (on Java 17 the workbench writes its class-data archive at exit), then a hard one after 20 s,
# for builds that do not exit on SIGTERM.
stop() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 200); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
times=()
for i in $(seq 0 "$runs"); do
  settings="$work/settings-$i"
  frame="$work/first-frame-$i"
  start=$(date +%s.%N)
  DISPLAY=$display BITFLOW_JAVA_OPTS="${BITFLOW_JAVA_OPTS:-} -Dbitflow.firstFrameFile=$frame" \
    "$launcher" gui --settings "$settings" >"$work/run-$i.log" 2>&1 &
  pid=$!
  if ! wait_for_window; then
    echo "run $i: no window within 120 s; its output:" >&2
    cat "$work/run-$i.log" >&2
    stop "$pid"
    exit 1
  fi
  end=$(date +%s.%N)
  # The window is mapped before its scene is drawn; the workbench writes the time of its first drawn frame.
  for _ in $(seq 200); do [ -s "$frame" ] && break; sleep 0.05; done
  if [ -s "$frame" ]; then
    end=$(echo "scale=3; $(cat "$frame") / 1000" | bc)
    what="first frame drawn"
  else
    what="window mapped (this build does not report its first frame)"
  fi
  stop "$pid"
  t=$(echo "$end - $start" | bc)
  if [ "$i" -eq 0 ]; then
    printf 'first start (untimed; it writes the archive, if any): %.2f s (load %s)\n' "$t" "$(load)"
    continue
  fi
  times+=("$t")
  printf 'run %d: %.2f s to %s (load %s)\n' "$i" "$t" "$what" "$(load)"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted")
printf 'median %.2f s, fastest %.2f s, slowest %.2f s over %d runs; load after: %s\n' \
  "$median" "$(head -1 <<<"$sorted")" "$(tail -1 <<<"$sorted")" "$runs" "$(load)"
