"""What a fix is: a transformer that edits the one place a finding names (found by its line),
and the imports the edit needs; and how several of them are applied to one file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import MetadataWrapper, PositionProvider


class CannotFix(Exception):
    """The finding has no edit that would fix it here; the message says what to do instead."""


@dataclass(frozen=True, slots=True)
class ImportNeed:
    """``from module import name [as alias]``, or ``import module`` when ``name`` is None."""

    module: str
    name: str | None = None
    alias: str | None = None


class LineTransformer(cst.CSTTransformer):
    """Edits the node found at a line; ``edited`` says whether it found one."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.edited = False

    def line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line


@dataclass(frozen=True, slots=True)
class Change:
    """One fix's edit: ``transformer`` makes a fresh transformer for each file it is applied to."""

    line: int
    transformer: Callable[[], LineTransformer]
    imports: tuple[ImportNeed, ...] = ()
    # Imports the edit may leave unused: removed when nothing else in the file reads them.
    obsolete: tuple[ImportNeed, ...] = ()


def applied(module: cst.Module, changes: Iterable[Change]) -> cst.Module:
    """``module`` with every change made, from the bottom up so that each finds its line where
    the analysis saw it, and their imports added last (at the top, where they move every line)."""
    ordered = sorted(changes, key=lambda change: change.line, reverse=True)
    for change in ordered:
        transformer = change.transformer()
        module = MetadataWrapper(module).visit(transformer)
        if not transformer.edited:
            raise CannotFix(
                f"nothing at line {change.line} to change (has the file changed since it was checked?)"
            )
    added = dict.fromkeys(need for change in ordered for need in change.imports)
    obsolete = dict.fromkeys(need for change in ordered for need in change.obsolete)
    context = CodemodContext()
    for need in added:
        AddImportsVisitor.add_needed_import(context, need.module, need.name, need.alias)
    for need in obsolete:
        RemoveImportsVisitor.remove_unused_import(context, need.module, need.name, need.alias)
    module = AddImportsVisitor(context).transform_module(module) if added else module
    return RemoveImportsVisitor(context).transform_module(module) if obsolete else module
