"""What ``rosterguard fix`` and ``check --add-noqa`` show and write: one diff for every file, a
note for each finding without an edit and each file left alone, files replaced atomically."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper

from rosterguard.concepts import Finding
from rosterguard.fix.change import CannotFix
from rosterguard.fix.files import Unparsable, parse, unified_diff, write_atomically
from rosterguard.fix.noqa import NoqaComments
from rosterguard.fix.plan import FilePlan
from rosterguard.report.sarif import ProposedFix

Display = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Outcome:
    diff: str
    notes: tuple[str, ...]
    files: tuple[tuple[str, cst.Module], ...]  # each changed file and its new contents
    withheld: int = 0  # unsafe fixes not made without ``--unsafe``


def fixes(plans: Sequence[FilePlan], unsafe: bool, display: Display) -> Outcome:
    diff, notes, files = [], [], []
    withheld = 0
    for plan in plans:
        shown = display(plan.path)
        if plan.problem:
            notes.append(f"{shown}: {plan.problem}")
            continue
        for proposal in plan.proposals:
            codes = ",".join(sorted({f.code for f in proposal.findings}))
            line = min(f.line for f in proposal.findings)
            if proposal.change is None:
                notes.append(f"{shown}:{line}: {codes} {proposal.description}")
            elif not (proposal.safe or unsafe):
                withheld += 1
                notes.append(f"{shown}:{line}: {codes} with --unsafe: {proposal.description}")
        try:
            after = plan.after(unsafe)
        except CannotFix as problem:
            notes.append(f"{shown}: left alone: its fixes conflict ({problem})")
            continue
        if after is not None and plan.before is not None:
            diff.append(unified_diff(shown, plan.before, after))
            files.append((plan.path, after))
    return Outcome("".join(diff), tuple(notes), tuple(files), withheld)


def sarif_fixes(plans: Sequence[FilePlan], display: Display) -> dict[tuple[str, Finding], ProposedFix]:
    """Each finding's fix as SARIF shows it, keyed by (displayed path, finding)."""
    fixes = {}
    for plan in plans:
        for proposal in plan.proposals:
            if plan.before is None or proposal.after is None:
                continue
            unsafe = "" if proposal.safe else " (unsafe: it changes who may call; rosterguard fix --unsafe)"
            fix = ProposedFix(proposal.description + unsafe, plan.before.code, proposal.after.code)
            fixes.update({(display(plan.path), finding): fix for finding in proposal.findings})
    return fixes


def proposed_guards(plans: Sequence[FilePlan], display: Display) -> dict[tuple[str, str], str]:
    """What each endpoint with a finding should get, keyed by (displayed path, endpoint name)."""
    return {
        (display(plan.path), finding.subject): proposal.description
        for plan in plans
        for proposal in plan.proposals
        if not proposal.safe
        for finding in proposal.findings
    }


def noqa_comments(findings: Sequence[tuple[str, Finding]], display: Display) -> Outcome:
    """``# noqa: RGxxx`` on every line that has findings, as one outcome to write."""
    lines: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path, finding in findings:
        lines[path][finding.line].append(finding.code)
    notes, files, diff = [], [], []
    for path, codes in lines.items():
        try:
            before = parse(path)
        except Unparsable as problem:
            notes.append(f"{display(path)}: left alone: {problem}")
            continue
        transformer = NoqaComments({line: sorted(set(found)) for line, found in codes.items()})
        after = MetadataWrapper(before).visit(transformer)
        notes += [
            f"{display(path)}:{line}: no line end to put # noqa on (inside a string?)"
            for line in sorted(set(codes) - transformer.done)
        ]
        if after.code != before.code:
            diff.append(unified_diff(display(path), before, after))
            files.append((path, after))
    return Outcome("".join(diff), tuple(notes), tuple(files))


def write(outcome: Outcome) -> None:
    for path, module in outcome.files:
        write_atomically(path, module)
