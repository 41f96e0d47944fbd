"""Shared fixtures: one build of the book per test session (used by the build and browser tests)."""

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """Build the book as the README's build command does (-W, all extensions) into a temporary folder;
    return the HTML folder. The build failing is a test failure, with the log tail in the message.

    One difference: the chapters are not executed again here. nbval, in the same test run, executes
    every chapter and requires its stored outputs to be what a fresh run prints, so rendering the
    stored outputs shows the same book as the README's forced build, at half the cost.
    """
    # Under pytest-xdist every worker has its own session; the first one to get here builds, the
    # others wait on the lock and reuse that build (the base temp folder's parent is shared).
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    with open(shared / "book-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        html = shared / "book" / "_build" / "html"
        if (shared / "book" / "built.ok").exists():
            return html
        _build(shared / "book")
        (shared / "book" / "built.ok").write_text("ok")
        return html


def _build(out):
    out.mkdir(parents=True, exist_ok=True)
    config = ROOT / "_config.yml"
    text = config.read_text()
    assert "execute_notebooks: force" in text
    test_config = out / "_config_test.yml"
    # local extensions are found relative to the config file, which lives elsewhere here
    text = text.replace("execute_notebooks: force", 'execute_notebooks: "off"').replace(": book/_ext", f": {ROOT / 'book' / '_ext'}")
    test_config.write_text(text)
    jb = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    assert jb, "jupyter-book is not installed next to this Python"
    proc = subprocess.run(
        [jb, "build", "--all", "-W", "-n", "--keep-going", "--config", str(test_config),
         "--path-output", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
