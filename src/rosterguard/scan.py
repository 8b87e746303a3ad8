"""The console script's run over a tree: files in, per-file reports out, on every core.

flake8 does this for the plugin; the console script does it itself, with the same engine,
the same project index and the same ``# noqa`` handling, so both report the same findings.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from rosterguard.concepts import Finding, ModuleFacts
from rosterguard.config import ConfigError, settings_for_file
from rosterguard.engine import Report, check_source
from rosterguard.project.cache import BESIDE_EACH_ROOT, Location
from rosterguard.project.index import ALONE, Run, cross_file_view, prepare_index, run_over
from rosterguard.project.layout import find_root, holds_no_project_code
from rosterguard.rules import ANALYSIS_FAILURE

# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_FROM = 64


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str  # as given or found under a given directory
    report: Report
    lines: tuple[str, ...]
    root: str = ""  # the file's project root (absolute, links resolved): its index's paths start there

    def visible_findings(self) -> list[Finding]:
        """Findings not silenced by ``# noqa`` / ``# noqa: RG101`` on their line, nor by a
        file-level ``# flake8: noqa``, as flake8 reads them."""
        if any(_FILE_NOQA.search(line) for line in self.lines):
            return []
        return [f for f in self.report.findings if not _suppressed(f.code, self.line(f.line))]

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""


@dataclass(frozen=True, slots=True)
class Scan:
    """A run's outcome: each checked file's result; each configuration that could not be used
    (once, as the line users see), whose files were left out of the run; notices to say once."""

    results: tuple[FileResult, ...]
    unusable: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    base: str = ""  # the checked paths' (common) project root: reports and keys are relative to it


class MissingPath(ValueError):
    """A path given on the command line that does not exist."""


def python_files(paths: Sequence[str]) -> Iterator[str]:
    for path in paths:
        if not os.path.exists(path):
            raise MissingPath(f"{path}: no such file or directory")
        if os.path.isdir(path):
            for root, directories, files in os.walk(path):
                directories[:] = sorted(d for d in directories if not holds_no_project_code(d))
                yield from (os.path.join(root, f) for f in sorted(files) if f.endswith(".py"))
        else:
            yield path


def read_source(path: str) -> str:
    """Decode as flake8 does: BOM or ``# -*- coding: ... -*-``, else UTF-8, else latin-1."""
    data = Path(path).read_bytes()
    try:
        return importlib.util.decode_source(data)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return data.decode("latin-1")


def source_lines(source: str) -> tuple[str, ...]:
    """Lines as Python numbers them: ``\n``, ``\r\n`` and ``\r`` end a line; form feeds and
    Unicode separators inside a line do not (unlike ``str.splitlines``)."""
    return tuple(source.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def physical_lines(source: str) -> list[str]:
    """Lines as Python numbers them, each with its own line ending (diffs and fixes keep them)."""
    return _PHYSICAL_LINE.findall(source)


def check_file(path: str, complete: bool = False, run: Run = ALONE) -> FileResult:
    """One file through the engine, with its project's index and settings; a file that cannot
    be read (deleted meanwhile, a dangling link) is one RG900, as flake8 makes it one E902."""
    root = str(find_root(Path(path), run.trees))
    try:
        source = read_source(path)
    except OSError as error:
        failure = ANALYSIS_FAILURE.failure(f"cannot read the file: {error.strerror or error}")
        return FileResult(path, Report(ModuleFacts(), (failure,)), (), root)
    settings = settings_for_file(path)
    report = check_source(source, settings, cross_file_view(path, settings, run), complete=complete)
    return FileResult(path, report, source_lines(source), root)


def project_base(paths: Sequence[str], run: Run) -> str:
    """The project root of the checked paths (their common directory when they span several):
    the same whatever the working directory and however a path was typed, so that baseline and
    lock keys relative to it are stable."""
    return os.path.commonpath([str(find_root(Path(path), run.trees)) for path in paths])


def _prepare(files: Sequence[str], run: Run) -> tuple[list[str], Scan]:
    """In the main process, before any worker starts: each file's configuration (one that
    cannot be used is named once, and its files are left out, so that no worker meets it) and
    its project's index (built once per root, with the notice of a cache kept in memory)."""
    usable: list[str] = []
    unusable: dict[str, None] = {}
    notices: dict[str, None] = {}
    for path in files:
        try:
            settings = settings_for_file(path)
        except ConfigError as error:
            unusable.setdefault(str(error))
            continue
        notice = prepare_index(path, settings, run)
        if notice:
            notices.setdefault(notice)
        usable.append(path)
    return usable, Scan((), tuple(unusable), tuple(notices))


def check_files(
    paths: Sequence[str],
    complete: bool = False,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    location: Location = BESIDE_EACH_ROOT,
) -> Scan:
    """Every file's result, in file order whatever the number of processes."""
    run = run_over(paths, location)
    files, prepared = _prepare(list(python_files(paths)), run)
    workers = min(jobs or os.cpu_count() or 1, len(files) // _PARALLEL_FROM + 1)
    results: list[FileResult] = []
    if workers <= 1:
        for done, path in enumerate(files, 1):
            results.append(check_file(path, complete, run))
            if progress:
                progress(done, len(files))
    else:
        with ProcessPoolExecutor(workers) as pool:
            checked = pool.map(check_file, files, [complete] * len(files), [run] * len(files), chunksize=16)
            for done, result in enumerate(checked, 1):
                results.append(result)
                if progress:
                    progress(done, len(files))
    return replace(prepared, results=tuple(results), base=project_base(paths, run))


def terminal_progress(done: int, total: int) -> None:
    """``[120/540] files`` on an interactive terminal; silent in CI logs and pipes."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return
    sys.stderr.write(f"\r[{done}/{total}] files" + ("\n" if done == total else ""))
    sys.stderr.flush()


_FILE_NOQA = re.compile(r"#\s*flake8[:=]\s*noqa\s*$", re.IGNORECASE)
# Where a ``# noqa`` comment is and which codes it lists (``fix --add-noqa`` appends to them).
NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)


def _noqa_codes(line: str) -> set[str] | None:
    """Codes silenced on a line, as flake8 reads them (empty set: all codes). Codes compare
    as written: ``# noqa: rg101`` silences nothing of ``RG101``, as in flake8."""
    match = NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    return set(re.split(r"[,\s]+", codes.strip())) if codes else set()


def _suppressed(code: str, line_text: str) -> bool:
    codes = _noqa_codes(line_text)
    return codes is not None and (not codes or any(code.startswith(c) for c in codes))
