#!/usr/bin/env python3
"""Validates ai-security export files against the official request model, offline.

    validate_exports.py asff FILE   # a JSON array of AWS Security Finding Format findings

ASFF is checked as the `Findings` parameter of Security Hub's BatchImportFindings, in batches of
100 (the API's limit), with botocore's own parameter validator and service model: the same
validation the AWS SDKs run before sending a request, plus the model's enum values, which that
validator does not check. No credentials or network are used.
Exit 0 and "ok N findings" when every finding is valid; exit 1 with each problem otherwise.
"""
import json
import sys


def enum_problems(shape, value, path):
    """What botocore's validator leaves out: string values outside the model's enums."""
    out = []
    t = shape.type_name
    if t == "structure" and isinstance(value, dict):
        for k, v in value.items():
            if k in shape.members:
                out += enum_problems(shape.members[k], v, f"{path}.{k}")
    elif t == "list" and isinstance(value, list):
        for i, v in enumerate(value):
            out += enum_problems(shape.member, v, f"{path}[{i}]")
    elif t == "map" and isinstance(value, dict):
        for k, v in value.items():
            out += enum_problems(shape.value, v, f"{path}.{k}")
    elif t == "string" and getattr(shape, "enum", None) and isinstance(value, str):
        if value not in shape.enum:
            out.append(f"{path}: {value!r} is not one of {shape.enum}")
    return out


def validate_asff(findings):
    import botocore.session
    from botocore.validate import ParamValidator

    model = botocore.session.get_session().get_service_model("securityhub")
    shape = model.operation_model("BatchImportFindings").input_shape
    problems = []
    if not isinstance(findings, list):
        return ["the file must hold a JSON array of findings"]
    for start in range(0, len(findings), 100):
        batch = findings[start:start + 100]
        report = ParamValidator().validate({"Findings": batch}, shape)
        if report.has_errors():
            problems.append(f"findings {start}..{start + len(batch) - 1}:\n{report.generate_report()}")
    member = shape.members["Findings"].member
    for i, f in enumerate(findings):
        problems += enum_problems(member, f, f"Findings[{i}]")
        if f.get("SchemaVersion") != "2018-10-08":
            problems.append(f"finding {i}: SchemaVersion must be 2018-10-08")
        acct = f.get("AwsAccountId", "")
        if not (len(acct) == 12 and acct.isdigit()):
            problems.append(f"finding {i}: AwsAccountId {acct!r} is not a 12-digit account id")
        for field, limit in [("Title", 256), ("Description", 1024)]:
            if len(f.get(field, "")) > limit:
                problems.append(f"finding {i}: {field} is longer than {limit} characters")
    return problems


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("asff",):
        print(__doc__, file=sys.stderr)
        return 2
    kind, path = sys.argv[1], sys.argv[2]
    with open(path) as fh:
        data = json.load(fh)
    problems = validate_asff(data)
    if problems:
        print("\n".join(problems))
        return 1
    print(f"ok {len(data)} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
