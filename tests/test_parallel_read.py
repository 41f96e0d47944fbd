"""book/_ext/parallel_read.py: the forced build executes the chapters on every core."""

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("parallel_read", ROOT / "book" / "_ext" / "parallel_read.py")
parallel_read = importlib.util.module_from_spec(spec)
spec.loader.exec_module(parallel_read)


def test_stored_run_time_spans_first_start_to_last_reply(tmp_path):
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "text"},
        {"cell_type": "code", "metadata": {"execution": {
            "iopub.execute_input": "2026-12-01T01:00:00.500000Z",
            "shell.execute_reply": "2026-12-01T01:00:02.000000Z"}}},
        {"cell_type": "code", "metadata": {"execution": {
            "iopub.execute_input": "2026-12-01T01:00:02.100000Z",
            "shell.execute_reply": "2026-12-01T01:00:07.250000Z"}}},
    ]
    nb = tmp_path / "ch.ipynb"
    nb.write_text(json.dumps({"cells": cells}))
    assert parallel_read.stored_run_time(nb) == pytest.approx(6.75, abs=1e-9)
    md = tmp_path / "intro.md"
    md.write_text("# not a notebook\n")
    assert parallel_read.stored_run_time(md) == 0.0
    assert parallel_read.stored_run_time(tmp_path / "missing.ipynb") == 0.0


def test_every_chapter_has_a_stored_run_time():
    # the costliest-first order needs the timestamps that nbclient stores on execution
    for nb in sorted((ROOT / "book").glob("*.ipynb")):
        assert parallel_read.stored_run_time(nb) > 0, nb.name


def test_build_jobs(monkeypatch):
    import os

    monkeypatch.delenv(parallel_read.JOBS_VARIABLE, raising=False)
    assert parallel_read.build_jobs() == len(os.sched_getaffinity(0))
    monkeypatch.setenv(parallel_read.JOBS_VARIABLE, "3")
    assert parallel_read.build_jobs() == 3
    for bad in ("0", "-1", "two", ""):
        monkeypatch.setenv(parallel_read.JOBS_VARIABLE, bad)
        with pytest.raises(ValueError, match=parallel_read.JOBS_VARIABLE):
            parallel_read.build_jobs()


def test_vetted_versions_are_the_pinned_ones():
    """The extensions declared parallel-safe were read at these versions; a new pin needs a new reading."""
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", (ROOT / "requirements.txt").read_text(), re.M))
    pins = {k.lower().replace("_", "-"): v for k, v in pins.items()}
    for _ext, (distribution, version) in parallel_read.VETTED.items():
        assert pins[distribution] == version, distribution


def _short_task(doc):
    __import__("time").sleep(0.2)  # longer than adding all tasks: the first wave is still running then


@pytest.mark.parametrize("nproc", [1, 2, 3])
def test_sphinx_starts_the_documents_in_the_given_order(monkeypatch, nproc):
    """Sphinx's own ParallelTasks, fed the chunks as the read phase feeds them, starts them in order
    (the order in which it calls Process.start, recorded in this process)."""
    import multiprocessing

    from sphinx.util.parallel import ParallelTasks

    started = []
    process = type(multiprocessing.get_context("fork").Process())
    original = process.start

    def start(self):
        started.append(self._args[2])  # Process(target=_process, args=(pipe, task_func, arg))
        original(self)

    monkeypatch.setattr(process, "start", start)
    docs = [f"doc{i:02d}" for i in range(9)]
    chunks = parallel_read._one_document_per_task(docs, nproc)
    assert sorted(c[0] for c in chunks) == docs and all(len(c) == 1 for c in chunks)
    tasks = ParallelTasks(nproc)
    for chunk in chunks:
        tasks.add_task(_short_task, chunk[0])
    tasks.join()
    assert started == docs


def test_parallel_build_renders_what_the_serial_build_renders(built_book, tmp_path):
    """The session's book build (parallel reading on this machine's cores) against Sphinx's serial
    reading (AHE_BUILD_JOBS=1) of the same sources: every file of the HTML output is the same byte for
    byte (pages, search index, numbering of equations and figures, bibliography)."""
    import filecmp
    import os

    from conftest import _build

    log = (built_book.parents[1] / "build.log").read_text()
    if len(os.sched_getaffinity(0)) > 1:
        assert "parallel_read: reading (executing) documents in" in log
    _build(tmp_path, env={parallel_read.JOBS_VARIABLE: "1"})
    serial = tmp_path / "_build" / "html"
    assert "parallel_read: reading" not in (tmp_path / "build.log").read_text()

    def differences(cmp):
        found = cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    cmp = filecmp.dircmp(built_book, serial, ignore=[])
    files = [p for p in serial.rglob("*") if p.is_file()]
    assert len(files) > 200
    # dircmp compares by os.stat signature first: compare contents explicitly
    same, diff, errors = filecmp.cmpfiles(built_book, serial,
                                          [str(p.relative_to(serial)) for p in files], shallow=False)
    assert not differences(cmp) and not diff and not errors, (differences(cmp), diff, errors)


def test_a_failing_chapter_stops_the_parallel_build_and_shows_its_cell(tmp_path):
    """A tiny book (seven documents, so that Sphinx reads in parallel) with one chapter whose cell
    raises: the forced build fails, and the cell's error reaches the output."""
    import shutil
    import subprocess
    import sys

    import nbformat

    if len(__import__("os").sched_getaffinity(0)) < 2:
        pytest.skip("one core: the build reads serially")
    (tmp_path / "_config.yml").write_text(
        "title: t\nexecute:\n  execute_notebooks: force\n  raise_on_error: true\n"
        f"sphinx:\n  local_extensions:\n    parallel_read: {ROOT / 'book' / '_ext'}\n")
    chapters = [f"ch{i}" for i in range(6)]
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n" + "".join(f"  - file: {c}\n" for c in chapters))
    (tmp_path / "intro.md").write_text("# Intro\n")
    for i, name in enumerate(chapters):
        code = "raise ValueError('planted failure')" if i == 3 else f"print({i})"
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# Chapter {i}"),
                                             nbformat.v4.new_code_cell(code)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
    jb = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    proc = subprocess.run([jb, "build", "--all", str(tmp_path)], capture_output=True, text=True, timeout=600)
    out = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)  # without the terminal colours
    assert "parallel_read: reading (executing) documents in" in out
    assert proc.returncode != 0
    assert "parallel_read: ch3 failed" in out and "ValueError: planted failure" in out
    # (a chapter that was running in the other process when Sphinx stopped it may report too)


def test_one_task_per_document_only_while_reading(monkeypatch):
    from sphinx.util.parallel import make_chunks

    docs = [f"d{i}" for i in range(30)]
    monkeypatch.setitem(parallel_read._READING, "now", False)
    assert parallel_read._chunks(docs, 2) == make_chunks(docs, 2)
    monkeypatch.setitem(parallel_read._READING, "now", True)
    assert parallel_read._chunks(docs, 2) == parallel_read._one_document_per_task(docs, 2)
