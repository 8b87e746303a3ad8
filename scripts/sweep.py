"""Crash sweep: run rosterguard over real code and account for every failure.

Usage:
    python scripts/sweep.py [--no-stdlib] [--corpus DIR] [--apps NAME ...] [--limit SECONDS]
    python scripts/sweep.py --flake8 [--corpus DIR] [--apps NAME ...] [--jobs N]

Default mode, in-process and as flake8 would do it: every ``.py`` file of the running
interpreter's standard library (``sysconfig.get_paths()["stdlib"]``) and of the corpus
applications (``~/.cache/rosterguard-corpus/<app>``, fetched by ``benchmarks/corpus/fetch.sh``)
is read as flake8 reads it (``tokenize`` encoding detection, latin-1 fallback, BOM
stripped), parsed with ``ast.parse`` and handed to ``rosterguard.flake8_plugin.Plugin``.
Prints files, parse failures by reason (flake8 reports those as E999 and never calls the
plugin), RG900 count with reasons, tracebacks (exceptions escaping the plugin: must be 0),
hangs (files over ``--limit`` seconds: must be 0), findings by code and the five slowest
files. Exit status 1 if anything escaped or hung.

``--flake8`` mode: for each corpus application, real ``flake8 --isolated --select=RG``
with ``--jobs 1``, then ``--jobs N`` (default 4) twice; the three outputs must be
byte-identical and stderr free of tracebacks. Exit status 1 otherwise.
"""

from __future__ import annotations

import argparse
import ast
import collections
import os
import re
import signal
import subprocess
import sys
import sysconfig
import time
import tokenize
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from rosterguard import __version__
from rosterguard.flake8_plugin import Plugin

CORPUS = Path.home() / ".cache" / "rosterguard-corpus"
SKIPPED = {"__pycache__", ".git", "site-packages", "wheels"}


class Hang(BaseException):
    """Raised by the alarm; a BaseException so that the engine's ``except Exception`` cannot swallow it."""


@dataclass
class Tally:
    files: int = 0
    lines: int = 0
    parse_failures: collections.Counter[str] = field(default_factory=collections.Counter)
    parse_examples: dict[str, str] = field(default_factory=dict)
    rg900: collections.Counter[str] = field(default_factory=collections.Counter)
    rg900_examples: dict[str, str] = field(default_factory=dict)
    tracebacks: list[tuple[str, str]] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    findings: collections.Counter[str] = field(default_factory=collections.Counter)
    seconds: float = 0.0
    timings: list[tuple[float, str]] = field(default_factory=list)
    first_files: set[str] = field(default_factory=set)


def python_files(root: Path) -> list[Path]:
    found = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED)
        found += [Path(directory, name) for name in sorted(files) if name.endswith(".py")]
    return found


def read_like_flake8(path: Path) -> list[str]:
    """flake8's ``FileProcessor``: tokenize's encoding detection, latin-1 fallback, no BOM."""
    try:
        with tokenize.open(path) as handle:
            lines = handle.readlines()
    except (SyntaxError, UnicodeError):
        with open(path, encoding="latin-1") as handle:
            lines = handle.readlines()
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return lines


def _reason(error: BaseException) -> str:
    message = str(getattr(error, "msg", "") or error)
    message = re.sub(r"\(detected at line \d+\)", "(detected at line N)", message)
    message = re.sub(r"line \d+", "line N", message)
    return f"{type(error).__name__}: {message}"[:120]


def _alarm(signum: int, frame: object) -> None:
    raise Hang


def sweep_file(path: Path, tally: Tally, limit: float) -> None:
    tally.files += 1
    try:
        lines = read_like_flake8(path)
    except OSError as error:
        tally.parse_failures[f"unreadable: {error.strerror}"] += 1
        return
    tally.lines += len(lines)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse("".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        reason = _reason(error)
        tally.parse_failures[reason] += 1
        tally.parse_examples.setdefault(reason, str(path))
        return
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        results = list(Plugin(tree, lines, str(path)).run())
    except Hang:
        tally.hangs.append(str(path))
        return
    except BaseException as error:  # noqa: BLE001 - counting exactly these is the point
        tally.tracebacks.append((str(path), "".join(traceback.format_exception(error))[-2000:]))
        return
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - start
        tally.seconds += elapsed
        tally.timings.append((elapsed, str(path)))
    failures = [message for _, _, message, _ in results if message.startswith("RG900")]
    if len(failures) > 1:
        tally.tracebacks.append((str(path), f"{len(failures)} RG900 in one file"))
    for _, _, message, _ in results:
        code = message.split()[0]
        tally.findings[code] += 1
        if code == "RG900":
            reason = re.sub(r"\d+", "N", message.split(": ", 1)[-1])[:120]
            tally.rg900[reason] += 1
            tally.rg900_examples.setdefault(reason, str(path))


def sources(arguments: argparse.Namespace) -> list[tuple[str, Path]]:
    chosen = []
    if arguments.stdlib:
        chosen.append(("stdlib", Path(sysconfig.get_paths()["stdlib"])))
    corpus = Path(arguments.corpus)
    for app in sorted(p for p in corpus.iterdir() if p.is_dir() and p.name not in SKIPPED) if corpus.is_dir() else []:
        if not arguments.apps or app.name in arguments.apps:
            chosen.append((app.name, app))
    return chosen


def run_sweep(arguments: argparse.Namespace) -> int:
    signal.signal(signal.SIGALRM, _alarm)
    print(f"rosterguard {__version__} sweep on Python {sys.version.split()[0]}")
    print(f"{'source':<18} {'files':>6} {'lines':>9} {'parse fail':>10} {'RG900':>6} {'tracebacks':>10} {'hangs':>5} {'findings':>8} {'plugin s':>9}")
    total = Tally()
    for name, root in sources(arguments):
        tally = Tally()
        for index, path in enumerate(python_files(root)):
            if index == 0:
                tally.first_files.add(str(path))
            sweep_file(path, tally, arguments.limit)
        findings = sum(count for code, count in tally.findings.items() if code != "RG900")
        print(
            f"{name:<18} {tally.files:>6} {tally.lines:>9} {sum(tally.parse_failures.values()):>10} {tally.findings['RG900']:>6} "
            f"{len(tally.tracebacks):>10} {len(tally.hangs):>5} {findings:>8} {tally.seconds:>9.1f}"
        )
        total.files += tally.files
        total.lines += tally.lines
        total.parse_failures.update(tally.parse_failures)
        for reason, example in tally.parse_examples.items():
            total.parse_examples.setdefault(reason, example)
        total.rg900.update(tally.rg900)
        for reason, example in tally.rg900_examples.items():
            total.rg900_examples.setdefault(reason, example)
        total.tracebacks += tally.tracebacks
        total.hangs += tally.hangs
        total.findings.update(tally.findings)
        total.seconds += tally.seconds
        total.timings += tally.timings
        total.first_files |= tally.first_files
    findings = sum(count for code, count in total.findings.items() if code != "RG900")
    print(
        f"{'total':<18} {total.files:>6} {total.lines:>9} {sum(total.parse_failures.values()):>10} {total.findings['RG900']:>6} "
        f"{len(total.tracebacks):>10} {len(total.hangs):>5} {findings:>8} {total.seconds:>9.1f}"
    )
    print("\nparse failures by reason (flake8: E999; the plugin is never called):")
    for reason, count in total.parse_failures.most_common():
        print(f"  {count:>5}  {reason}  (e.g. {total.parse_examples.get(reason, '-')})")
    print("\nRG900 by reason:")
    for reason, count in total.rg900.most_common():
        print(f"  {count:>5}  {reason}  (e.g. {total.rg900_examples[reason]})")
    if not total.rg900:
        print("  none")
    print("\nfindings by code: " + (", ".join(f"{code} {count}" for code, count in sorted(total.findings.items()) if code != "RG900") or "none"))
    print("\nslowest 5 files (plugin time; * = first file of its tree, which pays for building the project index):")
    for seconds, path in sorted(total.timings, reverse=True)[:5]:
        print(f"  {seconds:>7.3f}s {'*' if path in total.first_files else ' '} {path}")
    later = sorted((t for t in total.timings if t[1] not in total.first_files), reverse=True)[:5]
    print("slowest 5 files that are not the first of their tree:")
    for seconds, path in later:
        print(f"  {seconds:>7.3f}s   {path}")
    print(f"\ntracebacks: {len(total.tracebacks)}")
    for path, text in total.tracebacks:
        print(f"--- {path}\n{text}")
    print(f"hangs (over {arguments.limit:g} s): {len(total.hangs)}")
    for path in total.hangs:
        print(f"  {path}")
    return 1 if total.tracebacks or total.hangs else 0


def run_flake8(arguments: argparse.Namespace) -> int:
    failed = False
    print(f"{'app':<18} {'lines out':>9} {'jobs=1 s':>9} {f'jobs={arguments.jobs} s':>9} {'again s':>8}  identical  stderr")
    for name, root in sources(arguments):
        if name == "stdlib":
            continue
        runs = []
        for jobs in (1, arguments.jobs, arguments.jobs):
            command = [sys.executable, "-m", "flake8", "--isolated", "--select=RG", f"--jobs={jobs}", str(root)]
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True, check=False)
            runs.append((time.perf_counter() - start, result))
        outputs = [result.stdout for _, result in runs]
        identical = all(output == outputs[0] for output in outputs)
        stderr = b"".join(result.stderr for _, result in runs)
        clean = b"Traceback" not in stderr and not stderr.strip()
        codes = {result.returncode for _, result in runs}
        failed |= not identical or not clean or not codes <= {0, 1}
        produced = outputs[0].count(b"\n")
        print(
            f"{name:<18} {produced:>9} {runs[0][0]:>9.1f} {runs[1][0]:>9.1f} {runs[2][0]:>8.1f}  "
            f"{'yes' if identical else 'NO':<9}  {'clean' if clean else stderr.decode(errors='replace')[:300]}"
        )
        if not identical:
            first, other = outputs[0].splitlines(), next(o for o in outputs if o != outputs[0]).splitlines()
            print("    only in jobs=1:", [line.decode() for line in sorted(set(first) - set(other))][:5])
            print("    only in the other run:", [line.decode() for line in sorted(set(other) - set(first))][:5])
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flake8", action="store_true", help="compare real flake8 runs (--jobs 1 vs N, twice) on each app")
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--apps", nargs="*", default=[])
    parser.add_argument("--no-stdlib", dest="stdlib", action="store_false")
    parser.add_argument("--jobs", type=int, default=4)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per file before it counts as a hang")
    arguments = parser.parse_args()
    return run_flake8(arguments) if arguments.flake8 else run_sweep(arguments)


if __name__ == "__main__":
    sys.exit(main())
