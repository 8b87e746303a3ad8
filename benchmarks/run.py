"""rosterguard's speed benchmark: its cost inside flake8 and against pyflakes, bandit and semgrep.

Runs on the corpus applications of benchmarks/corpus/apps.txt. See benchmarks/README.md.

Usage:
  python benchmarks/run.py [--runs N] [--apps a,b] [--quick] [--cache-dir-name .rosterguard_cache]

Prints a report on stdout (progress on stderr). Every figure is a median over rounds; every
ratio is taken pair by pair inside one round (the commands of a round run back to back, in an
order that rotates from round to round), then the median of those per-round ratios is printed
with its min-max. Nothing here is asserted: read the ratios, not the absolute seconds.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import (
    DEFAULT_CORPUS,
    DEFAULT_FETCH_SCRIPT,
    REPOSITORY,
    SMALL_APPS,
    Tree,
    describe,
    ensure_apps,
    hostile_files,
    pinned_apps,
    semgrep_probe,
    subset,
)
from measure import Sample, added_over, median_sample, pairwise, ratio, run_measured, spread, summed

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
LAUNCHER = str(HERE / "flake8_plugins.py")
RULES = str(HERE / "semgrep-rules.yml")
BIN = Path(sys.executable).parent


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def tool(name: str) -> str | None:
    """The real console script next to this Python (not a pyenv shim, whose start-up adds noise)."""
    candidate = BIN / name
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return str(candidate)
    return shutil.which(name)


def snapshot_source(work: Path) -> tuple[dict[str, str], str]:
    """Copy src/rosterguard to WORK/snapshot and run every command against that copy.

    The package is installed editable and may be edited while the benchmark runs (hours); a
    half-saved file would make some runs crash and others measure different code. PYTHONPATH
    puts the copy ahead of the editable install's path entry, for flake8's entry point and the
    console script alike. A copy that does not import and compile is taken again a little later.
    """
    target = work / "snapshot" / "src"
    env = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0", SEMGREP_SEND_METRICS="off")
    env["PYTHONPATH"] = os.pathsep.join([str(target), *filter(None, [os.environ.get("PYTHONPATH")])])
    probe = "import rosterguard, rosterguard.cli, rosterguard.flake8_plugin; print(rosterguard.__file__)"
    for attempt in range(12):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(REPOSITORY / "src" / "rosterguard", target / "rosterguard", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        compiled = subprocess.run([PYTHON, "-m", "compileall", "-q", str(target)], check=False, capture_output=True, text=True, env=env)
        imported = subprocess.run([PYTHON, "-c", probe], check=False, capture_output=True, text=True, env=env)
        if compiled.returncode == 0 and imported.returncode == 0 and imported.stdout.strip().startswith(str(target)):
            break
        log(f"source snapshot does not import yet (attempt {attempt + 1}): {(compiled.stdout + imported.stderr).strip().splitlines()[-1:]}; retrying in 20 s")
        time.sleep(20)
    else:
        raise SystemExit("rosterguard's source did not import cleanly in 4 minutes; benchmark not run")
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted((target / "rosterguard").rglob("*.py")):
        digest.update(path.read_bytes())
    git = ["git", "--no-optional-locks", "-C", str(REPOSITORY)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], check=False, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "src"], check=False, capture_output=True, text=True).stdout.splitlines()
    description = f"snapshot of {REPOSITORY / 'src'} taken {time.strftime('%H:%M:%S')}: HEAD {head or '?'} + {len(dirty)} changed path(s) under src/, content digest {digest.hexdigest()}"
    return env, description


# ---------------------------------------------------------------------------------------------
# commands


@dataclass(frozen=True)
class Command:
    key: str
    label: str
    build: Callable[[Path], list[str]]


def flake8(select: str, jobs: int | None, plugins: str | None = None) -> Callable[[Path], list[str]]:
    prefix = [PYTHON, LAUNCHER, plugins, "--"] if plugins else [PYTHON, "-m", "flake8"]
    jobs_argument = [f"--jobs={jobs}"] if jobs else []
    return lambda path: [*prefix, "--isolated", *jobs_argument, f"--select={select}", "--output-file=/dev/null", str(path)]


def semgrep_command(jobs: int | None, extra: list[str]) -> Callable[[Path], list[str]]:
    jobs_argument = [f"--jobs={jobs}"] if jobs else []
    binary = tool("semgrep") or "semgrep"
    return lambda path: [binary, "--metrics=off", "--disable-version-check", "--config", RULES, "--quiet", "--max-target-bytes=0", *extra, *jobs_argument, str(path)]


def main_commands(available: dict[str, str | None], semgrep_extra: list[str], extra: bool) -> list[list[Command]]:
    """Groups of commands that run back to back (the pairs that are compared sit together)."""
    rosterguard = tool("rosterguard")
    groups = [
        [Command("ewf1", "flake8 E,W,F        --jobs=1  (RG not loaded)", flake8("E,W,F", 1, "--drop=RG")),
         Command("ewfrg1", "flake8 E,W,F,RG     --jobs=1", flake8("E,W,F,RG", 1))],
        [Command("ewf", "flake8 E,W,F        default jobs (RG not loaded)", flake8("E,W,F", None, "--drop=RG")),
         Command("ewfrg", "flake8 E,W,F,RG     default jobs", flake8("E,W,F,RG", None))],
        [Command("f1_only", "flake8 --select=F   --jobs=1  (only pyflakes loaded)", flake8("F", 1, "--keep=F")),
         Command("rg1_only", "flake8 --select=RG  --jobs=1  (only rosterguard loaded)", flake8("RG", 1, "--keep=RG")),
         Command("none1", "flake8              --jobs=1  (no checker loaded)", flake8("RG", 1, "--keep=NONE"))],
        [Command("check", "rosterguard check", lambda path: [rosterguard or "rosterguard", "check", str(path)])],
    ]
    if extra:
        groups.insert(3, [Command("f1", "flake8 --select=F   --jobs=1  (as typed: all plugins run)", flake8("F", 1)),
                          Command("rg1", "flake8 --select=RG  --jobs=1  (as typed: all plugins run)", flake8("RG", 1))])
        groups.insert(4, [Command("ewf1_inst", "flake8 E,W,F        --jobs=1  (as typed, RG installed)", flake8("E,W,F", 1))])
    if available["bandit"] is None:
        groups.append([Command("bandit", "bandit -r -q", lambda path: [tool("bandit") or "bandit", "-r", "-q", str(path)])])
    if available["semgrep"] is None:
        groups.append([Command("semgrep1", "semgrep --jobs=1", semgrep_command(1, semgrep_extra))])
        if extra:
            groups.append([Command("semgrep", "semgrep default jobs", semgrep_command(None, semgrep_extra))])
    return groups


def own_over_own(a: str, b: str, base: str) -> Callable[[dict[str, Sample]], float | None]:
    """(A - base) / (B - base): one plugin's own CPU over another's, flake8's own work removed
    (base = flake8 with no checker plugin loaded: reading, tokenising, its ast, reporting)."""
    return lambda samples: (samples[a].cpu - samples[base].cpu) / (samples[b].cpu - samples[base].cpu)


# Comparisons: (label, per-round value, target text or None). Keys missing in a round skip it.
COMPARISONS: list[tuple[str, Callable[[dict[str, Sample]], float | None], str | None]] = [
    ("E,W,F,RG / E,W,F            --jobs=1  CPU", ratio("ewfrg1", "ewf1", "cpu"), "<= 1.15"),
    ("E,W,F,RG / E,W,F            default   wall", ratio("ewfrg", "ewf", "wall"), "<= 1.15"),
    ("E,W,F,RG / E,W,F            default   CPU", ratio("ewfrg", "ewf", "cpu"), None),
    ("E,W,F as typed / E,W,F      --jobs=1  CPU", ratio("ewf1_inst", "ewf1", "cpu"), None),
    ("RG only / pyflakes only     --jobs=1  CPU", ratio("rg1_only", "f1_only", "cpu"), "<= 0.5"),
    ("--select=RG / --select=F    as typed  CPU", ratio("rg1", "f1", "cpu"), "<= 0.5"),
    ("RG's own / pyflakes' own    --jobs=1  CPU", own_over_own("rg1_only", "f1_only", "none1"), "<= 0.5"),
    ("RG's own / E,W,F            --jobs=1  CPU", added_over("rg1_only", "none1", "ewf1", "cpu"), None),
    ("rosterguard check / E,W,F   --jobs=1  CPU", ratio("check", "ewf1", "cpu"), None),
    ("bandit / E,W,F              --jobs=1  CPU", ratio("bandit", "ewf1", "cpu"), None),
    ("semgrep -j1 / E,W,F         --jobs=1  CPU", ratio("semgrep1", "ewf1", "cpu"), None),
    ("semgrep / E,W,F             default   wall", ratio("semgrep", "ewf", "wall"), None),
    ("RG only / semgrep -j1                 CPU", ratio("rg1_only", "semgrep1", "cpu"), "< 1"),
    ("RG only / bandit                      CPU", ratio("rg1_only", "bandit", "cpu"), "< 1"),
    ("--select=RG as typed / semgrep -j1    CPU", ratio("rg1", "semgrep1", "cpu"), "< 1"),
    ("--select=RG as typed / bandit         CPU", ratio("rg1", "bandit", "cpu"), "< 1"),
    ("rosterguard check / semgrep -j1       CPU", ratio("check", "semgrep1", "cpu"), "< 1"),
    ("rosterguard check / bandit            CPU", ratio("check", "bandit", "cpu"), "< 1"),
    ("RG added CPU / semgrep -j1 CPU", added_over("ewfrg1", "ewf1", "semgrep1", "cpu"), None),
    ("RG added CPU / bandit CPU", added_over("ewfrg1", "ewf1", "bandit", "cpu"), None),
    ("peak RSS E,W,F,RG / E,W,F   --jobs=1", ratio("ewfrg1", "ewf1", "peak_mib"), "<= 1.5"),
    ("peak RSS E,W,F,RG / E,W,F   default", ratio("ewfrg", "ewf", "peak_mib"), "<= 1.5"),
]

SUSPICIOUS = re.compile(r"failed during execution|Traceback|Error:|RecursionError", re.IGNORECASE)


class Runner:
    def __init__(self, work: Path, env: dict[str, str]) -> None:
        self.work = work
        self.problems: list[str] = []
        (work / "stderr").mkdir(parents=True, exist_ok=True)
        self.env = env
        # a directory with no code, for commands that check nothing (rosterguard indexes the
        # project of the working directory too)
        self.empty = work / "empty"
        self.empty.mkdir(exist_ok=True)

    def measure(self, command: Command, tree: Tree) -> Sample:
        stderr_path = self.work / "stderr" / f"{command.key}.txt"
        sample = run_measured(command.build(tree.path), cwd=str(tree.path if tree.path.is_dir() else tree.path.parent), env=self.env, stderr_path=str(stderr_path))
        text = stderr_path.read_text(errors="replace")
        if sample.returncode not in (0, 1) or SUSPICIOUS.search(text):
            lines = [line for line in text.splitlines() if line.strip()]
            if any(line.startswith("Traceback") for line in lines):
                first = lines[-1]  # the exception, not the header
            else:
                first = next((line for line in lines if SUSPICIOUS.search(line)), lines[-1] if lines else "")
            self.problems.append(f"{tree.name}: {command.label.split('  ')[0].strip()}: exit {sample.returncode}: {first[:160]}")
        return sample

    def rounds(self, groups: list[list[Command]], tree: Tree, runs: int, what: str) -> list[dict[str, Sample]]:
        result = []
        for number in range(runs):
            shift = number % len(groups)
            ordered = groups[shift:] + groups[:shift]
            samples: dict[str, Sample] = {}
            for group in ordered:
                for command in (group if number % 2 == 0 else list(reversed(group))):
                    log(f"{what} {tree.name} round {number + 1}/{runs}: {command.label}")
                    samples[command.key] = self.measure(command, tree)
            result.append(samples)
        return result


# ---------------------------------------------------------------------------------------------
# printing


def print_commands(groups: list[list[Command]], rounds: list[dict[str, Sample]]) -> None:
    print(f"  {'command':<58} {'CPU s':>8} {'wall s':>8} {'peak MiB':>9}")
    for group in groups:
        for command in group:
            samples = [r[command.key] for r in rounds if command.key in r]
            if samples:
                m = median_sample(samples)
                print(f"  {command.label:<58} {m.cpu:>8.2f} {m.wall:>8.2f} {m.peak_mib:>9.1f}")


def print_comparisons(rounds: list[dict[str, Sample]]) -> dict[str, object]:
    results = {}
    print(f"  {'side by side, per round, median (min-max)':<44} {'ratio':>22} {'target':>8}")
    for label, value, target in COMPARISONS:
        result = pairwise(rounds, value)
        results[label] = result
        if result is not None:
            print(f"  {label:<44} {result.text():>22} {target or '':>8}")
    return results


def verdict(result: object, target: str) -> str:
    if result is None:
        return "not measured"
    value = result.median  # type: ignore[attr-defined]
    op, limit_text = target.split()
    limit = float(limit_text)
    ok = value <= limit if op == "<=" else value < limit
    return "meets" if ok else "MISSES"


# ---------------------------------------------------------------------------------------------
# sections


def machine_section(available: dict[str, str | None], env: dict[str, str], source: str) -> None:
    print("== machine ==")
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "")
        memory = next((line.split(":", 1)[1].strip() for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "")
    except OSError:
        memory = ""
    print(f"  date        {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"  cpus        {os.cpu_count()} x {model}   memory {memory}   load avg {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(f"  os          {platform.system()} {platform.release()}")
    print(f"  python      {platform.python_implementation()} {platform.python_version()} ({PYTHON})")

    def version(argv: list[str]) -> str:
        try:
            out = subprocess.run(argv, check=False, capture_output=True, text=True, timeout=120, env=env)
            return " ".join((out.stdout or out.stderr).split())[:200]
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"unavailable: {error}"

    print(f"  flake8      {version([PYTHON, '-m', 'flake8', '--version'])}")
    print(f"  rosterguard {version([tool('rosterguard') or 'rosterguard', '--version'])}")
    print(f"              {source}")
    print(f"  bandit      {available['bandit'] or version([tool('bandit') or 'bandit', '--version']).split(' python')[0]}")
    print(f"  semgrep     {available['semgrep'] or version([tool('semgrep') or 'semgrep', '--version'])}")
    print()


def check_tools(work: Path) -> tuple[dict[str, str | None], list[str]]:
    """None = available; else 'unavailable: reason'. Also which semgrep flags this version has."""
    available: dict[str, str | None] = {}
    bandit = tool("bandit")
    if bandit is None:
        available["bandit"] = "unavailable: bandit is not installed (pip install bandit)"
    else:
        done = subprocess.run([bandit, "--version"], check=False, capture_output=True, text=True)
        available["bandit"] = None if done.returncode == 0 else f"unavailable: bandit --version exited {done.returncode}"
    semgrep = tool("semgrep")
    extra: list[str] = []
    if semgrep is None:
        available["semgrep"] = "unavailable: semgrep is not installed (pip install semgrep)"
        return available, extra
    probe = semgrep_probe(work)
    env = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0", SEMGREP_SEND_METRICS="off")
    try:
        listing = subprocess.run([semgrep, "--metrics=off", "--disable-version-check", "--config", RULES, "--x-ignore-semgrepignore-files", "--x-ls", str(probe)], check=False, capture_output=True, text=True, timeout=300, env=env)
        if listing.returncode == 0:
            # semgrep skips tests/ directories by default (its built-in .semgrepignore); the
            # other tools read every file, so semgrep must too.
            extra = ["--x-ignore-semgrepignore-files"]
        done = subprocess.run([semgrep, "--metrics=off", "--disable-version-check", "--config", RULES, "--json", "--quiet", *extra, str(probe)], check=False, capture_output=True, text=True, timeout=300, env=env)
        if done.returncode not in (0, 1) or '"check_id"' not in done.stdout:
            reason = (done.stderr.strip().splitlines() or [f"exit {done.returncode}, no finding on the probe file"])[-1]
            available["semgrep"] = f"unavailable: {reason[:200]}"
        else:
            available["semgrep"] = None
    except (OSError, subprocess.TimeoutExpired) as error:
        available["semgrep"] = f"unavailable: {error}"
    return available, extra


def corpus_section(trees: list[Tree], semgrep_extra: list[str]) -> None:
    print("== corpus ==")
    for tree in trees:
        print(f"  {tree.name:<20} {tree.files:>6} files {tree.lines:>10,} lines   {tree.path}")
    print(f"  {'total':<20} {sum(t.files for t in trees):>6} files {sum(t.lines for t in trees):>10,} lines")
    if semgrep_extra:
        print("  semgrep runs with --x-ignore-semgrepignore-files so it reads tests/ directories like the others")
    else:
        print("  note: this semgrep has no --x-ignore-semgrepignore-files: it skips tests/ directories the others read")
    print()


def main_section(runner: Runner, trees: list[Tree], groups: list[list[Command]], runs: int) -> tuple[dict[str, object], dict[str, dict[str, object]], list[dict[str, Sample]]]:
    print(f"== side by side, per application: medians over {runs} round(s) ==")
    print("  'RG not loaded' = flake8 run with rosterguard's entry point removed (benchmarks/flake8_plugins.py):")
    print("  flake8 runs every installed plugin whatever --select says, so that is the only true baseline.")
    print("  Peak MiB = largest single process. rosterguard's project cache is warm (one untimed warm-up run per tree).")
    per_app: dict[str, list[dict[str, Sample]]] = {}
    app_results: dict[str, dict[str, object]] = {}
    for tree in trees:
        warm_up(runner, tree)
        per_app[tree.name] = runner.rounds(groups, tree, runs, "main")
        print(f"\n-- {tree.name} ({tree.files} files, {tree.lines:,} lines)")
        print_commands(groups, per_app[tree.name])
        app_results[tree.name] = print_comparisons(per_app[tree.name])
        sys.stdout.flush()
    total_rounds = [
        {key: summed([per_app[t.name][number][key] for t in trees]) for key in per_app[trees[0].name][number]}
        for number in range(runs)
    ]
    print(f"\n-- TOTAL ({len(trees)} applications, {sum(t.files for t in trees)} files, {sum(t.lines for t in trees):,} lines; "
          "times summed per round, peak = largest)")
    print_commands(groups, total_rounds)
    total_results = print_comparisons(total_rounds)
    print()
    return total_results, app_results, total_rounds


def warm_up(runner: Runner, tree: Tree) -> None:
    log(f"warm-up {tree.name} (untimed: page cache, .pyc files, rosterguard's project cache)")
    runner.measure(Command("warmup", "warm-up", flake8("RG", 1, "--keep=RG")), tree)


def targets_section(total: dict[str, object], apps: dict[str, dict[str, object]]) -> None:
    print("== targets of issue 5 (total = all applications summed per round) ==")
    print(f"  {'comparison':<44} {'target':>8} {'total':>22} {'worst app':>30}  verdict (total)")
    for label, _, target in COMPARISONS:
        if target is None:
            continue
        result = total.get(label)
        worst_name, worst = "", None
        for name, results in apps.items():
            candidate = results.get(label)
            if candidate is not None and (worst is None or candidate.median > worst.median):  # type: ignore[attr-defined]
                worst_name, worst = name, candidate
        worst_text = f"{worst.median:.3f} {worst_name}" if worst is not None else "-"  # type: ignore[attr-defined]
        total_text = result.text() if result is not None else "-"  # type: ignore[attr-defined]
        print(f"  {label:<44} {target:>8} {total_text:>22} {worst_text:>30}  {verdict(result, target)}")
    print()


def scaling_section(runner: Runner, trees: list[Tree], total_rounds: list[dict[str, Sample]], runs: int) -> None:
    print("== scaling: per thousand lines, a quarter / half / all of every application ==")
    print("  quarter = every 4th file, half = every 2nd file of each application's sorted file list (copied to")
    print(f"  {runner.work / 'subsets'}); 'all' = the side-by-side runs above. CPU ms per 1,000 lines, --jobs=1.")
    groups = [[Command("ewf1", "flake8 E,W,F (RG not loaded)", flake8("E,W,F", 1, "--drop=RG")), Command("ewfrg1", "flake8 E,W,F,RG", flake8("E,W,F,RG", 1))],
              [Command("rg1_only", "flake8 --select=RG (only RG loaded)", flake8("RG", 1, "--keep=RG"))]]
    rows = []
    for fraction in ("quarter", "half"):
        subsets = subset(trees, fraction, runner.work)
        per_tree = []
        for tree in subsets:
            warm_up(runner, tree)
            per_tree.append(runner.rounds(groups, tree, runs, f"scaling-{fraction}"))
        fraction_rounds = [{key: summed([rounds[n][key] for rounds in per_tree]) for key in per_tree[0][n]} for n in range(runs)]
        rows.append((fraction, sum(t.files for t in subsets), sum(t.lines for t in subsets), fraction_rounds))
    rows.append(("all", sum(t.files for t in trees), sum(t.lines for t in trees), total_rounds))
    print(f"  {'part':<8} {'files':>6} {'lines':>10} {'E,W,F ms/kLOC':>14} {'E,W,F,RG':>9} {'RG added':>9} {'RG only':>8} {'E,W,F,RG / E,W,F':>20}")
    added_values = []
    for name, files, lines, rounds in rows:
        kloc = lines / 1000
        base = median_sample([r["ewf1"] for r in rounds]).cpu / kloc * 1000
        with_rg = median_sample([r["ewfrg1"] for r in rounds]).cpu / kloc * 1000
        only = median_sample([r["rg1_only"] for r in rounds]).cpu / kloc * 1000 if all("rg1_only" in r for r in rounds) else float("nan")
        added = pairwise(rounds, lambda r, kloc=kloc: (r["ewfrg1"].cpu - r["ewf1"].cpu) / kloc * 1000)
        added_ms = added.median if added is not None else float("nan")
        added_values.append(added_ms)
        overhead = pairwise(rounds, ratio("ewfrg1", "ewf1", "cpu"))
        print(f"  {name:<8} {files:>6} {lines:>10,} {base:>14.1f} {with_rg:>9.1f} {added_ms:>9.1f} {only:>8.1f} {overhead.text() if overhead else '-':>20}")
    finite = [v for v in added_values if not math.isnan(v) and v > 0]
    if len(finite) == len(added_values) and finite:
        print(f"  RG added ms/kLOC, largest / smallest over the three parts: {max(finite) / min(finite):.2f} (flat = close to 1)")
    print("  (RG only = flake8 start-up + tokenising + rosterguard; the E,W,F,RG / E,W,F column is the overhead per part)")
    print()


def cache_dirs(root: Path, name: str) -> list[Path]:
    found = []
    for directory, subdirectories, _ in os.walk(root):
        if name in subdirectories:
            found.append(Path(directory, name))
        subdirectories[:] = [d for d in subdirectories if d != name]
    return found


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def cache_section(runner: Runner, trees: list[Tree], runs: int, name: str) -> None:
    print(f"== project index: cold ({name}/ deleted first) vs warm (kept) ==")
    print("  command: flake8 --isolated --jobs=1 --select=RG with only rosterguard loaded (so the difference is not")
    print("  diluted by pycodestyle/pyflakes, which run whatever --select says); cache directories searched under each tree")
    command = Command("rg1_only", "flake8 --select=RG (only RG)", flake8("RG", 1, "--keep=RG"))
    print(f"  {'application':<20} {'cold CPU s':>10} {'warm CPU s':>10} {'cold-warm s':>11} {'cold/warm':>18} {'cache dirs':>10} {'cache KiB':>9}")
    for tree in trees:
        rounds = []
        produced = False
        for number in range(runs):
            for directory in cache_dirs(tree.path, name):
                shutil.rmtree(directory, ignore_errors=True)
            log(f"cache {tree.name} round {number + 1}/{runs}: cold")
            cold = runner.measure(command, tree)
            produced = produced or bool(cache_dirs(tree.path, name))
            log(f"cache {tree.name} round {number + 1}/{runs}: warm")
            warm = runner.measure(command, tree)
            rounds.append({"cold": cold, "warm": warm})
        if not produced:
            print(f"  {tree.name:<20} no cache directory produced ({name}/ never appeared under {tree.path})")
            continue
        dirs = cache_dirs(tree.path, name)
        cold_m = median_sample([r["cold"] for r in rounds])
        warm_m = median_sample([r["warm"] for r in rounds])
        difference = pairwise(rounds, lambda r: r["cold"].cpu - r["warm"].cpu)
        factor = pairwise(rounds, ratio("cold", "warm", "cpu"))
        print(f"  {tree.name:<20} {cold_m.cpu:>10.2f} {warm_m.cpu:>10.2f} {difference.median if difference else float('nan'):>11.2f} "
              f"{factor.text() if factor else '-':>18} {len(dirs):>10} {sum(directory_size(d) for d in dirs) / 1024:>9.0f}")
    print()


def hostile_section(runner: Runner, runs: int) -> None:
    print("== hostile sizes (issue 6 item 7): one file each, --jobs=1, medians ==")
    groups = [[Command("rg1", "flake8 --select=RG (as typed)", flake8("RG", 1)),
               Command("rg1_only", "flake8 --select=RG (only RG loaded)", flake8("RG", 1, "--keep=RG")),
               Command("ewf1", "flake8 E,W,F (RG not loaded)", flake8("E,W,F", 1, "--drop=RG"))]]
    print("  wall seconds; peak MiB of 'RG only' vs 'E,W,F'; outcome of one more run: 'RG only loaded' ; 'as typed'")
    print(f"  {'file':<26} {'lines':>7} {'RG as typed':>11} {'RG only':>8} {'E,W,F':>7} {'peak MiB':>11}  outcome")
    for tree in hostile_files(runner.work):
        before = len(runner.problems)
        rounds = runner.rounds(groups, tree, runs, "hostile")
        del runner.problems[before:]  # reported in 'outcome' below instead
        outcomes = []
        for command in (groups[0][1], groups[0][0]):
            done = subprocess.run(command.build(tree.path)[:-2] + [str(tree.path)], check=False, capture_output=True, text=True, env=runner.env, cwd=str(tree.path.parent))
            codes: dict[str, int] = {}
            for line in done.stdout.splitlines():
                match = re.search(r": (RG\d+) ", line)
                if match:
                    codes[match.group(1)] = codes.get(match.group(1), 0) + 1
            failed = next((line for line in (done.stdout + done.stderr).splitlines() if "failed during execution" in line), "")
            text = ", ".join(f"{n} {c}" for c, n in sorted(codes.items())) or "no RG finding"
            if failed:
                text += f"; flake8: {failed.split(': ', 1)[-1][:90]}"
            outcomes.append(text)
        m = {key: median_sample([r[key] for r in rounds]) for key in rounds[0]}
        print(f"  {tree.name:<26} {tree.lines:>7,} {m['rg1'].wall:>11.2f} {m['rg1_only'].wall:>8.2f} {m['ewf1'].wall:>7.2f} {m['rg1_only'].peak_mib:>5.0f} / {m['ewf1'].peak_mib:<4.0f}  {outcomes[0]} ; {outcomes[1]}")
    print()


def import_section(runner: Runner, runs: int) -> None:
    repeats = max(10, 5 * runs)
    print(f"== start-up: a fresh interpreter importing each module, medians of {repeats} interleaved runs ==")
    commands = [
        ("python -c pass", [PYTHON, "-c", "pass"]),
        ("import flake8", [PYTHON, "-c", "import flake8"]),
        ("import flake8.main.cli", [PYTHON, "-c", "import flake8.main.cli"]),
        ("import rosterguard", [PYTHON, "-c", "import rosterguard"]),
        ("import rosterguard.flake8_plugin", [PYTHON, "-c", "import rosterguard.flake8_plugin"]),
        ("import rosterguard.cli", [PYTHON, "-c", "import rosterguard.cli"]),
        # what `rosterguard fix` and `check --add-noqa` add on top; flake8 runs never pay it
        ("import rosterguard.fix.plan (libcst)", [PYTHON, "-c", "import rosterguard.fix.plan"]),
        ("flake8 --version (loads every plugin)", [PYTHON, "-m", "flake8", "--version"]),
        ("flake8 --version, RG not loaded", [PYTHON, LAUNCHER, "--drop=RG", "--", "--version"]),
    ]
    samples: dict[str, list[Sample]] = {label: [] for label, _ in commands}
    log("start-up timings")
    for number in range(repeats):
        order = commands if number % 2 == 0 else list(reversed(commands))
        for label, argv in order:
            samples[label].append(run_measured(argv, cwd=str(runner.empty), env=runner.env))
    base = median_sample(samples["python -c pass"])
    print(f"  {'command':<40} {'wall ms':>8} {'CPU ms':>8} {'minus bare python, wall ms':>27}")
    for label, _ in commands:
        m = median_sample(samples[label])
        print(f"  {label:<40} {m.wall * 1000:>8.1f} {m.cpu * 1000:>8.1f} {(m.wall - base.wall) * 1000:>27.1f}")
    plugin_vs_flake8 = spread([a.wall - b.wall for a, b in zip(samples["import rosterguard.flake8_plugin"], samples["import flake8"], strict=True)])
    if plugin_vs_flake8:
        print(f"  import rosterguard.flake8_plugin minus import flake8, pair by pair: {plugin_vs_flake8.median * 1000:.1f} ms "
              f"({plugin_vs_flake8.low * 1000:.1f}-{plugin_vs_flake8.high * 1000:.1f})")
    probe = "import sys, rosterguard.flake8_plugin, rosterguard.cli; print('libcst' in sys.modules)"
    loaded = subprocess.run([PYTHON, "-c", probe], check=False, capture_output=True, text=True, env=runner.env)
    print(f"  libcst imported by rosterguard.flake8_plugin or .cli: {loaded.stdout.strip()} (must be False)")
    done = subprocess.run([PYTHON, "-X", "importtime", "-c", "import rosterguard.flake8_plugin"], check=False, capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match and (match.group(4).startswith("rosterguard") or len(match.group(3)) <= 3):
            rows.append((int(match.group(2)), int(match.group(1)), match.group(4)))
    print("  python -X importtime -c 'import rosterguard.flake8_plugin' (one run), largest cumulative, top level and rosterguard.*:")
    for cumulative, own, module in sorted(rows, reverse=True)[:10]:
        print(f"    {cumulative / 1000:>7.1f} ms cumulative {own / 1000:>6.1f} ms own  {module}")
    print()


def profile_section(runner: Runner, tree: Tree) -> None:
    print(f"== where rosterguard's time goes: cProfile, in-process, flake8 --select=RG --jobs=1 on {tree.name} ==")
    print("  (only rosterguard loaded; its project cache as left warm by the runs above; top 15 cumulative entries in rosterguard's code)")
    log(f"profile {tree.name}")
    # cwd = the tree: rosterguard also indexes the project of the working directory
    done = subprocess.run([PYTHON, __file__, "--profile-worker", str(tree.path)], check=False, capture_output=True, text=True, env=runner.env, cwd=str(tree.path))
    print(done.stdout.rstrip())
    if done.returncode != 0:
        print(f"  profile worker exited {done.returncode}: {done.stderr.strip()[-300:]}")
    print()


def profile_worker(path: str) -> int:
    """Runs inside a child process: flake8 with only RG loaded, under cProfile."""
    import cProfile
    import io
    import pstats

    from flake8.main import cli
    from flake8.plugins import finder

    original = finder._find_importlib_plugins
    finder._find_importlib_plugins = lambda: (p for p in original() if p.entry_point.group != "flake8.extension" or p.entry_point.name == "RG")
    profiler = cProfile.Profile()
    start = time.process_time()
    profiler.enable()
    cli.main(["--isolated", "--jobs=1", "--select=RG", "--output-file=/dev/null", path])
    profiler.disable()
    elapsed = time.process_time() - start
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.sort_stats("cumulative").print_stats(r"/rosterguard/", 15)
    import rosterguard

    text = buffer.getvalue().replace(str(Path(rosterguard.__file__).resolve().parent.parent) + "/", "")
    lines = [line for line in text.splitlines() if line.strip()]
    start_index = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    print(f"  whole flake8 run under the profiler: {elapsed:.2f} CPU s (profiling inflates this); rosterguard from {rosterguard.__file__}")
    for line in lines[start_index:]:
        print(f"  {line}")
    return 0


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds per measurement (default 5)")
    parser.add_argument("--apps", help="comma-separated applications (default: all of corpus/apps.txt)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 1 round, the 2 smallest applications")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"corpus directory (default {DEFAULT_CORPUS})")
    parser.add_argument("--fetch-script", type=Path, default=DEFAULT_FETCH_SCRIPT, help="script that downloads missing applications")
    parser.add_argument("--work", type=Path, default=Path("/tmp/rosterguard-bench"), help="scratch directory (subsets, hostile files, stderr)")
    parser.add_argument("--cache-dir-name", default=".rosterguard_cache", help="rosterguard's on-disk cache directory name (cold vs warm)")
    parser.add_argument("--extra", action="store_true", help="also run the 'as typed' flake8 --select=F, --select=RG and E,W,F-with-RG-installed "
                        "(each a full flake8 run: +35%% time) and semgrep at default jobs")
    parser.add_argument("--commands", help="main section: only these command keys (e.g. ewf1,none1,f1_only,rg1_only; default all)")
    parser.add_argument("--profile-app", help="application to profile (default: pretix if selected, else the largest)")
    parser.add_argument("--skip", default="", help="comma-separated sections to skip: main,scaling,cache,hostile,startup,profile")
    parser.add_argument("--profile-worker", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.profile_worker:
        return profile_worker(arguments.profile_worker)
    runs = 1 if arguments.quick else arguments.runs
    if runs < 1:
        parser.error("--runs must be at least 1")
    skip = {s.strip() for s in arguments.skip.split(",") if s.strip()}

    known = pinned_apps(arguments.fetch_script) or sorted(p.name for p in arguments.corpus.iterdir() if p.is_dir() and p.name != "wheels")
    if arguments.apps:
        wanted = [a.strip() for a in arguments.apps.split(",") if a.strip()]
    elif arguments.quick:
        wanted = list(SMALL_APPS)
    else:
        wanted = known
    ensure_apps(wanted, arguments.corpus, arguments.fetch_script, log)
    arguments.work.mkdir(parents=True, exist_ok=True)
    env, source = snapshot_source(arguments.work)
    runner = Runner(arguments.work, env)

    available, semgrep_extra = check_tools(arguments.work)
    started = time.monotonic()
    print(f"rosterguard benchmark: python benchmarks/run.py {' '.join(argv if argv is not None else sys.argv[1:])}")
    print(f"rounds: {runs}\n")
    machine_section(available, env, source)
    trees = [describe(name, arguments.corpus / name) for name in wanted]
    corpus_section(trees, semgrep_extra)
    for name, reason in available.items():
        if reason:
            print(f"  {name}: {reason}\n")

    if "startup" not in skip:
        import_section(runner, runs)
    if "hostile" not in skip:
        hostile_section(runner, runs)
    total_rounds: list[dict[str, Sample]] = []
    if "main" not in skip:
        groups = main_commands(available, semgrep_extra, extra=arguments.extra or arguments.quick)
        if arguments.commands:
            keys = {k.strip() for k in arguments.commands.split(",")}
            groups = [g for g in ([c for c in group if c.key in keys] for group in groups) if g]
        total, per_app, total_rounds = main_section(runner, trees, groups, runs)
        targets_section(total, per_app)
    if "scaling" not in skip and total_rounds:
        scaling_section(runner, trees, total_rounds, runs)
    if "cache" not in skip:
        cache_section(runner, trees, runs, arguments.cache_dir_name)
    if "profile" not in skip:
        name = arguments.profile_app or ("pretix" if "pretix" in wanted else max(trees, key=lambda t: t.lines).name)
        profile_section(runner, next((t for t in trees if t.name == name), None) or describe(name, arguments.corpus / name))
    print("== problems seen in the runs (exit status > 1, tracebacks, plugin failures) ==")
    for problem in dict.fromkeys(runner.problems):
        print(f"  {problem}")
    if not runner.problems:
        print("  none")
    print(f"\nfinished in {(time.monotonic() - started) / 60:.1f} min; load avg at the end {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
