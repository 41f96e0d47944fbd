"""Sphinx extension: read, and so execute, the chapters on every core.

myst-nb executes a notebook while Sphinx reads it, so the forced HTML build takes as long as
Sphinx's read phase. Jupyter Book 1.x runs Sphinx with one process: ``jupyter_book/sphinx.py``
sets ``jobs = 1`` and its command line has no ``-j``. The chapters are independent (each runs
in its own kernel; no chapter reads another's outputs), so they can run side by side. This
extension, for the HTML builder only:

1. sets Sphinx's process count to the number of cores the build may use
   (``os.sched_getaffinity``, capped by a cgroup CPU quota; the environment variable
   ``AHE_BUILD_JOBS`` overrides it, and ``AHE_BUILD_JOBS=1`` gives the serial build). Sphinx then
   also writes the pages in parallel (one process next to the main one on two cores);
2. declares two extensions that Jupyter Book adds on its own parallel-read-safe. They do not
   say either way, and Sphinx then reads serially. Both were read, at the pinned versions
   (requirements.txt), before declaring them: ``sphinx_multitoc_numbering`` 0.1.3 only
   replaces ``TocTreeCollector.assign_section_numbers``, which Sphinx calls in the main
   process after the documents are merged; ``sphinx_jupyterbook_latex`` 1.0.0 adds node
   classes, config values, and transforms that only change the document being read (two of
   them run for HTML too; they read ``env.docname`` and edit that document's tree, nothing
   shared). For any other installed version nothing is declared, and
   Sphinx warns and reads serially (with ``-W`` the build then fails, so a change is seen);
3. hands the documents to the processes one at a time, the costliest first, where the cost
   of a chapter is the run time stored in its own cells (nbclient's ``execution`` timestamps
   of the last execution). Sphinx's default gives each process a fixed block of about ten
   documents in alphabetical order, which left one process with most of the work; and a
   costly chapter started last runs alone at the end. (Writing the pages keeps Sphinx's
   blocks.)

A chapter that fails stops the build as before; its traceback (the failing cell and its error) is
written to stderr by the process that read it, since Sphinx passes on only a one-line message.
(Sphinx then stops the other reading process; its chapter's kernel dies, and that is reported in
one line that says so.)
The PDF (LaTeX builder) is read serially as before. Nothing here changes what a chapter
computes or prints: each chapter still runs top to bottom in a fresh kernel.
"""

from __future__ import annotations

import functools
import json
import math
import os
import sys
import traceback
from datetime import datetime
from importlib import metadata

import sphinx.builders
from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase

logger = logging.getLogger(__name__)

# extension name -> distribution version whose source was read (see the module docstring)
VETTED = {
    "sphinx_multitoc_numbering": ("sphinx-multitoc-numbering", "0.1.3"),
    "sphinx_jupyterbook_latex": ("sphinx-jupyterbook-latex", "1.0.0"),
}
JOBS_VARIABLE = "AHE_BUILD_JOBS"


def usable_cores(cpu_max="/sys/fs/cgroup/cpu.max") -> int:
    """Cores this process may run on (``os.sched_getaffinity``), capped by a cgroup v2 CPU quota
    (``cpu.max``: "quota period", e.g. "200000 100000" for two CPUs; "max" for none)."""
    cores = len(os.sched_getaffinity(0))
    try:
        with open(cpu_max) as handle:
            quota, period = handle.read().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return cores


def build_jobs() -> int:
    """Number of Sphinx processes: $AHE_BUILD_JOBS if set (an integer >= 1), else :func:`usable_cores`."""
    value = os.environ.get(JOBS_VARIABLE)
    if value is None:
        return usable_cores()
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise ValueError(f"{JOBS_VARIABLE} must be an integer >= 1, got {value!r}")
    return jobs


def stored_run_time(path) -> float:
    """Seconds between the first cell's start and the last cell's reply, as stored in the
    notebook's cell metadata by its last execution; 0 for a file without such timestamps."""
    try:
        with open(path, encoding="utf-8") as handle:
            cells = json.load(handle).get("cells", [])
    except (OSError, ValueError):
        return 0.0
    stamps = []
    for cell in cells:
        execution = cell.get("metadata", {}).get("execution", {})
        for key in ("iopub.execute_input", "shell.execute_reply"):
            if key in execution:
                stamps.append(datetime.fromisoformat(execution[key].replace("Z", "+00:00")))
    return (max(stamps) - min(stamps)).total_seconds() if stamps else 0.0


_sphinx_make_chunks = sphinx.builders.make_chunks


def _chunks(app, arguments, nproc, maxbatch=10):
    """``make_chunks`` for the builders (bound to ``app``): one document per task in Sphinx's read
    phase (below), Sphinx's own blocks while writing (forking once per page would cost more than it
    saves)."""
    if app.phase == BuildPhase.READING:
        # called by Sphinx's parallel read only (it has checked every extension and the count)
        logger.info("parallel_read: reading (executing) %d documents in %d processes", len(arguments), nproc)
        return _one_document_per_task(arguments, nproc, maxbatch)
    return _sphinx_make_chunks(arguments, nproc, maxbatch)


def _one_document_per_task(arguments, nproc, maxbatch=10):
    """Replacement for ``sphinx.util.parallel.make_chunks`` as the builders use it: one document per
    task, arranged so that Sphinx *starts* them in the given order.

    Sphinx's ``ParallelTasks`` (7.4) starts the first ``nproc`` tasks as they are added; the rest wait
    in a dict and, whenever a process is free, the one added *last* starts (``dict.popitem``). So the
    first ``nproc`` documents keep their places and the others are handed over in reverse.
    ``tests/test_parallel_read.py`` runs Sphinx's ``ParallelTasks`` on this list and checks the start
    order."""
    chunks = [[name] for name in arguments]
    return chunks[:nproc] + chunks[nproc:][::-1]


def _costliest_first(app, env, docnames):
    """``env-before-read-docs``: reorder the documents in place, costliest first."""
    if app.parallel > 1:
        docnames.sort(key=lambda name: (-stored_run_time(env.doc2path(name)), name))


def _kernel_died(err) -> bool:
    """Whether an exception is, or was caused by, nbclient's DeadKernelError."""
    while err is not None:
        if type(err).__name__ == "DeadKernelError":
            return True
        err = err.__cause__ or err.__context__
    return False


def _traceback_to_stderr(read_doc, main_pid):
    """Wrap ``builder.read_doc``: in a reading process, an exception's whole traceback (for a chapter
    that fails, the failing cell and its error, as the serial build shows them) goes to stderr before
    the exception propagates. Sphinx hands only the exception's one-line message to the main process.

    When one chapter fails, Sphinx stops the other reading process (SIGTERM); the event loop of its
    notebook client then shuts that chapter's kernel down, and the chapter ends in DeadKernelError.
    A dead kernel is therefore reported in one line, without claiming that the chapter failed."""

    def read_doc_reporting(docname, *args, **kwargs):
        try:
            return read_doc(docname, *args, **kwargs)
        except Exception as err:
            if os.getpid() != main_pid:
                if _kernel_died(err):
                    report = (f"\n--- parallel_read: the kernel of {docname} died (reading process "
                              f"{os.getpid()}); after another chapter has failed this is Sphinx stopping "
                              f"this process, not an error of {docname} ---\n")
                else:
                    report = (f"\n--- parallel_read: {docname} failed (reading process {os.getpid()}) ---\n"
                              + traceback.format_exc() + "\n")
                sys.stderr.write(report)
                sys.stderr.flush()
            raise

    return read_doc_reporting


def _enable(app):
    """``builder-inited``: switch the HTML build to parallel reading."""
    if app.builder.name != "html":
        return
    jobs = build_jobs()
    if jobs == 1:
        return
    for name, (distribution, version) in VETTED.items():
        extension = app.extensions.get(name)
        if extension is None or extension.parallel_read_safe is not None:
            continue
        if metadata.version(distribution) == version:
            extension.parallel_read_safe = True
    app.parallel = jobs
    sphinx.builders.make_chunks = functools.partial(_chunks, app)
    app.builder.read_doc = _traceback_to_stderr(app.builder.read_doc, os.getpid())
    logger.info("parallel_read: parallel reading requested, %d processes", jobs)


def setup(app):
    app.connect("builder-inited", _enable)
    app.connect("env-before-read-docs", _costliest_first)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
