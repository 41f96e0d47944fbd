"""Read the chapters in JupyterLab as they read in the book, without touching ``book/``.

Usage (from the repository root, with the lab requirements installed, see README)::

    .venv/bin/python book/_tools/lab_view.py            # write the reading copies, start JupyterLab
    .venv/bin/python book/_tools/lab_view.py --allow-root   # the same, as root (containers)
    .venv/bin/python book/_tools/lab_view.py --no-lab   # only write the copies (used by tests/test_lab.py)

Every further argument is passed to ``jupyter lab``.

Why a reading copy: the chapters are written for Sphinx (MyST-NB). In JupyterLab, ``jupyterlab-myst``
renders MyST, but it numbers equations with its own running count (paper Eq. (2) would show as "(1)",
and so would every reference to it), and it cannot resolve citations (no bibliography) or references
into other chapters (it sees one notebook at a time). (Without it, Lab shows the roles as literal text,
a stray "(eq-N)" under each equation and the boxes as code.) Tags such as
``\\tag{N}`` in the sources would be honoured by KaTeX but numbered a second time by MyST, and would
have to be stripped again for the book. So instead of changing the sources, this script writes, for
every chapter ``book/X.ipynb``, a copy ``_build/lab/X.ipynb`` (``_build`` is ignored by git) in which

* each labelled display equation becomes a MyST ``{math}`` directive whose ``:enumerator:`` is the
  number the book shows (the paper's N for ``eq-N``, ``II.1``-style numbers for the book's own, as
  ``book/_ext/paper_numbers.py`` assigns them), and unlabelled display math is left unnumbered;
* ``{eq}`` and ``{numref}`` to other chapters, ``{cite:t}``/``{cite:p}``, ``{doc}`` and ``{ref}``
  are replaced by the text the book shows (a link to the other notebook where there is one);
  ``{eq}`` within the chapter stays a MyST reference (clickable, showing the same number);
* a one-line note at the top says that this is a reading copy and where saving writes;
* a figure's caption (cell metadata ``mystnb.figure``) is shown in a Markdown cell after it, as
  "Fig. N: ..." like the book; cells tagged ``remove-input``/``hide-input`` start with the source
  collapsed.

Code cells, outputs and widget state are copied unchanged, so the copy runs exactly like the chapter.

Nothing behind the reader's back: JupyterLab is started on ``_build/lab`` with autosave switched off
(the settings override ``book/_tools/lab_settings/overrides.json``, passed as the app settings
directory), so a copy is written only when the reader saves it, and never a file of the repository.
A copy the reader has saved is kept when this script runs again (it compares the copy with the one
it wrote, recorded in ``_build/lab/.lab_view.json``); delete it to get a fresh copy of the chapter.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
OUT = ROOT / "_build" / "lab"
SETTINGS = Path(__file__).resolve().parent / "lab_settings"
MANIFEST = ".lab_view.json"

_PAPER_EQ = re.compile(r"^eq-(\d+)$")
_PAPER_FIG = re.compile(r"^fig-(\d+)$")
_ROLE = re.compile(r"\{(eq|numref|doc|ref|cite:t|cite:p|cite)\}`([^`]*)`")
_TARGET = re.compile(r"^\(([\w.:-]+)\)=\s*$")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*$")


def chapter_tag(name: str) -> str:
    """Prefix of the book's own equation/figure numbers: the rule of book/_ext/paper_numbers.py."""
    sys.path.insert(0, str(BOOK / "_ext"))
    try:
        from paper_numbers import chapter_tag as tag
    finally:
        sys.path.pop(0)
    return tag(name)


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


_CLOSE = re.compile(r"^(.*?)\$\$\s*(?:\(([\w.:-]+)\))?\s*$", re.S)


def _display_math_blocks(text: str):
    """Yield (start, end, body, label) for each display-math block of MyST's dollarmath: it starts with
    ``$$`` at the beginning of a line and ends with ``$$`` at the end of a line (on the same line or a
    later one), optionally followed by `` (label)``. Other ``$$`` (inside a paragraph) are left alone."""
    lines = text.split("\n")
    pos = [0]
    for line in lines:
        pos.append(pos[-1] + len(line) + 1)
    i = 0
    while i < len(lines):
        head = lines[i].lstrip()
        if head.startswith("$$"):
            first = head[2:]
            m = _CLOSE.match(first) if first.strip() else None
            if m and m.group(1).strip():  # $$ body $$ (label) on one line
                yield pos[i], pos[i] + len(lines[i]), m.group(1).strip(), m.group(2)
                i += 1
                continue
            for j in range(i + 1, len(lines)):
                m = _CLOSE.match(lines[j])
                if m:
                    body = "\n".join([first] * bool(first.strip()) + lines[i + 1:j] + [m.group(1)] * bool(m.group(1).strip()))
                    yield pos[i], pos[j] + len(lines[j]), body, m.group(2)
                    i = j
                    break
        i += 1


class Book:
    """Every label of every chapter and the text the book shows for it."""

    def __init__(self, book: Path = BOOK):
        self.book = book
        self.chapters = sorted(book.glob("*.ipynb"))
        self.pages = {p.stem: p for p in sorted(book.glob("*.md"))}
        self.notebooks = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in self.chapters}
        self.titles: dict[str, str] = {}
        self.equations: dict[str, tuple[str, str]] = {}  # label -> (chapter, number)
        self.figures: dict[str, tuple[str, str]] = {}
        self.targets: dict[str, tuple[str, str | None]] = {}  # label -> (chapter, section title)
        for name, nb in self.notebooks.items():
            self._scan(name, nb)
        for name, path in self.pages.items():
            m = re.search(r"^#\s+(.*)$", path.read_text(encoding="utf-8"), re.M)
            self.titles[name] = m.group(1).strip() if m else name
        self.bib = _read_bib(book / "references.bib")

    def _scan(self, name, nb):
        own_eq = own_fig = 0
        pending = []
        for cell in nb["cells"]:
            src = _source(cell)
            if cell["cell_type"] == "markdown":
                for line in src.split("\n"):
                    if _TARGET.match(line):
                        pending.append(_TARGET.match(line).group(1))
                        continue
                    h = _HEADING.match(line)
                    if h and name not in self.titles and line.startswith("# "):
                        self.titles[name] = _strip_md(h.group(1))
                    if line.strip():
                        title = _strip_md(h.group(1)) if h else None
                        for label in pending:
                            self.targets[label] = (name, title)
                        pending = []
                for _, _, _, label in _display_math_blocks(src):
                    if label is None:
                        continue
                    m = _PAPER_EQ.match(label)
                    if m:
                        number = m.group(1)
                    else:
                        own_eq += 1
                        number = f"{chapter_tag(name)}.{own_eq}"
                    self.equations[label] = (name, number)
            fig = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
            if fig.get("name"):
                m = _PAPER_FIG.match(fig["name"])
                if m:
                    number = m.group(1)
                else:
                    own_fig += 1
                    number = f"{chapter_tag(name)}.{own_fig}"
                self.figures[fig["name"]] = (name, number)
        for label in pending:
            self.targets[label] = (name, None)

    # --- roles -> text -----------------------------------------------------------------------
    def _link(self, text, target, here):
        if target == here:
            return text
        if target in self.notebooks:
            return f"[{text}]({target}.ipynb)"
        if target in self.pages:
            return f"[{text}]({target}.md)"
        return text

    def resolve(self, text: str, here: str) -> str:
        def role(m):
            kind, content = m.group(1), m.group(2)
            explicit = re.match(r"^(.*?)\s*<([^<>]+)>$", content, re.S)
            label = explicit.group(2).strip() if explicit else content.strip()
            shown = explicit.group(1) if explicit else None
            if kind == "eq":
                chap, number = self.equations.get(label, (None, None))
                if number is None:
                    return m.group(0)  # unknown label: left for the reader to see (and a test to catch)
                if chap == here and shown is None:
                    return m.group(0)  # MyST resolves it within the notebook, with the same number
                return self._link(shown or f"({number})", chap, here)
            if kind == "numref":
                chap, number = self.figures.get(label, (None, None))
                if number is None:
                    return m.group(0)
                text_ = (shown or "Fig. %s").replace("%s", number).replace("{number}", number)
                return self._link(text_, chap, here)
            if kind == "doc":
                target = label.split("/")[-1]
                return self._link(shown or self.titles.get(target, target), target, here)
            if kind == "ref":
                chap, title = self.targets.get(label, (None, None))
                if chap is None:
                    return m.group(0)
                return self._link(shown or title or label, chap, here)
            keys = [k.strip() for k in label.split(",")]
            # as sphinxcontrib-bibtex's author_year style shows them: "A and B [2019]", "[A et al., 2009, B, 2010]"
            # (brackets escaped: Markdown must not read them as a link)
            if kind == "cite:t":
                return ", ".join(f"{self.bib.get(k, (k, '?'))[0]} \\[{self.bib.get(k, (k, '?'))[1]}\\]" for k in keys)
            return "\\[" + ", ".join(", ".join(self.bib.get(k, (k, "?"))) for k in keys) + "\\]"

        return _ROLE.sub(role, text)

    def markdown(self, text: str, here: str) -> str:
        out, last = [], 0
        for start, end, body, label in _display_math_blocks(text):
            out.append(self.resolve(text[last:start], here))
            if label is None:
                out.append("```{math}\n:enumerated: false\n" + body + "\n```")
            else:
                number = self.equations[label][1]
                out.append(f"```{{math}}\n:label: {label}\n:enumerator: {number}\n{body}\n```")
            last = end
        out.append(self.resolve(text[last:], here))
        return "".join(out)

    # --- one chapter -------------------------------------------------------------------------
    def reading_copy(self, name: str) -> dict:
        nb = json.loads(json.dumps(self.notebooks[name]))
        cells = []
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                cell["source"] = self.markdown(_source(cell), name)
            cells.append(cell)
            if cell["cell_type"] != "code":
                continue
            tags = cell.get("metadata", {}).get("tags", [])
            if "remove-input" in tags or "hide-input" in tags:
                cell["metadata"].setdefault("jupyter", {})["source_hidden"] = True
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/markdown" in data:
                    data["text/markdown"] = self.markdown(_source({"source": data["text/markdown"]}), name)
            fig = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
            if fig.get("caption"):
                number = self.figures.get(fig.get("name"), (None, None))[1]
                head = f"**Fig. {number}:** " if number else ""
                cells.append({
                    "cell_type": "markdown",
                    "id": (cell.get("id", "x") + "-caption")[:64],
                    "metadata": {"lab_view": "figure caption"},
                    "source": head + self.markdown(fig["caption"], name),
                })
        banner = {
            "cell_type": "markdown",
            "id": "lab-view-banner",
            "metadata": {"lab_view": "banner"},
            "source": f"*Reading copy of `book/{name}.ipynb`, written by `book/_tools/lab_view.py`. Autosave is "
                      "off; saving writes this copy in `_build/lab/`, never the chapter in `book/`.*",
        }
        nb["cells"] = [banner] + cells
        return nb


def _strip_md(text: str) -> str:
    return re.sub(r"[*_`]", "", text).strip()


def _read_bib(path: Path) -> dict[str, tuple[str, str]]:
    """key -> ("Author and Author" / "Author et al.", year), as the book's author-year citations."""
    from pybtex.database import parse_file

    out = {}
    for key, entry in parse_file(str(path)).entries.items():
        last = ["".join(p.last_names).replace("{", "").replace("}", "") for p in entry.persons.get("author", [])]
        if len(last) == 1:
            who = last[0]
        elif len(last) == 2:
            who = f"{last[0]} and {last[1]}"
        else:
            who = f"{last[0]} et al."
        out[key] = (who, entry.fields.get("year", "?"))
    return out


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_reading_copies(out: Path = OUT, book: Path = BOOK, quiet: bool = False) -> dict[str, Path]:
    """Write ``out/X.ipynb`` for every chapter; keep a copy the reader has saved since. Returns the paths."""
    b = Book(book)
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError):
        manifest = {}
    written = {}
    for name in b.notebooks:
        path = out / f"{name}.ipynb"
        data = (json.dumps(b.reading_copy(name), indent=1, ensure_ascii=False) + "\n").encode()
        if path.exists() and manifest.get(path.name) != _digest(path.read_bytes()):
            if not quiet:
                print(f"lab_view: kept {path.relative_to(ROOT)}: saved by you since it was written "
                      "(delete it for a fresh copy of the chapter)")
        else:
            path.write_bytes(data)
            manifest[path.name] = _digest(data)
        written[name] = path
    for name, page in b.pages.items():  # {doc} links may point to the front page or the notation
        (out / page.name).write_text(b.markdown(page.read_text(encoding="utf-8"), name), encoding="utf-8")
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return written


def lab_command(out: Path = OUT, extra=()) -> list[str]:
    """The ``jupyter lab`` command line: the reading copies as root folder, autosave off."""
    exe = Path(sys.executable).with_name("jupyter-lab")
    return [str(exe), f"--ServerApp.root_dir={out}", f"--LabApp.app_settings_dir={SETTINGS}", *extra]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], allow_abbrev=False)
    parser.add_argument("--no-lab", action="store_true", help="only write the reading copies")
    args, extra = parser.parse_known_args(argv)
    written = write_reading_copies()
    print(f"lab_view: {len(written)} reading copies in {OUT.relative_to(ROOT)}/ (book/ is not touched)")
    if args.no_lab:
        return 0
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        print("lab_view: you are root: JupyterLab will refuse to start unless you add --allow-root")
    cmd = lab_command(OUT, extra)
    print("lab_view: " + " ".join(cmd))
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    sys.exit(main())
