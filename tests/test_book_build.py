"""The book builds with warnings as errors and shows the paper's numbers.

Runs jupyter-book exactly as the README's build command does (forced execution of every
chapter, -W), into a temporary folder, then reads the HTML.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    jb = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    assert jb, "jupyter-book is not installed next to this Python"
    proc = subprocess.run(
        [jb, "build", "--all", "-W", "-n", "--keep-going", "--path-output", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return out / "_build" / "html"


def test_paper_equation_numbers_are_shown(html):
    page = (html / "book" / "sec2_equilibrium_current.html").read_text()
    shown = [int(n) for n in re.findall(r'class="eqno">\((\d+)\)', page)]
    assert shown == list(range(2, 13))
    # a reference {eq}`eq-12` renders as "(12)" and links to the equation
    assert re.search(r'href="#equation-eq-12"[^>]*>\(12\)</a>', page)


def test_paper_figure_numbers_are_shown(html):
    sec2 = (html / "book" / "sec2_equilibrium_current.html").read_text()
    appa = (html / "book" / "appA_large_step.html").read_text()
    assert '<span class="caption-number">Fig. 1 </span>' in sec2
    assert '<span class="caption-number">Fig. 4 </span>' in appa
    assert 'id="fig-1"' in sec2 and 'id="fig-4"' in appa


def test_bibliography_and_errata_pages(html):
    refs = (html / "book" / "references.html").read_text()
    for key in ("Kane", "Lensky", "Halperin"):
        assert key in refs
    assert (html / "book" / "errata.html").exists()
