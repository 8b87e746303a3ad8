"""Source files in and out: parsed as bytes (encoding, BOM and line endings kept), shown as a
unified diff, written to a temporary name and renamed so no reader ever sees half a file."""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from pathlib import Path

import libcst as cst

from rosterguard.scan import physical_lines


class Unparsable(ValueError):
    """A file libcst cannot read; fixes leave it alone."""


def parse(path: str) -> cst.Module:
    """The file's concrete tree; libcst detects the encoding from a BOM or a coding cookie. A
    file libcst would not write back byte for byte is refused, so that no fix changes the lines
    it does not touch (libcst 1.0 drops the last line ending of a file ending lines with CR)."""
    try:
        data = Path(path).read_bytes()
        module = cst.parse_module(data)
    except cst.ParserSyntaxError as error:
        raise Unparsable(f"it does not parse ({error.message})") from None
    except (OSError, UnicodeDecodeError, LookupError, RecursionError) as error:
        raise Unparsable(f"it cannot be read ({type(error).__name__}: {error})") from None
    if module.bytes != data:
        raise Unparsable("libcst would not write it back unchanged (its line endings?)")
    return module


def unified_diff(display: str, before: cst.Module, after: cst.Module) -> str:
    """``--- a/path`` / ``+++ b/path`` hunks, as ``git apply`` and ``patch -p1`` read them."""
    lines = difflib.unified_diff(
        physical_lines(before.code), physical_lines(after.code), f"a/{display}", f"b/{display}"
    )
    return "".join(
        line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines
    )


def write_atomically(path: str, module: cst.Module) -> None:
    """Write beside the file and rename over it, keeping its permission bits."""
    target = Path(path)
    mode = stat.S_IMODE(target.stat().st_mode)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".rosterguard")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(module.bytes)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
