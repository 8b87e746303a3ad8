"""The project index: per-file summaries (cached on disk) joined into what each module needs.

Built once per process and root. Under flake8 ``--jobs`` the main process builds it while
validating options (the console script before it starts workers), so forked workers inherit
it and spawned ones find the cache warm.
"""

from __future__ import annotations

import ast
import os
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from rosterguard.analysis.access import AccessReader, combine
from rosterguard.analysis.crossfile import CrossFile, RegistrarLayers, Wiring
from rosterguard.analysis.dataflow import Helper
from rosterguard.analysis.knowledge import knowledge_for
from rosterguard.analysis.model import ModuleModel, Outline, ProjectModel, Source
from rosterguard.concepts import AccessEvidence, Layer, Route
from rosterguard.config import Settings
from rosterguard.project import cache
from rosterguard.project.layout import find_root, module_name, package_of, python_files, real_directory

_UNWRITABLE = (
    "cannot write the project cache {directory} ({reason}): kept in memory for this run"
    f" ({cache.ENVIRONMENT_VARIABLE} chooses another place)"
)
from rosterguard.project.summary import DataSummary, ModuleSummary, Mount, summarize, summarize_data

# A module mentioning none of these declares no routes, hooks or settings for other modules.
# (Data helpers and decorators are read on demand, only from modules that endpoints call.)
_INDEX_WORDS = (
    b"urlpatterns",
    b"REST_FRAMEWORK",
    b"MIDDLEWARE",
    b"before_request",
    b"before_app_request",
    b"register_blueprint",
    b"include_router",
    b"Blueprint",
    b"Router",
    b"FastAPI",
    b".register(",
    b"add_route",
    b"add_resource",
    b"add_view",
    b"add_get",
    b"Application(",
    b"route_handlers",
)
# Django URL entries built outside ``urlpatterns`` (app configs' ``get_urls()``, URL hooks).
_URL_CALL = re.compile(rb"(?<![\w.])(?:re_path|path|url)\(")
_LARGEST_SUMMARISED_FILE = 2_000_000


@dataclass
class ProjectIndex:
    root: Path
    settings: Settings
    summaries: list[ModuleSummary]
    paths: dict[str, Path] = field(default_factory=dict)  # module name → file
    wiring: dict[str, dict[str, Wiring]] = field(default_factory=dict)
    registrars: dict[str, RegistrarLayers] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    _definitions: dict[str, DataSummary | None] = field(default_factory=dict)
    drf_settings: list[ModuleSummary] = field(default_factory=list)
    login_settings: list[ModuleSummary] = field(default_factory=list)
    project: ProjectModel = field(default_factory=ProjectModel)
    cache_directory: Path | None = None  # None: kept in memory only
    notice: str | None = None  # said once per run, by the adapter: why the cache is in memory

    def __post_init__(self) -> None:
        self.project = ProjectModel(sources=self)
        self.drf_settings = [s for s in self.summaries if s.drf_default is not None]
        self.login_settings = [s for s in self.summaries if s.site_wide]
        self.configures_drf = any(s.configures_drf for s in self.summaries)
        for summary in self.summaries:
            self.aliases.update(summary.aliases)
        self._join_registrars()
        self._join_urls()

    def _resolve(self, name: str) -> str:
        return CrossFile(aliases=self.aliases).resolve(name)

    # -- blueprints and routers ------------------------------------------------------------
    def _join_registrars(self) -> None:
        declared = {self._resolve(r.name): r for s in self.summaries for r in s.registrars}
        mounts: dict[str, list[Mount]] = defaultdict(list)
        for mount in (m for s in self.summaries for m in s.mounts):
            mounts[self._resolve(mount.child)].append(mount)
        hooks: dict[str, list[AccessEvidence]] = defaultdict(list)
        for hook in (h for s in self.summaries for h in s.hooks):
            evidence = hook.evidence or self.guard(self._resolve(hook.function))
            if evidence is None:
                continue
            target = self._resolve(hook.target)
            parents = [self._resolve(m.parent) for m in mounts.get(target, [])] if hook.app_wide else []
            for name in parents or [target]:
                hooks[name].append(evidence)

        def layers(name: str, seen: frozenset[str]) -> RegistrarLayers:
            own = declared.get(name)
            evidence = [*(own.evidence if own else ()), *hooks.get(name, ())]
            prefix = own.prefix if own else ""
            mounted = mounts.get(name, [])
            if mounted and name not in seen:
                mount = mounted[0]
                parent = layers(self._resolve(mount.parent), seen | {name})
                evidence += [*mount.evidence, *parent.evidence]
                if own is not None and own.prefix_replaced_on_mount:
                    prefix = parent.prefix + (mount.prefix if mount.prefix is not None else prefix)
                else:
                    prefix = parent.prefix + (mount.prefix or "") + prefix
            return RegistrarLayers(prefix, tuple(evidence))

        for name in {*declared, *mounts, *hooks}:
            self.registrars[name] = layers(name, frozenset())

    # -- Django URL tables -----------------------------------------------------------------
    def _join_urls(self) -> None:
        included_by = {
            self._resolve(i.module): (i.prefix, s.module) for s in self.summaries for i in s.includes
        }

        def prefix_of(module: str, depth: int = 0) -> str:
            found = included_by.get(module)
            if found is None or depth > 16:
                return ""
            return prefix_of(found[1], depth + 1) + found[0]

        for summary in self.summaries:
            prefix = prefix_of(summary.module)
            for entry in summary.urls:
                module, _, name = self._resolve(entry.view).rpartition(".")
                path = prefix + entry.route.path if entry.route.path is not None else None
                wiring = Wiring(entry.framework, Route(entry.route.methods, path), entry.evidence)
                views = self.wiring.setdefault(module, {})
                # A view wired twice is as open as its most open route.
                if name not in views or combine(wiring.evidence) < combine(views[name].evidence):
                    views[name] = wiring

    # -- what one module sees ----------------------------------------------------------------
    def view_for(self, path: Path) -> CrossFile:
        module = module_name(path)
        relative = _relative(path, self.root)
        drf_settings = _nearest(self.drf_settings, relative)
        login_settings = _nearest(self.login_settings, relative)
        return CrossFile(
            module=module,
            package=package_of(module, path),
            path=relative,
            wiring=self.wiring.get(module, {}),
            registrars=self.registrars,
            definitions=self,
            project=self.project,
            aliases=self.aliases,
            drf_default=drf_settings.drf_default if drf_settings else None,
            site_wide=login_settings.site_wide if login_settings else (),
            drf_configured=self.configures_drf,
            indexed=True,
        )

    # -- definitions read on demand (``Definitions``) -----------------------------------------
    def helper(self, qualified: str) -> Helper | None:
        data = self._definitions_of(qualified.rpartition(".")[0])
        return data.helpers.get(qualified) if data else None

    def guard(self, qualified: str) -> AccessEvidence | None:
        """A request hook of another module, by what its body refuses."""
        symbol = self.project.resolve(qualified)
        if symbol is None or not isinstance(symbol.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        reader = AccessReader.of(knowledge_for(self.settings), self.project, symbol.module)
        verdict = reader.hook_body(symbol.node)
        if verdict is None:
            return None
        return AccessEvidence(
            verdict.level, Layer.APP_HOOK, symbol.name, symbol.node.lineno, path=symbol.module.path
        )

    # -- sources of the project model (``Sources``) ----------------------------------------------
    def outline(self, module: str) -> Outline | None:
        """A project module's classes and imports, cached by content: the class hierarchy
        without parsing the module on every run."""
        path = self.paths.get(module)
        if path is None:
            return None
        return cache.outline(self.cache_directory, self.settings, path, partial(_outline_of, module, path))

    def source(self, module: str) -> Source | None:
        """A project module parsed on demand (never imported); None when it is not ours."""
        path = self.paths.get(module)
        if path is None:
            return None
        try:
            if path.stat().st_size > cache.LARGEST_READ:
                return None
            tree = ast.parse(path.read_bytes())
        except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        return Source(module, package_of(module, path), _relative(path, self.root), tree)

    def _definitions_of(self, module: str) -> DataSummary | None:
        if module not in self._definitions:
            path = self.paths.get(module)
            found = None
            if path is not None:
                summarize = partial(summarize_definitions, path, self.root, settings=self.settings)
                found = cache.definitions(self.cache_directory, self.settings, path, summarize)
            self._definitions[module] = found
        return self._definitions[module]


def _outline_of(module: str, path: Path, data: bytes) -> Outline:
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Outline({}, {}, {}, (), ())
    return ModuleModel.of(Source(module, package_of(module, path), "", tree)).outline()


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to the (absolute) root, or as given when it lies outside."""
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _nearest(candidates: Sequence[ModuleSummary], relative: str) -> ModuleSummary | None:
    """The settings module sharing the longest directory prefix with the checked file."""

    def shared(summary: ModuleSummary) -> tuple[int, str]:
        common = os.path.commonpath([summary.path, relative]) if summary.path and relative else ""
        return (-len(common), summary.path)

    ordered = sorted(candidates, key=shared)
    return ordered[0] if ordered else None


def summarize_file(path: Path, root: Path, data: bytes, settings: Settings) -> ModuleSummary:
    """One file's summary; a file that cannot be read as Python says nothing."""
    module = module_name(path)
    relative = _relative(path, root)
    if len(data) > _LARGEST_SUMMARISED_FILE or not (
        any(word in data for word in _INDEX_WORDS) or _URL_CALL.search(data)
    ):
        return ModuleSummary(module, relative)
    try:
        tree = ast.parse(data)
        settings_module = not settings.settings_modules or module in settings.settings_modules
        return summarize(
            tree, module, package_of(module, path), relative, knowledge_for(settings), settings_module
        )
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ModuleSummary(module, relative)


def summarize_definitions(path: Path, root: Path, data: bytes, settings: Settings) -> DataSummary:
    module = module_name(path)
    try:
        tree = ast.parse(data)
        return summarize_data(
            tree, module, package_of(module, path), _relative(path, root), knowledge_for(settings)
        )
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return DataSummary()


@dataclass(frozen=True, slots=True)
class Run:
    """What one run checks and where it keeps caches: a project without markers ends at the
    checked directory that holds it (``trees``, resolved), and each project root has one cache."""

    trees: tuple[Path, ...] = ()
    location: cache.Location = cache.BESIDE_EACH_ROOT


ALONE = Run()  # a file checked by itself, caches beside its project


def build_index(
    root: Path, settings: Settings, location: cache.Location = cache.BESIDE_EACH_ROOT
) -> ProjectIndex:
    root = root.absolute()
    directory = location.for_root(root)
    files = list(python_files(root))
    stored = cache.load(directory, settings) if directory else {}
    summaries: list[ModuleSummary] = []
    paths: dict[str, Path] = {}
    fresh: dict[str, cache.Entry] = {}
    for path in files:
        relative = _relative(path, root)
        entry = cache.current(
            path, stored.get(relative), partial(summarize_file, path, root, settings=settings)
        )
        if entry is None:
            continue
        fresh[relative] = entry
        summaries.append(entry.summary)
        paths.setdefault(entry.summary.module, path)
    notice = None
    if directory is not None and fresh != stored:
        try:
            cache.store(directory, settings, fresh)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            notice = _UNWRITABLE.format(directory=directory, reason=reason)
            directory = None
    return ProjectIndex(root, settings, summaries, paths, cache_directory=directory, notice=notice)


def run_over(paths: Sequence[str], location: cache.Location) -> Run:
    """The run that checks ``paths`` (as given on the command line)."""
    trees = {real_directory(Path(os.path.abspath(path))) for path in paths if os.path.isdir(path)}
    return Run(tuple(sorted(trees)), location)


@lru_cache(maxsize=8)
def _index_at(root: Path, settings: Settings, location: cache.Location) -> ProjectIndex | None:
    """The index of a root, built once per process; a failure leaves files analysed alone."""
    try:
        return build_index(root, settings, location)
    except Exception:  # noqa: BLE001 - the host must never see our failures
        return None


def forget_indexes() -> None:
    """Drop the indexes built so far, so that the next check reads the project again (after
    ``rosterguard fix --apply`` changed it: a settings default or a decorator may be new)."""
    _index_at.cache_clear()


def _index_of(filename: str, settings: Settings, run: Run) -> tuple[Path, ProjectIndex | None]:
    """The file's project index; none for a buffer read from stdin without a display name,
    which belongs to no project (its working directory may be a home directory, or ``/``)."""
    path = Path(os.path.abspath(filename))
    path = real_directory(path.parent) / path.name
    if filename in ("stdin", "-"):
        return path, None
    return path, _index_at(find_root(path, run.trees), settings, run.location)


def prepare_index(filename: str, settings: Settings, run: Run = ALONE) -> str | None:
    """Build the index of ``filename``'s project now (before workers start, so that they share
    it) and return its notice, if any, for the adapter to say once."""
    index = _index_of(filename, settings, run)[1]
    return index.notice if index is not None else None


def cross_file_view(filename: str, settings: Settings, run: Run = ALONE) -> CrossFile:
    """What the project says about ``filename`` (for a buffer read from stdin, the display name)."""
    path, index = _index_of(filename, settings, run)
    return index.view_for(path) if index is not None else CrossFile()
