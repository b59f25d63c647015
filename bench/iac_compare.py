#!/usr/bin/env python3
"""Checkov's failed checks against ai-security's findings on the same IaC directory.

A Checkov failed check is "mapped" when its id is in the `aliases: {checkov: [...]}` of some
check in the catalog (checks/**/*.yaml); ai-security "also finds it" when it has a FAIL finding
for one of those checks on the same resource in the same file. Resources are compared by name:
Terraform addresses without `module.NAME.` prefixes and `[index]` keys, CloudFormation logical
ids without Checkov's `AWS::Service::Type.` prefix and our `#part` suffix. An inline policy
(`aws_iam_user_policy`, `AWS::IAM::Policy`, ...) is compared through the users, roles and groups
it is attached to, because ai-security reports inline policies on their principal. A mapped detection is
counted once per (check id, file, resource), however many module calls render it.

A missed detection on a resource that the code does not create (its block, or a module call
above it, has `count = 0` or an empty `for_each`: ai-security lists these under
`scan.not_created`, with file and line to verify) is counted apart: Checkov does not evaluate
`count`, so it reports on resources that would never exist.

    iac_compare.py --checks checks --target NAME CHECKOV_JSON AIS_FINDINGS_JSON [--target ...]

Needs PyYAML (Checkov's virtualenv has it).
"""
import argparse
import collections
import json
import pathlib
import re
import sys

import yaml

BRACKETS = re.compile(r"\[[^\]]*\]")
MODULES = re.compile(r"^(module\.[^.]+\.)+")
CFN_TYPE = re.compile(r"^[A-Za-z0-9]+(::[A-Za-z0-9]+)+\.")


def norm_resource(name):
    name = CFN_TYPE.sub("", name or "")
    name = name.split("#", 1)[0]
    name = BRACKETS.sub("", name)
    return MODULES.sub("", name)


def norm_file(path):
    return (path or "").replace("\\", "/").lstrip("/")


def load_aliases(checks_dir):
    """Checkov id -> our check ids."""
    out = collections.defaultdict(set)
    for p in sorted(pathlib.Path(checks_dir).rglob("*.y*ml")):
        try:
            doc = yaml.safe_load(p.read_text())
        except yaml.YAMLError as e:
            print(f"warning: {p}: {e}", file=sys.stderr)
            continue
        if not isinstance(doc, dict) or "id" not in doc:
            continue
        for ckv in (doc.get("aliases") or {}).get("checkov") or []:
            out[str(ckv)].add(doc["id"])
    return out


INLINE_POLICY = re.compile(r"^(aws_iam_(user|role|group)_policy|AWS::IAM::Policy)\.")
TF_PRINCIPAL = re.compile(r"\b(aws_iam_(?:user|role|group)\.[A-Za-z0-9_-]+)\.")
CFN_REF = re.compile(r"(?:!Ref\s+|Ref:\s*|['\"]Ref['\"]:\s*['\"])([A-Za-z0-9]+)")


def principals(check):
    """The users, roles and groups an inline policy (Terraform `aws_iam_*_policy`, CloudFormation
    `AWS::IAM::Policy`) is attached to, read from Checkov's code block. We report those findings
    on the principal, which carries its inline policies, so the principal is the resource to
    compare with."""
    if not INLINE_POLICY.match(norm_resource_keep_type(check.get("resource"))):
        return []
    code = "".join(line for _, line in check.get("code_block") or [])
    if not code and check.get("file_abs_path") and check.get("file_line_range"):
        # `--compact` output has no code block: read the lines from the scanned file.
        first, last = check["file_line_range"]
        try:
            lines = pathlib.Path(check["file_abs_path"]).read_text(errors="replace").splitlines()
            code = "\n".join(lines[first - 1:last])
        except OSError:
            code = ""
    found = TF_PRINCIPAL.findall(code) or CFN_REF.findall(code)
    return sorted({norm_resource(p) for p in found})


def norm_resource_keep_type(name):
    name = BRACKETS.sub("", (name or "").split("#", 1)[0])
    return MODULES.sub("", name)


def load_checkov(path):
    """Failed checks from Checkov's JSON (one report object, or a list with one per framework)."""
    text = pathlib.Path(path).read_text().strip()
    if not text:
        return []
    doc = json.loads(text)
    reports = doc if isinstance(doc, list) else [doc]
    failed = []
    for r in reports:
        failed.extend((r.get("results") or {}).get("failed_checks") or [])
    return failed


def load_not_created(path):
    """Addresses (without instance keys) of the blocks ai-security found to create nothing, and
    of every resource it did check, to tell apart a module call created in another root."""
    doc = json.loads(pathlib.Path(path).read_text())
    blocks = [(n.get("file", ""), BRACKETS.sub("", n.get("address", "")))
              for n in (doc.get("scan") or {}).get("not_created") or []]
    checked = {BRACKETS.sub("", f.get("resource_name") or "") for f in doc.get("findings", [])}
    return blocks, checked


def not_created(raw, file, blocks, checked):
    """Whether Checkov's resource lies in a block that the code creates nothing of."""
    addr = BRACKETS.sub("", raw or "")
    for bfile, baddr in blocks:
        parts = baddr.split(".")
        if len(parts) >= 2 and parts[-2] == "module":
            # A module call: everything under it (in the module's own files).
            inside = addr.startswith(baddr + ".")
            elsewhere = any(c.startswith(baddr + ".") for c in checked)
            if inside and not elsewhere:
                return True
        elif addr == baddr and file == norm_file(bfile) and addr not in checked:
            return True
    return False


def load_ais(path):
    """(check id, file, resource) of every unmuted FAIL, (check id, file) for looser hints, and
    the statuses (PASS, MANUAL, ..., MUTED) of every (check id, file, resource)."""
    doc = json.loads(pathlib.Path(path).read_text())
    exact, by_file = set(), set()
    statuses = collections.defaultdict(set)
    for f in doc.get("findings", []):
        loc = f.get("location") or {}
        file = loc.get("file") or f.get("resource_uid", "").split("#", 1)[0]
        key = (f["check_id"], norm_file(file), norm_resource(f.get("resource_name")))
        statuses[key].add("MUTED" if f.get("muted") else f.get("status", "?"))
        if f.get("status") != "FAIL" or f.get("muted"):
            continue
        exact.add(key)
        by_file.add(key[:2])
    return exact, by_file, statuses


def compare(name, checkov_json, ais_json, aliases):
    failed = load_checkov(checkov_json)
    ours, ours_by_file, statuses = load_ais(ais_json)
    mapped = {}  # (ckv id, file, resource) -> (raw resource, line range)
    unmapped = collections.Counter()
    for c in failed:
        ckv = c.get("check_id", "")
        if ckv not in aliases:
            unmapped[ckv] += 1
            continue
        key = (ckv, norm_file(c.get("file_path")), norm_resource(c.get("resource")))
        mapped.setdefault(key, (c.get("resource"), c.get("file_line_range") or [], principals(c)))
    blocks, checked = load_not_created(ais_json)
    found, missed, uncreated = 0, [], []
    ours_anywhere = {(cid, res) for cid, _, res in ours}
    for (ckv, file, res), (raw, lines, attached) in sorted(mapped.items()):
        ids = aliases[ckv]
        if any((cid, file, res) in ours for cid in ids):
            found += 1
            continue
        # An inline policy: our finding is on the principal it is attached to (in any file).
        if any((cid, p) in ours_anywhere for cid in ids for p in attached):
            found += 1
            continue
        if not_created(raw, file, blocks, checked):
            uncreated.append((ckv, raw, file, lines[0] if lines else "?"))
            continue
        elsewhere = any((cid, file) in ours_by_file for cid in ids)
        said = sorted(set().union(*(statuses.get((cid, file, res), set()) for cid in ids)))
        missed.append((ckv, sorted(ids), raw, file, lines[0] if lines else "?", elsewhere,
                       "/".join(said) or "no finding"))
    return {
        "name": name,
        "failed": len(failed),
        "mapped": len(mapped),
        "found": found,
        "missed": missed,
        "not_created": len(uncreated),
        "uncreated": uncreated,
        "unmapped": unmapped,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checks", required=True, help="the check catalog directory")
    ap.add_argument("--target", nargs=3, action="append", required=True,
                    metavar=("NAME", "CHECKOV_JSON", "AIS_FINDINGS_JSON"))
    ap.add_argument("--unmapped", type=int, default=12,
                    help="how many unmapped failing Checkov AWS check ids to list per target (0: none)")
    args = ap.parse_args()
    aliases = load_aliases(args.checks)
    results = [compare(n, c, a, aliases) for n, c, a in args.target]

    print(f"{'target':<20} {'checkov_failed':>14} {'mapped':>7} {'found_by_ai-security':>21} {'pct':>6}"
          f" {'on_uncreated':>13} {'pct_of_created':>15}")
    total = collections.Counter()
    for r in results:
        total.update({k: r[k] for k in ("failed", "mapped", "found", "not_created")})
    for r in results + [dict(total, name="all")]:
        pct = f"{100 * r['found'] / r['mapped']:.0f}%" if r["mapped"] else "-"
        created = r["mapped"] - r["not_created"]
        pct_created = f"{100 * r['found'] / created:.0f}%" if created else "-"
        print(f"{r['name']:<20} {r['failed']:>14} {r['mapped']:>7} {r['found']:>21} {pct:>6}"
              f" {r['not_created']:>13} {pct_created:>15}")
    print("(mapped: Checkov failed checks whose id is a checkov alias of one of our checks, "
          "counted once per check, file and resource; on_uncreated: mapped detections ai-security "
          "does not report because the resource is in a block with count = 0 or an empty "
          "for_each, see scan.not_created in its findings.json; pct_of_created leaves those out)")

    for r in results:
        if r["not_created"]:
            print(f"\n{r['name']}: mapped detections on resources the code does not create "
                  f"({r['not_created']}; count = 0 or an empty for_each, see scan.not_created)")
            for ckv, raw, file, line in r["uncreated"]:
                print(f"   {ckv:<13} {raw:<55} {file}:{line}")
        if not r["missed"]:
            continue
        print(f"\n{r['name']}: mapped but missed by ai-security ({len(r['missed'])}); "
              "[what ai-security reported there]; * = it fails that check on another resource "
              "of the same file")
        said = collections.Counter(m[6] for m in r["missed"])
        print("   by ai-security status: " + ", ".join(f"{k} {n}" for k, n in said.most_common()))
        for ckv, ids, raw, file, line, elsewhere, st in r["missed"]:
            mark = "*" if elsewhere else " "
            print(f" {mark} {ckv:<13} {raw:<55} {file}:{line}  {', '.join(ids)} [{st}]")
    if args.unmapped:
        for r in results:
            aws = [(k, n) for k, n in r["unmapped"].most_common() if "_AWS_" in k]
            if aws:
                shown = ", ".join(f"{k}×{n}" for k, n in aws[: args.unmapped])
                more = f", … {len(aws) - args.unmapped} more" if len(aws) > args.unmapped else ""
                print(f"\n{r['name']}: failing Checkov AWS checks without an alias "
                      f"({len(aws)} ids, {sum(n for _, n in aws)} failures): {shown}{more}")


if __name__ == "__main__":
    main()
