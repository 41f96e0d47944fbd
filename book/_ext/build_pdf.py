"""Build the whole book as one PDF: ``_build/latex/book.pdf`` (the README's PDF command).

    .venv/bin/python book/_ext/build_pdf.py [--output DIR]

Route: Jupyter Book 1.x's LaTeX builder (``jupyter-book build --builder pdflatex``) with
XeLaTeX from Debian's TeX Live and the DejaVu fonts (Unicode text, math and code: ε, Δ, ħ, ≤, —).
Nothing is downloaded at run time except Debian packages, and only when they are missing:

1. TeX. When ``xelatex``, ``latexmk``, the LaTeX packages Sphinx needs or ``pdftotext``/``pdftoppm``
   are missing and this runs as root with apt-get (as in CI), it installs ``APT_PACKAGES`` with
   ``apt-get install --no-install-recommends``; otherwise it stops and says what to install.
   A second run finds them and installs nothing.
2. The book. The build reads ``_config.yml`` through a temporary copy that only changes how
   chapters are executed (see ``pdf_config_text``); everything else -- extensions (paper equation
   and figure numbers), LaTeX settings, toc -- is the book's own configuration.

Chapter outputs: the chapters are NOT executed again when their stored outputs already carry
print-quality figures (a vector ``application/pdf`` or a PNG of at least ``MIN_DPI``); nbval (in
the test command) guarantees that the stored outputs are what a fresh run prints. If any stored
figure is a screen-resolution PNG, the chapters are executed once more (as the README's HTML build
does) in a kernel configured to also emit each inline figure as a vector PDF, which the LaTeX builder
prefers; the ``.ipynb`` files are not modified.

``build(out_dir)`` is also used by ``tests/test_pdf.py``.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Debian bookworm packages. Checked against the files a build reads (book.fls + dpkg -S): TeX Live
# base/latex-base/latex-recommended/latex-extra/pictures (texlive-xetex depends on them), rsfs and
# zapfding from fonts-recommended, texfonts.map from plain-generic, the DejaVu fonts via fontconfig.
APT_PACKAGES = [
    "texlive-xetex",
    "texlive-latex-recommended",
    "texlive-latex-extra",
    "texlive-fonts-recommended",
    "texlive-plain-generic",
    "latexmk",
    "fonts-dejavu-core",
    "fonts-dejavu-extra",  # DejaVu Serif Italic and DejaVu Math TeX Gyre
    "poppler-utils",
]
# what must be present after installing them: programs and LaTeX files the build loads
NEEDED_PROGRAMS = ["xelatex", "latexmk", "kpsewhich", "pdftotext", "pdftoppm", "pdfimages", "pdfinfo", "fc-list"]
NEEDED_STY = ["fncychap.sty", "titlesec.sty", "tabulary.sty", "capt-of.sty", "needspace.sty",
              "fontspec.sty", "unicode-math.sty", "framed.sty", "upquote.sty", "wrapfig.sty",
              "fancyvrb.sty", "float.sty", "amsmath.sty", "hyperref.sty", "ucharclasses.sty",
              "pgfplots.sty", "mathrsfs.sty", "changepage.sty", "rsfs10.tfm", "pzdr.tfm", "texfonts.map"]
NEEDED_FONTS = ["DejaVuSerif.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSans.ttf",
                "DejaVuSansMono.ttf", "DejaVuMathTeXGyre.ttf"]  # font files fontconfig must know
MIN_DPI = 200
PRINT_DPI = 300  # resolution of raster parts (imshow) inside the vector figures of the executing route


def missing_tex() -> list[str]:
    """Names of the programs, LaTeX packages and fonts that are missing (empty when all are there)."""
    missing = [p for p in NEEDED_PROGRAMS if shutil.which(p) is None]
    if shutil.which("kpsewhich"):
        for sty in NEEDED_STY:
            found = subprocess.run(["kpsewhich", sty], capture_output=True, text=True).stdout.strip()
            if not found:
                missing.append(sty)
    if shutil.which("fc-list"):
        files = subprocess.run(["fc-list", ":", "file"], capture_output=True, text=True).stdout
        missing += [f for f in NEEDED_FONTS if f"/{f}:" not in files]
    return missing


def ensure_tex(log=print) -> None:
    """Install the Debian packages when something is missing (root + apt-get only); else raise."""
    missing = missing_tex()
    if not missing:
        return
    what = "apt-get install --no-install-recommends " + " ".join(APT_PACKAGES)
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise RuntimeError(f"the PDF build needs {', '.join(missing)}; install them (as root) with: {what}")
    log(f"installing Debian packages for the PDF ({', '.join(missing)} missing): {what}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True, timeout=900)
    proc = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *APT_PACKAGES],
                          env=env, capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    still = missing_tex()
    if still:
        raise RuntimeError(f"still missing after {what}: {', '.join(still)}")


def toc_chapters() -> list[Path]:
    """The chapter files of ``_toc.yml`` in order (root first)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    out = []
    for f in files:
        for suffix in (".ipynb", ".md"):
            if (ROOT / (f + suffix)).exists():
                out.append(ROOT / (f + suffix))
                break
    return out


def low_resolution_figures() -> list[str]:
    """``file:cell (dpi)`` for every stored figure output that has neither a vector PDF nor a PNG of
    at least MIN_DPI (read from the PNG's pHYs chunk; a PNG without one counts as 72 dpi)."""
    from PIL import Image

    low = []
    for path in toc_chapters():
        if path.suffix != ".ipynb":
            continue
        nb = json.loads(path.read_text())
        for i, cell in enumerate(nb["cells"]):
            for out in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
                data = out.get("data", {})
                if "image/png" not in data or "application/pdf" in data:
                    continue
                dpi = Image.open(io.BytesIO(base64.b64decode(data["image/png"]))).info.get("dpi", (72, 72))[0]
                if dpi < MIN_DPI - 0.5:
                    low.append(f"{path.name}:{i} ({dpi:.0f} dpi)")
    return low


def pdf_config_text(execute: bool) -> str:
    """``_config.yml`` as the PDF build reads it: local extensions by absolute path (the temporary
    copy lives elsewhere) and, unless ``execute``, the stored outputs rendered as they are."""
    text = (ROOT / "_config.yml").read_text()
    assert "execute_notebooks: force" in text, "_config.yml no longer says execute_notebooks: force"
    if not execute:
        text = text.replace("execute_notebooks: force", 'execute_notebooks: "off"')
    return text.replace(": book/_ext", f": {ROOT / 'book' / '_ext'}")


def _vector_figure_kernel_env(tmp: Path) -> dict:
    """Environment whose IPython kernels emit each inline figure as PNG and as vector PDF."""
    ipydir = tmp / "ipython"
    (ipydir / "profile_default").mkdir(parents=True)
    (ipydir / "profile_default" / "ipython_kernel_config.py").write_text(
        "c.InlineBackend.figure_formats = {'png', 'pdf'}\n"
        # raster parts of a vector figure (imshow maps) at print resolution
        f"c.InlineBackend.print_figure_kwargs = {{'bbox_inches': 'tight', 'dpi': {PRINT_DPI}}}\n")
    return {**os.environ, "IPYTHONDIR": str(ipydir)}


def build(out_dir: Path | None = None, *, log=print) -> Path:
    """Build the PDF into ``out_dir/_build/latex/book.pdf`` (default: the repository) and return its path."""
    out_dir = Path(out_dir or ROOT).resolve()
    ensure_tex(log)
    low = low_resolution_figures()
    execute = bool(low)
    jb = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    if jb is None:
        raise RuntimeError("jupyter-book is not installed next to this Python (run the README's build command first)")
    with tempfile.TemporaryDirectory(prefix="ahe-pdf-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ)
        if execute:
            log(f"{len(low)} stored figures are below {MIN_DPI} dpi (e.g. {low[0]}): executing the chapters "
                "once more with vector (PDF) figures")
            env = _vector_figure_kernel_env(tmp)
        config = tmp / "_config_pdf.yml"
        config.write_text(pdf_config_text(execute))
        latex_dir = out_dir / "_build" / "latex"
        if latex_dir.exists():
            shutil.rmtree(latex_dir)  # a clean LaTeX build: no stale .aux numbers
        cmd = [jb, "build", "--all", "--builder", "pdflatex", "--config", str(config),
               "--path-output", str(out_dir), str(ROOT)]
        start = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=3600)
        elapsed = time.monotonic() - start
    pdf = latex_dir / "book.pdf"
    if proc.returncode != 0 or not pdf.exists():
        tex_log = latex_dir / "book.log"
        tail = tex_log.read_text(errors="replace")[-3000:] if tex_log.exists() else ""
        raise RuntimeError(f"PDF build failed ({' '.join(cmd)}):\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}\n{tail}")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)  # without terminal colours
    # Sphinx's warnings ("file:line: WARNING: ..." or "WARNING: ..."), not the kernels' log lines
    warnings = [line for line in plain.splitlines() if re.search(r"(^|: )WARNING: ", line)]
    (latex_dir / "sphinx-warnings.txt").write_text("".join(line + "\n" for line in warnings))
    for line in warnings:
        log(line)
    log(f"{pdf} ({pdf.stat().st_size / 1e6:.1f} MB) built in {elapsed:.0f} s, {len(warnings)} Sphinx warnings")
    return pdf


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT, help="folder for _build/ (default: the repository)")
    args = parser.parse_args(argv)
    try:
        build(args.output)
    except RuntimeError as exc:
        print(f"build_pdf: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
