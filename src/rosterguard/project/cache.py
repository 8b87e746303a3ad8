"""The on-disk cache of module summaries: one JSON file per settings, keyed by file contents.

One cache directory per project root: ``.rosterguard_cache`` there, or a subdirectory of the
directory the user chose (``--cache-dir``, ``ROSTERGUARD_CACHE_DIR``). Written to a temporary
file and renamed into place, so concurrent flake8 workers read either the old index or the
new one, never half of one. Any problem reading the cache is a cache miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from rosterguard import __version__
from rosterguard.analysis.model import Outline
from rosterguard.config import Settings
from rosterguard.project.codec import CodecError, decode, encode
from rosterguard.project.summary import DataSummary, ModuleSummary

T = TypeVar("T")

DIRECTORY = ".rosterguard_cache"
ENVIRONMENT_VARIABLE = "ROSTERGUARD_CACHE_DIR"
# A cache file that cannot be read, or that another version of rosterguard wrote: a cache miss.
_UNREADABLE = (OSError, ValueError, TypeError, KeyError, CodecError, AttributeError)
# Files above this size are not read for the index (generated code, data in .py files).
LARGEST_READ = 5_000_000


@dataclass(frozen=True, slots=True)
class Location:
    """Where a run keeps its caches: beside each project root, under a chosen directory, or
    (``enabled=False``) nowhere but in memory."""

    directory: Path | None = None
    enabled: bool = True

    def for_root(self, root: Path) -> Path | None:
        """The cache directory of one project root; under a chosen directory, one per root
        (named after it, with a digest of its path so that two ``app`` roots never share)."""
        if not self.enabled:
            return None
        if self.directory is None:
            return root / DIRECTORY
        digest = hashlib.blake2b(str(root).encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()
        return self.directory / f"{root.name or 'root'}-{digest}"


BESIDE_EACH_ROOT = Location()


def location(chosen: str | None, enabled: bool, environment: Mapping[str, str]) -> Location:
    """The user's choice: the option, else ``ROSTERGUARD_CACHE_DIR``, else beside each project."""
    directory = chosen or environment.get(ENVIRONMENT_VARIABLE) or None
    return Location(Path(directory).absolute() if directory else None, enabled)


@dataclass(frozen=True, slots=True)
class Entry:
    size: int
    mtime_ns: int
    digest: str
    summary: ModuleSummary


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """rosterguard's own sources: a summary is only as current as the code that wrote it."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    for source in sorted(package.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _fingerprint(settings: Settings) -> str:
    return hashlib.blake2b(repr((_code_digest(), settings)).encode(), digest_size=8).hexdigest()


def _file(directory: Path, settings: Settings) -> Path:
    return directory / f"index-{_fingerprint(settings)}.json"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def load(directory: Path, settings: Settings) -> dict[str, Entry]:
    try:
        raw = json.loads(_file(directory, settings).read_text(encoding="utf-8"))
        return {
            path: Entry(size, mtime, digest, decode(summary))
            for path, (size, mtime, digest, summary) in raw.items()
        }
    except _UNREADABLE:
        return {}


def current(path: Path, cached: Entry | None, summarize: Callable[[bytes], ModuleSummary]) -> Entry | None:
    """The cached entry while the file is unchanged, else a fresh summary; None if unreadable."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > LARGEST_READ:
            return None  # a FIFO or device named *.py, or a generated giant: never read
        if cached is not None and (cached.size, cached.mtime_ns) == (status.st_size, status.st_mtime_ns):
            return cached
        data = path.read_bytes()
    except OSError:
        return None
    digest = _digest(data)
    if cached is not None and cached.digest == digest:
        return replace(cached, size=status.st_size, mtime_ns=status.st_mtime_ns)
    return Entry(status.st_size, status.st_mtime_ns, digest, summarize(data))


def store(directory: Path, settings: Settings, entries: dict[str, Entry]) -> None:
    """Replace the index; raises ``OSError`` when the disk refuses (a read-only checkout)."""
    target = _file(directory, settings)
    payload = {path: [e.size, e.mtime_ns, e.digest, encode(e.summary)] for path, e in entries.items()}
    _write_atomically(directory, target, payload)
    for stale in target.parent.glob("index-*.json"):
        if stale != target:
            stale.unlink(missing_ok=True)


def definitions(
    directory: Path | None, settings: Settings, path: Path, summarize: Callable[[bytes], DataSummary]
) -> DataSummary | None:
    """A module's data helpers, stored under its content digest (so never stale)."""
    return by_digest("definitions", DataSummary, directory, settings, path, summarize)


def outline(
    directory: Path | None, settings: Settings, path: Path, summarize: Callable[[bytes], Outline]
) -> Outline | None:
    """A module's classes with their bases, and its imports: what the class hierarchy needs."""
    return by_digest("outlines", Outline, directory, settings, path, summarize)


def by_digest(
    kind: str,
    expected: type[T],
    directory: Path | None,
    settings: Settings,
    path: Path,
    summarize: Callable[[bytes], T],
) -> T | None:
    """What ``summarize`` makes of a file, stored under its content digest (so never stale);
    without a cache directory, or when it cannot be written, computed and not kept."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > LARGEST_READ:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if directory is None:
        return summarize(data)
    target = directory / f"{kind}-{_fingerprint(settings)}" / f"{_digest(data)}.json"
    try:
        found = decode(json.loads(target.read_text(encoding="utf-8")))
        if isinstance(found, expected):
            return found
    except _UNREADABLE:
        pass
    summary = summarize(data)
    try:
        _write_atomically(directory, target, encode(summary))
    except OSError:
        pass  # the index already said, once, that this cache cannot be written
    return summary


def _write_atomically(directory: Path, target: Path, payload: object) -> None:
    """Write JSON beside ``target`` and rename it into place (a ``.gitignore`` keeps the cache
    directory out of version control)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# created by rosterguard\n*\n", encoding="utf-8")
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(payload, stream, separators=(",", ":"))
        os.replace(temporary, target)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise
