"""Wall time of every chapter of the book, executed as the forced build executes it.

Run from the repository root (after the README's install):

    .venv/bin/python benchmarks/book_timing.py            # every chapter in _toc.yml
    .venv/bin/python benchmarks/book_timing.py sec2 appA  # only chapters whose name starts so

Each chapter is executed top to bottom in a fresh ``python3`` kernel by nbclient (what jupyter-book's
``execute_notebooks: force`` does), one after the other, with the working directory set to ``book/``.
Nothing is written back. Prints a table of wall times, slowest first, and the total; the targets of
the fast author loop (benchmarks/README.md) are flagged: no chapter above 15 s, the sum of the
chapters at most 90 s. Times depend on the machine's load: run it on an idle machine.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ahe_lib.ledger import toc_chapters  # noqa: E402

CHAPTER_TARGET_S, BOOK_TARGET_S = 15.0, 90.0


def chapter_paths(prefixes=()) -> list[Path]:
    """The notebook chapters listed in ``_toc.yml``, in toc order (optionally filtered by name prefix)."""
    paths = [ROOT / f"{c}.ipynb" for c in toc_chapters(ROOT / "_toc.yml")]
    paths = [p for p in paths if p.exists()]
    if prefixes:
        paths = [p for p in paths if p.stem.startswith(tuple(prefixes))]
    return paths


def time_chapter(path: Path) -> float:
    """Execute one chapter in a fresh kernel; return the wall time in seconds (kernel start included)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv) -> int:
    rows = []
    for path in chapter_paths(argv):
        seconds = time_chapter(path)
        rows.append((seconds, path.stem))
        print(f"  {path.stem:40s} {seconds:7.1f} s", flush=True)
    rows.sort(reverse=True)
    total = sum(s for s, _ in rows)
    print("\nchapter                                   wall time   target")
    for seconds, name in rows:
        flag = "" if seconds <= CHAPTER_TARGET_S else f"  > {CHAPTER_TARGET_S:.0f} s"
        print(f"{name:40s} {seconds:8.1f} s{flag}")
    flag = "" if total <= BOOK_TARGET_S else f"  > {BOOK_TARGET_S:.0f} s"
    print(f"{'total (' + str(len(rows)) + ' chapters)':40s} {total:8.1f} s{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
