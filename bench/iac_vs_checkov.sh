#!/usr/bin/env bash
# ai-security `scan iac` vs Checkov on three public IaC repositories: TerraGoat (Terraform, its
# terraform/ directory), CfnGoat (CloudFormation) and terraform-aws-eks (a Terraform module with
# its examples and tests). Prints wall time and peak RSS of both tools with ratios, then which of
# Checkov's failed checks that map to our checks (`aliases: {checkov: [...]}` in checks/) ai-security
# also reports on the same resource, and the ones it misses (bench/iac_compare.py).
#
# From the project root:
#   bash bench/iac_vs_checkov.sh      # creates bench/.checkov-venv (pip install checkov==$CHECKOV_VERSION)
#                                     # and clones the repositories into bench/.iac-targets/ on first use
#   BIN=target/debug/ai-security bash bench/iac_vs_checkov.sh   # that binary, no cargo build
#   SKIP_CHECKOV=1 bash bench/iac_vs_checkov.sh                 # reuse Checkov's last results
#   REPO_BASE=/path/to/mirrors bash bench/iac_vs_checkov.sh     # clone <owner>/<name> from there
# Checkov runs offline: --skip-download (no Prisma Cloud metadata), no external module downloads,
# no package update check, and any request it still makes goes to a closed local port.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGETS_DIR="${TARGETS_DIR:-$ROOT/bench/.iac-targets}"
OUT="${OUT:-$TARGETS_DIR/results}"
VENV="${VENV:-$ROOT/bench/.checkov-venv}"
CHECKOV_VERSION=3.3.30
# name  owner/repository  directory scanned (inside the clone)  Checkov framework
TARGETS="
terragoat          bridgecrewio/terragoat                terraform  terraform
cfngoat            bridgecrewio/cfngoat                  .          cloudformation
terraform-aws-eks  terraform-aws-modules/terraform-aws-eks  .       terraform
"

if [ ! -x "$VENV/bin/checkov" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "checkov==$CHECKOV_VERSION"
fi
PY="$VENV/bin/python"
GOT="$("$PY" -c 'from checkov.version import version; print(version)')"
[ "$GOT" = "$CHECKOV_VERSION" ] || echo "warning: $VENV has checkov $GOT, not $CHECKOV_VERSION" >&2

if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
  BIN="$ROOT/target/release/ai-security"
fi
[ -x "$BIN" ] || { echo "missing $BIN" >&2; exit 2; }

mkdir -p "$TARGETS_DIR" "$OUT"
while read -r name repo _ _; do
  [ -n "$name" ] || continue
  [ -d "$TARGETS_DIR/$name" ] || git clone --quiet --depth 1 "${REPO_BASE:-https://github.com}/$repo" "$TARGETS_DIR/$name"
done <<<"$TARGETS"

# Checkov exits 1 when a check fails; ai-security 3 on --fail-on (unused here), 4 when a check errs.
ok() { local rc=$1 tool=$2 name=$3; shift 3
  case " $* " in *" $rc "*) ;; *) echo "$tool failed on $name (exit $rc), see $OUT/$name" >&2; exit 1 ;; esac; }
wall() { awk -F': ' '/Elapsed \(wall/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$1"; }
rss() { awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$1"; }

COMPARE=()
printf '%-20s %-12s %8s %13s\n' target tool wall_s peak_rss_mib
while read -r name _ dir framework; do
  [ -n "$name" ] || continue
  T="$OUT/$name"; SRC="$TARGETS_DIR/$name/$dir"
  mkdir -p "$T"
  if [ -z "${SKIP_CHECKOV:-}" ] || [ ! -s "$T/checkov.json" ]; then
    rc=0
    env BC_SKIP_MAPPING=TRUE CKV_SKIP_PACKAGE_UPDATE_CHECK=true \
      HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY= \
      http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 no_proxy= \
      /usr/bin/time -v -o "$T/checkov.time" "$VENV/bin/checkov" -d "$SRC" --framework "$framework" \
      -o json --quiet --compact --skip-download --download-external-modules false \
      >"$T/checkov.json" 2>"$T/checkov.stderr" || rc=$?
    ok "$rc" checkov "$name" 0 1
  fi
  rm -rf "$T/ais"
  rc=0
  /usr/bin/time -v -o "$T/ais.time" "$BIN" scan iac "$SRC" --quiet --output-formats json \
    --output-dir "$T/ais" >"$T/ais.stdout" 2>"$T/ais.stderr" || rc=$?
  ok "$rc" ai-security "$name" 0 3 4
  AW=$(wall "$T/ais.time"); AR=$(rss "$T/ais.time"); CW=$(wall "$T/checkov.time"); CR=$(rss "$T/checkov.time")
  printf '%-20s %-12s %8s %13s\n' "$name" ai-security "$AW" "$AR"
  printf '%-20s %-12s %8s %13s\n' "" checkov "$CW" "$CR"
  awk -v aw="$AW" -v cw="$CW" -v ar="$AR" -v cr="$CR" 'BEGIN {
    printf "%-20s ratios (checkov / ai-security): wall %.1fx, peak RSS %.1fx\n", "", cw/(aw>0?aw:0.01), cr/(ar>0?ar:1) }'
  COMPARE+=(--target "$name" "$T/checkov.json" "$T/ais/findings.json")
done <<<"$TARGETS"
echo
"$PY" "$ROOT/bench/iac_compare.py" --checks "$ROOT/checks" "${COMPARE[@]}"
echo "details: $OUT"
