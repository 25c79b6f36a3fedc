#!/usr/bin/env bash
# Remakes docs/dashboard.png from a real demo: ./scene-labeler demo on the committed clips (the
# real drive and walk, and the synthetic street) with the committed model, then a 1920x1080
# screenshot of its dashboard in Debian's headless Chromium once the charts have a minute of data.
# Run it on a quiet machine: the demo is live, so a busy CPU shows up as skipped frames.
#   docs/dashboard-screenshot.sh [OUTPUT.png]      (CLIPS=drive,walk WAIT_SECONDS=90 to change)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/dashboard.png}"
clips="${CLIPS:-drive,walk,street}"
wait_seconds="${WAIT_SECONDS:-75}"
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)" >&2; exit 1; }
log="$(mktemp)"
./scene-labeler demo --clips "$clips" --duration $((wait_seconds + 60)) --status-every 15 >"$log" 2>&1 &
demo=$!
trap 'kill $demo 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 300); do
  url="$(sed -n 's/^  Dashboard *\(http[^ ]*\)$/\1/p' "$log" | head -1)"
  [ -n "$url" ] && break
  kill -0 $demo 2>/dev/null || { cat "$log" >&2; echo "demo stopped before its dashboard came up" >&2; exit 1; }
  sleep 1
done
[ -n "$url" ] || { echo "no dashboard address in the demo's output after 300 s" >&2; exit 1; }
echo "dashboard at $url; waiting ${wait_seconds} s for a minute of data" >&2
sleep "$wait_seconds"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1920,1080 \
  --screenshot="$(realpath -m "$out")" "$url" >/dev/null 2>&1
grep -E '^\[minute' "$log" >&2 || true
echo "wrote $out" >&2
