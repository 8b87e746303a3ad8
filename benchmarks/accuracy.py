"""How right rosterguard is on real code: labelled endpoints of real applications and disclosed leaks.

Run by hand, never by the test suite::

    bash benchmarks/corpus/fetch.sh              # the pinned applications, once
    python benchmarks/accuracy.py                # every labelled application and every leak
    python benchmarks/accuracy.py --apps pretix --no-leaks --show misses

For each application with a label file (``benchmarks/labels/<app>.toml``) it runs
``rosterguard inventory`` and ``rosterguard check`` on the unpacked application and prints:

- discovery recall: sampled endpoints that the inventory lists;
- access accuracy: found sampled endpoints whose computed level equals the label;
- exposure recall: sampled endpoints labelled as exposing a list/counts (and, apart, a record)
  whose inventory entry shows that kind of exposure;
- finding precision: reported findings whose code the label expects (``intended`` ones, where the
  application publishes the data on purpose, are counted as true and shown apart), over findings
  at labelled places; findings nobody labelled yet are counted and listed with ``--show unlabelled``;
- finding recall: expected (endpoint, code) pairs of the sample that are reported.

For every leak of ``benchmarks/labels/leaks*.toml`` it checks the whole project at the vulnerable
and the fixed version: a leak is caught when an expected code is reported at the endpoint before
the fix and no longer after it. Sources come from ``--leaks-dir`` when already there; else, for a
leak given by PyPI releases, from ``pip download``; else from a local git mirror (``--mirror``:
``<dir>/<owner>+<name>/repo`` or a clone at ``<dir>/<owner>+<name>``), else from GitHub's
tarball of the commit.

The last line is a one-line summary.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tomllib

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels"
DEFAULT_CORPUS = Path.home() / ".cache" / "rosterguard-corpus"
DEFAULT_LEAKS_DIR = Path.home() / ".cache" / "rosterguard-leaks"
DEFAULT_MIRROR = Path(os.environ.get("ROSTERGUARD_MIRROR", "/work/.mirror"))

LEVELS = ("public", "authenticated", "authorized")
EXPOSURE_KINDS = {"list": "customer list", "counts": "usage counts", "record": "customer record"}
# Files a project root is recognised by; extracted with the Python files of a leak's commit.
ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", "manage.py")


# --- labels -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EndpointLabel:
    file: str
    name: str
    line: int
    route: str
    access: str
    exposes: tuple[str, ...]
    expect: tuple[str, ...]
    origin: str
    reason: str
    intended: bool

    @property
    def sampled(self) -> bool:
        return self.origin == "sample"

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line} {self.name}"


@dataclass(frozen=True)
class FindingLabel:
    file: str
    line: int
    code: str
    verdict: str
    reason: str


@dataclass(frozen=True)
class AppLabels:
    app: str
    version: str
    endpoints: tuple[EndpointLabel, ...]
    findings: tuple[FindingLabel, ...]


def load_app_labels(path: Path) -> AppLabels:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    endpoints = tuple(
        EndpointLabel(
            file=item["file"],
            name=item["name"],
            line=int(item["line"]),
            route=item.get("route", ""),
            access=_checked(item["access"], LEVELS, path, item),
            exposes=tuple(
                _checked(kind, tuple(EXPOSURE_KINDS), path, item) for kind in item.get("exposes", [])
            ),
            expect=tuple(item.get("expect", [])),
            origin=_checked(item.get("origin", "sample"), ("sample", "finding", "extra"), path, item),
            reason=item.get("reason", ""),
            intended=bool(item.get("intended", False)),
        )
        for item in data.get("endpoint", [])
    )
    findings = tuple(
        FindingLabel(item["file"], int(item["line"]), item["code"], item["verdict"], item.get("reason", ""))
        for item in data.get("finding", [])
    )
    return AppLabels(data.get("app", path.stem), data.get("version", ""), endpoints, findings)


def _checked(value: str, allowed: Sequence[str], path: Path, item: dict[str, object]) -> str:
    if value not in allowed:
        raise SystemExit(f"{path}: {item.get('file')}:{item.get('name')}: {value!r} is not one of {allowed}")
    return value


# --- rosterguard's view of an application ---------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One inventory entry, its path relative to the checked directory."""

    file: str
    name: str
    line: int
    access: str
    exposure_kinds: frozenset[str]
    findings: tuple[str, ...]


@dataclass(frozen=True)
class Reported:
    file: str
    line: int
    code: str
    subject: str


def run_rosterguard(command: str, root: Path, jobs: int | None) -> list[dict[str, object]]:
    """Run one console-script command on ``root`` (as the working directory) and parse its JSON."""
    argv = [sys.executable, "-m", "rosterguard.cli", command, ".", "--format", "json"]
    if jobs:
        argv += ["--jobs", str(jobs)]
    done = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise RuntimeError(
            f"rosterguard {command} {root} failed ({done.returncode}): {done.stderr.strip()[-2000:]}"
        )
    result: list[dict[str, object]] = json.loads(done.stdout)
    return result


def _relative(file: object, root: Path) -> str:
    return os.path.relpath(os.path.normpath(root / str(file)), root)


def inventory(root: Path, jobs: int | None) -> list[Entry]:
    return [
        Entry(
            file=_relative(item["file"], root),
            name=str(item["name"]),
            line=int(str(item["line"])),
            access=str(item["access"]),
            exposure_kinds=frozenset(str(exposure["kind"]) for exposure in item["exposures"]),  # type: ignore[attr-defined]
            findings=tuple(str(code) for code in item["findings"]),  # type: ignore[attr-defined]
        )
        for item in run_rosterguard("inventory", root, jobs)
    ]


def findings(root: Path, jobs: int | None) -> list[Reported]:
    return [
        Reported(
            _relative(item["file"], root),
            int(str(item["line"])),
            str(item["code"]),
            str(item.get("subject", "")),
        )
        for item in run_rosterguard("check", root, jobs)
    ]


# --- matching labels to entries --------------------------------------------------------------------


def class_part(name: str) -> str:
    return name.split(".", 1)[0]


def same_endpoint(label_name: str, entry_name: str) -> bool:
    """``Class.method`` labels match an entry for the whole class and the reverse (viewsets)."""
    if label_name == entry_name:
        return True
    if "." in label_name and "." not in entry_name:
        return class_part(label_name) == entry_name
    if "." in entry_name and "." not in label_name:
        return class_part(entry_name) == label_name
    return False


def match_entry(label: EndpointLabel, by_file: dict[str, list[Entry]]) -> Entry | None:
    """The inventory entry for a label: by name in its file, else by the line of its ``def``."""
    candidates = by_file.get(label.file, [])
    named = [entry for entry in candidates if same_endpoint(label.name, entry.name)]
    exact = [entry for entry in named if entry.name == label.name]
    if exact or named:
        return min(exact or named, key=lambda entry: abs(entry.line - label.line))
    return next((entry for entry in candidates if entry.line == label.line), None)


# --- scores ----------------------------------------------------------------------------------------


@dataclass
class Ratio:
    hit: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hit += ok
        self.total += 1

    def __iadd__(self, other: Ratio) -> Ratio:
        self.hit += other.hit
        self.total += other.total
        return self

    def __str__(self) -> str:
        if not self.total:
            return "   -   (0/0)"
        return f"{self.hit / self.total:5.2f} ({self.hit}/{self.total})"


@dataclass
class AppScore:
    app: str
    discovery: Ratio = field(default_factory=Ratio)
    access: Ratio = field(default_factory=Ratio)
    exposure: Ratio = field(default_factory=Ratio)
    record_exposure: Ratio = field(default_factory=Ratio)
    precision: Ratio = field(default_factory=Ratio)
    recall: Ratio = field(default_factory=Ratio)
    debatable: int = 0
    unlabelled: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def merge(self, other: AppScore) -> None:
        for name in ("discovery", "access", "exposure", "record_exposure", "precision", "recall"):
            mine: Ratio = getattr(self, name)
            mine += getattr(other, name)
        self.debatable += other.debatable
        self.unlabelled += other.unlabelled


def score_app(labels: AppLabels, entries: Sequence[Entry], reported: Sequence[Reported]) -> AppScore:
    score = AppScore(labels.app)
    by_file: dict[str, list[Entry]] = {}
    for entry in entries:
        by_file.setdefault(entry.file, []).append(entry)
    labelled: dict[tuple[str, str], EndpointLabel] = {}
    for label in labels.endpoints:
        entry = match_entry(label, by_file)
        if entry is not None:
            labelled.setdefault((entry.file, entry.name), label)
        if label.sampled:
            _score_sampled(score, label, entry)
    for entry in entries:
        for code in entry.findings:
            _score_finding(
                score, labelled.get((entry.file, entry.name)), code, f"{entry.file}:{entry.line} {entry.name}"
            )
    outside = {(label.file, label.line, label.code): label for label in labels.findings}
    endpoint_lines = {(entry.file, entry.line) for entry in entries if entry.findings}
    for finding in reported:
        if (finding.file, finding.line) in endpoint_lines and finding.code[2] in "12":
            continue  # counted with its endpoint above
        label = outside.get((finding.file, finding.line, finding.code))
        where = f"{finding.file}:{finding.line} {finding.code} {finding.subject}"
        if label is None:
            score.unlabelled.append(where)
        else:
            score.precision.add(label.verdict in ("true", "debatable"))
            score.debatable += label.verdict == "debatable"
            if label.verdict == "false":
                score.notes.append(f"false {where}: {label.reason}")
    return score


def _score_sampled(score: AppScore, label: EndpointLabel, entry: Entry | None) -> None:
    score.discovery.add(entry is not None)
    if entry is None:
        score.notes.append(f"not found {label.where}")
    else:
        score.access.add(entry.access == label.access)
        if entry.access != label.access:
            score.notes.append(f"access {entry.access} != {label.access} {label.where}: {label.reason}")
    for kind, ratio in (
        ("list", score.exposure),
        ("counts", score.exposure),
        ("record", score.record_exposure),
    ):
        if kind in label.exposes:
            seen = entry is not None and EXPOSURE_KINDS[kind] in entry.exposure_kinds
            ratio.add(seen)
            if not seen:
                score.notes.append(f"exposure {kind} unseen {label.where}")
    for code in label.expect:
        caught = entry is not None and code in entry.findings
        score.recall.add(caught)
        if not caught:
            score.notes.append(f"missed {code} {label.where}: {label.reason}")


def _score_finding(score: AppScore, label: EndpointLabel | None, code: str, where: str) -> None:
    if label is None:
        score.unlabelled.append(f"{where} {code}")
        return
    true = code in label.expect
    score.precision.add(true)
    score.debatable += true and label.intended
    if not true:
        score.notes.append(f"false {code} {where}: labelled {label.access}, exposes {list(label.exposes)}")


# --- disclosed leaks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    id: str
    file: str
    endpoint: str
    kind: str
    expect: tuple[str, ...]
    framework: str
    summary: str
    repo: str = ""
    vulnerable: str = ""  # commits, or ...
    fixed: str = ""
    package: str = ""  # ... PyPI releases
    vulnerable_version: str = ""
    fixed_version: str = ""

    @property
    def versions(self) -> tuple[str, str]:
        if self.package:
            return self.vulnerable_version, self.fixed_version
        return self.vulnerable, self.fixed

    @property
    def source(self) -> str:
        return self.package or self.repo


def load_leaks(directory: Path) -> list[Leak]:
    fields = Leak.__dataclass_fields__
    leaks = []
    for path in sorted(directory.glob("leaks*.toml")):
        for item in tomllib.loads(path.read_text(encoding="utf-8")).get("leak", []):
            given = {name: item[name] for name in fields if name in item}
            leaks.append(Leak(**{**given, "expect": tuple(item["expect"])}))
    return leaks


def leak_source(leak: Leak, version: str, leaks_dir: Path, mirror: Path) -> Path:
    """The Python files (and root markers) of the leak's project at ``version``, unpacked once."""
    target = leaks_dir / leak.source.replace("/", "+") / version[:12]
    if target.is_dir() and any(target.iterdir()):
        return target
    target.mkdir(parents=True, exist_ok=True)
    if leak.package:
        _unpack_release(leak.package, version, target)
    else:
        _unpack(_archive(leak.repo, version, mirror), target)
    return target


def _unpack_release(package: str, version: str, target: Path) -> None:
    """A release from PyPI: the wheel when there is one, else the source distribution (never built)."""
    download = target.parent / f".download-{version}"
    download.mkdir(parents=True, exist_ok=True)
    for choice in (["--only-binary", ":all:"], ["--no-binary", ":all:", "--no-build-isolation"]):
        argv = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            *choice,
            "-d",
            str(download),
            f"{package}=={version}",
        ]
        if subprocess.run(argv, capture_output=True, check=False).returncode == 0:
            break
    for archive in download.iterdir():
        if archive.suffix in (".whl", ".zip"):
            with zipfile.ZipFile(archive) as wheel:
                for name in wheel.namelist():
                    if _wanted(name):
                        wheel.extract(name, target)
        elif archive.name.endswith((".tar.gz", ".tgz")):
            _unpack(archive.read_bytes(), target)


def _archive(repo: str, commit: str, mirror: Path) -> bytes:
    for git_dir in (mirror / repo.replace("/", "+") / "repo", mirror / repo.replace("/", "+")):
        if (git_dir / "HEAD").exists() or (git_dir / ".git").exists():
            # only what is read: a snapshot may lack its largest blobs (data files)
            git = ["git", "--git-dir", str(git_dir if (git_dir / "HEAD").exists() else git_dir / ".git")]
            listed = subprocess.run(
                [*git, "ls-tree", "-r", "--name-only", commit], capture_output=True, text=True, check=True
            )
            wanted = [name for name in listed.stdout.splitlines() if _wanted(name)]
            done = subprocess.run(
                [*git, "archive", "--format=tar.gz", commit, "--", *wanted], capture_output=True, check=True
            )
            return done.stdout
    url = f"https://codeload.github.com/{repo}/tar.gz/{commit}"
    with urllib.request.urlopen(url, timeout=120) as response:
        return bytes(response.read())


def _unpack(archive: bytes, target: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        members = [member for member in tar.getmembers() if member.isfile() and _wanted(member.name)]
        strip = _common_prefix(tar.getnames())
        for member in members:
            member.name = member.name[len(strip) :]
            if member.name:
                tar.extract(member, target, filter="data")


def _wanted(name: str) -> bool:
    return name.endswith(".py") or name.rsplit("/", 1)[-1] in ROOT_MARKERS


def _common_prefix(names: Iterable[str]) -> str:
    """GitHub tarballs put everything under ``<repo>-<commit>/``; git archive does not."""
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) == 1:
        (top,) = tops
        if all(name == top or name.startswith(top + "/") for name in names):
            return top + "/"
    return ""


@dataclass(frozen=True)
class LeakResult:
    leak: Leak
    before: tuple[str, ...]
    after: tuple[str, ...]
    error: str = ""

    @property
    def caught(self) -> bool:
        return any(code in self.before and code not in self.after for code in self.leak.expect)


def reported_at(leak: Leak, reported: Iterable[Reported], file: str | None) -> tuple[str, ...]:
    """Codes reported at the leak's endpoint (in its file, or anywhere when the file moved)."""
    return tuple(
        sorted(
            {
                finding.code
                for finding in reported
                if (file is None or finding.file == file) and _subject_matches(leak.endpoint, finding.subject)
            }
        )
    )


def _subject_matches(endpoint: str, subject: str) -> bool:
    return same_endpoint(endpoint, subject.split(":", 1)[0])


def check_leak(leak: Leak, leaks_dir: Path, mirror: Path, jobs: int | None) -> LeakResult:
    try:
        codes: list[tuple[str, ...]] = []
        for version in leak.versions:
            root = leak_source(leak, version, leaks_dir, mirror)
            present = (root / leak.file).exists()
            codes.append(reported_at(leak, findings(root, jobs), leak.file if present else None))
        return LeakResult(leak, codes[0], codes[1])
    except (OSError, RuntimeError, subprocess.CalledProcessError, json.JSONDecodeError) as error:
        return LeakResult(
            leak, (), (), error=str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        )


# --- report ----------------------------------------------------------------------------------------


def print_app_table(scores: Sequence[AppScore], total: AppScore) -> None:
    header = ("application", "discovery", "access", "exposure", "record", "precision", "recall", "unlabelled")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for score in [*scores, total]:
        cells = (
            score.app,
            str(score.discovery),
            str(score.access),
            str(score.exposure),
            str(score.record_exposure),
            str(score.precision) + (f" ({score.debatable} intended)" if score.debatable else ""),
            str(score.recall),
            str(len(score.unlabelled)),
        )
        print("| " + " | ".join(cells) + " |")


def print_leaks(results: Sequence[LeakResult]) -> None:
    print("\n| leak | repo | endpoint | expect | before | after | caught |")
    print("|---|---|---|---|---|---|---|")
    for result in results:
        leak = result.leak
        outcome = f"error: {result.error}" if result.error else ("yes" if result.caught else "no")
        print(
            f"| {leak.id} | {leak.source} | {leak.endpoint} | {','.join(leak.expect)} "
            f"| {','.join(result.before) or '-'} | {','.join(result.after) or '-'} | {outcome} |"
        )


def worst(scores: Sequence[AppScore], metric: str) -> str:
    rated = [
        (getattr(score, metric).hit / getattr(score, metric).total, score.app)
        for score in scores
        if getattr(score, metric).total
    ]
    return "" if not rated else "{1} {0:.2f}".format(*min(rated))


def summary_line(total: AppScore, scores: Sequence[AppScore], leaks: Sequence[LeakResult]) -> str:
    def rate(ratio: Ratio) -> str:
        return f"{ratio.hit / ratio.total:.2f}" if ratio.total else "-"

    caught = sum(result.caught for result in leaks)
    return (
        f"SUMMARY discovery {rate(total.discovery)} (worst {worst(scores, 'discovery')})"
        f" · access {rate(total.access)} (worst {worst(scores, 'access')})"
        f" · exposure recall {rate(total.exposure)} · record recall {rate(total.record_exposure)}"
        f" · finding precision {rate(total.precision)} ({total.precision.hit}/{total.precision.total},"
        f" {len(total.unlabelled)} unlabelled) · finding recall {rate(total.recall)}"
        f" · leaks caught {caught}/{len(leaks)}"
        f" · {total.discovery.total} sampled labels"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--apps", help="comma-separated applications (default: every label file)")
    parser.add_argument("--no-leaks", action="store_true", help="skip the disclosed leaks")
    parser.add_argument("--leaks", help="comma-separated leak ids (default: all)")
    parser.add_argument("--leaks-dir", type=Path, default=DEFAULT_LEAKS_DIR)
    parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument(
        "--show",
        choices=("misses", "unlabelled", "all"),
        action="append",
        default=[],
        help="also list what went wrong per application (misses) or the findings nobody labelled",
    )
    options = parser.parse_args(argv)

    wanted = set(options.apps.split(",")) if options.apps else None
    label_files = sorted(path for path in LABELS.glob("*.toml") if not path.stem.startswith("leaks"))
    scores: list[AppScore] = []
    for path in label_files:
        labels = load_app_labels(path)
        if wanted is not None and labels.app not in wanted:
            continue
        root = options.corpus / labels.app
        if not root.is_dir():
            print(f"{labels.app}: not in {options.corpus}; run benchmarks/corpus/fetch.sh", file=sys.stderr)
            continue
        score = score_app(labels, inventory(root, options.jobs), findings(root, options.jobs))
        scores.append(score)
        _show(score, options.show)

    total = AppScore("all")
    for score in scores:
        total.merge(score)
    print()
    print_app_table(scores, total)

    results: list[LeakResult] = []
    if not options.no_leaks:
        chosen = set(options.leaks.split(",")) if options.leaks else None
        for leak in load_leaks(LABELS):
            if chosen is None or leak.id in chosen:
                print(f"leak {leak.id} ({leak.source})...", file=sys.stderr)
                results.append(check_leak(leak, options.leaks_dir, options.mirror, options.jobs))
        print_leaks(results)
        kinds = Counter(result.leak.kind for result in results if result.caught)
        print(f"\nleaks caught by kind: {dict(kinds) or 'none'}")
    print()
    print(summary_line(total, scores, results))
    return 0


def _show(score: AppScore, what: Sequence[str]) -> None:
    lines: Iterator[str] = iter(())
    if "misses" in what or "all" in what:
        lines = iter(score.notes)
    if "unlabelled" in what or "all" in what:
        lines = iter([*lines, *(f"unlabelled {where}" for where in score.unlabelled)])
    for line in lines:
        print(f"  {score.app}: {line}")


if __name__ == "__main__":
    raise SystemExit(main())
