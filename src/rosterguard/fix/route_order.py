"""RG302, route frameworks: the access decorator moves just below the route decorator, where it
wraps the function the framework registers (decorators apply from the bottom up)."""

from __future__ import annotations

import libcst as cst

from rosterguard.fix.change import CannotFix, Change, LineTransformer
from rosterguard.fix.routes import last_route


class GuardBelowRoute(LineTransformer):
    """Moves the decorator at ``line`` below the innermost route decorator of its function."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.guard_line = line

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        lines = [self.line(decorator.decorator) for decorator in original_node.decorators]
        if self.guard_line not in lines:
            return updated_node
        guard = lines.index(self.guard_line)
        route = last_route(updated_node.decorators)
        if route is None or route < guard:
            raise CannotFix("no route decorator below it to move it under")
        decorators = list(updated_node.decorators)
        decorators.insert(route, decorators.pop(guard))
        self.edited = True
        return updated_node.with_changes(decorators=decorators)


def guard_below_route(line: int) -> Change:
    return Change(line, lambda: GuardBelowRoute(line))
