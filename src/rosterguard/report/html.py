"""The inventory as one self-contained HTML page: sortable, filterable, printable.

Everything is inline (no network, no CDN); a Content-Security-Policy with the hashes of the
page's own style and script lets nothing else run or load. The rows are rendered here, so
the page reads without JavaScript and prints; the script only sorts and filters them, using
the records embedded as JSON in ``<script type="application/json">`` (escaped so that no
string in them can end that element). An endpoint with a finding shows the guard ``rosterguard
fix --unsafe`` would give it (its record's ``proposed_guard``), when the caller computed one.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping, Sequence
from html import escape

from rosterguard import __version__

LEVELS = ("public", "authenticated", "authorized")
_LEVEL_MEANING = {
    "public": "anyone, signed in or not",
    "authenticated": "any signed-in user",
    "authorized": "a permission, role, scope or ownership check",
}
_FRAMEWORK_NAMES = {"django": "Django", "drf": "DRF", "fastapi": "FastAPI", "flask": "Flask"}
_KINDS = ("customer list", "usage counts")
_COLUMNS = (
    ("route", "Route"),
    ("name", "Endpoint"),
    ("framework", "Framework"),
    ("access", "Access"),
    ("layers", "Set by"),
    ("exposures", "Exposes"),
    ("findings", "Findings"),
)


def as_html(entries: Sequence[dict[str, object]], title: str) -> str:
    """One page listing ``entries`` (``InventoryEntry.as_dict()`` records)."""
    files = {_text(e, "file") for e in entries}
    totals = {level: sum(1 for e in entries if _text(e, "access") == level) for level in LEVELS}
    frameworks = sorted({_text(e, "framework") for e in entries} - {""})
    kinds = [
        *_KINDS,
        *sorted({_text(x, "kind") for e in entries for x in _records(e, "exposures")} - {*_KINDS, ""}),
    ]
    with_findings = sum(1 for e in entries if _strings(e, "findings"))
    heading = escape(title)
    return _PAGE.format(
        title=heading,
        csp=f"default-src 'none'; style-src '{_sha256(_CSS)}'; script-src '{_sha256(_SCRIPT)}'; img-src data:; base-uri 'none'; form-action 'none'",
        version=escape(__version__),
        css=_CSS,
        script=_SCRIPT,
        data=script_json(list(entries)),
        lede=escape(f"{_plural(len(entries), 'endpoint')} in {_plural(len(files), 'file')}"),
        level_radios="".join(_level_radio(level, totals[level]) for level in LEVELS),
        total=len(entries),
        framework_options="".join(
            f'<option value="{escape(f)}">{escape(_framework_name(f))}</option>' for f in frameworks
        ),
        kind_options="".join(f'<option value="kind:{escape(k)}">{escape(k)}</option>' for k in kinds),
        summary=_static_summary(len(entries), totals, with_findings),
        headers="".join(_header(key, label) for key, label in _COLUMNS),
        rows="".join(_row(index, entry) for index, entry in enumerate(entries)),
        legend="".join(
            f'<li><span class="badge access-{level}">{level}</span> {escape(_LEVEL_MEANING[level])}</li>'
            for level in LEVELS
        ),
    )


def script_json(data: object) -> str:
    """JSON that is safe as the text of a ``<script>`` element.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where ``\\u003c`` means the same;
    with them escaped no ``</script>`` or ``<!--`` can appear, whatever the strings hold.
    """
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _text(record: Mapping[str, object], key: str) -> str:
    value = record.get(key)
    return "" if value is None else str(value)


def _int(record: Mapping[str, object], key: str) -> int | None:
    value = record.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _strings(record: Mapping[str, object], key: str) -> list[str]:
    value = record.get(key)
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else []


def _records(record: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    value = record.get(key)
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, (list, tuple)) else []


def _breakable(text: str, marks: str) -> str:
    """Escaped ``text`` that may wrap after any of ``marks`` (long routes, paths, expressions)."""
    out = escape(text)
    for mark in marks:
        out = out.replace(mark, mark + "<wbr>")
    return out


def _framework_name(framework: str) -> str:
    return _FRAMEWORK_NAMES.get(framework, framework)


def _level_class(level: str) -> str:
    return f"access-{level}" if level in LEVELS else "access-other"


def _place(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line is not None else file


def _level_radio(level: str, count: int) -> str:
    return (
        f'<label class="seg {_level_class(level)}"><input type="radio" name="access" value="{level}">'
        f'<span>{level} <span class="count" data-count="{level}">{count}</span></span></label>'
    )


def _static_summary(total: int, totals: Mapping[str, int], with_findings: int) -> str:
    parts = [f'<span class="dot {_level_class(level)}"></span>{totals[level]} {level}' for level in LEVELS]
    findings = f" · {with_findings} with findings" if with_findings else ""
    return f"{_plural(total, 'endpoint')}: " + " · ".join(parts) + findings


def _header(key: str, label: str) -> str:
    return (
        f'<th scope="col" data-sort="{key}" aria-sort="none">'
        f'<button type="button">{label}<span class="arrow" aria-hidden="true"></span></button></th>'
    )


def _row(index: int, entry: Mapping[str, object]) -> str:
    access = _text(entry, "access")
    findings = _strings(entry, "findings")
    classes = "has-findings" if findings else ""
    cells = (
        _route_cell(entry),
        _name_cell(entry),
        f'<td class="framework">{escape(_framework_name(_text(entry, "framework")))}</td>',
        f'<td class="access"><span class="badge {_level_class(access)}">{escape(access or "unknown")}</span></td>',
        _layers_cell(entry, access),
        _exposures_cell(entry),
        _findings_cell(findings, _text(entry, "proposed_guard")),
    )
    return f'<tr data-index="{index}" data-id="{escape(_text(entry, "id"))}" class="{classes}">{"".join(cells)}</tr>\n'


def _name_cell(entry: Mapping[str, object]) -> str:
    name = _breakable(_text(entry, "name"), "_")
    location = _breakable(_place(_text(entry, "file"), _int(entry, "line")), "/")
    return f'<td class="name"><code>{name}</code><span class="meta location">{location}</span></td>'


def _route_cell(entry: Mapping[str, object]) -> str:
    methods = "".join(f'<span class="method">{escape(m)}</span>' for m in _strings(entry, "methods"))
    route = _text(entry, "route")
    path = f"<code>{_breakable(route, '/')}</code>" if route else '<span class="muted">no route found</span>'
    return f'<td class="route">{methods}{path}</td>'


def _layers_cell(entry: Mapping[str, object], access: str) -> str:
    layers = _records(entry, "layers")
    if not layers:
        return '<td class="layers"><span class="muted">no access check found</span></td>'
    items = []
    for layer in layers:
        level = _text(layer, "level")
        notes = []
        if level and level != access:
            notes.append(f'<span class="badge small {_level_class(level)}">{escape(level)}</span>')
        if layer.get("overrides") is True:
            notes.append('<span class="tag">overrides default</span>')
        where = _place(_text(layer, "file") or _text(entry, "file"), _int(layer, "line"))
        items.append(
            f"<li><code>{_breakable(_text(layer, 'source'), '.(,')}</code>{''.join(notes)}"
            f'<span class="meta">{escape(_text(layer, "layer"))} · {escape(where)}</span></li>'
        )
    return f'<td class="layers"><ul>{"".join(items)}</ul></td>'


def _exposures_cell(entry: Mapping[str, object]) -> str:
    exposures = _records(entry, "exposures")
    if not exposures:
        return '<td class="exposures"><span class="muted">nothing detected</span></td>'
    items = []
    for exposure in exposures:
        kind = _text(exposure, "kind")
        kind_class = {"customer list": "kind-customers", "usage counts": "kind-usage"}.get(kind, "kind-other")
        scoped = '<span class="tag scoped">scoped to caller</span>' if exposure.get("scoped") is True else ""
        line = _int(exposure, "line")
        where = f'<span class="meta">line {line}</span>' if line is not None else ""
        items.append(
            f'<li><span class="kind {kind_class}">{escape(kind)}</span><code>{_breakable(_text(exposure, "entity"), "._")}</code>{scoped}{where}</li>'
        )
    return f'<td class="exposures"><ul>{"".join(items)}</ul></td>'


def _findings_cell(codes: Sequence[str], proposed: str) -> str:
    if not codes:
        return '<td class="findings"><span class="muted">none</span></td>'
    summaries = _rule_summaries()
    items = [
        f'<li><span class="code">{escape(code)}</span>'
        + (f'<span class="meta">{escape(summaries[code])}</span>' if code in summaries else "")
        + "</li>"
        for code in codes
    ]
    if proposed:
        items.append(
            f'<li class="proposed"><span class="meta">Proposed guard: {escape(proposed)}</span></li>'
        )
    return f'<td class="findings"><ul>{"".join(items)}</ul></td>'


def _rule_summaries() -> dict[str, str]:
    """Code to one-line summary, from the rule registry (imported late: the registry imports much)."""
    from rosterguard.rules import RULES

    return {rule.code: rule.summary for rule in RULES}


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="rosterguard {version}">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>{css}</style>
</head>
<body>
<header class="page">
<h1>{title}</h1>
<p class="lede">{lede}. Who may call each endpoint, which layer decided it, and what customer data it hands out.</p>
</header>
<main>
<form id="rg-filters" class="controls" hidden aria-label="Filter endpoints">
<fieldset class="levels">
<legend>Access level</legend>
<label class="seg access-all"><input type="radio" name="access" value="" checked><span>all <span class="count" data-count="">{total}</span></span></label>{level_radios}
</fieldset>
<div class="field">
<label for="rg-framework">Framework</label>
<select id="rg-framework" name="framework"><option value="">All frameworks</option>{framework_options}</select>
</div>
<div class="field">
<label for="rg-exposure">Exposes</label>
<select id="rg-exposure" name="exposure"><option value="">Anything or nothing</option>{kind_options}<option value="none">nothing detected</option></select>
</div>
<div class="field check">
<input type="checkbox" id="rg-findings" name="findings"><label for="rg-findings">Only with findings</label>
</div>
<div class="field search">
<label for="rg-search">Search</label>
<input type="search" id="rg-search" name="search" placeholder="name, route, file, entity, code…" autocomplete="off" spellcheck="false">
</div>
<button type="reset" class="reset">Reset</button>
</form>
<p id="rg-summary" class="summary" role="status">{summary}</p>
<div class="table-wrap" role="region" aria-labelledby="rg-caption" tabindex="0">
<table id="rg-table">
<caption id="rg-caption" class="sr-only">Endpoints with their access level, the layers that set it, what they expose and the findings on them</caption>
<thead><tr>{headers}</tr></thead>
<tbody>
{rows}</tbody>
</table>
</div>
<p id="rg-empty" class="empty" hidden>No endpoint matches these filters.</p>
</main>
<footer class="page">
<ul class="legend">{legend}</ul>
<p>Generated by rosterguard {version}. Static analysis: an access level is what the code shows, not a runtime test.</p>
</footer>
<script type="application/json" id="rg-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""

_CSS = """
:root {
  --bg: #f6f7f9; --panel: #ffffff; --text: #1c2330; --muted: #5d6778; --line: #dfe3ea; --head: #eef1f5;
  --accent: #2557c7; --focus: #2557c7; --code-bg: #f1f3f6;
  --public-bg: #fde7e7; --public-fg: #a1161b; --public-bd: #f3b4b4; --public-dot: #d92d2d;
  --authn-bg: #fff2cc; --authn-fg: #8a4b00; --authn-bd: #f0cf7a; --authn-dot: #e39a0b;
  --authz-bg: #dcf5e4; --authz-fg: #146232; --authz-bd: #a3dbb5; --authz-dot: #22a04b;
  --other-bg: #eceef2; --other-fg: #3d4654; --other-bd: #cfd4dc; --other-dot: #8a93a3;
  --cust-bg: #e8eefc; --cust-fg: #23439a; --usage-bg: #f1e9fb; --usage-fg: #5b2a96;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171c; --panel: #1c2027; --text: #e4e8ef; --muted: #9aa4b4; --line: #313844; --head: #232934;
    --accent: #86a8ff; --focus: #86a8ff; --code-bg: #262c36;
    --public-bg: #4a1618; --public-fg: #ffb4b0; --public-bd: #7a2a2c;
    --authn-bg: #43330c; --authn-fg: #ffd98a; --authn-bd: #6e5417;
    --authz-bg: #133a22; --authz-fg: #9de3b4; --authz-bd: #22603a;
    --other-bg: #2a303a; --other-fg: #c9d0db; --other-bd: #404856;
    --cust-bg: #1f2d52; --cust-fg: #b5c8ff; --usage-bg: #35224f; --usage-fg: #dcc3ff;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; padding: 24px 28px 32px; background: var(--bg); color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
code, .method, .code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
h1 { font-size: 22px; margin: 0 0 4px; letter-spacing: -0.01em; }
.lede { margin: 0 0 18px; color: var(--muted); }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
[hidden] { display: none !important; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }

.controls {
  display: flex; flex-wrap: wrap; align-items: flex-end; gap: 14px 20px; padding: 14px 16px; margin: 0 0 12px;
  background: var(--panel); border: 1px solid var(--line); border-radius: 10px;
}
.controls label, .controls legend { font-size: 12px; font-weight: 600; color: var(--muted); }
.field { display: flex; flex-direction: column; gap: 4px; }
.field.check { flex-direction: row; align-items: center; gap: 6px; padding-bottom: 7px; }
.field.check label { font-size: 13px; color: var(--text); font-weight: 500; }
.field.search { flex: 1 1 220px; }
select, input[type=search], .reset {
  font: inherit; font-size: 13px; color: var(--text); background: var(--panel);
  border: 1px solid var(--line); border-radius: 6px; padding: 6px 9px; min-height: 32px;
}
input[type=search] { width: 100%; }
input[type=checkbox] { width: 16px; height: 16px; margin: 0; accent-color: var(--accent); }
.reset { cursor: pointer; }
.reset:hover { border-color: var(--muted); }
fieldset.levels { border: 0; margin: 0; padding: 0; min-width: 0; }
fieldset.levels legend { padding: 0; margin-bottom: 4px; }
.seg { position: relative; display: inline-block; margin-right: -1px; cursor: pointer; }
.seg input { position: absolute; opacity: 0; width: 100%; height: 100%; margin: 0; cursor: pointer; }
.seg > span {
  display: inline-block; padding: 5px 11px; min-height: 32px; line-height: 20px; font-size: 13px; font-weight: 500;
  color: var(--text); background: var(--panel); border: 1px solid var(--line);
}
.seg:first-of-type > span { border-radius: 6px 0 0 6px; }
.seg:last-of-type > span { border-radius: 0 6px 6px 0; }
.seg .count { font-size: 11px; font-weight: 600; color: var(--muted); margin-left: 3px; }
.seg input:focus-visible + span { outline: 2px solid var(--focus); outline-offset: 1px; position: relative; z-index: 1; }
.seg input:checked + span { position: relative; z-index: 1; font-weight: 650; }
.seg.access-all input:checked + span { background: var(--head); border-color: var(--muted); }
.seg.access-public input:checked + span { background: var(--public-bg); color: var(--public-fg); border-color: var(--public-bd); }
.seg.access-authenticated input:checked + span { background: var(--authn-bg); color: var(--authn-fg); border-color: var(--authn-bd); }
.seg.access-authorized input:checked + span { background: var(--authz-bg); color: var(--authz-fg); border-color: var(--authz-bd); }
.seg input:checked + span .count { color: inherit; }

.summary { margin: 0 0 10px; font-size: 13px; color: var(--muted); }
.summary strong { color: var(--text); }
.dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin: 0 5px 1px 0; background: var(--other-dot); }
.dot.access-public { background: var(--public-dot); }
.dot.access-authenticated { background: var(--authn-dot); }
.dot.access-authorized { background: var(--authz-dot); }

.table-wrap { overflow-x: auto; background: var(--panel); border: 1px solid var(--line); border-radius: 10px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line); }
tbody tr:last-child td { border-bottom: 0; }
thead th { position: sticky; top: 0; z-index: 2; background: var(--head); padding: 0; white-space: nowrap; }
th button {
  all: unset; box-sizing: border-box; display: flex; align-items: center; gap: 5px; width: 100%; padding: 9px 10px;
  font-size: 12px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); cursor: pointer;
}
th button:hover { color: var(--text); }
th button:focus-visible { outline: 2px solid var(--focus); outline-offset: -2px; }
.arrow::after { content: "\\2195"; opacity: 0.35; font-size: 11px; }
th[aria-sort=ascending] button, th[aria-sort=descending] button { color: var(--text); }
th[aria-sort=ascending] .arrow::after { content: "\\25B2"; opacity: 1; font-size: 9px; }
th[aria-sort=descending] .arrow::after { content: "\\25BC"; opacity: 1; font-size: 9px; }
tbody tr:hover td { background: color-mix(in srgb, var(--head) 55%, transparent); }
tbody tr.has-findings td:first-child { box-shadow: inset 3px 0 0 var(--public-dot); }
td ul { list-style: none; margin: 0; padding: 0; }
td li + li { margin-top: 6px; }
td code { background: var(--code-bg); border-radius: 4px; padding: 1px 4px; overflow-wrap: break-word; }
td.name code { background: none; padding: 0; font-weight: 600; font-size: 13px; }
td.framework { white-space: nowrap; }
.meta.location { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 11.5px; margin-top: 2px; }
td.route { min-width: 190px; }
td.layers { max-width: 280px; }
td.findings { min-width: 150px; max-width: 240px; }
.method {
  display: inline-block; font-size: 10.5px; font-weight: 700; letter-spacing: 0.03em; color: var(--accent);
  border: 1px solid currentColor; border-radius: 4px; padding: 0 4px; margin-right: 5px; line-height: 16px;
}
.muted { color: var(--muted); font-style: italic; }
.meta { display: block; font-size: 12px; color: var(--muted); margin-top: 1px; }
.badge {
  display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 650; white-space: nowrap;
  border: 1px solid var(--other-bd); background: var(--other-bg); color: var(--other-fg);
}
.badge.small { font-size: 10.5px; padding: 0 6px; margin-left: 5px; font-weight: 600; }
.badge.access-public { background: var(--public-bg); color: var(--public-fg); border-color: var(--public-bd); }
.badge.access-authenticated { background: var(--authn-bg); color: var(--authn-fg); border-color: var(--authn-bd); }
.badge.access-authorized { background: var(--authz-bg); color: var(--authz-fg); border-color: var(--authz-bd); }
.tag {
  display: inline-block; margin-left: 5px; padding: 0 6px; border-radius: 4px; font-size: 10.5px; font-weight: 600;
  color: var(--muted); border: 1px solid var(--line); white-space: nowrap;
}
.tag.scoped { color: var(--authz-fg); border-color: var(--authz-bd); }
.kind { display: inline-block; margin-right: 5px; padding: 0 6px; border-radius: 4px; font-size: 11.5px; font-weight: 600; white-space: nowrap; }
.kind-customers { background: var(--cust-bg); color: var(--cust-fg); }
.kind-usage { background: var(--usage-bg); color: var(--usage-fg); }
.kind-other { background: var(--other-bg); color: var(--other-fg); }
.code {
  display: inline-block; font-weight: 700; font-size: 12px; color: var(--public-fg); background: var(--public-bg);
  border: 1px solid var(--public-bd); border-radius: 4px; padding: 0 5px;
}
.empty { margin: 0; padding: 28px; text-align: center; color: var(--muted); background: var(--panel); border: 1px solid var(--line); border-top: 0; border-radius: 0 0 10px 10px; }
footer.page { margin-top: 18px; font-size: 12.5px; color: var(--muted); }
footer.page p { margin: 8px 0 0; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 20px; margin: 0; padding: 0; }

@page { size: landscape; margin: 12mm; }
@media print {
  :root {
    --bg: #fff; --panel: #fff; --text: #000; --muted: #444; --line: #bbb; --head: #eee; --code-bg: transparent;
  }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { padding: 0; font-size: 9.5pt; }
  .controls, .arrow { display: none !important; }
  .table-wrap { overflow: visible; border: 0; border-radius: 0; }
  thead { display: table-header-group; }
  thead th { position: static; }
  th button { padding: 4px 6px; font-size: 8pt; color: #000; }
  th, td { padding: 4px 6px; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  tbody tr:hover td { background: none; }
  td.route, td.findings { min-width: 0; }
}
"""

_SCRIPT = """
(function () {
  "use strict";
  var LEVELS = ["public", "authenticated", "authorized"];
  var entries = JSON.parse(document.getElementById("rg-data").textContent || "[]");
  var form = document.getElementById("rg-filters");
  var table = document.getElementById("rg-table");
  var tbody = table.tBodies[0];
  var summary = document.getElementById("rg-summary");
  var empty = document.getElementById("rg-empty");
  var search = document.getElementById("rg-search");
  var sortState = { key: null, descending: false };

  function list(value) { return Array.isArray(value) ? value : []; }
  function str(value) { return value === null || value === undefined ? "" : String(value); }
  function lower(value) { return str(value).toLowerCase(); }

  var records = Array.prototype.map.call(tbody.querySelectorAll("tr[data-index]"), function (row) {
    var index = Number(row.getAttribute("data-index"));
    var entry = entries[index] || {};
    var layers = list(entry.layers), exposures = list(entry.exposures), findings = list(entry.findings);
    var words = [entry.id, entry.name, entry.route, list(entry.methods).join(" "), entry.framework,
      row.cells[2] ? row.cells[2].textContent : "", str(entry.file) + ":" + str(entry.line), entry.access];
    layers.forEach(function (l) { words.push(l.source, l.layer, l.level, str(l.file) + ":" + str(l.line)); });
    exposures.forEach(function (x) { words.push(x.kind, x.entity); });
    findings.forEach(function (code) { words.push(code); });
    return {
      row: row, index: index, entry: entry,
      haystack: words.map(lower).join("\\n"),
      kinds: exposures.map(function (x) { return str(x.kind); }),
      findings: findings.length
    };
  });

  function state() {
    var checked = form.querySelector("input[name=access]:checked");
    return {
      access: checked ? checked.value : "",
      framework: form.elements.framework.value,
      exposure: form.elements.exposure.value,
      findings: form.elements.findings.checked,
      terms: lower(search.value).split(/\\s+/).filter(Boolean)
    };
  }

  function matchesOthers(record, s) {
    if (s.framework && str(record.entry.framework) !== s.framework) return false;
    if (s.exposure === "none" && record.kinds.length) return false;
    if (s.exposure.indexOf("kind:") === 0 && record.kinds.indexOf(s.exposure.slice(5)) < 0) return false;
    if (s.findings && !record.findings) return false;
    return s.terms.every(function (term) { return record.haystack.indexOf(term) >= 0; });
  }

  function levelSpan(count, level) {
    var span = document.createElement("span");
    var dot = document.createElement("span");
    dot.className = "dot access-" + level;
    span.appendChild(dot);
    span.appendChild(document.createTextNode(count + " " + level));
    return span;
  }

  function apply() {
    var s = state();
    var base = {}, shown = {}, baseTotal = 0, visible = 0, withFindings = 0;
    records.forEach(function (record) {
      var level = str(record.entry.access);
      var show = false;
      if (matchesOthers(record, s)) {
        baseTotal += 1;
        base[level] = (base[level] || 0) + 1;
        if (!s.access || level === s.access) {
          show = true;
          visible += 1;
          shown[level] = (shown[level] || 0) + 1;
          if (record.findings) withFindings += 1;
        }
      }
      record.row.hidden = !show;
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-count]"), function (el) {
      var level = el.getAttribute("data-count");
      el.textContent = String(level ? (base[level] || 0) : baseTotal);
    });
    summary.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = String(visible);
    summary.appendChild(document.createTextNode("Showing "));
    summary.appendChild(strong);
    summary.appendChild(document.createTextNode(" of " + records.length + " endpoints: "));
    LEVELS.forEach(function (level, i) {
      if (i) summary.appendChild(document.createTextNode(" \\u00b7 "));
      summary.appendChild(levelSpan(shown[level] || 0, level));
    });
    var others = visible - LEVELS.reduce(function (n, level) { return n + (shown[level] || 0); }, 0);
    if (others) summary.appendChild(document.createTextNode(" \\u00b7 " + others + " other"));
    summary.appendChild(document.createTextNode(" \\u00b7 " + withFindings + " with findings"));
    empty.hidden = visible !== 0;
  }

  function rank(level) { var i = LEVELS.indexOf(str(level)); return i < 0 ? LEVELS.length : i; }

  var KEYS = {
    route: function (e) { return e.route === null || e.route === undefined || e.route === "" ? [1, ""] : [0, lower(e.route), list(e.methods).join(",")]; },
    name: function (e) { return [lower(e.name)]; },
    framework: function (e) { return [lower(e.framework)]; },
    access: function (e) { return [rank(e.access)]; },
    layers: function (e) { var l = list(e.layers); return l.length ? [1, lower(l[0].source)] : [0, ""]; },
    exposures: function (e) { var x = list(e.exposures); return x.length ? [0, x.map(function (i) { return lower(i.kind) + " " + lower(i.entity); }).join(", ")] : [1, ""]; },
    findings: function (e) { var f = list(e.findings); return f.length ? [0, f.join(",")] : [1, ""]; }
  };

  function compareKeys(a, b) {
    for (var i = 0; i < Math.max(a.length, b.length); i += 1) {
      if (a[i] === undefined) return -1;
      if (b[i] === undefined) return 1;
      if (a[i] < b[i]) return -1;
      if (a[i] > b[i]) return 1;
    }
    return 0;
  }

  function sortBy(key, descending) {
    sortState = { key: key, descending: descending };
    var keyOf = KEYS[key];
    var sorted = records.slice().sort(function (a, b) {
      if (keyOf) {
        var c = compareKeys(keyOf(a.entry), keyOf(b.entry));
        if (c) return descending ? -c : c;
      }
      return a.index - b.index;
    });
    sorted.forEach(function (record) { tbody.appendChild(record.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var own = key !== null && th.getAttribute("data-sort") === key;
      th.setAttribute("aria-sort", own ? (descending ? "descending" : "ascending") : "none");
    });
  }

  Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort] button"), function (button) {
    button.addEventListener("click", function () {
      var key = button.parentNode.getAttribute("data-sort");
      sortBy(key, sortState.key === key ? !sortState.descending : false);
    });
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () {
    window.setTimeout(function () { sortBy(null, false); apply(); }, 0);
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      search.focus();
    }
  });
  form.hidden = false;
  apply();
})();
"""
