"""Print what rosterguard adds to a flake8 run, as ratios measured side by side.

Usage: python benchmarks/compare_with_flake8.py [--runs N] [--jobs J] DIR [DIR ...]

For each directory, runs ``flake8 --select=E,W,F`` (A) and ``flake8 --select=E,W,F,RG`` (B)
alternately N times, each as its own process, and prints the median CPU seconds (user+sys
of the process and its children), peak RSS and the median of the pair-by-pair B/A ratios.
Never asserted in tests: timings on a shared machine are noisy; read the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time


def measure(command: list[str]) -> tuple[float, float, float]:
    """CPU seconds, wall seconds and peak RSS (MiB) of one run of ``command``."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def flake8(select: str, jobs: int, directory: str) -> list[str]:
    return [sys.executable, "-m", "flake8", "--isolated", f"--jobs={jobs}", f"--select={select}", "--output-file=/dev/null", directory]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directories", nargs="+")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    arguments = parser.parse_args()
    print(f"{'tree':<40} {'E,W,F cpu s':>12} {'+RG cpu s':>10} {'ratio':>7} {'(min-max)':>13} {'peak MiB A/B':>14}")
    for directory in arguments.directories:
        base, with_rg, ratios = [], [], []
        for _ in range(arguments.runs):
            a = measure(flake8("E,W,F", arguments.jobs, directory))
            b = measure(flake8("E,W,F,RG", arguments.jobs, directory))
            base.append(a)
            with_rg.append(b)
            ratios.append(b[0] / a[0])
        name = os.path.basename(os.path.normpath(directory))
        peak = f"{max(r[2] for r in base):.0f}/{max(r[2] for r in with_rg):.0f}"
        spread = f"({min(ratios):.2f}-{max(ratios):.2f})"
        print(f"{name:<40} {statistics.median(r[0] for r in base):>12.2f} {statistics.median(r[0] for r in with_rg):>10.2f} {statistics.median(ratios):>7.3f} {spread:>13} {peak:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
