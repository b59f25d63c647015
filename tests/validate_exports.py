#!/usr/bin/env python3
"""Validates ai-security export files against official schemas, offline.

    validate_exports.py ocsf FILE   # a JSON array of OCSF events (Detection Finding, class 2004)
    validate_exports.py asff FILE   # a JSON array of AWS Security Finding Format findings

OCSF: each event is checked against the JSON Schema (draft 2020-12) that the `ocsf-json-schema`
package builds from the official OCSF schema exports it carries (schema.ocsf.io/<version>/export/
schema, 1.0.0-rc.2 to 1.8.0): the version is the event's metadata.version, the class its class_uid,
and the profiles those named in metadata.profiles, as schema.ocsf.io's own JSON Schema does. That
checks required attributes, types, enum ids, the at-least-one constraints and unknown attributes.
On top, what the OCSF server's validator checks and JSON Schema cannot say: type_uid must be
class_uid * 100 + activity_id, a sibling name (severity, status, class_name, type_name, ...) must be
the caption of its enum id, and every profile named must exist. Deprecated attributes and missing
recommended ones are printed to stderr as warnings; they do not fail.

ASFF is checked as the `Findings` parameter of Security Hub's BatchImportFindings, in batches of
100 (the API's limit), with botocore's own parameter validator and service model: the same
validation the AWS SDKs run before sending a request, plus what that validator leaves out and
Security Hub rejects: the model's enum values, the length and count limits its documentation
states, the attributes the ASFF requires (Types and Severity too), SchemaVersion 2018-10-08,
12-digit account ids, finding type namespaces and RFC 3339 timestamps.

No credentials or network are used. Exit 0 and "ok N findings" when every finding is valid;
exit 1 with each problem (index, path, message) otherwise; exit 2 on bad usage.
"""
import functools
import json
import re
import sys

# --------------------------------------------------------------------------------------------
# OCSF

OCSF_OTHER = 99  # an enum id whose sibling name is defined by the source, not the schema


def _json_path(parts):
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


class Ocsf:
    """The packaged OCSF schemas, with the JSON Schemas built from them cached by
    (version, class, profiles)."""

    def __init__(self):
        from ocsf_json_schema import get_ocsf_schema, get_packaged_versions

        self._get = get_ocsf_schema
        self.versions = sorted(get_packaged_versions())
        self._raw = {}
        self._validators = {}

    def raw(self, version):
        if version not in self._raw:
            self._raw[version] = self._get(version)
        return self._raw[version]

    @functools.lru_cache(maxsize=None)
    def class_of(self, version, class_uid):
        for c in self.raw(version)["classes"].values():
            if c.get("uid") == class_uid:
                return c
        return None

    @functools.lru_cache(maxsize=None)
    def profiles(self, version):
        """Every profile name the version knows (from classes and attributes)."""
        raw = self.raw(version)
        if isinstance(raw.get("profiles"), dict):
            return set(raw["profiles"])
        names = set()
        for group in ("classes", "objects"):
            for item in raw.get(group, {}).values():
                names.update(item.get("profiles") or [])
                for a in item.get("attributes", {}).values():
                    if a.get("profile"):
                        names.add(a["profile"])
                    names.update(a.get("profiles") or [])
        return names

    def dictionary(self, version):
        raw = self.raw(version)
        return raw.get("dictionary_attributes") or raw.get("dictionary", {}).get("attributes", {})

    def validator(self, version, class_name, profiles):
        key = (version, class_name, tuple(sorted(set(profiles))))
        if key not in self._validators:
            from jsonschema import Draft202012Validator
            from ocsf_json_schema import OcsfJsonSchemaEmbedded

            schema = OcsfJsonSchemaEmbedded(self.raw(version)).get_class_schema(
                class_name, list(key[2])
            )
            Draft202012Validator.check_schema(schema)
            self._validators[key] = Draft202012Validator(schema)
        return self._validators[key]


def _schema_message(err):
    """jsonschema's message, made readable for OCSF's at_least_one / just_one constraints."""
    if err.validator in ("anyOf", "oneOf"):
        subs = err.validator_value
        if all(set(s) == {"required"} and len(s["required"]) == 1 for s in subs):
            names = ", ".join(s["required"][0] for s in subs)
            if err.validator == "anyOf":
                return f"at least one of {names} is required"
            return f"exactly one of {names} is required"
    if err.validator == "additionalProperties":
        return err.message + " (not an attribute of this class/object for the profiles declared in metadata.profiles)"
    msg = err.message
    return msg if len(msg) <= 400 else msg[:400] + "…"


def _in_profiles(a, profiles):
    """Whether an attribute belongs to the event (no profile, or one of its declared ones)."""
    wanted = a.get("profiles") or ([a["profile"]] if a.get("profile") else [])
    return not wanted or any(p in profiles for p in wanted)


def _walk_attrs(ocsf, version, attrs, value, path, profiles, problems, warnings):
    """The checks JSON Schema cannot express, along the schema's attribute definitions:
    sibling captions, deprecated attributes, missing recommended attributes."""
    if not isinstance(value, dict):
        return
    dictionary = ocsf.dictionary(version)
    objects = ocsf.raw(version).get("objects", {})
    for name, a in attrs.items():
        if not _in_profiles(a, profiles):
            continue
        if name not in value:
            if a.get("requirement") == "recommended":
                warnings.add(f"{_json_path(path)}: recommended attribute {name!r} is missing")
            continue
        v = value[name]
        if "@deprecated" in a:
            why = " ".join(re.sub(r"<[^>]+>", " ", str(a["@deprecated"].get("message", ""))).split())
            warnings.add(f"{_json_path(path + [name])}: deprecated in OCSF {version}: {why}")
        enum = a.get("enum")
        sibling = a.get("sibling") or dictionary.get(name, {}).get("sibling")
        if enum and sibling and sibling in value and isinstance(v, int) and not isinstance(v, bool):
            caption = enum.get(str(v), {}).get("caption")
            if v != OCSF_OTHER and caption is not None and value[sibling] != caption:
                problems.append(
                    f"{_json_path(path + [sibling])}: {value[sibling]!r} is not the caption "
                    f"{caption!r} of {name} {v}"
                )
        if a.get("type") == "object_t" and a.get("object_type") in objects:
            sub = objects[a["object_type"]].get("attributes", {})
            items = v if a.get("is_array") and isinstance(v, list) else [v]
            for i, item in enumerate(items):
                p = path + [name, i] if a.get("is_array") else path + [name]
                _walk_attrs(ocsf, version, sub, item, p, profiles, problems, warnings)


def validate_ocsf(events):
    if not isinstance(events, list):
        return ["the file must hold a JSON array of OCSF events"], []
    ocsf = Ocsf()
    problems, warnings = [], set()
    for i, ev in enumerate(events):
        def bad(path, msg):
            problems.append(f"event {i}: {path}: {msg}")

        if not isinstance(ev, dict):
            bad("$", "not a JSON object")
            continue
        meta = ev.get("metadata") if isinstance(ev.get("metadata"), dict) else {}
        version = meta.get("version")
        if not meta:
            bad("$", "'metadata' (an object with the OCSF version) is required")
            continue
        if version not in ocsf.versions:
            bad("$.metadata.version", f"{version!r} is not an OCSF version this validator carries "
                f"({', '.join(ocsf.versions)})")
            continue
        uid = ev.get("class_uid")
        cls = ocsf.class_of(version, uid) if isinstance(uid, int) and not isinstance(uid, bool) else None
        if cls is None:
            bad("$.class_uid", f"{ev.get('class_uid')!r} is no OCSF {version} class")
            continue
        profiles = meta.get("profiles", [])
        if not (isinstance(profiles, list) and all(isinstance(p, str) for p in profiles)):
            profiles = []  # the schema reports the wrong type
        known = ocsf.profiles(version)
        for p in profiles:
            if p not in known:
                bad("$.metadata.profiles", f"{p!r} is no OCSF {version} profile")
        for p in profiles:
            if p in known and p not in (cls.get("profiles") or []):
                warnings.add(f"$.metadata.profiles: {p!r} does not apply to {cls['name']} in OCSF {version}")
        profiles = [p for p in profiles if p in known]
        v = ocsf.validator(version, cls["name"], profiles)
        for err in sorted(v.iter_errors(ev), key=lambda e: [str(x) for x in e.absolute_path]):
            bad(_json_path(list(err.absolute_path)), _schema_message(err))
        # type_uid is class_uid * 100 + activity_id.
        a, c, t = ev.get("activity_id"), ev.get("class_uid"), ev.get("type_uid")
        if all(isinstance(x, int) for x in (a, c, t)) and t != c * 100 + a:
            bad("$.type_uid", f"{t} is not class_uid * 100 + activity_id = {c * 100 + a}")
        sub = []
        _walk_attrs(ocsf, version, cls.get("attributes", {}), ev, [], profiles, sub, warnings)
        for s in sub:
            problems.append(f"event {i}: {s}")
    return problems, sorted(warnings)


# --------------------------------------------------------------------------------------------
# ASFF

ASFF_SCHEMA_VERSION = "2018-10-08"
ASFF_BATCH = 100  # BatchImportFindings takes at most 100 findings a request
# Required top-level attributes, as the ASFF documentation lists them (the service model leaves
# Types and Severity optional, Security Hub does not).
ASFF_REQUIRED = [
    "AwsAccountId", "CreatedAt", "Description", "GeneratorId", "Id", "ProductArn", "Resources",
    "SchemaVersion", "Severity", "Title", "Types", "UpdatedAt",
]
ASFF_TYPE_NAMESPACES = {
    "Software and Configuration Checks", "TTPs", "Effects", "Unusual Behaviors",
    "Sensitive Data Identifications",
}
# Security Hub's timestamps: RFC 3339 date-time, fractional seconds up to 9 digits.
ASFF_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")
ASFF_TIME_FIELDS = ["CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt", "ProcessedAt"]

_LEN = re.compile(r"Length Constraints: Minimum length of (\d+)\. Maximum length of (\d+)\.")
_LEN_MAX = re.compile(r"Length Constraints: (\d+)\.")
_ITEMS = re.compile(r"Array Members: (?:Minimum number of (\d+) items?\. )?Maximum number of (\d+) items?\.")
_PAIRS = re.compile(r"up to (\d+) key-value pairs\. For each key-value pair, the key can contain up to "
                    r"(\d+) characters, and the value can contain up to (\d+) characters")


def _doc_text(shape):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", getattr(shape, "documentation", "") or ""))


def _doc_limits(doc, value, path):
    """The limits the model states only in its documentation (the API reference's)."""
    out = []
    if isinstance(value, str):
        if m := _LEN.search(doc):
            lo, hi = int(m[1]), int(m[2])
            if not lo <= len(value) <= hi:
                out.append(f"{path}: length {len(value)} is outside {lo}..{hi}")
        elif m := _LEN_MAX.search(doc):
            # A bare "Length Constraints: N." is a maximum (API names, domains: 128); the one
            # exact length, AwsAccountId's 12, is checked on its own.
            if len(value) > int(m[1]):
                out.append(f"{path}: length {len(value)} is more than {m[1]}")
    elif isinstance(value, list) and (m := _ITEMS.search(doc)):
        lo, hi = int(m[1] or 0), int(m[2])
        if not lo <= len(value) <= hi:
            out.append(f"{path}: {len(value)} items, outside {lo}..{hi}")
    elif isinstance(value, dict) and (m := _PAIRS.search(doc)):
        n, klen, vlen = int(m[1]), int(m[2]), int(m[3])
        if len(value) > n:
            out.append(f"{path}: {len(value)} key-value pairs, more than {n}")
        for k, v in value.items():
            if len(k) > klen:
                out.append(f"{path}: key {k[:40]!r}… is longer than {klen} characters")
            if isinstance(v, str) and len(v) > vlen:
                out.append(f"{path}.{k}: value is longer than {vlen} characters")
    return out


def model_problems(shape, value, path, doc=""):
    """What botocore's validator leaves out: string values outside the model's enums and the
    limits stated in the documentation of each member."""
    out = _doc_limits(doc, value, path) if doc else []
    t = shape.type_name
    if t == "structure" and isinstance(value, dict):
        for k, v in value.items():
            if k in shape.members:
                m = shape.members[k]
                out += model_problems(m, v, f"{path}.{k}", _doc_text(m))
    elif t == "list" and isinstance(value, list):
        for i, v in enumerate(value):
            out += model_problems(shape.member, v, f"{path}[{i}]")
    elif t == "map" and isinstance(value, dict):
        for k, v in value.items():
            out += model_problems(shape.value, v, f"{path}.{k}")
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
    for start in range(0, len(findings), ASFF_BATCH):
        batch = findings[start:start + ASFF_BATCH]
        report = ParamValidator().validate({"Findings": batch}, shape)
        if report.has_errors():
            problems.append(f"findings {start}..{start + len(batch) - 1}:\n{report.generate_report()}")
    member = shape.members["Findings"].member
    for i, f in enumerate(findings):
        if not isinstance(f, dict):
            continue  # botocore said so
        problems += model_problems(member, f, f"Findings[{i}]")
        for field in ASFF_REQUIRED:
            if field not in f and field not in member.required_members:
                problems.append(f"Findings[{i}]: missing required attribute {field!r}")
        if f.get("SchemaVersion", ASFF_SCHEMA_VERSION) != ASFF_SCHEMA_VERSION:
            problems.append(f"Findings[{i}].SchemaVersion: must be {ASFF_SCHEMA_VERSION}")
        acct = f.get("AwsAccountId", "")
        if isinstance(acct, str) and not (len(acct) == 12 and acct.isdigit()):
            problems.append(f"Findings[{i}].AwsAccountId: {acct!r} is not a 12-digit account id")
        sev = f.get("Severity")
        if isinstance(sev, dict) and "Label" not in sev and "Normalized" not in sev:
            problems.append(f"Findings[{i}].Severity: needs Label (or the deprecated Normalized)")
        if isinstance(sev, dict) and isinstance(sev.get("Normalized"), int) and not 0 <= sev["Normalized"] <= 100:
            problems.append(f"Findings[{i}].Severity.Normalized: {sev['Normalized']} is outside 0..100")
        types = f.get("Types")
        if isinstance(types, list):
            if not types:
                problems.append(f"Findings[{i}].Types: at least one finding type is required")
            for j, t in enumerate(types):
                parts = t.split("/") if isinstance(t, str) else []
                if not parts or parts[0] not in ASFF_TYPE_NAMESPACES or len(parts) > 3 or "" in parts:
                    problems.append(
                        f"Findings[{i}].Types[{j}]: {t!r} is not namespace[/category[/classifier]] with "
                        f"a namespace of {sorted(ASFF_TYPE_NAMESPACES)}"
                    )
        for field in ASFF_TIME_FIELDS:
            ts = f.get(field)
            if isinstance(ts, str) and not ASFF_TIME.match(ts):
                problems.append(f"Findings[{i}].{field}: {ts!r} is not an RFC 3339 timestamp")
    return problems


# --------------------------------------------------------------------------------------------


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("asff", "ocsf"):
        print(__doc__, file=sys.stderr)
        return 2
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if kind == "asff":
        problems, warnings = validate_asff(data), []
    else:
        problems, warnings = validate_ocsf(data)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} problems", file=sys.stderr)
        return 1
    print(f"ok {len(data)} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
