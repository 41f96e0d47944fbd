"""The verification ledger: which paper equation/figure is reproduced where, how it is checked, with what result.

Nothing here is typed by hand. The ledger is read from the chapters themselves:

* an equation counts as *reproduced* in a chapter when the chapter contains a display
  equation labelled ``eq-N`` (MyST ``$$ ... $$ (eq-N)``); a figure when a cell or directive
  names ``fig-N``;
* a *check* is a code cell whose metadata has a ``"ledger"`` entry::

      "ledger": {"checks": ["eq-4", "eq-5"], "method": "exact numerics", "result": "confirmed"}

  (or a list of such entries). The cell itself must contain the assertions that make the
  claim fail loudly (the book build and nbval execute it), so a "confirmed" cannot survive
  a broken computation.

``method`` is one of :data:`METHODS`, ``result`` one of :data:`RESULTS`. An item that a chapter
shows but no cell checks is listed as "stated only"; an item that no chapter shows is
"not checked".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

METHODS = ("symbolic", "numerical quadrature", "exact numerics", "closed-form comparison")
RESULTS = ("confirmed", "corrected", "refuted")
N_EQUATIONS, N_FIGURES = 66, 6

_EQ_LABEL = re.compile(r"\$\$\s*\(eq-(\d+)\)")
_FIG_NAME = re.compile(r'(?:"name"\s*:\s*"|:name:\s*)fig-(\d+)')


@dataclass
class Item:
    """One paper equation or figure: where it is shown and how it is checked."""

    key: str  # "eq-12" or "fig-1"
    shown_in: list[str] = field(default_factory=list)
    methods: set[str] = field(default_factory=set)
    results: set[str] = field(default_factory=set)
    checked_in: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if "refuted" in self.results:
            return "refuted"
        if "corrected" in self.results:
            return "corrected"
        if self.results:
            return "confirmed"
        return "stated only" if self.shown_in else "not checked"


def _entries(meta):
    entry = meta.get("ledger")
    if entry is None:
        return []
    entries = entry if isinstance(entry, list) else [entry]
    for e in entries:
        if e.get("method") not in METHODS:
            raise ValueError(f"ledger method must be one of {METHODS}; got {e.get('method')!r}")
        if e.get("result") not in RESULTS:
            raise ValueError(f"ledger result must be one of {RESULTS}; got {e.get('result')!r}")
        for key in e.get("checks", []):
            if not re.fullmatch(r"(eq-\d+|fig-\d+)", key):
                raise ValueError(f"ledger checks must be labels like 'eq-12' or 'fig-1'; got {key!r}")
    return entries


def toc_chapters(toc_file) -> list[str]:
    """The chapter paths (``file:`` entries, without suffix) listed in a Jupyter Book ``_toc.yml``."""
    text = Path(toc_file).read_text()
    return re.findall(r"^\s*(?:-\s*)?(?:file|root):\s*(\S+)\s*$", text, flags=re.M)


def collect(book_dir, toc_file=None) -> dict[str, Item]:
    """Scan the chapters (``.ipynb`` and ``.md``) under ``book_dir``; return items eq-1..eq-66, fig-1..fig-6.

    With ``toc_file`` (a ``_toc.yml``), only chapters listed there count: a notebook that sits in the
    folder but is not part of the book is ignored.
    """
    book_dir = Path(book_dir)
    items = {f"eq-{n}": Item(f"eq-{n}") for n in range(1, N_EQUATIONS + 1)}
    items.update({f"fig-{n}": Item(f"fig-{n}") for n in range(1, N_FIGURES + 1)})
    paths = sorted(book_dir.glob("*.ipynb")) + sorted(book_dir.glob("*.md"))
    if toc_file is not None:
        listed = {Path(c).name for c in toc_chapters(toc_file)}
        paths = [p for p in paths if p.stem in listed]
    for path in paths:
        doc = path.stem
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text())
            cells = nb.get("cells", [])
            text = "\n".join("".join(c.get("source", "")) for c in cells)
            text += "\n" + "\n".join(json.dumps(c.get("metadata", {})) for c in cells)
            for c in cells:
                for e in _entries(c.get("metadata", {})):
                    for key in e.get("checks", []):
                        if key not in items:
                            raise ValueError(f"{path.name}: ledger names {key}, which is not a paper equation/figure")
                        it = items[key]
                        it.methods.add(e["method"])
                        it.results.add(e["result"])
                        if doc not in it.checked_in:
                            it.checked_in.append(doc)
        else:
            text = path.read_text()
        for n in _EQ_LABEL.findall(text):
            if f"eq-{n}" in items and doc not in items[f"eq-{n}"].shown_in:
                items[f"eq-{n}"].shown_in.append(doc)
        for n in _FIG_NAME.findall(text):
            if f"fig-{n}" in items and doc not in items[f"fig-{n}"].shown_in:
                items[f"fig-{n}"].shown_in.append(doc)
    return items


def summary(items) -> dict[str, int]:
    """Count items per status."""
    out: dict[str, int] = {}
    for it in items.values():
        out[it.status] = out.get(it.status, 0) + 1
    return out


def toc_path() -> Path:
    """The repository's ``_toc.yml``."""
    return book_dir().parent / "_toc.yml"


def book_dir() -> Path:
    """The repository's ``book/`` folder (ahe_lib is installed editable from the repository)."""
    path = Path(__file__).resolve().parents[1] / "book"
    if not path.is_dir():
        raise ValueError(f"the book folder {path} does not exist: the ledger needs the repository checkout")
    return path


def _where(docs):
    return ", ".join(f"{{doc}}`{d}`" for d in docs) if docs else "—"


def markdown_table(items) -> str:
    """The ledger as a MyST markdown table: item (linked), where shown, how checked, result."""
    lines = ["| Paper | Reproduced in | Checked by | Result |", "|---|---|---|---|"]
    for key, it in items.items():
        kind, n = key.split("-")
        if it.shown_in:
            label = f"{{eq}}`{key}`" if kind == "eq" else f"{{numref}}`{key}`"
            label = ("Eq. " if kind == "eq" else "") + label
        else:
            label = f"Eq. ({n})" if kind == "eq" else f"Fig. {n}"
        how = ", ".join(sorted(it.methods)) if it.methods else ("stated only" if it.shown_in else "—")
        lines.append(f"| {label} | {_where(it.shown_in)} | {how} | {it.status} |")
    return "\n".join(lines)
