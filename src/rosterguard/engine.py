"""One file → findings: analyse the module, run every rule, turn any failure into one RG900."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from rosterguard.analysis.crossfile import NO_PROJECT, CrossFile
from rosterguard.analysis.knowledge import knowledge_for
from rosterguard.analysis.module import analyze_module
from rosterguard.concepts import Finding, ModuleFacts
from rosterguard.config import Settings
from rosterguard.rules import ANALYSIS_FAILURE, RULES

# Cheap textual gate: a module that mentions none of these cannot define an endpoint or a
# settings default that rosterguard models, so it is never walked. It must stay a superset
# of every trigger (tests run the fixtures with and without it).
_GATE_WORDS = (
    "flask", "django", "rest_framework", "fastapi", "route", "View", "urlpatterns",
    "REST_FRAMEWORK", "INSTALLED_APPS", "add_url_rule", "request", "Router", "Blueprint",
)


@dataclass(frozen=True, slots=True)
class Report:
    facts: ModuleFacts
    findings: tuple[Finding, ...]


def might_define_endpoints(source: str) -> bool:
    return any(word in source for word in _GATE_WORDS)


def check_tree(tree: ast.Module, source: str, settings: Settings, cross: CrossFile = NO_PROJECT, *, complete: bool = False) -> Report:
    """Findings for one parsed module, with what the rest of the project says of it; never raises.

    ``complete`` also reads what authorized endpoints return (the inventory shows it; no rule
    reports it).
    """
    if not might_define_endpoints(source):
        return Report(ModuleFacts(), ())
    try:
        facts = analyze_module(tree, knowledge_for(settings), cross, exposures_when_authorized=complete)
        findings = {finding for rule in RULES for finding in rule.check(facts)}
    except RecursionError:
        return Report(ModuleFacts(), (ANALYSIS_FAILURE.failure("the code is nested too deeply to analyse"),))
    except Exception as error:  # noqa: BLE001 - the host must never see our failures
        reason = f"internal error {type(error).__name__}: {error}"
        return Report(ModuleFacts(), (ANALYSIS_FAILURE.failure(reason[:200]),))
    return Report(facts, tuple(sorted(findings)))


def check_source(source: str, settings: Settings, cross: CrossFile = NO_PROJECT, *, complete: bool = False) -> Report:
    """Parse and check source text (the console script's path; flake8 hands us its tree)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return Report(ModuleFacts(), (ANALYSIS_FAILURE.failure(f"syntax error at line {error.lineno}: {error.msg}"),))
    except (ValueError, RecursionError, MemoryError) as error:
        return Report(ModuleFacts(), (ANALYSIS_FAILURE.failure(f"cannot parse: {type(error).__name__}"),))
    return check_tree(tree, source, settings, cross, complete=complete)
