"""Whole-process measurements and side-by-side ratios (stdlib only).

Each command runs as its own child process and is reaped with ``os.wait4``, which returns the
resource usage of that child *and of all its descendants it waited for*: user+sys CPU seconds
summed over the tree, and ``ru_maxrss`` as the largest resident set of any single process in
the tree (Linux keeps the max of the process's own and its reaped children's high-water marks).
This is the per-command equivalent of a fresh wrapper process reading its own
``RUSAGE_CHILDREN``: nothing from an earlier command leaks in, because the numbers belong to
this child only. (Floor: a child's ``ru_maxrss`` includes the RSS it inherited at fork, i.e. the
runner's ~14 MiB, below any Python tool measured here.)
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sample:
    cpu: float  # user + sys seconds, whole process tree
    wall: float  # seconds, monotonic clock
    peak_mib: float  # largest single process of the tree
    returncode: int

    def metric(self, name: str) -> float:
        return float(getattr(self, name))


def run_measured(argv: Sequence[str], cwd: str | None = None, env: dict[str, str] | None = None, stderr_path: str | None = None) -> Sample:
    stderr = open(stderr_path, "wb") if stderr_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        process = subprocess.Popen(list(argv), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stderr_path:
            stderr.close()  # type: ignore[union-attr]
    return Sample(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, process.returncode)


def summed(samples: Sequence[Sample]) -> Sample:
    """Several trees measured in one round, as one: times add, peak memory is the largest."""
    return Sample(
        sum(s.cpu for s in samples),
        sum(s.wall for s in samples),
        max((s.peak_mib for s in samples), default=0.0),
        max((s.returncode for s in samples), default=0),
    )


@dataclass(frozen=True, slots=True)
class Spread:
    median: float
    low: float
    high: float
    n: int

    def text(self, digits: int = 3) -> str:
        if self.n == 1:
            return f"{self.median:.{digits}f}"
        return f"{self.median:.{digits}f} ({self.low:.{digits - 1}f}-{self.high:.{digits - 1}f})"


def spread(values: Sequence[float]) -> Spread | None:
    values = [v for v in values if not math.isnan(v)]
    if not values:
        return None
    return Spread(statistics.median(values), min(values), max(values), len(values))


def pairwise(rounds: Sequence[dict[str, Sample]], value: Callable[[dict[str, Sample]], float | None]) -> Spread | None:
    """A per-round quantity (a ratio of two commands of the same round), over the rounds."""
    values = []
    for samples in rounds:
        try:
            result = value(samples)
        except (KeyError, ZeroDivisionError):
            result = None
        if result is not None:
            values.append(result)
    return spread(values)


def ratio(a: str, b: str, metric: str) -> Callable[[dict[str, Sample]], float | None]:
    return lambda samples: samples[a].metric(metric) / samples[b].metric(metric)


def added_over(a: str, b: str, c: str, metric: str) -> Callable[[dict[str, Sample]], float | None]:
    """(A - B) / C within a round: e.g. rosterguard's added CPU over semgrep's whole run."""
    return lambda samples: (samples[a].metric(metric) - samples[b].metric(metric)) / samples[c].metric(metric)


def median_sample(samples: Sequence[Sample]) -> Sample:
    return Sample(
        statistics.median(s.cpu for s in samples),
        statistics.median(s.wall for s in samples),
        statistics.median(s.peak_mib for s in samples),
        max(s.returncode for s in samples),
    )
