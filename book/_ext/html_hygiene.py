"""Sphinx extension: keep the rendered pages free of browser-console errors.

Under Jupyter Book 1.0.4 some inline scripts are registered twice (sphinx-thebe's
configuration and sphinx-togglebutton's selector), so every page declares
``const THEBE_JS_URL`` twice and the browser logs a SyntaxError. This extension drops
exact duplicates from each page's script list. The browser test (tests/test_browser.py)
fails on any console error, so a regression shows up there.
"""

from __future__ import annotations


def _key(script):
    attrs = getattr(script, "attributes", {}) or {}
    # inline scripts carry filename None or "" depending on who registered them
    return (getattr(script, "filename", str(script)) or "", attrs.get("body"))


def dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for s in scripts:
        k = _key(s)
        if k in seen:
            continue
        seen.add(k)
        unique.append(s)
    scripts[:] = unique


def setup(app):
    # late, after the theme and extensions have added their scripts for the page
    app.connect("html-page-context", dedupe_scripts, priority=999)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
