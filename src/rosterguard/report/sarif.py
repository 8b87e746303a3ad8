"""Findings as a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

The rule descriptors come from the rule registry (summary, doc page, severity, CWE), so a
viewer can show the same help as ``rosterguard rule RG101``. The output is deterministic:
no timestamps and no absolute paths. Results locate files relative to ``%SRCROOT%``, the
directory the run was made from. Each result carries a partial fingerprint built from its
file, code and subject (the endpoint, setting or decorator it is about) and not from its
line, so code scanning keeps matching an alert after unrelated edits move it. A result that
``rosterguard fix`` can fix carries the edit as ``fixes`` (replacements of character ranges).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rosterguard.concepts import Finding
from rosterguard.rules.base import Rule
from rosterguard.scan import physical_lines

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/flake8-rosterguard/"
SOURCE_ROOT = "%SRCROOT%"
FINGERPRINT = "rosterguardSubject/v1"

# Rule metadata severity -> SARIF level, and -> GitHub's numeric security-severity
# (GitHub reads 9.0+ as critical, 7.0-8.9 as high, 4.0-6.9 as medium, 0.1-3.9 as low).
_LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "note": "note"}
_SECURITY_SEVERITY = {"critical": "9.0", "high": "8.0", "medium": "5.0", "low": "3.0", "note": "0.0"}
# Rule metadata confidence -> the precision values GitHub code scanning knows.
_PRECISION = {"very-high": "very-high", "high": "high", "medium": "medium", "low": "low"}

Json = dict[str, Any]
Located = tuple[str, Finding]


@dataclass(frozen=True, slots=True)
class ProposedFix:
    """What a fix does, and the text of its file before and after it."""

    description: str
    before: str
    after: str


def as_sarif(
    findings: Sequence[Located],
    rules: Sequence[type[Rule]],
    tool_version: str,
    fixes: Mapping[Located, ProposedFix] | None = None,
) -> str:
    """One SARIF run: ``findings`` are (path relative to the run directory with ``/``, finding),
    ``fixes`` the fix of some of them."""
    registry = _unique(rules)
    index = {rule.code: position for position, rule in enumerate(registry)}
    seen: dict[tuple[str, str, str], int] = {}
    results = [_result(path, finding, index, registry, seen) for path, finding in findings]
    for result, located in zip(results, findings, strict=True):
        fix = (fixes or {}).get(located)
        if fix is not None:
            result["fixes"] = [_fix(located[0], fix)]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "rosterguard",
                        "version": tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(rule) for rule in registry],
                    }
                },
                "invocations": [{"executionSuccessful": True}],
                "originalUriBaseIds": {
                    SOURCE_ROOT: {"description": {"text": "The directory rosterguard was run from."}}
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def fingerprint(path: str, code: str, subject: str, occurrence: int = 0) -> str:
    """What identifies a finding across edits: its file, code and subject, never its line.

    ``occurrence`` tells apart findings that share all three (the nth such one in the file).
    """
    key = f"{path}\0{code}\0{subject}" + ("" if occurrence == 0 else f"\0{occurrence}")
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


def _unique(rules: Sequence[type[Rule]]) -> list[type[Rule]]:
    """The rules once each, in registry order (RG900 may be passed twice)."""
    codes: set[str] = set()
    unique = []
    for rule in rules:
        if rule.code not in codes:
            codes.add(rule.code)
            unique.append(rule)
    return unique


def _level(rule: type[Rule] | None) -> str:
    return _LEVELS.get(rule.metadata.severity.lower(), "warning") if rule is not None else "warning"


def _descriptor(rule: type[Rule]) -> Json:
    metadata = rule.metadata
    doc = rule.doc()
    tags = ["security"]
    if metadata.cwe:
        tags += [metadata.cwe, "external/cwe/" + metadata.cwe.lower()]
    properties: Json = {
        "tags": tags,
        "precision": _PRECISION.get(metadata.confidence.lower(), "medium"),
        "security-severity": _SECURITY_SEVERITY.get(metadata.severity.lower(), "5.0"),
    }
    if metadata.owasp:
        properties["owasp"] = metadata.owasp
    descriptor: Json = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _section(doc, "What it does") or rule.summary},
        "defaultConfiguration": {"level": _level(rule)},
        "properties": properties,
    }
    if doc:
        descriptor["help"] = {"text": doc, "markdown": doc}
    return descriptor


def _result(
    path: str,
    finding: Finding,
    index: dict[str, int],
    registry: Sequence[type[Rule]],
    seen: dict[tuple[str, str, str], int],
) -> Json:
    key = (path, finding.code, finding.subject)
    occurrence = seen.get(key, 0)
    seen[key] = occurrence + 1
    position = index.get(finding.code)
    result: Json = {"ruleId": finding.code}
    if position is not None:
        result["ruleIndex"] = position
    result.update(
        {
            "level": _level(registry[position] if position is not None else None),
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(path), "uriBaseId": SOURCE_ROOT},
                        "region": {
                            "startLine": max(finding.line, 1),
                            "startColumn": max(finding.column + 1, 1),
                        },
                    }
                }
            ],
            "partialFingerprints": {
                FINGERPRINT: fingerprint(path, finding.code, finding.subject, occurrence)
            },
        }
    )
    return result


def _fix(path: str, fix: ProposedFix) -> Json:
    location = {"uri": _uri(path), "uriBaseId": SOURCE_ROOT}
    changes = [{"artifactLocation": location, "replacements": replacements(fix.before, fix.after)}]
    return {"description": {"text": fix.description}, "artifactChanges": changes}


def replacements(before: str, after: str) -> list[Json]:
    """The edits that turn ``before`` into ``after``, whole lines at a time, as character ranges
    of ``before`` (``charOffset``/``charLength`` in code points, as ``columnKind`` says) and the
    text that replaces each; lines keep their own line endings."""
    old, new = physical_lines(before), physical_lines(after)
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line))
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            region = {"charOffset": starts[i1], "charLength": starts[i2] - starts[i1]}
            edits.append({"deletedRegion": region, "insertedContent": {"text": "".join(new[j1:j2])}})
    return edits


def _uri(path: str) -> str:
    """A relative URI reference: ``/`` kept, everything else but ``A-Za-z0-9_.-~`` percent-encoded
    as UTF-8 (so a ``:`` cannot read as a scheme); undecodable file-name bytes (surrogate
    escapes) go back to the bytes they stand for."""
    return urllib.parse.quote(path, safe="/", errors="surrogateescape")


def _section(doc: str, title: str) -> str:
    """The text of one ``## title`` section of a rule doc, as one paragraph."""
    match = re.search(rf"^##\s+{re.escape(title)}\s*$(.*?)(?=^#|\Z)", doc, re.MULTILINE | re.DOTALL)
    return " ".join(match.group(1).split()) if match else ""
