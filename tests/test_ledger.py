"""The verification ledger is read from the chapters' metadata (ahe_lib.ledger)."""

import json
from pathlib import Path

import pytest

from ahe_lib import ledger

BOOK = Path(__file__).resolve().parents[1] / "book"


def test_toc_chapters():
    chapters = ledger.toc_chapters(BOOK.parent / "_toc.yml")
    assert "book/intro" in chapters and "book/sec2_equilibrium_current" in chapters


def test_only_chapters_in_the_toc_count(tmp_path):
    book = _book_with(tmp_path, {"ledger": {"checks": ["eq-3"], "method": "symbolic", "result": "confirmed"}})
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: book/intro\n")
    assert ledger.collect(book, toc)["eq-3"].status == "not checked"
    toc.write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: book/ch\n")
    assert ledger.collect(book, toc)["eq-3"].status == "confirmed"


def test_ledger_reads_the_book():
    items = ledger.collect(BOOK, BOOK.parent / "_toc.yml")
    assert len(items) == 66 + 6
    assert items["eq-12"].status == "corrected"  # the e/2h prefactor
    assert items["eq-27"].status == "confirmed"
    assert "symbolic" in items["eq-8"].methods and "exact numerics" in items["eq-8"].methods
    assert all(it.status in ("confirmed", "corrected", "refuted", "stated only", "not checked") for it in items.values())
    # every check names an item that a chapter actually shows
    for it in items.values():
        if it.checked_in:
            assert it.shown_in, it.key


def _book_with(tmp_path, meta):
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "$$ x $$ (eq-3)"},
                    {"cell_type": "code", "metadata": meta, "source": "pass", "outputs": [], "execution_count": 1}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "ch.ipynb").write_text(json.dumps(nb))
    return tmp_path


def test_unchecked_and_checked(tmp_path):
    items = ledger.collect(_book_with(tmp_path, {}))
    assert items["eq-3"].status == "stated only" and items["eq-4"].status == "not checked"
    items = ledger.collect(_book_with(tmp_path, {"ledger": {"checks": ["eq-3"], "method": "symbolic", "result": "confirmed"}}))
    assert items["eq-3"].status == "confirmed" and items["eq-3"].checked_in == ["ch"]


@pytest.mark.parametrize(
    "entry,match",
    [
        ({"checks": ["eq-3"], "method": "guesswork", "result": "confirmed"}, "method"),
        ({"checks": ["eq-3"], "method": "symbolic", "result": "fine"}, "result"),
        ({"checks": ["Eq. 3"], "method": "symbolic", "result": "confirmed"}, "labels"),
        ({"checks": ["eq-99"], "method": "symbolic", "result": "confirmed"}, "not a paper"),
    ],
)
def test_bad_ledger_metadata(tmp_path, entry, match):
    with pytest.raises(ValueError, match=match):
        ledger.collect(_book_with(tmp_path, {"ledger": entry}))
