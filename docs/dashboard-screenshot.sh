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
# Through chromedriver's WebDriver protocol, so the page runs a few seconds (its pictures come
# over server-sent events after load) before the screenshot; Chromium's --screenshot takes it at load.
command -v chromedriver >/dev/null || { echo "needs chromedriver (apt-get install chromium-driver)" >&2; exit 1; }
port=9515
chromedriver --port=$port >/dev/null 2>&1 &
driver=$!
trap 'kill $demo $driver 2>/dev/null || true; rm -f "$log"' EXIT
/usr/bin/python3 - "$url" "$(realpath -m "$out")" "$port" <<'PY'
import base64, json, sys, time, urllib.request
url, out, port = sys.argv[1], sys.argv[2], sys.argv[3]
def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=60))["value"]
for _ in range(50):
    try:
        call("GET", "/status"); break
    except OSError:
        time.sleep(0.2)
args = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1920,1080",
        "--force-device-scale-factor=1"]
session = call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
    "binary": "/usr/bin/chromium", "args": args}}}})["sessionId"]
try:
    call("POST", f"/session/{session}/url", {"url": url})
    time.sleep(8)
    with open(out, "wb") as f:
        f.write(base64.b64decode(call("GET", f"/session/{session}/screenshot")))
finally:
    call("DELETE", f"/session/{session}")
PY
grep -E '^\[minute' "$log" >&2 || true
echo "wrote $out" >&2
