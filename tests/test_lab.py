"""Reading and running chapters in JupyterLab, as the README's interactive section does it.

The test writes the reading copies with ``book/_tools/lab_view.py`` (into a temporary folder), starts
JupyterLab on them the way that script does (same settings override, so autosave is off), on a free
loopback port with a random token, and drives it with headless Chromium:

* Sec. II and Sec. III: no MyST role (``{eq}``, ``{numref}``, ``{cite...}``, ``{doc}``, ``{ref}``), no
  "(eq-N)" label and no directive option (``:class:``, ``:label:``) is visible as text; every labelled
  equation shows the book's number (the paper's N for ``eq-N``; Eq. (12) as "(12)"); no formula failed
  to typeset; the errata boxes (``{admonition}``) are rendered as boxes; citations read as in the book.
* The explorer: after Run All its sliders appear, and moving the eps_F slider redraws the figure.
* Nothing is written behind the reader's back: the effective Lab setting has autosave off, and after
  running the explorer the reading copies, every file of ``book/`` and ``git status`` are unchanged.

Skipped, with the install command, when the lab requirements (``requirements-lab.txt``) are not
installed. Needs Debian's ``chromium`` and ``chromium-driver`` (installed with apt-get when missing and
running as root, as in tests/test_browser.py). The server is stopped at the end; every wait is bounded.
"""

import hashlib
import importlib.util
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEC2, SEC3, EXPLORER = "sec2_equilibrium_current", "sec3_smooth_potential", "explore_step_current"

sys.path.insert(0, str(ROOT / "book" / "_tools"))
import lab_view  # noqa: E402

sys.path.pop(0)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _digests(paths):
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _git_status():
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        return None
    proc = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=all"],
                          capture_output=True, text=True, timeout=60)
    return proc.stdout if proc.returncode == 0 else None


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving fresh reading copies; yields (base url, token, folder of the copies)."""
    if importlib.util.find_spec("jupyterlab") is None or importlib.util.find_spec("jupyterlab_myst") is None:
        pytest.skip("the lab requirements are not installed: bash book/_tools/venv.sh --lab")
    tmp = tmp_path_factory.mktemp("lab")
    copies = tmp / "copies"
    lab_view.write_reading_copies(out=copies, quiet=True)
    # the test's own Lab state: user settings (render every cell at once, so that all text is in the
    # page without scrolling), workspaces and runtime files; the project's overrides come from lab_view
    user = tmp / "user-settings" / "@jupyterlab" / "notebook-extension"
    user.mkdir(parents=True)
    (user / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port, token = _free_port(), secrets.token_hex(16)
    extra = ["--no-browser", "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={token}", f"--LabApp.user_settings_dir={tmp / 'user-settings'}",
             f"--LabApp.workspaces_dir={tmp / 'workspaces'}"]
    if os.geteuid() == 0:
        extra.append("--allow-root")
    cmd = lab_view.lab_command(copies, extra)
    assert Path(cmd[0]).exists(), f"{cmd[0]} is missing (bash book/_tools/venv.sh --lab)"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp / "config"),
           "JUPYTER_NO_CONFIG": "1", "PYTHONWARNINGS": "ignore"}
    log = open(tmp / "lab.log", "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-3000:])
            time.sleep(1)
        yield base, token, copies
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
        log.close()


# --- the reading copies themselves (no browser, no Lab needed) -----------------------------------

def test_reading_copies_resolve_every_role(tmp_path):
    book = lab_view.Book()
    for name in book.notebooks:
        copy = book.reading_copy(name)
        cells = [lab_view._source(c) for c in copy["cells"] if c["cell_type"] == "markdown"]
        text = "\n".join(cells)
        assert not re.search(r"^\$\$", text, re.M), f"{name}: display math left in $$ form"
        assert not re.search(r"\{(numref|doc|ref|cite(:[tp])?)\}`", text), f"{name}: role left unresolved"
        defined = set(re.findall(r"^:label: (\S+)$", text, re.M))
        for label in re.findall(r"\{eq\}`([^`]+)`", text):
            assert label in defined, f"{name}: {{eq}}`{label}` left for MyST, but the label is not in this chapter"
        # every labelled display equation of the source is enumerated with the book's number
        for label, (chapter, number) in book.equations.items():
            if chapter == name:
                assert f":label: {label}\n:enumerator: {number}\n" in text
                m = re.match(r"eq-(\d+)$", label)
                assert number == (m.group(1) if m else number)


def test_reading_copy_numbers_and_citations():
    book = lab_view.Book()
    assert book.equations["eq-12"] == ("sec2_equilibrium_current", "12")
    assert book.equations["sec3-closed"] == ("sec3_smooth_potential", "III.1")
    assert book.figures["fig-1"] == ("sec2_equilibrium_current", "1")
    resolved = book.resolve("{cite:t}`silvestrov2019`; {cite:p}`silvestrov2009,silvestrov2010`; "
                            "{eq}`eq-31`; {numref}`fig-4`; {doc}`errata`", "sec3_smooth_potential")
    assert resolved.startswith(r"Silvestrov and Recher \[2019\]; \[Silvestrov et al., 2009, Silvestrov and ")
    assert "[(31)](appB_uniform_field.ipynb)" in resolved and "[Fig. 4](appA_large_step.ipynb)" in resolved
    assert "](errata.ipynb)" in resolved


def test_display_math_forms():
    """The forms of MyST dollarmath become {math} directives with the book's number; inline $$ stays."""
    book = lab_view.Book()
    text = ("$$\na = b\n$$ (eq-2)\n\n$$ c = d $$ (eq-3)\n\n$$ e\n= f $$\n\n"
            "text with $$g$$ inside\n\n$$\nh\n$$")
    out = book.markdown(text, "sec2_equilibrium_current")
    assert ":label: eq-2\n:enumerator: 2\na = b\n```" in out
    assert ":label: eq-3\n:enumerator: 3\nc = d\n```" in out
    assert out.count(":enumerated: false") == 2 and "e\n= f" in out and "\nh\n```" in out
    assert "text with $$g$$ inside" in out


def test_reading_copies_never_touch_the_book_and_keep_saved_copies(tmp_path):
    before = _digests(sorted((ROOT / "book").glob("*.ipynb")))
    book = tmp_path / "book"
    shutil.copytree(ROOT / "book", book, ignore=shutil.ignore_patterns("_*", ".*"))
    out = tmp_path / "copies"
    written = lab_view.write_reading_copies(out=out, book=book, quiet=True)
    assert set(written) >= {"sec2_equilibrium_current", "sec3_smooth_potential", "explore_step_current"}
    saved, fresh = written["sec2_equilibrium_current"], written["sec3_smooth_potential"]
    saved.write_text(saved.read_text().replace("Microscopic", "MICROSCOPIC"))  # the reader saves an edit
    for name in ("sec2_equilibrium_current", "sec3_smooth_potential"):  # and the chapters change
        path = book / f"{name}.ipynb"
        path.write_text(path.read_text().replace("# III. ", "# Three. ").replace("# II. ", "# Two. "))
    lab_view.write_reading_copies(out=out, book=book, quiet=True)
    assert "MICROSCOPIC" in saved.read_text() and "# Two" not in saved.read_text()  # the saved copy is kept
    assert "# Three" in fresh.read_text()  # an untouched copy follows the chapter
    assert _digests(sorted((ROOT / "book").glob("*.ipynb"))) == before


# --- JupyterLab in headless Chromium ---------------------------------------------------------------

@pytest.fixture(scope="module")
def driver(new_driver):
    drv = new_driver(width=1300, page_timeout=120)
    yield drv
    drv.quit()


PANEL = "document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"

RENDER_STATE = f"""
const p = {PANEL};
if (!p) return null;
const md = Array.from(p.querySelectorAll('.jp-MarkdownCell'));
return {{n_md: md.length, n_rendered: md.filter(c => c.querySelector('.myst')).length,
         n_katex: p.querySelectorAll('.katex').length, text_length: p.innerText.length}};
"""

# how jupyterlab-myst shows TeX that KaTeX cannot typeset: inline, a yellow span whose title is KaTeX's
# message; display, a <pre> with that title (plus KaTeX's own class, should a renderer use it)
MATH_ERRORS = ".katex-error, .myst span.text-yellow-600[title], .myst pre[title]"

PAGE_REPORT = f"""
const MATH_ERRORS = {MATH_ERRORS!r};
const p = {PANEL};
// the text MyST rendered, without the typeset formulas (their text is TeX's, not the reader's prose)
const md = Array.from(p.querySelectorAll('.jp-MarkdownCell .myst')).map(m => {{
  const c = m.cloneNode(true);
  c.querySelectorAll('.katex').forEach(k => k.remove());
  return c.textContent;
}}).join('\\n');
const numbers = {{}};
for (const label of arguments[0]) {{
  const e = document.getElementById(label);
  numbers[label] = e && e.lastElementChild ? e.lastElementChild.innerText.trim() : null;
}}
return {{text: md, numbers: numbers,
         katex_errors: Array.from(p.querySelectorAll(MATH_ERRORS)).map(e => e.getAttribute('title') || e.textContent.slice(0, 80)),
         boxes: Array.from(p.querySelectorAll('aside.myst-admonition')).map(a => a.innerText.split('\\n')[0])}};
"""


def _open(driver, base, token, name, n_md, timeout=180):
    """Open a notebook and wait until every Markdown cell is rendered by MyST and the page is still."""
    driver.get(f"{base}/lab/tree/{name}.ipynb?token={token}&reset")
    deadline, last, still = time.monotonic() + timeout, None, 0
    while time.monotonic() < deadline:
        state = driver.execute_script(RENDER_STATE)
        if state and state["n_md"] == n_md and state["n_rendered"] == n_md:
            still = still + 1 if state == last else 0
            if still >= 2:
                return
        last = state
        time.sleep(1)
    pytest.fail(f"{name}: Markdown not rendered within {timeout} s (last state {last})")


def _expected(name, copies):
    """From the chapter source: its equation labels with the book's numbers, its admonition titles;
    from the file Lab opens: its number of Markdown cells."""
    book = lab_view.Book()
    labels = {k: v[1] for k, v in book.equations.items() if v[0] == name}
    opened = json.loads((copies / f"{name}.ipynb").read_text())
    n_md = sum(c["cell_type"] == "markdown" for c in opened["cells"])
    src = "\n".join(lab_view._source(c) for c in book.notebooks[name]["cells"] if c["cell_type"] == "markdown")
    titles = re.findall(r"^```\{admonition\}\s*(.*)$", src, re.M)
    return labels, n_md, titles


LEFTOVERS = re.compile(r"\{(eq|numref|cite(:[tp])?|doc|ref)\}|\(eq-\d+\)|:class:|:label:|:enumerator:|```"
                       r"|\([\w.:-]+\)=")  # the last: a MyST target "(label)=" shown as text


@pytest.mark.parametrize("name", [SEC2, SEC3])
def test_chapter_reads_like_the_book(lab, driver, name):
    base, token, copies = lab
    labels, n_md, titles = _expected(name, copies)
    assert labels and n_md > 3
    _open(driver, base, token, name, n_md)
    report = driver.execute_script(PAGE_REPORT, sorted(labels))
    text = report["text"]
    leftovers = sorted({m.group(0) for m in LEFTOVERS.finditer(text)})
    assert not leftovers, f"{name}: MyST markup visible as text: {leftovers}"
    assert not report["katex_errors"], f"{name}: formulas that did not typeset: {report['katex_errors']}"
    wrong = {k: (report["numbers"][k], f"({v})") for k, v in labels.items() if report["numbers"][k] != f"({v})"}
    assert not wrong, f"{name}: equation numbers shown (shown, expected): {wrong}"
    assert len(report["boxes"]) == len(titles), f"{name}: admonition boxes {report['boxes']}, expected {titles}"
    assert "Silvestrov and Recher [2019]" in text  # {cite:t}`silvestrov2019`, as the book shows it
    if name == SEC2:
        assert report["numbers"]["eq-12"] == "(12)"
        assert "Eq. (2)" in text  # a reference within the chapter shows the paper's number
    else:
        assert report["numbers"]["sec3-closed"] == "(III.1)"  # the book's own numbering
        assert "(31)" in text  # a reference into Appendix B, resolved to the paper's number


EXPLORER_STATE = f"""
const p = {PANEL};
const sliders = Array.from(p.querySelectorAll('.widget-slider'));
const img = p.querySelector('.jupyter-widgets .jp-OutputArea-output img, .widget-output img');
const label = Array.from(p.querySelectorAll('.widget-label')).map(l => l.innerText).find(t => t.includes('J_y')) || null;
return {{n_sliders: sliders.length, img: img ? img.src.length + ':' + img.src.slice(-64) : null, label: label,
         dirty: !!document.querySelector('.jp-mod-dirty')}};
"""


def _wait(driver, script, ok, timeout, what):
    deadline, state = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        state = driver.execute_script(script)
        if ok(state):
            return state
        time.sleep(1)
    pytest.fail(f"{what} within {timeout} s (last state {state})")


def _menu(driver, menu, item, timeout=30):
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tops = [e for e in driver.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-itemLabel") if e.text == menu]
        if tops:
            tops[0].click()
            time.sleep(0.5)
            items = [e for e in driver.find_elements(By.CSS_SELECTOR, ".lm-Menu-itemLabel") if e.text == item]
            if items:
                items[0].click()
                return
        time.sleep(1)
    pytest.fail(f"menu {menu} > {item} not found")


def test_explorer_runs_and_nothing_is_written(lab, driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, token, copies = lab
    watched = sorted((ROOT / "book").glob("*.ipynb")) + sorted(copies.glob("*.ipynb"))
    before, status_before = _digests(watched), _git_status()

    with urllib.request.urlopen(
            f"{base}/lab/api/settings/@jupyterlab/docmanager-extension:plugin?token={token}", timeout=30) as r:
        setting = json.load(r)
    # the override becomes the schema's default; a value the user set would win over it
    autosave = setting["settings"].get("autosave", setting["schema"]["properties"]["autosave"]["default"])
    assert autosave is False, "Lab's autosave is not switched off by book/_tools/lab_settings/overrides.json"

    _, n_md, _ = _expected(EXPLORER, copies)
    _open(driver, base, token, EXPLORER, n_md)
    # Run All, as a reader does it: menu Run > Run All Cells
    _menu(driver, "Run", "Run All Cells")
    state = _wait(driver, EXPLORER_STATE, lambda s: s["n_sliders"] >= 1 and s["img"], 180,
                  "the explorer's sliders and figure did not appear after Run All")
    handle = driver.find_elements(By.CSS_SELECTOR,
                                  ".jp-NotebookPanel:not(.lm-mod-hidden) .widget-slider .noUi-handle")[0]
    handle.click()
    for _ in range(6):
        handle.send_keys(Keys.ARROW_RIGHT)
    _wait(driver, EXPLORER_STATE, lambda s: s["img"] and s["img"] != state["img"], 120,
          "moving the first slider (eps_F) did not redraw the figure")
    time.sleep(5)  # let any pending write reach the disk
    assert _digests(watched) == before, "a notebook file was written although the reader saved nothing"
    assert _git_status() == status_before, "git status changed during the Lab session"
    # the session did change the notebook in the browser (outputs, widget state): only autosave is missing
    assert driver.execute_script(EXPLORER_STATE)["dirty"], "the explorer notebook shows no unsaved changes"
