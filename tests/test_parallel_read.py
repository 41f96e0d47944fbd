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


def test_usable_cores_respects_a_cgroup_quota(tmp_path):
    import os

    cores = len(os.sched_getaffinity(0))
    cpu_max = tmp_path / "cpu.max"
    for text, expected in [("max 100000", cores), ("100000 100000", 1), ("150000 100000", min(cores, 2)),
                           ("1000 100000", 1)]:
        cpu_max.write_text(text + "\n")
        assert parallel_read.usable_cores(str(cpu_max)) == expected, text
    assert parallel_read.usable_cores(str(tmp_path / "absent")) == cores


def test_build_jobs(monkeypatch):
    import os

    monkeypatch.delenv(parallel_read.JOBS_VARIABLE, raising=False)
    assert parallel_read.build_jobs() == parallel_read.usable_cores() <= len(os.sched_getaffinity(0))
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

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: the session's build read serially too, there is nothing to compare")
    log = (built_book.parents[1] / "build.log").read_text()
    assert re.search(r"parallel_read: reading \(executing\) \d+ documents in \d+ processes", log)
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


def _tiny_book(folder, codes, costs=None):
    """A book of intro.md and one notebook per code cell (ch0, ch1, ...), executed with the book's
    parallel_read extension; ``costs``: seconds planted as the chapters' stored run times. Builds it
    (forced execution) and returns (return code, output without terminal colours)."""
    import shutil
    import subprocess
    import sys

    import nbformat

    (folder / "_config.yml").write_text(
        "title: t\nexecute:\n  execute_notebooks: force\n  raise_on_error: true\n"
        f"sphinx:\n  local_extensions:\n    parallel_read: {ROOT / 'book' / '_ext'}\n")
    names = [f"ch{i}" for i in range(len(codes))]
    (folder / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n" + "".join(f"  - file: {c}\n" for c in names))
    (folder / "intro.md").write_text("# Intro\n")
    for i, (name, code) in enumerate(zip(names, codes)):
        cell = nbformat.v4.new_code_cell(code)
        if costs:
            cell.metadata["execution"] = {"iopub.execute_input": "2026-12-01T00:00:00.000000Z",
                                          "shell.execute_reply": f"2026-12-01T00:00:{costs[i]:09.6f}Z"}
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# Chapter {i}"), cell])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / f"{name}.ipynb")
    jb = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    proc = subprocess.run([jb, "build", "--all", str(folder)], capture_output=True, text=True, timeout=600)
    return proc.returncode, re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)


needs_two_cores = pytest.mark.skipif(len(__import__("os").sched_getaffinity(0)) < 2,
                                     reason="one core: the build reads serially")


@needs_two_cores
def test_chapters_run_side_by_side_costliest_first(tmp_path):
    """Six chapters with planted stored run times 1..6 s (ch0..ch5): each prints the process that started
    its kernel (the reading process) and its start time. The chapters run in two reading processes, and
    they start in pairs, costliest first: {ch5, ch4}, then {ch3, ch2}, then {ch1, ch0}."""
    import json

    code = "import os, time\nprint(os.getppid(), repr(time.time()))\ntime.sleep(1.5)"
    rc, out = _tiny_book(tmp_path, [code] * 6, costs=[1, 2, 3, 4, 5, 6])
    assert rc == 0, out[-3000:]
    assert "parallel_read: reading (executing) 7 documents in 2 processes" in out
    started, readers = {}, set()
    for i in range(6):
        nb = json.loads((tmp_path / "_build" / "jupyter_execute" / f"ch{i}.ipynb").read_text())
        ppid, t0 = "".join(nb["cells"][1]["outputs"][0]["text"]).split()
        started[f"ch{i}"], readers = float(t0), readers | {ppid}
    assert len(readers) >= 2
    order = sorted(started, key=started.get)
    assert [set(order[:2]), set(order[2:4]), set(order[4:])] == [{"ch5", "ch4"}, {"ch3", "ch2"}, {"ch1", "ch0"}]


@needs_two_cores
def test_a_failing_chapter_stops_the_parallel_build_and_shows_its_cell(tmp_path):
    """One chapter's cell raises while the other process runs a healthy chapter: the forced build fails,
    the failing cell's error reaches the output, and no other chapter is reported as failed."""
    codes = ["import time; time.sleep(3)"] * 6
    codes[3] = "raise ValueError('planted failure')"
    rc, out = _tiny_book(tmp_path, codes)
    assert "parallel_read: reading (executing) 7 documents in 2 processes" in out
    assert rc != 0
    assert "parallel_read: ch3 failed" in out and "ValueError: planted failure" in out
    assert re.findall(r"parallel_read: (\w+) failed", out) == ["ch3"]


def test_one_task_per_document_only_while_reading():
    from types import SimpleNamespace

    from sphinx.util.build_phase import BuildPhase
    from sphinx.util.parallel import make_chunks

    docs = [f"d{i}" for i in range(30)]
    writing, reading = SimpleNamespace(phase=BuildPhase.WRITING), SimpleNamespace(phase=BuildPhase.READING)
    assert parallel_read._chunks(writing, docs, 2) == make_chunks(docs, 2)
    assert parallel_read._chunks(reading, docs, 2) == parallel_read._one_document_per_task(docs, 2)
