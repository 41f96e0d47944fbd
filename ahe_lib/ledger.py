"""The verification ledger: which paper equation/figure/claim is reproduced where, how it is checked, with what result.

Nothing here is typed by hand. The ledger is read from the chapters themselves:

* an equation counts as *shown* in a chapter when the chapter contains a display equation
  labelled ``eq-N`` (MyST ``$$ ... $$ (eq-N)``); a figure when a cell or directive names ``fig-N``;
* a *check* is a code cell whose metadata has a ``"ledger"`` entry (or a list of them)::

      "ledger": {"checks": ["eq-34"], "method": "numerical quadrature", "result": "corrected",
                 "computed": "j^eps summed over the states at energy eps",
                 "against": "-(1/F) d j_y/dx of Eq. (33)",
                 "negative_control": "printed +1/F: opposite sign at every x",
                 "label": "check-appb-eq34"}

  ``checks`` names paper labels ``eq-N``/``fig-N`` or running-text claims ``claim-<slug>`` (a
  claim entry also quotes the paper's sentence in ``"claim"``). ``computed`` and ``against`` name
  the two routes. ``label`` is a MyST target ``(label)=`` in a markdown cell above the check cell
  (the prose that states the routes and the tolerance); the ledger table links to it. A
  ``corrected`` entry must name its ``negative_control``: what the printed form gives in the same
  check (the cell asserts that the printed form misses and the corrected one meets).

The cell itself contains the assertions that make the claim fail loudly (the book build and nbval
execute it), so a status cannot survive a broken computation.

Results (:data:`RESULTS`), strongest evidence first:

* ``refuted``    — the printed claim fails the check;
* ``corrected``  — the printed form fails and a corrected form passes the same check;
* ``confirmed``  — two routes that share no formula under test agree within a stated tolerance;
* ``consistent`` — algebra that restates the paper's own steps, or routes that share the formula
  under test: a reproduction, not an independent test;
* ``definition`` — a definition or model input: nothing to confirm, the cell shows the implementation.

An item is given the first of these results that any of its checks has. An item that a chapter
shows but no cell checks is *stated only*; an item that no chapter shows is *not checked*.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

METHODS = ("symbolic", "numerical quadrature", "exact numerics", "closed-form comparison", "lattice numerics")
RESULTS = ("refuted", "corrected", "confirmed", "consistent", "definition")
STATUSES = RESULTS + ("stated only", "not checked")
FIELDS = {"checks", "method", "result", "computed", "against", "label", "negative_control", "claim"}
N_EQUATIONS, N_FIGURES = 66, 6

_EQ_LABEL = re.compile(r"\$\$\s*\(eq-(\d+)\)")
_FIG_NAME = re.compile(r'(?:"name"\s*:\s*"|:name:\s*)fig-(\d+)')
_KEY = re.compile(r"(eq-\d+|fig-\d+|claim-[a-z0-9]+(?:-[a-z0-9]+)*)")
_LABEL = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TARGET = re.compile(r"^\(([^()\s]+)\)=\s*$", re.M)
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}


@dataclass
class Check:
    """One ledger entry of one cell: what it checks, by which two routes, with what result."""

    doc: str
    label: str
    method: str
    result: str
    computed: str
    against: str
    negative_control: str = ""


@dataclass
class Item:
    """One paper equation, figure or running-text claim: where it is shown and how it is checked."""

    key: str  # "eq-12", "fig-1" or "claim-<slug>"
    shown_in: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    claim: str = ""

    @property
    def methods(self) -> set[str]:
        return {c.method for c in self.checks}

    @property
    def results(self) -> set[str]:
        return {c.result for c in self.checks}

    @property
    def checked_in(self) -> list[str]:
        return list(dict.fromkeys(c.doc for c in self.checks))

    @property
    def status(self) -> str:
        for result in RESULTS:
            if result in self.results:
                return result
        if self.key.startswith("claim-"):
            return "not checked"
        return "stated only" if self.shown_in else "not checked"


def _text(value, what, where):
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: ledger field {what!r} must be a non-empty phrase; got {value!r}")
    return value.strip()


def _entries(meta, where="cell"):
    """The validated ledger entries of one cell's metadata (a list, possibly empty)."""
    entry = meta.get("ledger")
    if entry is None:
        return []
    entries = entry if isinstance(entry, list) else [entry]
    for e in entries:
        unknown = set(e) - FIELDS
        if unknown:
            raise ValueError(f"{where}: unknown ledger field(s) {sorted(unknown)}; allowed: {sorted(FIELDS)}")
        if e.get("method") not in METHODS:
            raise ValueError(f"{where}: ledger method must be one of {METHODS}; got {e.get('method')!r}")
        if e.get("result") not in RESULTS:
            raise ValueError(f"{where}: ledger result must be one of {RESULTS}; got {e.get('result')!r}")
        for name in ("computed", "against", "label"):
            _text(e.get(name), name, where)
        if not _LABEL.fullmatch(e["label"]):
            raise ValueError(f"{where}: ledger label must be lower-case words joined by '-'; got {e['label']!r}")
        if e["result"] == "corrected":
            _text(e.get("negative_control"), "negative_control", where + " (a corrected result)")
        checks = e.get("checks")
        if not checks or not isinstance(checks, list):
            raise ValueError(f"{where}: ledger checks must be a non-empty list of labels")
        for key in checks:
            if not isinstance(key, str) or not _KEY.fullmatch(key):
                raise ValueError(f"{where}: ledger checks must be labels like 'eq-12', 'fig-1' or 'claim-<slug>'; got {key!r}")
        if any(k.startswith("claim-") for k in checks):
            if len(checks) != 1:
                raise ValueError(f"{where}: a claim-<slug> entry checks exactly one claim; got {checks}")
            _text(e.get("claim"), "claim", where + " (a claim entry quotes the paper)")
    return entries


def toc_chapters(toc_file) -> list[str]:
    """The chapter paths (``file:`` entries, without suffix) listed in a Jupyter Book ``_toc.yml``."""
    text = Path(toc_file).read_text()
    return re.findall(r"^\s*(?:-\s*)?(?:file|root):\s*(\S+)\s*$", text, flags=re.M)


def collect(book_dir, toc_file=None) -> dict[str, Item]:
    """Scan the chapters (``.ipynb`` and ``.md``) under ``book_dir``.

    Returns items ``eq-1..eq-66``, ``fig-1..fig-6`` (always present, in that order), then the
    ``claim-<slug>`` items that some check declares, in order of appearance. With ``toc_file``
    (a ``_toc.yml``) only chapters listed there count. Raises ``ValueError`` on malformed ledger
    metadata, on a label that is not a MyST target in a markdown cell above its check cell, on a
    label used twice, and on one claim quoted in two different ways.
    """
    book_dir = Path(book_dir)
    items = {f"eq-{n}": Item(f"eq-{n}") for n in range(1, N_EQUATIONS + 1)}
    items.update({f"fig-{n}": Item(f"fig-{n}") for n in range(1, N_FIGURES + 1)})
    paths = sorted(book_dir.glob("*.ipynb")) + sorted(book_dir.glob("*.md"))
    if toc_file is not None:
        listed = {Path(c).name for c in toc_chapters(toc_file)}
        paths = [p for p in paths if p.stem in listed]
    labels: dict[str, str] = {}
    for path in paths:
        doc = path.stem
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text())
            cells = nb.get("cells", [])
            text = "\n".join("".join(c.get("source", "")) for c in cells)
            text += "\n" + "\n".join(json.dumps(c.get("metadata", {})) for c in cells)
            targets: set[str] = set()
            for i, c in enumerate(cells):
                where = f"{path.name}, cell {i}"
                if c.get("cell_type") == "markdown":
                    targets.update(_TARGET.findall("".join(c.get("source", ""))))
                for e in _entries(c.get("metadata", {}), where):
                    label = e["label"]
                    if label not in targets:
                        raise ValueError(f"{where}: ledger label {label!r} is not a MyST target '({label})=' "
                                         "in a markdown cell above the check cell")
                    if labels.setdefault(label, f"{doc}:{i}") != f"{doc}:{i}":
                        raise ValueError(f"{where}: ledger label {label!r} is already used at {labels[label]}")
                    check = Check(doc, label, e["method"], e["result"], e["computed"].strip(),
                                  e["against"].strip(), (e.get("negative_control") or "").strip())
                    for key in e["checks"]:
                        if key.startswith("claim-"):
                            it = items.setdefault(key, Item(key, claim=e["claim"].strip()))
                            if " ".join(it.claim.split()) != " ".join(e["claim"].split()):
                                raise ValueError(f"{where}: {key} quotes the paper differently in two cells")
                            if doc not in it.shown_in:
                                it.shown_in.append(doc)
                        elif key not in items:
                            raise ValueError(f"{where}: ledger names {key}, which is not a paper equation/figure")
                        items[key].checks.append(check)
        else:
            text = path.read_text()
        for n in _EQ_LABEL.findall(text):
            if f"eq-{n}" in items and doc not in items[f"eq-{n}"].shown_in:
                items[f"eq-{n}"].shown_in.append(doc)
        for n in _FIG_NAME.findall(text):
            if f"fig-{n}" in items and doc not in items[f"fig-{n}"].shown_in:
                items[f"fig-{n}"].shown_in.append(doc)
    return items


def paper_items(items) -> dict[str, Item]:
    """The 72 numbered items (equations and figures) of ``items``."""
    return {k: it for k, it in items.items() if not k.startswith("claim-")}


def claim_items(items) -> dict[str, Item]:
    """The running-text claims of ``items``."""
    return {k: it for k, it in items.items() if k.startswith("claim-")}


def summary(items) -> dict[str, int]:
    """Count items per status, in the order of :data:`STATUSES` (statuses with no item omitted)."""
    out = {s: 0 for s in STATUSES}
    for it in items.values():
        out[it.status] += 1
    return {s: n for s, n in out.items() if n}


def defects(items) -> list[str]:
    """Rules a trustworthy ledger obeys, as a list of violations (empty when all hold).

    Every checked item names both routes (enforced by :func:`collect`); every item whose status is
    ``corrected`` has at least one ``corrected`` check with a negative control; every check's result
    is in the vocabulary; every checked equation or figure is shown in some chapter.
    """
    out = []
    for key, it in items.items():
        if it.status not in STATUSES:
            out.append(f"{key}: status {it.status!r} not in {STATUSES}")
        if it.status == "corrected" and not any(c.result == "corrected" and c.negative_control for c in it.checks):
            out.append(f"{key}: corrected without a negative control")
        if it.checks and not it.shown_in:
            out.append(f"{key}: checked in {it.checked_in} but shown in no chapter")
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


def chapter_tag(doc: str) -> str:
    """A short name for a chapter: ``sec2_...`` -> "Sec. II", ``appB_...`` -> "App. B", else the words of the name."""
    m = re.match(r"sec(\d)_", doc)
    if m:
        return f"Sec. {_ROMAN.get(m.group(1), m.group(1))}"
    m = re.match(r"app([A-Z])_", doc)
    if m:
        return f"App. {m.group(1)}"
    words = doc.removeprefix("beyond_").replace("_", " ").replace(" kwant", " (Kwant)")
    return words[:1].upper() + words[1:]


def _cell(text: str) -> str:
    """Text made safe for one cell of a Markdown table."""
    return " ".join(text.split()).replace("|", r"\|")


def _where(docs):
    return ", ".join(f"{{doc}}`{d}`" for d in docs) if docs else "—"


def _how(it: Item) -> str:
    if not it.checks:
        return "—"
    parts = []
    for c in it.checks:
        s = f"{{ref}}`{chapter_tag(c.doc)} <{c.label}>` ({c.result}, {c.method}): {_cell(c.computed)} **vs** {_cell(c.against)}"
        if c.negative_control:
            s += f"; *printed form:* {_cell(c.negative_control)}"
        parts.append(s)
    # one bullet per check: the HTML breaks the line at <br>; the PDF drops raw HTML but keeps the bullets
    return "<br>".join("• " + part for part in parts)


def markdown_table(items) -> str:
    """The numbered items as a MyST table: item (linked), status, every check (linked) with its two routes, where shown."""
    lines = ["| Paper | Status | Checks: computed **vs** against | Shown in |", "|---|---|---|---|"]
    for key, it in paper_items(items).items():
        kind, n = key.split("-")
        if it.shown_in:
            label = f"Eq. {{eq}}`{key}`" if kind == "eq" else f"{{numref}}`{key}`"
        else:
            label = f"Eq. ({n})" if kind == "eq" else f"Fig. {n}"
        lines.append(f"| {label} | {it.status} | {_how(it)} | {_where(it.shown_in)} |")
    return "\n".join(lines)


def is_book_claim(it: Item) -> bool:
    """A claim of the book itself (its ``claim`` text starts with "(book)"), not a sentence quoted from the paper."""
    return it.claim.startswith("(book)")


def claims_table(items) -> str:
    """The running-text claims as a MyST table: the quoted sentence, status, checks with both routes."""
    lines = ["| Claim | Status | Checks: computed **vs** against |", "|---|---|---|"]
    for it in claim_items(items).values():
        text = _cell(it.claim)
        if is_book_claim(it):
            text = "the book: " + text.removeprefix("(book)").strip()
        else:
            text = f"the paper: “{text}”"
        lines.append(f"| {text} | {it.status} | {_how(it)} |")
    return "\n".join(lines)


def counts_sentence(items) -> str:
    """The ledger's counts as one Markdown sentence, as the front page (``book/intro.md``) states them.

    A unit test requires the front page to contain exactly this sentence, so its counts cannot drift
    from the chapters.
    """
    def counted(group):
        return ", ".join(f"{n} {s}" for s, n in summary(group).items())

    paper = paper_items(items)
    quoted = {k: it for k, it in claim_items(items).items() if not is_book_claim(it)}
    own = {k: it for k, it in claim_items(items).items() if is_book_claim(it)}
    text = (f"Of the paper's {len(paper)} numbered equations and figures, the [verification ledger](ledger.ipynb) "
            f"counts {counted(paper)}")
    if quoted:
        text += f"; of the {len(quoted)} sentences of its running text that the book tests, {counted(quoted)}"
    if own:
        text += f"; the book's own claims beyond the paper: {counted(own)}"
    return text + "."
