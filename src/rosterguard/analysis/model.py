"""The project model: modules, their names, classes with their bases and methods, as Python runs them.

The analysis asks it what a name stands for (``perms.IsOrgAdmin`` → the class in
``shop/perms.py``), which method a class really has (the subclass's override, else the first
base in method resolution order that defines it) and what ``self.x`` holds. Modules are read
lazily, only when a name leads into them, through a ``Sources`` loader that the project index
provides; the model itself never touches the disk, never imports and never executes. Names that
lead out of the project (``rest_framework.permissions.IsAuthenticated``) stay names.
"""

from __future__ import annotations

import ast
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from rosterguard.syntax.names import FunctionNode, ImportTable, dotted_name, walk_statements

# Re-export and inheritance chains longer than this are cut (cycles end there too).
_MAX_HOPS = 12
# Parsed modules kept at once (the most recently used); others are read again when reached.
_KEPT_MODULES = 16
# The name of a module checked outside any project (a file given alone, a test's snippet).
CHECKED_MODULE = "__checked__"


@dataclass(frozen=True, slots=True)
class Source:
    """A parsed module of the project."""

    name: str
    package: str
    path: str  # relative to the project root
    tree: ast.Module


@dataclass(frozen=True, slots=True)
class Outline:
    """What the class hierarchy needs of a module, without its bodies (cached per file):
    each class with the qualified names of its bases, and the module's import table."""

    classes: dict[str, tuple[str, ...]]
    names: dict[str, str]
    # the names each class defines itself (methods, class attributes, ``self.x`` of ``__init__``)
    members: dict[str, tuple[str, ...]]
    functions: tuple[str, ...]
    # functions that may refuse a request: they raise, abort or return a response somewhere
    refusing: tuple[str, ...]
    decorated: tuple[str, ...] = ()  # classes with class decorators


class Sources(Protocol):
    """Reads a project module by its dotted name (``None`` outside the project): parsed, or
    only its outline."""

    def source(self, module: str) -> Source | None: ...

    def outline(self, module: str) -> Outline | None: ...


class _NoSources:
    def source(self, module: str) -> Source | None:
        return None

    def outline(self, module: str) -> Outline | None:
        return None


NO_SOURCES: Sources = _NoSources()


@dataclass
class ModuleModel:
    """One module's top-level names: imports, functions, classes and assigned values."""

    name: str
    package: str
    path: str
    tree: ast.Module
    imports: ImportTable
    functions: dict[str, FunctionNode] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    constants: dict[str, ast.expr] = field(default_factory=dict)

    @classmethod
    def of(cls, source: Source) -> ModuleModel:
        model = cls(
            source.name, source.package, source.path, source.tree, ImportTable(package=source.package)
        )
        # imports inside functions too (``create_app()`` importing its blueprints), without
        # letting them replace what the module imports at its top
        for statement in walk_statements(source.tree):
            if isinstance(statement, (ast.Import, ast.ImportFrom)) and statement not in source.tree.body:
                model.imports.add(statement)
        for statement in module_statements(source.tree.body):
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                model.imports.add(statement)
            elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                model.functions[statement.name] = statement
            elif isinstance(statement, ast.ClassDef):
                model.classes[statement.name] = statement
            elif isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        model.constants[target.id] = statement.value
        return model

    def qualified(self, local: str) -> str:
        return f"{self.name}.{local}" if self.name else local

    def outline(self, bodies: bool = True) -> Outline:
        """Classes with their bases, as the whole project spells them, and the imports; with
        ``bodies``, also which functions may refuse (the checked module's own bodies are at
        hand: none of them is skipped for it)."""
        classes = {}
        for name, node in self.classes.items():
            bases = (base.value if isinstance(base, ast.Subscript) else base for base in node.bases)
            classes[name] = tuple(q for base in bases if (q := self.project_name(base)) is not None)
        members = {
            name: tuple({*ClassModel(self, node).own_methods(), *ClassModel(self, node).own_attributes()})
            for name, node in self.classes.items()
        }
        refusing = tuple(
            name for name, function in self.functions.items() if not bodies or _may_refuse(function)
        )
        decorated = tuple(name for name, node in self.classes.items() if node.decorator_list)
        return Outline(classes, dict(self.imports.names), members, tuple(self.functions), refusing, decorated)

    def project_name(self, node: ast.AST) -> str | None:
        """A name chain of this module as the whole project spells it."""
        qualified = self.imports.qualify(node)
        if qualified is None:
            return None
        head = qualified.split(".", 1)[0]
        if head in self.functions or head in self.classes or head in self.constants:
            return self.qualified(qualified)
        return qualified


@dataclass(frozen=True, slots=True)
class Symbol:
    """What a qualified name stands for in the project: a function, a class or a value."""

    module: ModuleModel
    name: str
    node: FunctionNode | ast.ClassDef | ast.expr

    @property
    def qualified(self) -> str:
        return self.module.qualified(self.name)


@dataclass(frozen=True, slots=True)
class Method:
    """A method as a class really has it: where it is defined and the function itself."""

    owner: ClassModel
    function: FunctionNode


@dataclass(frozen=True, slots=True)
class ClassModel:
    """A project class with its bases resolved across modules."""

    module: ModuleModel
    node: ast.ClassDef

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def qualified(self) -> str:
        return self.module.qualified(self.node.name)

    def own_methods(self) -> dict[str, FunctionNode]:
        return {s.name: s for s in self.node.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}

    def own_attributes(self) -> dict[str, ast.expr]:
        """Class-body assignments, then ``self.x = ...`` of ``__init__`` where the body has none."""
        found: dict[str, ast.expr] = {}
        for statement in self.node.body:
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = statement.value
            elif (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and statement.value
            ):
                found[statement.target.id] = statement.value
        init = self.own_methods().get("__init__")
        for node in ast.walk(init) if init is not None else ():
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and dotted_name(target.value) == "self":
                        found.setdefault(target.attr, node.value)
        return found


@dataclass
class ProjectModel:
    """The modules the analysis reaches, read on demand. The most recently used stay parsed
    for the run (a bounded number: retained trees slow every later parse down, through the
    garbage collector); names that are no project module are remembered as such."""

    sources: Sources = NO_SOURCES
    _checked: ModuleModel | None = None
    _modules: OrderedDict[str, ModuleModel] = field(default_factory=OrderedDict)
    _absent: set[str] = field(default_factory=set)
    _mro: dict[str, tuple[ClassModel | str, ...]] = field(default_factory=dict)
    _outlines: dict[str, Outline | None] = field(default_factory=dict)
    # What the analysis keeps for the whole run beside the model (its readers, by configuration).
    shared: dict[tuple[str, int], object] = field(default_factory=dict)
    _lineage: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, source: Source) -> ModuleModel:
        """The checked module, from the tree flake8 already parsed (kept until the next one)."""
        self._checked = ModuleModel.of(source)
        self._modules.pop(source.name, None)
        self._mro.clear()  # it may hold classes of the previous checked module
        self._outlines.pop(source.name, None)  # read again from the tree checked, when asked
        return self._checked

    def module(self, name: str) -> ModuleModel | None:
        if self._checked is not None and self._checked.name == name:
            return self._checked
        if name in self._absent:
            return None
        found = self._modules.get(name)
        if found is not None:
            self._modules.move_to_end(name)
            return found
        source = self.sources.source(name)
        if source is None:
            self._absent.add(name)
            return None
        found = self._modules[name] = ModuleModel.of(source)
        if len(self._modules) > _KEPT_MODULES:
            self._modules.popitem(last=False)
            self._mro.clear()
        return found

    # -- names -------------------------------------------------------------------------------
    def resolve(self, qualified: str | None, hops: int = 0) -> Symbol | None:
        """The project definition a qualified name stands for, through re-exports
        (``from .views import bp`` in a package ``__init__``) and module aliases."""
        if not qualified or hops > _MAX_HOPS:
            return None
        module, rest = self._split(qualified)
        if module is None or not rest:
            return None
        head, _, tail = rest.partition(".")
        symbol = self._local(module, head, hops)
        # ``Cls.attr`` is not a top-level definition: ``lookup`` looks into the class for it.
        return symbol if not tail else None

    def _local(self, module: ModuleModel, name: str, hops: int) -> Symbol | None:
        if name in module.functions:
            return Symbol(module, name, module.functions[name])
        if name in module.classes:
            return Symbol(module, name, module.classes[name])
        imported = module.imports.names.get(name)
        if imported is not None and imported != module.qualified(name):
            return self.resolve(imported, hops + 1)
        if name in module.constants:
            return Symbol(module, name, module.constants[name])
        return None

    def _split(self, qualified: str) -> tuple[ModuleModel | None, str]:
        """The longest prefix of ``qualified`` that is a project module, and the rest."""
        parts = qualified.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module = self.module(".".join(parts[:cut]))
            if module is not None:
                return module, ".".join(parts[cut:])
        return None, qualified

    def qualify(self, module: ModuleModel, node: ast.AST) -> str | None:
        """A name chain of ``module`` as the whole project spells it (``views.bp`` → ``app.views.bp``)."""
        return module.project_name(node)

    # -- the class hierarchy by names, from outlines (no module parsed) ----------------------
    def lineage(self, qualified: str) -> tuple[str, ...]:
        """Every class ``qualified`` inherits, depth-first left to right, by the qualified
        names the project gives them (project classes and classes out of the project alike):
        enough to tell what a class is without reading any body."""
        if qualified not in self._lineage:
            self._lineage[qualified] = ()  # a cycle through ourselves ends here
            found: dict[str, None] = {}
            for base in self._outline_bases(qualified):
                found.setdefault(base, None)
                for inherited in self.lineage(base) if len(found) < 64 else ():
                    found.setdefault(inherited, None)
            self._lineage[qualified] = tuple(found)
        return self._lineage[qualified]

    def is_function(self, qualified: str) -> bool:
        """Whether ``qualified`` names a module-level function of the project (by the outlines)."""
        module, _, name = self.canonical(qualified).rpartition(".")
        outline = self._outline(module) if module else None
        return outline is not None and name in outline.functions

    def may_refuse(self, qualified: str, hops: int = 0) -> bool:
        """Whether calling ``qualified`` may refuse a request, by the outlines (no module read):
        a project function that raises or aborts somewhere, a method of a project class (its
        own or inherited); True for names out of the project (their names decide elsewhere)."""
        parts = qualified.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:cut])
            outline = self._outline(module)
            if outline is None:
                continue
            head, rest = parts[cut], parts[cut + 1 :]
            if head in outline.classes:
                return not rest or rest[0] in outline.members.get(head, ()) or bool(outline.classes[head])
            if not rest and head in outline.functions:
                return head in outline.refusing
            imported = outline.names.get(head)
            if imported is None or hops > _MAX_HOPS:
                return False  # a module-level value (an instance, a constant)
            return self.may_refuse(".".join([imported, *rest]), hops + 1)
        return True

    def is_decorated(self, qualified: str) -> bool:
        module, _, name = qualified.rpartition(".")
        outline = self._outline(module) if module else None
        return outline is not None and name in outline.decorated

    def is_project_class(self, qualified: str) -> bool:
        module, _, name = qualified.rpartition(".")
        outline = self._outline(module) if module else None
        return outline is not None and name in outline.classes

    def _outline_bases(self, qualified: str, hops: int = 0) -> tuple[str, ...]:
        """The bases of a project class by its outline (re-exports followed); none for classes
        out of the project."""
        module, _, name = qualified.rpartition(".")
        outline = self._outline(module) if module else None
        if outline is None or hops > _MAX_HOPS:
            return ()
        if name in outline.classes:
            return tuple(self.canonical(base) for base in outline.classes[name])
        imported = outline.names.get(name)
        return self._outline_bases(imported, hops + 1) if imported and imported != qualified else ()

    def canonical(self, qualified: str, hops: int = 0) -> str:
        """Where a re-exported name is defined (``pkg.Base`` → ``pkg.views.Base``)."""
        module, _, name = qualified.rpartition(".")
        outline = self._outline(module) if module else None
        if outline is None or name in outline.classes or hops > _MAX_HOPS:
            return qualified
        imported = outline.names.get(name)
        return self.canonical(imported, hops + 1) if imported and imported != qualified else qualified

    def _outline(self, module: str) -> Outline | None:
        if module not in self._outlines:
            if self._checked is not None and self._checked.name == module:
                self._outlines[module] = self._checked.outline(bodies=False)
            else:  # cached on disk: cheaper than outlining a parsed module again
                self._outlines[module] = self.sources.outline(module)
        return self._outlines[module]

    def lookup(self, module: ModuleModel, node: ast.AST) -> Symbol | None:
        """What a name written in ``module`` stands for, if it is project code."""
        qualified = self.qualify(module, node)
        if qualified is None:
            return None
        found = self.resolve(qualified)
        if found is None and "." in qualified:
            owner, _, attribute = qualified.rpartition(".")
            cls = self.class_named(owner)
            if cls is not None:  # ``Permissions.ADMIN``: a class attribute
                value = self.attribute(cls, attribute)
                return Symbol(value[0].module, attribute, value[1]) if value is not None else None
        return found

    # -- classes -----------------------------------------------------------------------------
    def class_named(self, qualified: str | None) -> ClassModel | None:
        symbol = self.resolve(qualified)
        if symbol is None or not isinstance(symbol.node, ast.ClassDef):
            return None
        return ClassModel(symbol.module, symbol.node)

    def class_of(self, module: ModuleModel, node: ast.AST) -> ClassModel | None:
        """The project class a name written in ``module`` stands for."""
        return self.class_named(self.qualify(module, node))

    def bases(self, cls: ClassModel) -> Iterator[ClassModel | str]:
        """Direct bases: project classes, or qualified names of classes out of reach."""
        for base in cls.node.bases:
            if isinstance(base, ast.Subscript):  # ``Generic[T]``, ``ListView[Model]``
                base = base.value
            qualified = self.qualify(cls.module, base)
            if qualified is None:
                continue
            found = self.class_named(qualified)
            if found is not None and found.qualified != cls.qualified:
                yield found
            else:
                yield self._external_name(qualified)

    def _external_name(self, qualified: str) -> str:
        """A name out of the project, with re-exports through project modules followed."""
        module, rest = self._split(qualified)
        if module is None:
            return qualified
        head, _, tail = rest.partition(".")
        imported = module.imports.names.get(head)
        return f"{imported}.{tail}" if imported and tail else imported or qualified

    def mro(self, cls: ClassModel) -> tuple[ClassModel | str, ...]:
        """The class and its bases in method resolution order (C3; left-to-right depth-first
        where C3 has no answer), external classes as their qualified names."""
        key = cls.qualified
        if key not in self._mro:
            self._mro[key] = (cls,)  # a cycle through ourselves ends here
            self._mro[key] = self._linearize(cls, 0)
        return self._mro[key]

    def _linearize(self, cls: ClassModel, depth: int) -> tuple[ClassModel | str, ...]:
        bases = list(self.bases(cls))
        if depth > _MAX_HOPS:
            return (cls, *bases)
        sequences: list[list[ClassModel | str]] = [
            list(self.mro(b)) if isinstance(b, ClassModel) else [b] for b in bases
        ]
        merged = _c3_merge([*sequences, list(bases)])
        if merged is None:  # inconsistent hierarchy: keep the depth-first order
            seen: dict[str, ClassModel | str] = {}
            for sequence in sequences:
                for item in sequence:
                    seen.setdefault(_key(item), item)
            merged = list(seen.values())
        return (cls, *merged)

    def ancestors(self, cls: ClassModel) -> tuple[str, ...]:
        """Qualified names of every class in the MRO, project and external alike."""
        return tuple(_key(item) for item in self.mro(cls))

    def method(self, cls: ClassModel, name: str) -> Method | None:
        """The method ``name`` as instances of ``cls`` have it, if project code defines it
        before any external base in the MRO could."""
        owner = self._definer(cls, name)
        found = owner.own_methods().get(name) if owner is not None else None
        return Method(owner, found) if owner is not None and found is not None else None

    def method_after(self, cls: ClassModel, after: ClassModel, name: str) -> Method | None:
        """``super().name`` inside a method of ``after``, on an instance of ``cls``."""
        order = self.mro(cls)
        keys = [_key(item) for item in order]
        start = keys.index(after.qualified) + 1 if after.qualified in keys else len(order)
        for item in order[start:]:
            if isinstance(item, str):
                return None  # an external base may define it
            found = item.own_methods().get(name)
            if found is not None:
                return Method(item, found)
        return None

    def next_external(self, cls: ClassModel, after: ClassModel) -> str | None:
        """The first external class after ``after`` in ``cls``'s MRO (what ``super()`` reaches
        when no project class in between defines the method)."""
        order = self.mro(cls)
        keys = [_key(item) for item in order]
        start = keys.index(after.qualified) + 1 if after.qualified in keys else 0
        return next((item for item in order[start:] if isinstance(item, str)), None)

    def attribute(self, cls: ClassModel, name: str) -> tuple[ClassModel, ast.expr] | None:
        """The value of class attribute (or ``self.name`` set in ``__init__``) ``name``."""
        owner = self._definer(cls, name)
        value = owner.own_attributes().get(name) if owner is not None else None
        return (owner, value) if owner is not None and value is not None else None

    def _definer(self, cls: ClassModel, member: str) -> ClassModel | None:
        """The first class, ``cls`` or a project base in inheritance order, that defines
        ``member`` itself: the outlines say which, so only that class's module is read."""
        if member in cls.own_methods() or member in cls.own_attributes():
            return cls
        for name in self.lineage(cls.qualified):
            module, _, local = name.rpartition(".")
            outline = self._outline(module) if module else None
            if outline is not None and member in outline.members.get(local, ()):
                return self.class_named(name)
        return None

    def external_bases(self, cls: ClassModel) -> tuple[str, ...]:
        return tuple(item for item in self.mro(cls) if isinstance(item, str))


def _may_refuse(function: FunctionNode) -> bool:
    """Whether a function raises, aborts or returns anything but a plain value somewhere
    (a guard, a hook); helpers that only compute refuse nobody and are never read for it."""
    for node in ast.walk(function):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in (
                "abort",
                "redirect",
                "redirect_to_login",
                "send_error",
                "handle_no_permission",
                "deny",
                "forbid",
            ):
                return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node is not function:
            return True  # a decorator or factory: its wrapper is read where it is used
    return False


def _key(item: ClassModel | str) -> str:
    return item if isinstance(item, str) else item.qualified


def _c3_merge(sequences: list[list[ClassModel | str]]) -> list[ClassModel | str] | None:
    result: list[ClassModel | str] = []
    pending = [list(s) for s in sequences if s]
    while pending:
        for sequence in pending:
            head = _key(sequence[0])
            if not any(head in map(_key, other[1:]) for other in pending):
                break
        else:
            return None
        chosen = sequence[0]
        result.append(chosen)
        pending = [[item for item in s if _key(item) != _key(chosen)] for s in pending]
        pending = [s for s in pending if s]
    return result


def module_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Top-level statements, looking into ``if``/``try`` blocks (conditional imports)."""
    for statement in body:
        if isinstance(statement, ast.If):
            yield from module_statements(statement.body)
            yield from module_statements(statement.orelse)
        elif isinstance(statement, ast.Try):
            yield from module_statements(statement.body)
            for handler in statement.handlers:
                yield from module_statements(handler.body)
        else:
            yield statement
