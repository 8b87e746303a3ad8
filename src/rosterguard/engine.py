"""One file → findings: analyse the module, run every rule, turn any failure into one RG900."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from rosterguard.analysis.crossfile import NO_PROJECT, CrossFile
from rosterguard.analysis.knowledge import Knowledge, knowledge_for
from rosterguard.analysis.module import analyze_module
from rosterguard.concepts import Finding, ModuleFacts
from rosterguard.config import Settings
from rosterguard.rules import ANALYSIS_FAILURE, RULES

# Cheap textual gate: a module that mentions none of these (nor any modelled framework's
# package) cannot define an endpoint or a settings default that rosterguard models, so it is
# never walked. It must stay a superset of every trigger (tests run the fixtures with and
# without it and require the same findings).
_GATE_WORDS = (
    "route",
    "View",
    "urlpatterns",
    "REST_FRAMEWORK",
    "INSTALLED_APPS",
    "add_url_rule",
    "request",
    "Router",
    "Blueprint",
)


@dataclass(frozen=True, slots=True)
class Report:
    facts: ModuleFacts
    findings: tuple[Finding, ...]


def might_define_endpoints(source: str, knowledge: Knowledge) -> bool:
    return any(word in source for word in _GATE_WORDS) or any(
        root in source for root in knowledge.import_roots
    )


def check_tree(
    tree: ast.Module,
    source: str,
    settings: Settings,
    cross: CrossFile = NO_PROJECT,
    *,
    complete: bool = False,
    precheck: bool = True,
) -> Report:
    """Findings for one parsed module, with what the rest of the project says of it; never raises.

    ``complete`` also reads what authorized endpoints return (the inventory shows it; no rule
    reports it). ``precheck=False`` walks every module (to test that the pre-check only skips).
    """
    knowledge = knowledge_for(settings)
    if precheck and not might_define_endpoints(source, knowledge):
        return Report(ModuleFacts(), ())
    try:
        facts = analyze_module(tree, knowledge, cross, exposures_when_authorized=complete)
        findings = {finding for rule in RULES for finding in rule.check(facts)}
    except RecursionError:
        return Report(ModuleFacts(), (ANALYSIS_FAILURE.failure("the code is nested too deeply to analyse"),))
    except Exception as error:  # noqa: BLE001 - the host must never see our failures
        reason = f"internal error {type(error).__name__}: {error}"
        return Report(ModuleFacts(), (ANALYSIS_FAILURE.failure(reason[:200]),))
    return Report(facts, tuple(sorted(findings)))


def check_source(
    source: str, settings: Settings, cross: CrossFile = NO_PROJECT, *, complete: bool = False
) -> Report:
    """Parse and check source text (the console script's path; flake8 hands us its tree)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        where = f"at line {error.lineno}" if error.lineno else "in the file"
        return Report(ModuleFacts(), (ANALYSIS_FAILURE.failure(f"syntax error {where}: {error.msg}"),))
    except (ValueError, RecursionError, MemoryError) as error:
        return Report(ModuleFacts(), (ANALYSIS_FAILURE.failure(f"cannot parse: {type(error).__name__}"),))
    return check_tree(tree, source, settings, cross, complete=complete)
