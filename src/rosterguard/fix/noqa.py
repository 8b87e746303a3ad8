"""``check --add-noqa``: ``# noqa: RG101`` at the end of each reported line, for a legacy project
adopting rosterguard; codes an existing ``# noqa:`` lists are kept, any other comment stays."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import libcst as cst

from rosterguard.fix.change import LineTransformer
from rosterguard.scan import NOQA


def with_codes(comment: str | None, codes: Sequence[str]) -> str:
    """``comment`` silencing ``codes`` too: appended to the codes of its ``# noqa:``, or a
    ``# noqa:`` after it."""
    if comment is None:
        return f"# noqa: {', '.join(codes)}"
    match = NOQA.search(comment)
    if match is None:
        return f"{comment}  # noqa: {', '.join(codes)}"
    listed = match.group("codes")
    if listed is None:  # a bare noqa comment already silences every code
        return comment
    missing = [code for code in codes if code not in re.split(r"[,\s]+", listed)]
    end = match.end("codes")
    return comment[:end] + "".join(f", {code}" for code in missing) + comment[end:]


class NoqaComments(LineTransformer):
    """Ends each line of ``codes`` with a noqa comment for them. Only the end of a line of code
    can hold a comment: ``done`` tells which lines got one (not a line inside a string)."""

    def __init__(self, codes: Mapping[int, Sequence[str]]) -> None:
        super().__init__()
        self.codes = codes
        self.done: set[int] = set()

    def leave_TrailingWhitespace(
        self, original_node: cst.TrailingWhitespace, updated_node: cst.TrailingWhitespace
    ) -> cst.TrailingWhitespace:
        line = self.line(original_node)
        codes = self.codes.get(line)
        if not codes or line in self.done:
            return updated_node
        self.done.add(line)
        self.edited = True
        present = updated_node.comment.value if updated_node.comment is not None else None
        comment = with_codes(present, codes)
        if comment == present:
            return updated_node
        whitespace = (
            updated_node.whitespace
            if present is not None or updated_node.whitespace.value
            else cst.SimpleWhitespace("  ")
        )
        return updated_node.with_changes(whitespace=whitespace, comment=cst.Comment(comment))
