"""RG302, DRF: ``@permission_classes([...])`` on a viewset action moves into
``@action(permission_classes=[...])``, the only place DRF reads an action's permissions from."""

from __future__ import annotations

import libcst as cst

from rosterguard.fix.change import CannotFix, Change, ImportNeed, LineTransformer
from rosterguard.fix.nodes import decorator_index, keyword, with_keyword


class PermissionsIntoAction(LineTransformer):
    """Removes the ``@permission_classes(...)`` decorator at ``line`` and hands its argument to
    the function's ``@action(...)``."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.decorator_line = line

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        lines = [self.line(decorator.decorator) for decorator in original_node.decorators]
        if self.decorator_line not in lines:
            return updated_node
        decorators = list(updated_node.decorators)
        index = lines.index(self.decorator_line)
        misplaced = decorators[index].decorator
        if decorator_index([decorators[index]], "permission_classes") is None:
            raise CannotFix("the decorator is not a @permission_classes(...) call")
        assert isinstance(misplaced, cst.Call)
        action = decorator_index(decorators, "action")
        call = decorators[action].decorator if action is not None else None
        if action is None or not isinstance(call, cst.Call):
            raise CannotFix("no @action(...) on the method to take the permission classes")
        if keyword(call, "permission_classes") is not None:
            raise CannotFix("@action(...) already sets permission_classes=: merge the two by hand")
        classes = misplaced.args[0].value
        decorators[action] = decorators[action].with_changes(
            decorator=with_keyword(call, "permission_classes", classes)
        )
        removed = decorators.pop(index)
        self.edited = True
        # Comment lines above the removed decorator stay where they were.
        if index < len(decorators):
            kept = [*removed.leading_lines, *decorators[index].leading_lines]
            decorators[index] = decorators[index].with_changes(leading_lines=kept)
            return updated_node.with_changes(decorators=decorators)
        kept = [*removed.leading_lines, *updated_node.lines_after_decorators]
        return updated_node.with_changes(decorators=decorators, lines_after_decorators=kept)


def permissions_into_action(line: int, decorator_import: ImportNeed | None) -> Change:
    """The change, and the import of ``permission_classes`` dropped if no other code uses it."""
    obsolete = (decorator_import,) if decorator_import is not None else ()
    return Change(line, lambda: PermissionsIntoAction(line), obsolete=obsolete)
