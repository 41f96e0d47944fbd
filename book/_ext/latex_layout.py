"""Sphinx extension: page layout of the PDF (LaTeX builder only; the HTML is not touched).

Long tables, and short tables with long text. Sphinx typesets a table of more than 30 rows as a ``longtable``; without given
column widths (MyST tables never give them) every column is an ``l`` column that never wraps,
so a wide table runs off the page (the verification ledger did). For the LaTeX builder only,
this extension gives such tables column widths proportional to the longest text in each column
(capped, so one long cell does not starve the others, and at least its longest word); Sphinx then uses wrapping ``\\X`` columns
that together fill the text width.

Control characters. A literal control character in a chapter (e.g. a vertical tab from a
``"\\v"`` in a non-raw Python string) stops XeLaTeX with "Text line contains an invalid
character" somewhere deep in ``book.tex``. This extension reports it as a warning at its source
location instead, and replaces it by U+FFFD in the LaTeX output so the build can go on.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

LONGTABLE_ROWS = 30  # Sphinx's threshold (sphinx.writers.latex.Table.get_table_type)
MIN_WIDTH, MAX_WIDTH = 6, 40  # characters: bounds of a column's weight (a word is never split)
PADDING = 4  # characters: the column separation and cell padding
SHORT = 15  # characters: a column whose longest text is shorter keeps its natural width
LINE_CHARS = 80  # body-font characters per text width (17.5 cm; conservative for DejaVu Serif 9.2 pt)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def column_weights(longest: list[int]) -> list[int]:
    """Column widths in characters out of LINE_CHARS: a short column (at most SHORT characters) gets
    its full width, the long ones share the rest in proportion to their (capped) longest text."""
    natural = [n + PADDING for n in longest]
    short = [n <= SHORT for n in longest]
    rest = LINE_CHARS - sum(w for w, s in zip(natural, short) if s)
    long_total = sum(w for w, s in zip(natural, short) if not s)
    if not long_total or rest < 10 * short.count(False):
        return natural  # nothing long, or too many short columns: plain proportions
    return [w if s else max(PADDING + 4, round(rest * w / long_total)) for w, s in zip(natural, short)]


class LongTableWidths(SphinxPostTransform):
    default_priority = 400
    builders = ("latex",)

    def run(self, **kwargs):
        for table in self.document.findall(nodes.table):
            tgroup = next(iter(table.findall(nodes.tgroup)), None)
            if tgroup is None or "colwidths-given" in table["classes"]:
                continue
            rows = list(tgroup.findall(nodes.row))
            colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
            if not colspecs:
                continue
            if any(len([e for e in r.children if isinstance(e, nodes.entry)]) != len(colspecs) for r in rows):
                continue  # spanning cells: leave it to Sphinx
            longest = [MIN_WIDTH] * len(colspecs)
            for row in rows:
                entries = [e for e in row.children if isinstance(e, nodes.entry)]
                for k, entry in enumerate(entries):
                    text = entry.astext()
                    word = max((len(w) for w in text.split()), default=0)
                    longest[k] = max(longest[k], min(MAX_WIDTH, len(text)), word)
            natural = sum(n + PADDING for n in longest)
            if len(rows) <= LONGTABLE_ROWS and natural <= LINE_CHARS:
                continue  # a short table that fits: Sphinx's tabulary sizes it well
            # a short table with long text: tabulary can squeeze a short column below its longest word
            # (the ledger's claims table did), so it gets the same explicit widths as a long table
            for spec, width in zip(colspecs, column_weights(longest)):
                spec["colwidth"] = width
            table["classes"] = [c for c in table["classes"] if c != "colwidths-auto"] + ["colwidths-given"]


class ControlCharacters(SphinxPostTransform):
    default_priority = 401
    builders = ("latex",)

    def run(self, **kwargs):
        for text in list(self.document.findall(nodes.Text)):
            if _CONTROL.search(text):
                bad = sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(text)})
                logger.warning(f"latex_layout: control character {', '.join(bad)} in {text[:60]!r}",
                               location=text.parent)
                text.parent.replace(text, nodes.Text(_CONTROL.sub("\ufffd", text)))


def setup(app):
    app.add_post_transform(LongTableWidths)
    app.add_post_transform(ControlCharacters)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
