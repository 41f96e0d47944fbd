"""Sphinx extension: show the *paper's* equation and figure numbers in the book.

Why: Sphinx numbers display math and figures with a running count per book
(or per section). A reproduction must show Eq. (12) as "(12)" wherever it
appears, and Fig. 4 as "Fig. 4", whatever chapter it sits in.

How: Sphinx stores every number it shows -- next to a display equation, in a
figure caption, and in the text of ``{eq}`` and ``{numref}`` references -- in
one table, ``env.toc_fignumbers`` (with ``numfig`` and ``math_numfig`` on, as
Jupyter Book sets them). The table is filled by Sphinx's toctree collector on the
``env-get-updated`` event. This extension runs after it on the same event and
rewrites the entries whose label follows the book's convention:

* a display equation labelled ``eq-N`` (MyST: ``$$ ... $$ (eq-N)``) gets number ``N``;
* a figure named ``fig-N`` (myst-nb cell metadata ``mystnb.figure.name``, or a
  ``{figure}`` directive's ``:name:``) gets number ``N``;
* every other labelled equation or figure is the book's own; it is numbered
  ``<chapter tag>.k`` (``II.1``, ``A.2``, ...) so that it can never be mistaken for
  a paper number. The tag comes from the file name: ``sec2_*`` -> ``II``,
  ``appA_*`` -> ``A``, ``beyond_orbital_moment`` -> ``OM``; other pages use ``X``.

The PDF (LaTeX builder): LaTeX numbers equations and figures with its own counters, so
``\\ref`` would print 3.7 where the HTML prints (12). For the LaTeX writer only, this extension
puts the number from the same table into the output: a labelled display equation gets
``\\tag{N}`` after its ``\\label`` (amsmath; ``\\ref`` then prints N, so ``{eq}`` references read
(N)), and a numbered figure sets ``\\thefigure`` to N inside its float before ``\\caption`` (so the
caption reads "Fig. N" and ``{numref}`` references print N). The HTML writer is not touched.

Consistency checks (warnings, hence errors under ``-W``): a paper number used
twice, or outside the paper's range (Eqs. 1-66, Figs. 1-6); a figure whose caption
says "(paper Fig. N)" but whose id is not ``fig-N`` (this happens silently when a
section title such as "Fig. 1" has already claimed the id ``fig-1``).
"""

from __future__ import annotations

import re

from sphinx.util import logging

logger = logging.getLogger(__name__)

PAPER_RANGE = {"displaymath": (1, 66), "figure": (1, 6)}
_PAPER_ID = {"displaymath": re.compile(r"^equation-eq-(\d+)$"), "figure": re.compile(r"^fig-(\d+)$")}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}


def chapter_tag(docname: str) -> str:
    """Prefix for the book's own equations and figures in ``docname``."""
    base = docname.rsplit("/", 1)[-1]
    m = re.match(r"sec(\d)_", base)
    if m:
        return _ROMAN.get(int(m.group(1)), "S" + m.group(1))
    m = re.match(r"app([A-Z])_", base)
    if m:
        return m.group(1)
    m = re.match(r"beyond_([a-z])[a-z]*_([a-z])", base)
    if m:  # beyond_orbital_moment -> "OM": never an appendix letter
        return (m.group(1) + m.group(2)).upper()
    return "X"


def renumber(app, env):
    seen: dict[tuple[str, int], str] = {}
    for docname in sorted(env.toc_fignumbers):
        per_type = env.toc_fignumbers[docname]
        for figtype, pattern in _PAPER_ID.items():
            numbers = per_type.get(figtype)
            if not numbers:
                continue
            own = 0
            for node_id in list(numbers):
                m = pattern.match(node_id)
                if m:
                    n = int(m.group(1))
                    lo, hi = PAPER_RANGE[figtype]
                    if not lo <= n <= hi:
                        logger.warning(f"paper_numbers: {node_id} in {docname} is outside the paper's range {lo}-{hi}")
                    if (figtype, n) in seen:
                        logger.warning(f"paper_numbers: {node_id} is defined in both {seen[(figtype, n)]} and {docname}")
                    seen[(figtype, n)] = docname
                    numbers[node_id] = (n,)
                else:
                    own += 1
                    numbers[node_id] = (chapter_tag(docname), own)
    return []


def check_figure_names(app, doctree):
    """A figure whose caption says "(paper Fig. N)" must carry the id fig-N (else its number is wrong)."""
    from docutils import nodes

    for fig in doctree.findall(nodes.figure):
        caption = next(iter(fig.findall(nodes.caption)), None)
        m = re.search(r"paper Fig\. (\d+)", caption.astext()) if caption is not None else None
        if m and f"fig-{m.group(1)}" not in fig["ids"]:
            logger.warning(
                f"paper_numbers: a figure captioned 'paper Fig. {m.group(1)}' has ids {fig['ids']}, not fig-{m.group(1)} "
                "(is a section title or another target already called fig-N?)",
                location=fig,
            )


def _number(env, docname, figtype, ids) -> str | None:
    """The number Sphinx shows for the node with one of ``ids`` (after :func:`renumber`), as text."""
    numbers = env.toc_fignumbers.get(docname, {}).get(figtype, {})
    for node_id in ids:
        if node_id in numbers:
            return ".".join(str(part) for part in numbers[node_id])
    return None


def latex_visit_math_block(self, node):
    """LaTeX writer: Sphinx's own output, plus ``\\tag{N}`` with the number the HTML shows."""
    from sphinx.writers.latex import LaTeXTranslator

    start = len(self.body)
    try:
        LaTeXTranslator.visit_math_block(self, node)
    finally:
        number = _number(self.builder.env, node.get("docname", ""), "displaymath", node.get("ids", []))
        if number is not None and node.get("label"):
            label = r"\label{equation:%s:%s}" % (node["docname"], node["label"])
            for i in range(start, len(self.body)):
                if label in self.body[i]:
                    self.body[i] = self.body[i].replace(label, label + r"\tag{%s}" % number, 1)
                    break
            else:
                logger.warning(f"paper_numbers: no \\label for equation {node['label']} in the LaTeX output",
                               location=node)


def latex_visit_caption(self, node):
    """LaTeX writer: a numbered figure's caption shows the number the HTML shows."""
    from docutils import nodes
    from sphinx.writers.latex import LaTeXTranslator

    figure = node.parent
    if isinstance(figure, nodes.figure):
        docname = self.builder.env.path2doc(figure.source) if figure.source else None
        number = None
        for doc in [docname] if docname else list(self.builder.env.toc_fignumbers):
            number = _number(self.builder.env, doc, "figure", figure.get("ids", []))
            if number is not None:
                break
        if number is not None:
            self.body.append(r"\renewcommand{\thefigure}{%s}" % number)
    LaTeXTranslator.visit_caption(self, node)


def setup(app):
    from docutils import nodes
    from sphinx.writers.latex import LaTeXTranslator

    # LaTeX writer only. (Not app.add_node: that would also register these standard docutils nodes
    # as Sphinx's own and delete docutils' generic visitors for them when the build ends.)
    app.registry.add_translation_handlers(nodes.math_block, latex=(latex_visit_math_block, None))
    app.registry.add_translation_handlers(nodes.caption, latex=(latex_visit_caption, LaTeXTranslator.depart_caption))
    app.connect("doctree-read", check_figure_names)
    # priority > 500: run after sphinx.environment.collectors.toctree has assigned its numbers
    app.connect("env-get-updated", renumber, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
