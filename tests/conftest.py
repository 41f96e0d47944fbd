"""Shared fixtures: one build of the book per test session (used by the build and browser tests), headless
Chromium for the browser and JupyterLab tests, and one apt-get at a time across pytest-xdist workers."""

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
APT_LOCK = Path("/tmp/ahe-book-apt.lock")


@contextlib.contextmanager
def _apt_lock():
    """Hold an exclusive lock while installing Debian packages: the tests run in several pytest-xdist
    workers, and two apt-get runs at once would fail on dpkg's own lock."""
    with open(APT_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def apt_lock():
    """The context manager that serialises apt-get runs across workers (see :func:`_apt_lock`)."""
    return _apt_lock


@pytest.fixture(scope="session")
def chromium():
    """Paths of Debian's chromium and chromedriver. When they are missing and the tests run as root (as
    in CI), installs them with apt-get; otherwise fails saying what to install."""
    with _apt_lock():
        if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()) and os.geteuid() == 0 and shutil.which("apt-get"):
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True, timeout=900)
            subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"], check=True, env=env,
                           capture_output=True, timeout=1800)
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("the browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver")
    return CHROMIUM, CHROMEDRIVER


# headless, offline: no background networking, updates or sync (the book and Lab are served locally)
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage")


@pytest.fixture(scope="session")
def new_driver(chromium):
    """Factory of headless Chromium webdrivers: ``new_driver(width=..., extra=(...), console_log=..., page_timeout=...)``.
    The caller quits the driver it gets."""
    def make(*, width, extra=(), console_log=False, page_timeout=60):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        opts = webdriver.ChromeOptions()
        opts.binary_location = chromium[0]
        for flag in (*CHROME_FLAGS, f"--window-size={width},2000", *extra):
            opts.add_argument(flag)
        if console_log:
            opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        drv = webdriver.Chrome(service=Service(executable_path=chromium[1]), options=opts)
        drv.set_page_load_timeout(page_timeout)
        drv.set_script_timeout(60)
        return drv

    return make


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


def _build(out, env=None):
    """jupyter-book build (-W, the book's extensions, stored outputs) into ``out``; the log goes to
    ``out/build.log``. ``env``: extra environment variables for the build."""
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
        env={**os.environ, **(env or {})},
    )
    (out / "build.log").write_text(proc.stdout + proc.stderr)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
