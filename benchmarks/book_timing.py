"""Wall and CPU time of every chapter of the book, and of the forced build.

Run from the repository root (after the README's install):

    .venv/bin/python benchmarks/book_timing.py            # every chapter in _toc.yml
    .venv/bin/python benchmarks/book_timing.py sec2 appA  # only chapters whose name starts so
    .venv/bin/python benchmarks/book_timing.py --build    # also the README's forced build

Each chapter is executed top to bottom in a fresh ``python3`` kernel by nbclient (what jupyter-book's
``execute_notebooks: force`` does), one after the other, with the working directory set to ``book/``.
Nothing is written back. Prints a table of wall times (a chapter alone on the machine, kernel start
included) and CPU times (user + system of the kernel and every process it started: what the chapter
costs when the build runs chapters side by side), slowest first, and the totals. The targets of the
fast author loop (benchmarks/README.md) are flagged: no chapter above 15 s wall; the forced build
(``--build``: ``jupyter-book build --all -W -n --keep-going`` into a temporary folder, which runs the
chapters on every core, see book/_ext/parallel_read.py) at most 90 s. Times depend on the machine's
load: run it on an idle machine.
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
import tempfile
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_chapter(path: Path) -> tuple[float, float]:
    """Execute one chapter in a fresh kernel; return (wall, CPU) seconds. Wall includes the kernel start;
    CPU is that of the kernel and its own child processes (counted once the kernel has exited)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    cpu0, start = _children_cpu(), time.perf_counter()
    client.execute()  # shuts the kernel down and waits for it
    return time.perf_counter() - start, _children_cpu() - cpu0


def time_build() -> float:
    """Wall time of the README's forced build (jupyter-book build --all -W -n --keep-going) into a temporary
    folder; raises if the build fails."""
    jb = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        proc = subprocess.run([jb, "build", "--all", "-W", "-n", "--keep-going", "--path-output", out, str(ROOT)],
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError("the build failed:\n" + proc.stdout[-3000:] + proc.stderr[-3000:])
    executed = len(re.findall(r"Executed notebook in", proc.stdout + proc.stderr))
    if executed != len(chapter_paths()):
        raise RuntimeError(f"the build executed {executed} notebooks, not {len(chapter_paths())}")
    return seconds


def main(argv) -> int:
    build = "--build" in argv
    rows = []
    for path in chapter_paths([a for a in argv if a != "--build"]):
        wall, cpu = time_chapter(path)
        rows.append((wall, cpu, path.stem))
        print(f"  {path.stem:40s} {wall:7.1f} s wall {cpu:7.1f} s CPU", flush=True)
    rows.sort(reverse=True)
    print("\nchapter                                   wall time    CPU time   target (wall)")
    for wall, cpu, name in rows:
        flag = "" if wall <= CHAPTER_TARGET_S else f"  > {CHAPTER_TARGET_S:.0f} s"
        print(f"{name:40s} {wall:8.1f} s {cpu:8.1f} s{flag}")
    total = (sum(r[0] for r in rows), sum(r[1] for r in rows))
    print(f"{'sum (' + str(len(rows)) + ' chapters)':40s} {total[0]:8.1f} s {total[1]:8.1f} s")
    if build:
        seconds = time_build()
        flag = "" if seconds <= BOOK_TARGET_S else f"  > {BOOK_TARGET_S:.0f} s"
        print(f"{'forced build (all chapters, all cores)':40s} {seconds:8.1f} s{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
