"""Sphinx extension: serve MathJax 3 from the built book instead of a CDN.

Sphinx's default ``mathjax_path`` points at a CDN, so equations do not render for a
reader without network access. The pinned PyPI package ``django-static-mathjax``
ships the official MathJax 3.2.2 distribution as static files (import name
``mathjax``); this extension copies its ``es5`` folder to ``_static/mathjax`` of the
HTML output and points ``mathjax_path`` there. No network access at build or read time.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util.fileutil import copy_asset

TARGET = "mathjax"  # below _static/


def _es5_folder() -> Path:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise ExtensionError("offline_mathjax: the package django-static-mathjax (import name 'mathjax') is not installed; see requirements.txt")
    es5 = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"
    if not (es5 / "tex-chtml.js").is_file():
        raise ExtensionError(f"offline_mathjax: {es5 / 'tex-chtml.js'} not found")
    return es5


def set_path(app, config):
    _es5_folder()  # fail early if missing
    config.mathjax_path = f"{TARGET}/tex-chtml.js"


def copy_mathjax(app, exception):
    if exception is None and app.builder.format == "html":
        copy_asset(str(_es5_folder()), str(Path(app.outdir) / "_static" / TARGET))


def setup(app):
    app.connect("config-inited", set_path)
    app.connect("build-finished", copy_mathjax)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
