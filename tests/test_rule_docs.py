"""Rule docs: required sections in order, examples that really fire (or not), options that exist."""

from __future__ import annotations

import re
import sys

import pytest
from conftest import ROOT

from rosterguard.config import OPTION_KEYS, Settings
from rosterguard.engine import check_source
from rosterguard.rules import RULES, Rule

sys.path.insert(0, str(ROOT / "scripts"))
from generate_rule_docs import pages

SECTIONS = ["What it does", "Why is this bad?", "Example", "Use instead", "How rosterguard decides", "Options", "Known limitations", "Suppressing", "References"]
_BLOCK = re.compile(r"## (Example|Use instead)\n```python\n(.*?)```", re.DOTALL)


def _ids(rule: Rule) -> str:
    return rule.code


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_sections_in_order(rule: Rule) -> None:
    assert re.findall(r"^## (.+)$", rule.doc(), re.MULTILINE) == SECTIONS
    assert rule.doc().startswith(f"# {rule.code} · {rule.name}\n")


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_examples_fire_and_fixes_do_not(rule: Rule) -> None:
    blocks = dict(_BLOCK.findall(rule.doc()))
    example = blocks["Example"]
    expected = {(n, code) for n, line in enumerate(example.splitlines(), 1) for code in re.findall(r"expect: (RG\d+)", line)}
    assert any(code == rule.code for _, code in expected)
    assert {(f.line, f.code) for f in check_source(example, Settings()).findings} == expected
    assert check_source(blocks["Use instead"], Settings()).findings == ()


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_options_exist(rule: Rule) -> None:
    assert set(rule.options) <= OPTION_KEYS
    documented = set(re.findall(r"^- `([a-z-]+)`$", rule.doc().split("## Options")[1].split("##")[0], re.MULTILINE))
    assert documented == set(rule.options)


def test_generated_pages_are_current() -> None:
    for path, text in pages().items():
        assert path.is_file() and path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run scripts/generate_rule_docs.py"


def test_codes_are_unique_and_each_has_fixtures() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    fixture_text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "fixtures").rglob("*.py"))
    for code in codes:
        if code not in ("RG900", "RG301"):
            assert f"expect: {code}" in fixture_text or f", {code}" in fixture_text, code
