"""The book builds with warnings as errors and shows the paper's numbers.

The build itself is the session fixture ``built_book`` (tests/conftest.py): jupyter-book run as the
README's build command runs it (-W, every extension, parallel reading), into a temporary folder, but
rendering the chapters' stored outputs, which nbval checks in the same test run, instead of executing
every chapter a second time.
"""

import re

import pytest


@pytest.fixture(scope="module")
def html(built_book):
    return built_book


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
