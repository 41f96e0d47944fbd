"""The book as a PDF: built by the README's PDF route, then read back as a reader would.

The module builds ``book.pdf`` once (``book/_ext/build_pdf.py``, the README's PDF command, into a
temporary folder), extracts its text with ``pdftotext`` and checks: the title page matches
``CITATION.cff``; every chapter of ``_toc.yml`` is in the table of contents and in the body, in
toc order; the displayed equation tags are exactly those the sources call for, in order (paper
number N as (N), a book equation as (II.1) etc., never a LaTeX running number), and the paper's
tags (1)...(66) each appear once, in order; the
figure captions "Fig. N: (paper Fig. N) ..." for N = 1..6, in order, with their caption text; no
unresolved reference ("??"), no raw TeX (``$``, ``\\frac``) outside printed code; every raster
image at least 200 dpi; a few pages rendered to PNG are not blank.

Needs Debian's TeX Live (XeLaTeX), latexmk, the DejaVu fonts and poppler-utils. When they are
missing and the tests run as root (as CI does), the build installs them with apt-get; otherwise
the test fails and says what to install. Everything is self-contained in this file (the suite runs
under pytest-xdist with ``--dist loadfile``, so all tests here share one worker and one build).
"""

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PAPER_EQUATIONS = range(1, 67)
PAPER_FIGURES = range(1, 7)
MIN_PPI = 200


def _build_module():
    spec = importlib.util.spec_from_file_location("build_pdf", ROOT / "book" / "_ext" / "build_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def book_pdf(tmp_path_factory, apt_lock):
    build_pdf = _build_module()
    try:
        with apt_lock():  # TeX Live may be installed here; one apt-get at a time across workers
            build_pdf.ensure_tex(log=lambda *a: None)
        return build_pdf.build(tmp_path_factory.mktemp("pdf"), log=lambda *a: None)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def pages(book_pdf):
    """The PDF's text, one string per page (pdftotext's layout mode: tags stay at the line end)."""
    text = subprocess.run(["pdftotext", "-layout", str(book_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def _flat(text):
    """Case-folded text with every run of white space (line breaks too) as one space."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def _toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]


def _markdown(file):
    """The Markdown of a toc file: the markdown cells of its notebook, or the ``.md`` file."""
    nb = ROOT / (file + ".ipynb")
    if nb.exists():
        cells = json.loads(nb.read_text())["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return (ROOT / (file + ".md")).read_text()


def _title(file):
    """The first level-1 heading of a toc file, up to any math (``$``) or markup in it."""
    text = _markdown(file)
    heading = next(line[2:] for line in text.splitlines() if line.startswith("# "))
    return re.split(r"[$`{\\]", heading)[0].strip()


def _code_text():
    """Every code cell's source and text output of the toc chapters (flattened), to tell a ``$`` in
    printed code (legitimate) from one in prose or math (raw TeX)."""
    chunks = []
    for file in _toc_files():
        nb = ROOT / (file + ".ipynb")
        if not nb.exists():
            continue
        for cell in json.loads(nb.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            chunks.append("".join(cell["source"]))
            for out in cell.get("outputs", []):
                chunks.append("".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", "")))
    return _flat("\n".join(chunks))


def test_title_page_and_metadata_match_citation(book_pdf, pages):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    title_page = _flat(pages[0])
    assert _flat(cff["title"]) in title_page
    assert _flat(cff["authors"][0]["name"]) in title_page
    assert f"release {cff['version']}" in title_page
    assert "30 november 2026" in title_page and str(cff["date-released"]) == "2026-11-30"
    info = subprocess.run(["pdfinfo", str(book_pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert _flat(fields["Title"]) == _flat(cff["title"])
    assert _flat(fields["Author"]) == _flat(cff["authors"][0]["name"])
    assert cff["version"] in fields.get("Subject", "") and "2026-11-30" in fields.get("Subject", "")


def test_every_chapter_in_toc_order(pages):
    """Each chapter title appears in the table of contents in toc order, and again in the body in
    the same order (the body's chapter headings come after the contents)."""
    text = _flat("\n".join(pages))
    titles = [_title(f).casefold() for f in _toc_files()[1:]]  # the root page is the title page
    assert len(titles) >= 10
    pos, missing = 0, []
    for where in ("contents", "body"):
        for title in titles:
            found = text.find(title, pos)
            if found < 0:
                missing.append(f"{title!r} (in the {where})")
            else:
                pos = found + len(title)
    assert not missing, "chapter titles missing or out of toc order:\n" + "\n".join(missing)


TAG_MIN_COLUMN = 60  # pdftotext -layout columns; equation tags sit at about 100
_TAG = re.compile(r"(?:^|\s{2,})\((\d{1,3}|[A-Z]{1,3}\.\d{1,3}|\d+\.\d+)\)\s*$")


def _tags(pages):
    """(page, tag) for every equation tag: a parenthesised number at the right end of a line, in the
    right half of the page (a table cell that wraps after "Eqs. (40)-(45)" also ends a line with "(45)",
    but near the left margin)."""
    return [(p, m.group(1)) for p, page in enumerate(pages, start=1) for line in page.splitlines()
            if (m := _TAG.search(line)) and m.start(1) >= TAG_MIN_COLUMN]


def test_equation_tags_are_paper_or_book_numbers(pages):
    tags = _tags(pages)
    assert len(tags) >= len(PAPER_EQUATIONS)
    bad = [f"({t}) on page {p}" for p, t in tags
           if not (t.isdigit() and int(t) in PAPER_EQUATIONS) and not re.fullmatch(r"[A-Z]{1,3}\.\d+", t)]
    assert not bad, "equation tags that are neither a paper number nor a chapter tag:\n" + "\n".join(bad)


def test_paper_equations_one_to_66_in_order(pages):
    """Every paper equation is displayed once, tagged (N), and the tags come in the paper's order
    (the chapters follow the paper; each (N) is found after (N-1))."""
    paper = [int(t) for _, t in _tags(pages) if t.isdigit()]
    missing = sorted(set(PAPER_EQUATIONS) - set(paper))
    twice = sorted({n for n in paper if paper.count(n) > 1})
    assert not missing and not twice, f"tags missing: {missing}; shown twice: {twice}"
    out_of_order = [f"({b}) after ({a})" for a, b in zip(paper, paper[1:]) if b < a]
    assert not out_of_order, "paper tags out of order: " + ", ".join(out_of_order)


def _expected_tags():
    """The equation tags the chapters' sources call for, in book order: N for a display equation
    labelled eq-N, <chapter tag>.k for the k-th other labelled one (as book/_ext/paper_numbers.py
    numbers them for the HTML)."""
    spec = importlib.util.spec_from_file_location("paper_numbers", ROOT / "book" / "_ext" / "paper_numbers.py")
    paper_numbers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(paper_numbers)
    tags = []
    for file in _toc_files():
        text = _markdown(file)
        own = 0
        for m in re.finditer(r"\$\$[ \t]*\(([^)\s]+)\)[ \t]*$|^:label:\s*(\S+)", text, re.M):
            label = m.group(1) or m.group(2)
            if re.fullmatch(r"eq-\d+", label):
                tags.append(label[3:])
            else:
                own += 1
                tags.append(f"{paper_numbers.chapter_tag(file)}.{own}")
    return tags


def test_equation_tags_match_the_sources(pages):
    """The PDF shows exactly the tags the sources call for, in the same order: every paper
    equation as (N), every book equation as (II.k) etc. (a LaTeX running number would differ)."""
    expected, shown = _expected_tags(), [t for _, t in _tags(pages)]
    assert len(expected) >= len(PAPER_EQUATIONS)
    if shown != expected:
        diff = next(k for k in range(min(len(shown), len(expected)) + 1)
                    if k == min(len(shown), len(expected)) or shown[k] != expected[k])
        pytest.fail(f"{len(shown)} tags shown, {len(expected)} expected; first difference at #{diff + 1}: "
                    f"shown {shown[diff:diff + 5]}, expected {expected[diff:diff + 5]}", pytrace=False)


def _caption_start(n):
    """The caption text of paper figure n up to its first math or markup, from the chapter."""
    for file in _toc_files():
        nb = ROOT / (file + ".ipynb")
        if not nb.exists():
            continue
        for cell in json.loads(nb.read_text())["cells"]:
            fig = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
            if fig.get("name") == f"fig-{n}":
                return re.split(r"[$`{\\]", fig["caption"])[0].strip()
    raise AssertionError(f"no chapter has a figure named fig-{n}")


def test_paper_figures_with_captions_in_order(pages):
    text = _flat("\n".join(pages))
    pos, problems = 0, []
    for n in PAPER_FIGURES:
        caption = _flat(f"Fig. {n}: " + _caption_start(n))
        found = text.find(caption, pos)
        if found < 0:
            problems.append(f"Fig. {n}: caption {caption!r} not found after Fig. {n - 1}")
        else:
            pos = found + len(caption)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_no_unresolved_reference_or_raw_tex(pages):
    code = _code_text()
    problems = []
    for p, page in enumerate(pages, start=1):
        for line in page.splitlines():
            if "??" in line:
                problems.append(f"page {p}: unresolved reference: {line.strip()[:100]}")
            if re.search(r"\$|\\frac|\\left|\\mathrm|\\begin\{", line) and _flat(line).strip() not in code:
                problems.append(f"page {p}: raw TeX outside code: {line.strip()[:100]}")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_raster_images_at_least_200_dpi(book_pdf):
    """Figures are vector graphics or raster images of at least MIN_PPI (pdfimages -list)."""
    listing = subprocess.run(["pdfimages", "-list", str(book_pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    header = listing[0].split()
    rows = [dict(zip(header, line.split())) for line in listing[2:]]
    low = [f"page {r['page']}: {r['width']}x{r['height']} px at {r['x-ppi']}x{r['y-ppi']} ppi" for r in rows
           if r["type"] == "image" and min(float(r["x-ppi"]), float(r["y-ppi"])) < MIN_PPI]
    if low:
        pytest.fail(f"raster images below {MIN_PPI} dpi:\n" + "\n".join(low), pytrace=False)


MAX_OVERFULL_PT = 10  # a line may stick out this much (1/3 of the margin's gutter is ~ 10 pt)


def test_nothing_runs_into_the_margin(book_pdf):
    """No line of text, math, code or table is more than MAX_OVERFULL_PT wider than the text block
    (code and output lines wrap; a wider box sticks out of the page's text area or is cut)."""
    log = (book_pdf.parent / "book.log").read_text(errors="replace")
    tex = (book_pdf.parent / "book.tex").read_text(errors="replace").splitlines()
    wide = []
    for m in re.finditer(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)[^\n]*?lines? (\d+)", log):
        if float(m.group(1)) > MAX_OVERFULL_PT:
            line = int(m.group(2))
            context = " ".join(tex[max(0, line - 12):line])
            label = re.findall(r"\\label\{([^}]*)\}", context)
            where = label[-1] if label else tex[line - 1][:90]
            wide.append(f"{float(m.group(1)):.0f} pt too wide at book.tex:{line} ({where})")
    if wide:
        pytest.fail("\n".join(wide), pytrace=False)


def test_latex_build_without_warnings(book_pdf):
    """The Sphinx LaTeX build reported nothing (e.g. a control character in a chapter, or an
    equation whose paper number could not be put into the LaTeX output)."""
    warnings = (book_pdf.parent / "sphinx-warnings.txt").read_text().strip()
    if warnings:
        pytest.fail("Sphinx warnings in the PDF build:\n" + warnings, pytrace=False)


def _page_of(pages, needle, after=0):
    """The first page (from 1) after page ``after`` whose text contains ``needle``."""
    return next(p for p, page in enumerate(pages, start=1) if p > after and _flat(needle) in _flat(page))


def _images_per_page(book_pdf):
    listing = subprocess.run(["pdfimages", "-list", str(book_pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    return [int(line.split()[0]) for line in listing[2:] if line.split()[2] == "image"]


def test_explorer_shows_its_static_picture(book_pdf, pages):
    """The slider explorer appears as its static picture, with no widget placeholder text."""
    title = _title("book/explore_step_current")
    first = _page_of(pages, title)  # the table of contents
    page = _page_of(pages, title, after=first)  # the chapter
    chapter_text = _flat(pages[page - 1] + pages[page])
    for placeholder in ("widget", "vbox(", "hbox(", "loading"):
        assert placeholder not in chapter_text, f"page {page}: {placeholder!r}"
    assert {page, page + 1} & set(_images_per_page(book_pdf)), f"no picture on pages {page}-{page + 1}"


def test_rendered_pages_are_not_blank(book_pdf, pages, tmp_path):
    from PIL import Image, ImageStat

    ledger = _page_of(pages, "One row per numbered equation")
    wanted = {"title": 1, "Fig. 1": _page_of(pages, "Fig. 1: (paper Fig. 1)"), "ledger": ledger,
              "errata": _page_of(pages, "E1. ", after=ledger)}
    for name, page in wanted.items():
        prefix = tmp_path / f"page{page}"
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                        str(book_pdf), str(prefix)], check=True, capture_output=True)
        image = Image.open(f"{prefix}.png").convert("L")
        ink = sum(image.histogram()[:200]) / (image.width * image.height)  # share of non-white pixels
        assert ink > 0.003 and ImageStat.Stat(image).stddev[0] > 5, f"page {page} ({name}) looks blank"
