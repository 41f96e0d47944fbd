"""The built book as a reader sees it: every page opened in headless Chromium.

For every HTML page of the book: MathJax has typeset every formula (no raw TeX left), every image
has loaded (natural width > 0), nothing is logged to the console at error level, and every internal
link points to an existing page and anchor. Also: the offline search finds a topic.

Needs Debian's ``chromium`` and ``chromium-driver``. When they are missing and the tests run as root
on a Debian-like machine (as CI does), the fixture installs them with apt-get; otherwise the test
fails with a message saying what to install. The browser never leaves the machine: pages are read
from the build folder with file:// URLs, and Chromium's background networking is switched off.
"""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest


@pytest.fixture(scope="module")
def driver(new_driver):
    drv = new_driver(width=1280, extra=("--allow-file-access-from-files",), console_log=True)
    yield drv
    drv.quit()


def _pages(html):
    return sorted(p for p in (html / "book").glob("*.html"))


WAIT_FOR_MATHJAX = """
const done = arguments[arguments.length - 1];
if (!window.MathJax || !MathJax.startup) { done('no MathJax'); return; }
MathJax.startup.promise.then(() => done('ok')).catch(e => done('error: ' + e));
"""

PAGE_REPORT = """
const math = Array.from(document.querySelectorAll('.math'));
const untypeset = math.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 60));
const images = Array.from(document.images);
const broken = images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'));
return {n_math: math.length, untypeset: untypeset, n_images: images.length, broken: broken};
"""


def test_every_page_renders(built_book, driver):
    pages = _pages(built_book)
    assert len(pages) >= 5
    problems, total_math, total_images = [], 0, 0
    for page in pages:
        driver.get(page.as_uri())
        status = driver.execute_async_script(WAIT_FOR_MATHJAX)
        report = driver.execute_script(PAGE_REPORT)
        errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        total_math += report["n_math"]
        total_images += report["n_images"]
        if status != "ok" and not (status == "no MathJax" and report["n_math"] == 0):
            problems.append(f"{page.name}: MathJax {status}")
        if report["untypeset"]:
            problems.append(f"{page.name}: untypeset math {report['untypeset'][:3]}")
        if report["broken"]:
            problems.append(f"{page.name}: images not loaded {report['broken']}")
        if errors:
            problems.append(f"{page.name}: console errors {errors[:3]}")
    assert not problems, "\n".join(problems)
    assert total_math > 100 and total_images >= 3  # the check saw real content


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def _parse(path):
    p = _Links()
    p.feed(path.read_text())
    return p


def test_internal_links_resolve(built_book):
    parsed = {}
    bad, n_links = [], 0
    for page in [built_book / "index.html", *_pages(built_book)]:
        for href in _parse(page).hrefs:
            url = urlparse(href)
            if url.scheme or href.startswith("mailto:"):
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            n_links += 1
            if not target.exists():
                bad.append(f"{page.name}: {href} (no such file)")
                continue
            if url.fragment and target.suffix == ".html":
                if target not in parsed:  # (setdefault would parse the page again for every link)
                    parsed[target] = _parse(target).ids
                ids = parsed[target]
                if url.fragment not in ids:
                    bad.append(f"{page.name}: {href} (no anchor)")
    assert not bad, "\n".join(bad[:20])
    assert n_links > 100


def test_offline_search_finds_a_topic(built_book, driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get((built_book / "search.html").as_uri() + "?q=Landau")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results ul.search li"))
    hits = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#search-results ul.search li a")]
    assert any("sec2_equilibrium_current" in h for h in hits), hits


def test_chapters_downloadable_as_notebooks(built_book):
    for page in _pages(built_book):
        source = built_book / "_sources" / "book" / (page.stem + ".ipynb")
        if source.exists():
            assert f"_sources/book/{page.stem}.ipynb" in page.read_text(), page.name
    assert (built_book / "_sources" / "book" / "sec2_equilibrium_current.ipynb").exists()
