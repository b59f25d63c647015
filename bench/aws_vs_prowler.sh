#!/usr/bin/env bash
# ai-security vs Prowler on the shared seeded emulator account, in one run:
# one moto server, seeded once with ../shared/bench/aws/seed.py; Prowler and ai-security scan the
# same server; both are scored with ../shared/bench/aws/analyze.py. Prints wall time, peak RSS,
# requests served by moto, planted issues detected, hardened resources flagged, and ratios.
#
# From the project root:
#   python3 -m venv .bench-venv && .bench-venv/bin/pip install -r ../shared/bench/aws/requirements.txt
#   bash bench/aws_vs_prowler.sh            # SKIP_PROWLER=1 to measure ai-security alone
#   LATENCY_MS=100 bash bench/aws_vs_prowler.sh   # both tools through tests/fault_proxy.py, which
#                                                 # adds 100 ms to every request (as real endpoints have)
# Only 127.0.0.1 is contacted.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared/bench/aws}"
VENV="${VENV:-$ROOT/.bench-venv}"
OUT="${OUT:-$ROOT/target/bench/aws}"
REGIONS="us-east-1 eu-west-1"
PROWLER_SERVICES="s3 iam ec2 vpc cloudtrail kms rds awslambda dynamodb sns sqs secretsmanager ecr elbv2 cloudwatch config guardduty acm"
# The same scope for ai-security (its account-level IAM checks are service `account`, CloudWatch
# Logs is `logs`); a second run covers every service it knows.
AIS_SERVICES="s3,iam,account,ec2,vpc,cloudtrail,kms,rds,lambda,dynamodb,sns,sqs,secretsmanager,ecr,elbv2,cloudwatch,logs,config,guardduty,acm"
EXCLUDED="cloudtrail_threat_detection_enumeration cloudtrail_threat_detection_privilege_escalation cloudtrail_threat_detection_llm_jacking kms_key_enclave_attestation_unknown_image kms_key_enclave_debug_attestation_detected ec2_elastic_ip_shodan"
PY="$VENV/bin/python"
[ -x "$PY" ] || { echo "missing $VENV (see the header of this script)" >&2; exit 2; }
[ -f "$SHARED/seed.py" ] || { echo "missing $SHARED" >&2; exit 2; }
mkdir -p "$OUT"
rm -rf "$OUT/ais" "$OUT/ais-all" "$OUT/prowler" "$OUT"/*.time "$OUT"/*.stdout "$OUT"/*.stderr
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
BIN="$ROOT/target/release/ai-security"

PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
EP="http://127.0.0.1:$PORT"
MOTO_AMIS_PATH="$SHARED/moto_amis.json" MOTO_IAM_LOAD_MANAGED_POLICIES=true \
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$OUT/moto.log" 2>&1 &
MOTO=$!
trap 'kill $MOTO 2>/dev/null || true; wait $MOTO 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  "$PY" -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1]+"/moto-api/", timeout=1)' "$EP" 2>/dev/null && break
  sleep 0.3
done

export AWS_ENDPOINT_URL="$EP" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost
export http_proxy=$HTTP_PROXY https_proxy=$HTTPS_PROXY no_proxy=$NO_PROXY
unset AWS_PROFILE || true

"$PY" "$SHARED/seed.py" "$PORT" --planted-out "$OUT/planted.json" >"$OUT/seed.log" 2>&1

if [ -n "${LATENCY_MS:-}" ]; then
  PPORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "$PY" "$ROOT/tests/fault_proxy.py" --listen "$PPORT" --upstream "$EP" --latency "$LATENCY_MS" >"$OUT/proxy.log" 2>&1 &
  PROXY=$!
  trap 'kill $MOTO $PROXY 2>/dev/null || true; wait $MOTO $PROXY 2>/dev/null || true' EXIT
  for _ in $(seq 1 50); do
    "$PY" -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1]+"/__proxy/stats", timeout=1)' "http://127.0.0.1:$PPORT" 2>/dev/null && break
    sleep 0.2
  done
  export AWS_ENDPOINT_URL="http://127.0.0.1:$PPORT"
  echo "every request delayed by ${LATENCY_MS} ms (fault proxy on port $PPORT)"
fi
requests() { grep -cE '"[A-Z]+ [^ ]+ HTTP/[0-9.]+" [0-9]{3} ' "$OUT/moto.log" || true; }

RA=$(requests)
/usr/bin/time -v -o "$OUT/ais-all.time" "$BIN" scan aws --regions "${REGIONS// /,}" --level deep --quiet \
  --output-formats ocsf,json --output-dir "$OUT/ais-all" --save-inventory "$OUT/inventory.json" >"$OUT/ais-all.stdout" 2>"$OUT/ais-all.stderr" || true
R0=$(requests)
/usr/bin/time -v -o "$OUT/ais.time" "$BIN" scan aws --regions "${REGIONS// /,}" --level deep --quiet \
  --services "$AIS_SERVICES" --output-formats ocsf,json --output-dir "$OUT/ais" >"$OUT/ais.stdout" 2>"$OUT/ais.stderr" || true
R1=$(requests)

if [ -z "${SKIP_PROWLER:-}" ]; then
  export PYTHONPATH="$SHARED/shim${PYTHONPATH:+:$PYTHONPATH}"
  /usr/bin/time -v -o "$OUT/prowler.time" "$VENV/bin/prowler" aws --region $REGIONS --service $PROWLER_SERVICES \
    --excluded-check $EXCLUDED --scan-unused-services --output-formats json-ocsf \
    --output-directory "$OUT/prowler" --output-filename prowler --no-banner --no-color \
    --log-level ERROR >"$OUT/prowler.stdout" 2>&1 || true
  R2=$(requests)
fi

score() { # findings.ocsf.json -> "detected/total fp/total"
  "$PY" - "$OUT/planted.json" "$1" "$SHARED" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[3])
import analyze
planted = json.load(open(sys.argv[1]))["items"]
findings = analyze.load_findings(sys.argv[2])
det = fp = fails = passes = 0
for it in planted:
    hits = analyze.attributed(it, findings)
    failed = any(h["status"] == "FAIL" and not h["muted"] for h in hits)
    if it["expect"] == "fail":
        fails += 1; det += failed
    else:
        passes += 1; fp += failed
print(f"{det} {fails} {fp} {passes}")
PY
}
wall() { awk -F': ' '/Elapsed \(wall/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$1"; }
rss() { awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$1"; }

read -r AD AT AF AP <<<"$(score "$OUT/ais/findings.ocsf.json")"
AW=$(wall "$OUT/ais.time"); AR=$(rss "$OUT/ais.time"); AQ=$((R1 - R0))
printf '%-12s %10s %12s %10s %20s %22s\n' tool wall_s peak_rss_mib requests planted_detected hardened_flagged
read -r XD XT XF XP <<<"$(score "$OUT/ais-all/findings.ocsf.json")"
XW=$(wall "$OUT/ais-all.time"); XR=$(rss "$OUT/ais-all.time"); XQ=$((R0 - RA))
printf '%-12s %10s %12s %10s %20s %22s\n' ai-security "$AW" "$AR" "$AQ" "$AD/$AT" "$AF/$AP"
printf '%-12s %10s %12s %10s %20s %22s   (all %s services, not only Prowler'"'"'s)\n' ais-all "$XW" "$XR" "$XQ" "$XD/$XT" "$XF/$XP" 39
if [ -z "${SKIP_PROWLER:-}" ]; then
  read -r PD PT PF PP <<<"$(score "$OUT/prowler/prowler.ocsf.json")"
  PW=$(wall "$OUT/prowler.time"); PR=$(rss "$OUT/prowler.time"); PQ=$((R2 - R1))
  printf '%-12s %10s %12s %10s %20s %22s\n' prowler "$PW" "$PR" "$PQ" "$PD/$PT" "$PF/$PP"
  awk -v aw="$AW" -v pw="$PW" -v ar="$AR" -v pr="$PR" -v aq="$AQ" -v pq="$PQ" 'BEGIN {
    printf "ratios (prowler / ai-security): wall %.1fx, peak RSS %.1fx, requests %.2fx\n", pw/aw, pr/ar, pq/(aq>0?aq:1) }'
fi
echo "details: $OUT"
