#!/usr/bin/env bash
# MDN HTTP Observatory against SafeRoute as deployed: gunicorn behind nginx with
# the repository's own deploy/nginx.conf, over TLS on localhost:443 with a
# certificate from a throwaway local CA. Prints the grade and every test.
# Needs root (ports 80/443), nginx and openssl (Debian), and `make setup` done.
# Usage: bash bench/headers_scan.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
observatory="$repo/bench/out/observatory"
pids=()
cleanup() {
  [ -f "$work/nginx.pid" ] && nginx -c "$work/nginx-main.conf" -p "$work" -s stop 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx" >&2; exit 2; }
if ss -ltn | grep -qE ':(80|443|8000)\s'; then
  echo "ports 80, 443 or 8000 are in use; stop what holds them first" >&2; exit 2
fi

# The scanner, pinned; its install script downloads data, so it is skipped.
if [ ! -f "$observatory/node_modules/@mdn/mdn-http-observatory/src/scan.js" ]; then
  mkdir -p "$observatory"
  npm install --prefix "$observatory" --ignore-scripts --no-audit --no-fund --loglevel=error \
    @mdn/mdn-http-observatory@1.4.8 >/dev/null
fi
scanner="$observatory/node_modules/@mdn/mdn-http-observatory"
mkdir -p "$scanner/conf"
[ -f "$scanner/conf/hsts-preload.json" ] || echo '{}' > "$scanner/conf/hsts-preload.json"

# A throwaway certificate authority and a localhost certificate it signs.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=SafeRoute throwaway CA" \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$work/privkey.pem" -out "$work/server.csr" 2>/dev/null
printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n" > "$work/ext.cnf"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 1 -extfile "$work/ext.cnf" -out "$work/fullchain.pem" 2>/dev/null

# The app, as in production, on the upstream address deploy/nginx.conf names.
instance="$work/instance"
"$repo/.venv/bin/flask" --app saferoute keys secret "$instance/secret_key" >/dev/null
"$repo/.venv/bin/flask" --app saferoute keys generate "$instance" >/dev/null
export SAFEROUTE_ENV=production SAFEROUTE_BEHIND_TLS=1
export SAFEROUTE_SECRET_KEY_FILE="$instance/secret_key" SAFEROUTE_PUBLIC_KEY_FILE="$instance/hub_public.key"
export SAFEROUTE_DATABASE_URL="sqlite:///$instance/saferoute.sqlite3"
(cd "$repo" && .venv/bin/flask --app saferoute db upgrade >/dev/null 2>&1)
(cd "$repo" && exec .venv/bin/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:8000 --workers 2 wsgi:app \
  >"$work/gunicorn.log" 2>&1) &
pids+=($!)

# deploy/nginx.conf with only its host paths changed.
sed -e "s#/etc/saferoute/tls/fullchain.pem#$work/fullchain.pem#" \
    -e "s#/etc/saferoute/tls/privkey.pem#$work/privkey.pem#" \
    -e "s#/srv/saferoute/static/#$repo/static/#" \
    -e "s#/var/log/nginx/saferoute-error.log#$work/saferoute-error.log#" \
    "$repo/deploy/nginx.conf" > "$work/saferoute.conf"
cat > "$work/nginx-main.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path $work/client_body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/saferoute.conf;
}
CONF
nginx -t -q -c "$work/nginx-main.conf" -p "$work"
nginx -c "$work/nginx-main.conf" -p "$work"

for _ in $(seq 50); do
  curl -sf --cacert "$work/ca.pem" https://localhost/healthz >/dev/null 2>&1 && break
  sleep 0.2
done
echo "https://localhost/healthz: $(curl -s --cacert "$work/ca.pem" https://localhost/healthz)"
echo "http://localhost/ redirects to: $(curl -s -o /dev/null -w '%{redirect_url}' http://localhost/)"

# The wrapper overwrites NODE_EXTRA_CA_CERTS, so run scan.js directly.
NODE_EXTRA_CA_CERTS="$work/ca.pem" node "$scanner/src/scan.js" localhost > "$work/scan.json"
python3 - "$work/scan.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
if "error" in result:
    sys.exit(f"scan failed: {result['error']}")
scan = result["scan"]
print(f"grade {scan['grade']}  score {scan['score']}  tests passed {scan['testsPassed']}/{scan['testsQuantity']}")
failed = []
for name, test in sorted(result["tests"].items()):
    mark = "pass" if test["pass"] else "FAIL"
    print(f"  {mark}  {name:32} {test['result']:40} {test['scoreModifier']:+d}")
    if not test["pass"]:
        failed.append(name)
if scan["grade"] != "A+" or failed:
    sys.exit(f"target missed: grade {scan['grade']}, failed {failed}")
PY
