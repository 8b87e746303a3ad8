"""``rosterguard inventory --format html``: one self-contained page, checked as text and in a real browser.

The entries come from the real engine over ``fixtures/demo_app``. The first half reads the page
with ``html.parser`` (structure, embedded JSON, escaping, Content-Security-Policy); the second
opens it in Debian's Chromium driven by Playwright, clicks the filters and the sort headers as a
reviewer would, and saves a screenshot to ``test-artifacts/inventory.png``. The browser half is
skipped only when ``/usr/bin/chromium`` is absent (``.ci/run`` installs it).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator, Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from rosterguard.cli import main
from rosterguard.inventory import inventory
from rosterguard.report.html import as_html, script_json
from rosterguard.scan import check_files

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo_app"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# The flags that work on these machines: no GPU, and no background connections to a closed network.
CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LEVELS = ("public", "authenticated", "authorized")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HOSTILE_NAME = "</script><script>window.__pwned = 1</script><!--"
HOSTILE_ROUTE = "/x/<img src=x onerror=\"window.__pwned = 2\">&amp;</SCRIPT >"


@pytest.fixture(scope="module")
def entries() -> list[dict[str, object]]:
    results = check_files([str(DEMO)], complete=True).results
    records = [e.as_dict() for e in inventory(results, root=str(DEMO))]
    assert len(records) >= 10, "the demo application should have many endpoints"
    return records


@pytest.fixture(scope="module")
def page_text(entries: list[dict[str, object]]) -> str:
    return as_html(entries, "rosterguard endpoint inventory")


def hostile_entries(entries: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    """The demo entries plus one whose every string tries to break out of its context."""
    evil: dict[str, object] = {
        "id": "evil.py::" + HOSTILE_NAME,
        "file": "a&b<c>.py",
        "line": 7,
        "name": HOSTILE_NAME,
        "framework": "<b>flask</b>",
        "methods": ["GET<script>"],
        "route": HOSTILE_ROUTE,
        "access": "public",
        "layers": [{"layer": "decorator", "level": "public", "source": "'\"></code><script>x()</script>",
                    "file": "a&b<c>.py", "line": 6, "overrides": False}],
        "exposures": [{"kind": "customer list", "entity": "Cust\u2028omer</script>", "line": 8, "scoped": False}],
        "findings": ["RG101"],
    }
    return [*entries, evil]


# --- the page as text -----------------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of the page the checks need, and a strict check that every element is closed."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.styles: list[str] = []
        self.rows: list[dict[str, str]] = []
        self.cells: list[list[str]] = []
        self._raw: list[str] | None = None
        self._script: dict[str, str] = {}
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()
        assert self.stack == [], f"unclosed elements: {self.stack}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in ("script", "style"):
            self._raw = []
            self._script = attributes
        if tag == "tr" and "data-index" in attributes:
            self.rows.append(attributes)
            self.cells.append([])
        if tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        if tag == "script" and self._raw is not None:
            self.scripts.append((self._script, "".join(self._raw)))
            self._raw = None
        if tag == "style" and self._raw is not None:
            self.styles.append("".join(self._raw))
            self._raw = None
        if tag == "td" and self._cell is not None and self.cells:
            self.cells[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def find(self, tag: str) -> list[dict[str, str]]:
        return [attributes for name, attributes in self.elements if name == tag]

    def data_json(self) -> Any:
        blocks = [text for attributes, text in self.scripts if attributes.get("type") == "application/json"]
        assert len(blocks) == 1
        return json.loads(blocks[0])


def test_page_is_well_formed_and_lists_every_endpoint(page_text: str, entries: list[dict[str, object]]) -> None:
    page = Page(page_text)
    assert page_text.startswith("<!DOCTYPE html>")
    assert [row["data-id"] for row in page.rows] == [e["id"] for e in entries]
    assert page.find("html")[0]["lang"] == "en"
    assert len(page.find("table")) == 1 and len(page.find("caption")) == 1
    headers = page.find("th")
    assert headers and all(th.get("scope") == "col" for th in headers)
    assert all(len(cells) == len(headers) for cells in page.cells)
    ids = [attributes["id"] for _, attributes in page.elements if "id" in attributes]
    assert len(ids) == len(set(ids)), "element ids must be unique"
    for control in (*page.find("select"), *[i for i in page.find("input") if i.get("type") != "radio"]):
        assert any(label.get("for") == control["id"] for label in page.find("label")), f"no label for {control}"
    assert len(page.find("fieldset")) == 1 and len(page.find("legend")) == 1  # the access radios are a labelled group


def test_rows_render_what_a_reviewer_needs(page_text: str, entries: list[dict[str, object]]) -> None:
    page = Page(page_text)
    by_id = {row["data-id"]: cells for row, cells in zip(page.rows, page.cells, strict=True)}
    flask_public = next(e for e in entries if e["name"] == "export_customers")
    route, endpoint, framework, access, set_by, exposes, findings = by_id[str(flask_public["id"])]
    assert "GET" in route and "/export/customers.csv" in route
    assert endpoint == "export_customersflask_portal.py:40"
    assert framework == "Flask" and access == "public"
    assert set_by == "no access check found"
    assert exposes.startswith("customer listCustomer") and "line 41" in exposes
    assert findings.startswith("RG101")
    guarded = next(e for e in entries if e["name"] == "admin_export_customers")
    cells = by_id[str(guarded["id"])]
    assert "login_required" in cells[4] and "decorator · flask_portal.py:46" in cells[4]
    assert "body guard · flask_portal.py:48" in cells[4]
    badges = [span["class"] for span in page.find("span") if span.get("class", "").startswith("badge access-")]
    assert {"badge access-public", "badge access-authenticated", "badge access-authorized"} <= set(badges)


def test_endpoints_with_findings_show_the_guard_fix_would_give_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = shutil.copytree(ROOT / "fixtures" / "fixes" / "flask_blueprints", tmp_path / "project")
    monkeypatch.chdir(project)
    assert main(["inventory", ".", "--format", "html", "-o", "inventory.html"]) == 0
    page = Page((project / "inventory.html").read_text(encoding="utf-8"))
    findings = {row["data-id"]: cells[-1] for row, cells in zip(page.rows, page.cells, strict=True)}
    guard = "Proposed guard: use @roles_required({}) (as on {} sharing '{}', e.g. '{}' at back_office.py:{})"
    summary = "RG101public endpoint exposes a list of customer records"
    admin = guard.format('"admin"', "2 endpoints", "admin", "admin_customers", 14)
    assert findings["back_office.py::admin_customer_export"] == summary + admin
    assert findings["back_office.py::support_search_counts"].endswith(
        guard.format('"support"', "1 endpoint", "support", "support_accounts", 33)
    )
    assert findings["back_office.py::admin_customers"] == "none"


def test_embedded_json_round_trips(page_text: str, entries: list[dict[str, object]]) -> None:
    assert Page(page_text).data_json() == json.loads(json.dumps(entries))


def test_page_loads_nothing_from_outside(page_text: str) -> None:
    page = Page(page_text)
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?(?!data:)[a-z]""", page_text, re.IGNORECASE)
    assert "http://" not in page_text and "https://" not in page_text and "//cdn" not in page_text
    assert all(attributes.get("src") is None for attributes, _ in page.scripts)
    assert [link.get("href") for link in page.find("link")] == ["data:,"]


def test_content_security_policy_allows_exactly_the_inline_style_and_script(page_text: str) -> None:
    page = Page(page_text)
    policy = next(m["content"] for m in page.find("meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy

    def digest(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    code = [text for attributes, text in page.scripts if "type" not in attributes]
    assert len(code) == 1 and f"script-src '{digest(code[0])}'" in policy
    assert len(page.styles) == 1 and f"style-src '{digest(page.styles[0])}'" in policy
    assert not any("style" in attributes for _, attributes in page.elements), "inline style attributes are blocked"


@pytest.mark.parametrize(
    "text",
    ["</script>", "</SCRIPT >", "<!--", "<script>", "]]>", "a&b", "\u2028\u2029", "é\U0001f600", "\\u003c", '"\'`'],
)
def test_script_json_cannot_end_its_element(text: str) -> None:
    encoded = script_json({"k": [text, {"deep": text}]})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded) == {"k": [text, {"deep": text}]}


def test_hostile_strings_are_escaped(entries: list[dict[str, object]]) -> None:
    records = hostile_entries(entries)
    text = as_html(records, "</title><script>window.__pwned = 3</script>")
    page = Page(text)
    assert len(page.scripts) == 2, "no string may open a script element"
    assert not page.find("img") and not page.find("b")
    assert len(re.findall(r"</script", text, re.IGNORECASE)) == 2
    assert "<!--" not in text
    assert page.data_json() == json.loads(json.dumps(records))
    cells = page.cells[-1]
    assert cells[1].startswith(HOSTILE_NAME) and HOSTILE_ROUTE in cells[0]
    assert page.rows[-1]["data-id"] == "evil.py::" + HOSTILE_NAME


def test_empty_inventory_still_renders() -> None:
    page = Page(as_html([], "nothing here"))
    assert page.rows == [] and page.data_json() == []


# --- the page in a real browser -------------------------------------------------------------------


def route_key(entry: Mapping[str, Any]) -> tuple[object, ...]:
    """The Route column's order: by path (case-insensitive), then methods; endpoints without a route last."""
    route = entry.get("route")
    return (1, "") if not route else (0, str(route).lower(), ",".join(entry.get("methods") or []))


def haystack(entry: Mapping[str, Any], framework_label: str) -> str:
    """What the search box looks in (mirrors the page's script)."""
    words: list[object] = [entry["id"], entry["name"], entry["route"], " ".join(entry["methods"]), entry["framework"],
                           framework_label, f"{entry['file']}:{entry['line']}", entry["access"]]
    for layer in entry["layers"]:
        words += [layer["source"], layer["layer"], layer["level"], f"{layer['file']}:{layer['line']}"]
    for exposure in entry["exposures"]:
        words += [exposure["kind"], exposure["entity"]]
    words += entry["findings"]
    return "\n".join("" if w is None else str(w).lower() for w in words)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed (/usr/bin/chromium missing; .ci/run installs it with apt-get)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() starts from a new, empty, temporary user-data-dir and removes it afterwards.
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, timeout=30_000)
        try:
            yield chromium
        finally:
            chromium.close()


class Tab:
    """One page of the report in the browser, recording console errors, dialogs and requests."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1440, "height": 900})
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.url = path.as_uri()
        self.page.goto(self.url)

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def visible_ids(self) -> list[str]:
        return list(self.page.eval_on_selector_all("#rg-table tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.id)"))

    def summary(self) -> str:
        return str(self.page.inner_text("#rg-summary"))

    def close(self) -> None:
        self.page.close()
        assert self.errors == [], f"browser console errors: {self.errors}"
        assert set(self.requests) <= {self.url}, f"the page loaded something else: {self.requests}"


@pytest.fixture
def tab(browser: Any, page_text: str, tmp_path: Path) -> Iterator[Tab]:
    path = tmp_path / "inventory.html"
    path.write_text(page_text, encoding="utf-8")
    opened = Tab(browser, path)
    yield opened
    opened.close()


def expect_summary(tab: Tab, shown: Sequence[Mapping[str, Any]], total: int) -> None:
    summary = tab.summary()
    assert f"Showing {len(shown)} of {total} endpoints" in summary
    for level in LEVELS:
        assert f"{sum(1 for e in shown if e['access'] == level)} {level}" in summary


def test_browser_shows_every_endpoint_and_saves_a_screenshot(tab: Tab, entries: list[dict[str, object]]) -> None:
    page = tab.page
    assert page.title() == "rosterguard endpoint inventory"
    assert page.is_visible("#rg-filters"), "the script did not run (Content-Security-Policy hash?)"
    assert tab.visible_ids() == [e["id"] for e in entries]
    expect_summary(tab, entries, len(entries))
    assert page.is_hidden("#rg-empty")
    badge = page.locator("tbody tr:not([hidden]) .badge.access-public").first
    assert badge.evaluate("el => getComputedStyle(el).color") == "rgb(161, 22, 27)"  # public is red
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "inventory.png"), full_page=True)
    assert (ARTIFACTS / "inventory.png").stat().st_size > 10_000


def test_access_filter_shows_exactly_that_level(tab: Tab, entries: list[dict[str, object]]) -> None:
    for level in (*LEVELS, "public"):
        tab.page.get_by_role("radio", name=re.compile(f"^{level}")).check()
        expected = [e for e in entries if e["access"] == level]
        assert expected, f"the demo app has no {level} endpoint"
        assert tab.visible_ids() == [e["id"] for e in expected]
        expect_summary(tab, expected, len(entries))
    tab.page.get_by_role("radio", name=re.compile("^all")).check()
    assert len(tab.visible_ids()) == len(entries)


def test_framework_and_exposure_filters(tab: Tab, entries: list[dict[str, object]]) -> None:
    page = tab.page
    page.select_option("#rg-framework", "flask")
    flask = [e for e in entries if e["framework"] == "flask"]
    assert tab.visible_ids() == [e["id"] for e in flask]
    expect_summary(tab, flask, len(entries))
    # The level counts beside the radios follow the other filters.
    for level in LEVELS:
        count = page.inner_text(f'[data-count="{level}"]')
        assert count == str(sum(1 for e in flask if e["access"] == level))
    page.select_option("#rg-framework", "")

    def exposes(entry: Mapping[str, Any], kind: str) -> bool:
        return any(x["kind"] == kind for x in entry["exposures"])

    for option, wanted in (
        ("kind:customer list", [e for e in entries if exposes(e, "customer list")]),
        ("kind:usage counts", [e for e in entries if exposes(e, "usage counts")]),
        ("none", [e for e in entries if not e["exposures"]]),
    ):
        page.select_option("#rg-exposure", option)
        assert wanted and tab.visible_ids() == [e["id"] for e in wanted], option
        expect_summary(tab, wanted, len(entries))
    page.select_option("#rg-exposure", "kind:customer list")
    page.get_by_role("radio", name=re.compile("^public")).check()
    leaking = [e for e in entries if e["access"] == "public" and exposes(e, "customer list")]
    assert leaking and tab.visible_ids() == [e["id"] for e in leaking]
    page.get_by_label("Only with findings").check()
    assert tab.visible_ids() == [e["id"] for e in leaking if e["findings"]]


def test_sorting_by_route_orders_rows(tab: Tab, entries: list[dict[str, object]]) -> None:
    from playwright.sync_api import expect

    button = tab.page.get_by_role("button", name="Route")
    header = tab.page.locator('th[data-sort="route"]')
    assert header.get_attribute("aria-sort") == "none"
    button.click()
    assert tab.visible_ids() == [e["id"] for e in sorted(entries, key=route_key)]
    assert header.get_attribute("aria-sort") == "ascending"
    button.click()
    assert tab.visible_ids() == [e["id"] for e in sorted(entries, key=route_key, reverse=True)]
    assert header.get_attribute("aria-sort") == "descending"
    # Sorting and filtering combine, and a keyboard user can sort too.
    tab.page.get_by_role("radio", name=re.compile("^public")).check()
    access = tab.page.get_by_role("button", name="Access")
    access.focus()
    tab.page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "none"
    tab.page.get_by_role("button", name="Route").click()
    assert tab.visible_ids() == [e["id"] for e in sorted(entries, key=route_key) if e["access"] == "public"]
    tab.page.get_by_role("button", name="Reset").click()
    # The reset handler runs after the form's values are reset; expect() polls without eval (blocked by the CSP).
    expect(header).to_have_attribute("aria-sort", "none")
    assert tab.visible_ids() == [e["id"] for e in entries]


def test_sorting_by_access_puts_public_first(tab: Tab, entries: list[dict[str, object]]) -> None:
    tab.page.get_by_role("button", name="Access").click()
    shown = tab.visible_ids()
    by_id = {e["id"]: e for e in entries}
    assert [by_id[i]["access"] for i in shown] == sorted((e["access"] for e in entries), key=LEVELS.index)


@pytest.mark.parametrize("query", ["export", "usage", "RG101", "Flask public", "login_required", "drf_api.py"])
def test_text_search_filters(tab: Tab, entries: list[dict[str, object]], query: str) -> None:
    labels = {"django": "Django", "drf": "DRF", "fastapi": "FastAPI", "flask": "Flask"}
    tab.page.fill("#rg-search", query)
    terms = query.lower().split()
    expected = [e for e in entries if all(t in haystack(e, labels.get(str(e["framework"]), "")) for t in terms)]
    assert expected, f"{query!r} should find something in the demo app"
    assert len(expected) < len(entries), f"{query!r} should filter something out"
    assert tab.visible_ids() == [e["id"] for e in expected]
    expect_summary(tab, expected, len(entries))


def test_search_with_no_match_says_so(tab: Tab, entries: list[dict[str, object]]) -> None:
    tab.page.keyboard.press("/")  # the shortcut focuses the search box
    tab.page.keyboard.type("no-such-endpoint")
    assert tab.page.evaluate("document.activeElement.id") == "rg-search"
    assert tab.visible_ids() == []
    assert tab.page.is_visible("#rg-empty")
    assert f"Showing 0 of {len(entries)} endpoints" in tab.summary()
    tab.page.keyboard.press("Enter")  # must not submit the form and reload
    assert tab.page.input_value("#rg-search") == "no-such-endpoint"


def test_print_hides_controls_and_keeps_the_table(tab: Tab, entries: list[dict[str, object]]) -> None:
    tab.page.emulate_media(media="print")
    assert tab.page.is_hidden("#rg-filters")
    assert tab.page.is_visible("#rg-summary")
    assert len(tab.visible_ids()) == len(entries)
    assert tab.page.locator("thead").evaluate("el => getComputedStyle(el).display") == "table-header-group"
    tab.page.emulate_media(media="screen")


def test_hostile_strings_do_not_run_in_the_browser(browser: Any, entries: list[dict[str, object]], tmp_path: Path) -> None:
    records = hostile_entries(entries)
    path = tmp_path / "hostile.html"
    path.write_text(as_html(records, "</title><script>window.__pwned = 3</script>"), encoding="utf-8")
    opened = Tab(browser, path)
    page = opened.page
    assert page.evaluate("window.__pwned") is None
    assert page.title() == "</title><script>window.__pwned = 3</script>"
    assert page.locator("tbody tr").last.locator("td.name code").inner_text() == HOSTILE_NAME
    assert len(opened.visible_ids()) == len(records)
    page.fill("#rg-search", "<img")
    assert opened.visible_ids() == [records[-1]["id"]]
    opened.close()


def test_no_browser_artifacts_left_in_the_tree() -> None:
    """Chromium's profile goes to a temporary directory, never into the repository."""
    leftovers = [name for name in os.listdir(ROOT) if name.startswith(("playwright", ".org.chromium"))]
    assert leftovers == []
