#!/usr/bin/env bash
# Memory and speed on a large synthetic account: the same scan (IAM, S3, EC2/VPC checks) on a
# small account and on one 10x larger (default 500 roles / 200 buckets / 1,000 security-group rules
# and 5,000 / 2,000 / 10,000), each in a fresh moto server. Prints resources, wall time, peak RSS,
# and how much each grew from small to large: memory must grow far slower than the account.
#
#   bash bench/large_account.sh              # SCALE=0.2 for a quicker run (1,000 roles ...)
# Needs .venv (created by the tests, or: python3 -m venv .venv && .venv/bin/pip install -r tests/requirements.txt).
# Only 127.0.0.1 is contacted.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-$ROOT/target/bench/large}"
SCALE="${SCALE:-1}"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { echo "missing $ROOT/.venv (see the header of this script)" >&2; exit 2; }
mkdir -p "$OUT"
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
  BIN="$ROOT/target/release/ai-security"
fi
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_ENDPOINT_URL || true

run() { # name roles buckets rules -> "resources wall_s rss_mib requests"
  local name=$1 port ep moto
  port="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  ep="http://127.0.0.1:$port"
  MOTO_IAM_LOAD_MANAGED_POLICIES=false "$ROOT/.venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$OUT/$name.moto.log" 2>&1 &
  moto=$!
  for _ in $(seq 1 100); do
    "$PY" -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1]+"/moto-api/", timeout=1)' "$ep" 2>/dev/null && break
    sleep 0.3
  done
  "$PY" "$ROOT/bench/large_account.py" "$ep" "$2" "$3" "$4" >"$OUT/$name.seed.json"
  local r0 r1
  r0=$(grep -cE '" [0-9]{3} ' "$OUT/$name.moto.log" || true)
  /usr/bin/time -v -o "$OUT/$name.time" "$BIN" scan aws --regions us-east-1 --endpoint-url "$ep" \
    --services iam,s3,ec2,vpc --quiet --output-formats json --output-dir "$OUT/$name" \
    --save-inventory "$OUT/$name.inventory.json" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr" || true
  r1=$(grep -cE '" [0-9]{3} ' "$OUT/$name.moto.log" || true)
  kill $moto 2>/dev/null || true; wait $moto 2>/dev/null || true
  local res wall rss
  res=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["resources"]))' "$OUT/$name.inventory.json")
  wall=$(awk -F': ' '/Elapsed \(wall/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$OUT/$name.time")
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$OUT/$name.time")
  echo "$res $wall $rss $((r1 - r0))"
}

n() { "$PY" -c "print(max(1, int($1 * $SCALE)))"; }
read -r SR SW SM SQ <<<"$(run small "$(n 500)" "$(n 200)" "$(n 1000)")"
read -r LR LW LM LQ <<<"$(run large "$(n 5000)" "$(n 2000)" "$(n 10000)")"
printf '%-8s %10s %10s %14s %10s\n' account resources wall_s peak_rss_mib requests
printf '%-8s %10s %10s %14s %10s\n' small "$SR" "$SW" "$SM" "$SQ"
printf '%-8s %10s %10s %14s %10s\n' large "$LR" "$LW" "$LM" "$LQ"
awk -v sr="$SR" -v lr="$LR" -v sw="$SW" -v lw="$LW" -v sm="$SM" -v lm="$LM" 'BEGIN {
  printf "growth small -> large: resources %.1fx, wall %.1fx, peak RSS %.1fx (%.1f KiB per extra resource)\n",
    lr/sr, lw/sw, lm/sm, (lm-sm)*1024/(lr-sr) }'
echo "details: $OUT"
