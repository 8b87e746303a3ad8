"""From findings to fixes: the edit that fixes each finding (safe or not, or advice when no edit
can), tried alone on its file, and each file with its edits made. ``rosterguard fix`` prints or
writes them, SARIF carries them as ``fixes``, the HTML inventory shows the proposed guards."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import libcst as cst

from rosterguard.concepts import AccessLevel, Endpoint, Finding, ModuleFacts
from rosterguard.fix.action_permissions import permissions_into_action
from rosterguard.fix.change import CannotFix, Change, applied
from rosterguard.fix.default_permissions import DEFAULT, KEY, authenticated_default
from rosterguard.fix.endpoints import ParsedFile, action_of
from rosterguard.fix.files import Unparsable
from rosterguard.fix.guards import GuardKind, Sibling, Target, choose
from rosterguard.fix.route_order import guard_below_route
from rosterguard.fix.routes import last_route
from rosterguard.fix.sibling_guard import FORM_BINDINGS, guard_change, shown
from rosterguard.project.layout import find_root, python_files
from rosterguard.rules import RULES
from rosterguard.rules.base import ExposureRule
from rosterguard.rules.misplaced_guard import MisplacedGuard
from rosterguard.rules.open_default_permissions import OpenDefaultPermissions
from rosterguard.scan import FileResult, check_file


@dataclass(frozen=True, slots=True)
class Proposal:
    """A fix for the findings of one subject (an endpoint's RG101 and RG102 share one guard)."""

    path: str
    findings: tuple[Finding, ...]
    safe: bool
    description: str
    change: Change | None = None  # None: no edit; ``description`` says what to do by hand
    after: cst.Module | None = None  # the file with only this change made


@dataclass(frozen=True, slots=True)
class FilePlan:
    path: str
    before: cst.Module | None
    proposals: tuple[Proposal, ...] = ()
    problem: str = ""  # why the file is left alone

    def after(self, unsafe: bool) -> cst.Module | None:
        """The file with every safe change (and with ``unsafe``, every change) made."""
        changes = [p.change for p in self.proposals if p.change is not None and (p.safe or unsafe)]
        return applied(self.before, changes) if self.before is not None and changes else None


def plan(results: Sequence[FileResult]) -> list[FilePlan]:
    """A plan for every file with findings, in the order of ``results``."""
    planner = _Planner(results)
    return [planner.plan(result) for result in results if result.visible_findings()]


class _Planner:
    """One run's plans, reading each file once and the project only when a module has no guard."""

    def __init__(self, results: Sequence[FileResult]) -> None:
        self._parsed: dict[str, ParsedFile | Unparsable] = {}
        self._facts = {os.path.realpath(r.path): r.report.facts for r in results}
        self._project = cache(self._project_siblings)

    def parsed(self, path: str) -> ParsedFile:
        key = os.path.realpath(path)
        if key not in self._parsed:
            try:
                self._parsed[key] = ParsedFile(key)
            except Unparsable as problem:
                self._parsed[key] = problem
        found = self._parsed[key]
        if isinstance(found, Unparsable):
            raise found
        return found

    def plan(self, result: FileResult) -> FilePlan:
        try:
            parsed = self.parsed(result.path)
        except Unparsable as problem:
            return FilePlan(result.path, None, problem=f"left alone: {problem}")
        proposals = list(self._proposals(result, parsed))
        return FilePlan(result.path, parsed.module, tuple(_tried(parsed.module, p) for p in proposals))

    def _proposals(self, result: FileResult, parsed: ParsedFile) -> Iterator[Proposal]:
        rules = {rule.code: rule for rule in RULES}
        facts = result.report.facts
        findings = result.visible_findings()
        # An endpoint whose guard only needs moving gets that fix, not a second guard.
        moved = {f.line for f in findings if isinstance(rules.get(f.code), MisplacedGuard)}
        repaired = {node.name.value for line in moved if (node := parsed.decorated(line)) is not None}
        exposed: dict[Endpoint, list[Finding]] = {}
        for finding in findings:
            rule = rules.get(finding.code)
            if isinstance(rule, MisplacedGuard):
                yield self._moved_guard(result.path, parsed, finding)
            elif isinstance(rule, OpenDefaultPermissions):
                description = f'set "{KEY}": ["{DEFAULT}"] in REST_FRAMEWORK'
                yield Proposal(
                    result.path, (finding,), False, description, authenticated_default(finding.line)
                )
            elif isinstance(rule, ExposureRule):
                reported = (
                    e for e in facts.endpoints if (e.name, e.report_line) == (finding.subject, finding.line)
                )
                endpoint = next(reported, None)
                if endpoint is None:
                    yield Proposal(
                        result.path, (finding,), False, "no automatic fix: its endpoint was not found"
                    )
                elif endpoint.name.rpartition(".")[2] not in repaired:
                    exposed.setdefault(endpoint, []).append(finding)
            else:
                yield Proposal(result.path, (finding,), True, "no automatic fix")
        for endpoint, its_findings in exposed.items():
            yield self._guarded(result.path, parsed, facts, endpoint, tuple(its_findings))

    def _moved_guard(self, path: str, parsed: ParsedFile, finding: Finding) -> Proposal:
        function = parsed.decorated(finding.line)
        if function is None:
            return Proposal(path, (finding,), True, "no automatic fix: the decorator was not found")
        guard = next(d.decorator for d in function.decorators if parsed.line(d.decorator) == finding.line)
        if action_of(function) is not None and isinstance(guard, cst.Call) and guard.args:
            classes = parsed.code(guard.args[0].value)
            imported = parsed.import_of(guard.func)
            change = permissions_into_action(finding.line, imported)
            return Proposal(
                path, (finding,), True, f"move {classes} into @action(permission_classes=...)", change
            )
        route = last_route(function.decorators)
        below = (
            parsed.code(function.decorators[route].decorator) if route is not None else "the route decorator"
        )
        description = f"move @{parsed.code(guard)} below @{below}"
        return Proposal(path, (finding,), True, description, guard_below_route(finding.line))

    def _guarded(
        self,
        path: str,
        parsed: ParsedFile,
        facts: ModuleFacts,
        endpoint: Endpoint,
        findings: tuple[Finding, ...],
    ) -> Proposal:
        site = parsed.site(endpoint)
        if site is None:
            advice = f"no automatic fix for this form of {endpoint.framework} endpoint: check a role by hand"
            return Proposal(path, findings, False, advice)
        target = Target(
            parsed.path, endpoint.name, site.group, endpoint.framework, endpoint.access, site.kinds
        )
        module = [s for e in facts.endpoints if (s := self._sibling(parsed, e)) is not None]
        choice = choose(target, module, lambda: self._project(find_root(Path(parsed.path))))
        if choice is None:
            return Proposal(path, findings, False, _NOTHING_TO_COPY[GuardKind.DEPENDENCY in site.kinds])
        guard = choice.guard
        try:
            imports = parsed.imports_for(guard.bindings, guard.path, site.line)
            imports += parsed.imports_for(FORM_BINDINGS.get(site.form, ()), "", site.line)
        except CannotFix as problem:
            return Proposal(path, findings, False, f"no automatic fix: {problem}")
        todo = _todo(endpoint) if choice.todo else None
        description = f"use {shown(site.form, guard.kind, guard.code)} ({choice.reason})"
        description += ", with a TODO: it only requires a signed-in user" if todo else ""
        return Proposal(
            path, findings, False, description, guard_change(site, guard.kind, guard.code, todo, imports)
        )

    def _sibling(self, parsed: ParsedFile, endpoint: Endpoint) -> Sibling | None:
        if endpoint.access is AccessLevel.PUBLIC:
            return None
        site = parsed.site(endpoint)
        return Sibling(
            parsed.path, endpoint.name, site.group if site else None, tuple(parsed.guards(endpoint))
        )

    def _project_siblings(self, root: Path) -> list[Sibling]:
        """The protected endpoints of every file of the project, each file checked (or its
        result reused) and parsed only if it has one."""
        siblings = []
        for file in python_files(root):
            key = os.path.realpath(file)
            facts = self._facts.get(key) or check_file(key).report.facts
            protected = [e for e in facts.endpoints if e.access is not AccessLevel.PUBLIC]
            if not protected:
                continue
            try:
                parsed = self.parsed(key)
            except Unparsable:
                continue
            siblings += [s for e in protected if (s := self._sibling(parsed, e)) is not None]
        return siblings


_NOTHING_TO_COPY = {
    True: "no guard to copy in this project: add dependencies=[Depends(...)] on the route, with a dependency"
    " that checks the caller's role or permission",
    False: "no guard to copy in this project: add a guard that checks the caller's role or permission",
}


def _todo(endpoint: Endpoint) -> str:
    """What the TODO comment beside a sign-in-only guard asks for."""
    entities = ", ".join(dict.fromkeys(e.entity for e in endpoint.exposures if not e.scoped))
    return f"(rosterguard): any signed-in user may read {entities} here: also check a role or permission"


def _tried(module: cst.Module, proposal: Proposal) -> Proposal:
    """``proposal`` with the file its change gives alone, or as advice if the change cannot be made."""
    if proposal.change is None:
        return proposal
    try:
        return replace(proposal, after=applied(module, [proposal.change]))
    except CannotFix as problem:
        return replace(proposal, description=f"no automatic fix: {problem}", change=None)
