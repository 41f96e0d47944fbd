"""Every code line of the book's chapters fits the printed page: at most 88 characters.

Longer lines scroll sideways in the HTML code cells and wrap (or would be cut) in the PDF. The
chapters are those of ``_toc.yml``; every line of every code cell counts (magics and comments
too, since they are printed as well). The failure lists each offending line as
``file:cell:line (length)``: the cell's position among all cells of the notebook and the
line's position in the cell, both counted from 1.
"""

import json
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MAX_LINE = 88


def toc_notebooks():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    return [ROOT / (f + ".ipynb") for f in files if (ROOT / (f + ".ipynb")).exists()]


def long_lines(path, limit=MAX_LINE):
    """``file:cell:line (n chars)`` for every code-cell line of ``path`` longer than ``limit``."""
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    nb = json.loads(path.read_text())
    out = []
    for c, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for k, line in enumerate(source.splitlines(), start=1):
            if len(line) > limit:
                out.append(f"{name}:{c}:{k} ({len(line)} chars)")
    return out


def test_long_lines_are_found(tmp_path):
    """The check itself: a planted 89-character line is reported, an 88-character one is not."""
    fits, too_long = "y = '" + "a" * 82 + "'", "z = '" + "b" * 83 + "'"
    assert (len(fits), len(too_long)) == (88, 89)
    nb = {"cells": [{"cell_type": "code", "source": ["x = 1\n", fits + "\n"]},
                    {"cell_type": "markdown", "source": ["m" * 200]},
                    {"cell_type": "code", "source": "w = 2\n" + too_long}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "planted.ipynb"
    path.write_text(json.dumps(nb))
    assert long_lines(path) == ["planted.ipynb:3:2 (89 chars)"]


def test_chapters_are_found():
    names = [p.name for p in toc_notebooks()]
    assert "sec2_equilibrium_current.ipynb" in names and len(names) >= 10, names


def test_code_lines_fit_the_page():
    offending = [line for path in toc_notebooks() for line in long_lines(path)]
    if offending:
        pytest.fail(f"{len(offending)} code lines longer than {MAX_LINE} characters (file:cell:line):\n"
                    + "\n".join(offending), pytrace=False)
