#!/usr/bin/env python3
"""Creates the test fixtures in a moto server through the AWS API.

Each module in groups/ defines seed(client, scenario); this driver calls them all (or the ones
named with --groups) against the server at --endpoint. Scenarios: "main" (per-resource pass and
fail pairs on a fresh account) and "hardened" (account and region settings hardened).
"""
import argparse
import importlib.util
import pathlib
import sys

import boto3
from botocore.config import Config


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--scenario", choices=["main", "hardened"], required=True)
    ap.add_argument("--groups", default="", help="comma separated group names (default: all)")
    args = ap.parse_args()
    if not args.endpoint.startswith(("http://127.0.0.1", "http://localhost")):
        print("refusing to seed anything but a loopback emulator", file=sys.stderr)
        return 2

    cfg = Config(retries={"max_attempts": 2}, s3={"addressing_style": "path"})

    def client(service, region="us-east-1"):
        return boto3.client(
            service,
            region_name=region,
            endpoint_url=args.endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=cfg,
        )

    here = pathlib.Path(__file__).parent / "groups"
    wanted = {g for g in args.groups.split(",") if g}
    for path in sorted(here.glob("*.py")):
        if wanted and path.stem not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(f"group_{path.stem}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mod.seed(client, args.scenario)
        print(f"seeded {path.stem} ({args.scenario})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
