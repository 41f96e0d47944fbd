"""The verification ledger is read from the chapters' metadata (ahe_lib.ledger)."""

import json
import re
from pathlib import Path

import pytest

from ahe_lib import ledger

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
PAPER = ROOT.parent / "shared" / "paper" / "silvestrov-recher-2019.md"

GOOD = {"checks": ["eq-3"], "method": "symbolic", "result": "confirmed",
        "computed": "route one", "against": "route two", "label": "check-x-eq3"}


def _book_with(tmp_path, meta, target="(check-x-eq3)=\n"):
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "$$ x $$ (eq-3)\n"},
                    {"cell_type": "markdown", "metadata": {}, "source": target + "Tolerance 1e-9."},
                    {"cell_type": "code", "metadata": meta, "source": "pass", "outputs": [], "execution_count": 1}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "ch.ipynb").write_text(json.dumps(nb))
    return tmp_path


def test_toc_chapters():
    chapters = ledger.toc_chapters(ROOT / "_toc.yml")
    assert "book/intro" in chapters and "book/sec2_equilibrium_current" in chapters


def test_only_chapters_in_the_toc_count(tmp_path):
    book = _book_with(tmp_path, {"ledger": GOOD})
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: book/intro\n")
    assert ledger.collect(book, toc)["eq-3"].status == "not checked"
    toc.write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: book/ch\n")
    assert ledger.collect(book, toc)["eq-3"].status == "confirmed"


def test_unchecked_and_checked(tmp_path):
    items = ledger.collect(_book_with(tmp_path, {}))
    assert items["eq-3"].status == "stated only" and items["eq-4"].status == "not checked"
    items = ledger.collect(_book_with(tmp_path, {"ledger": GOOD}))
    it = items["eq-3"]
    assert it.status == "confirmed" and it.checked_in == ["ch"]
    assert (it.checks[0].computed, it.checks[0].against, it.checks[0].label) == ("route one", "route two", "check-x-eq3")


def test_status_precedence(tmp_path):
    """An item takes the strongest result of its checks: refuted > corrected > confirmed > consistent > definition."""
    for results, expected in [(["definition", "consistent"], "consistent"), (["consistent", "confirmed"], "confirmed"),
                              (["confirmed", "corrected"], "corrected"), (["corrected", "refuted"], "refuted")]:
        entries = [dict(GOOD, result=r, label=f"check-x-{i}", negative_control="printed fails")
                   for i, r in enumerate(results)]
        target = "".join(f"(check-x-{i})=\n" for i in range(len(results)))
        items = ledger.collect(_book_with(tmp_path, {"ledger": entries}, target=target))
        assert items["eq-3"].status == expected


@pytest.mark.parametrize(
    "change,match",
    [
        ({"method": "guesswork"}, "method"),
        ({"result": "fine"}, "result"),
        ({"result": "stated only"}, "result"),
        ({"checks": ["Eq. 3"]}, "labels like"),
        ({"checks": ["eq-99"]}, "not a paper"),
        ({"checks": []}, "non-empty list"),
        ({"computed": ""}, "computed"),
        ({"against": None}, "against"),
        ({"label": None}, "label"),
        ({"label": "Check_X"}, "lower-case"),
        ({"label": "check-elsewhere"}, "not a MyST target"),
        ({"result": "corrected"}, "negative_control"),
        ({"checks": ["claim-tunnelling"]}, "quotes the paper"),
        ({"checks": ["claim-a", "eq-3"], "claim": "x"}, "exactly one claim"),
        ({"how": "by eye"}, "unknown ledger field"),
    ],
)
def test_bad_ledger_metadata(tmp_path, change, match):
    """Missing routes, a corrected row without a negative control, a status outside the vocabulary: all refused."""
    entry = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    with pytest.raises(ValueError, match=match):
        ledger.collect(_book_with(tmp_path, {"ledger": entry}))


def test_missing_route_fields_are_refused(tmp_path):
    for name in ("computed", "against", "label"):
        entry = {k: v for k, v in GOOD.items() if k != name}
        with pytest.raises(ValueError, match=name):
            ledger.collect(_book_with(tmp_path, {"ledger": entry}))


def test_label_must_sit_above_the_check_and_be_unique(tmp_path):
    nb = {"cells": [{"cell_type": "code", "metadata": {"ledger": GOOD}, "source": "pass", "outputs": []},
                    {"cell_type": "markdown", "metadata": {}, "source": "(check-x-eq3)=\nbelow"}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "ch.ipynb").write_text(json.dumps(nb))
    with pytest.raises(ValueError, match="not a MyST target"):
        ledger.collect(tmp_path)
    twice = {"ledger": [GOOD, dict(GOOD, checks=["eq-4"])]}
    ledger.collect(_book_with(tmp_path, twice))  # one cell may declare several items under one label
    nb = json.loads((tmp_path / "ch.ipynb").read_text())
    nb["cells"].append(dict(nb["cells"][-1]))
    (tmp_path / "ch.ipynb").write_text(json.dumps(nb))
    with pytest.raises(ValueError, match="already used"):
        ledger.collect(tmp_path)


def test_claims_are_collected(tmp_path):
    entry = dict(GOOD, checks=["claim-tunnelling-reduces"], result="refuted", claim="So the total is  diminished.")
    items = ledger.collect(_book_with(tmp_path, {"ledger": entry}))
    it = items["claim-tunnelling-reduces"]
    assert it.status == "refuted" and it.claim == "So the total is  diminished." and it.shown_in == ["ch"]
    assert list(ledger.paper_items(items)) == list(items)[:72]
    assert "the paper: “So the total is diminished.”" in ledger.claims_table(items)


def test_defects_flags_a_corrected_item_without_negative_control():
    it = ledger.Item("eq-5", shown_in=["ch"], checks=[ledger.Check("ch", "l", "symbolic", "corrected", "a", "b")])
    assert ledger.defects({"eq-5": it}) == ["eq-5: corrected without a negative control"]
    it.checks[0].negative_control = "printed fails"
    assert ledger.defects({"eq-5": it}) == []


def test_the_book_ledger_is_sound():
    """The real book: every check names both routes and its label, every corrected item has a negative control."""
    items = ledger.collect(BOOK, ROOT / "_toc.yml")
    paper = ledger.paper_items(items)
    assert len(paper) == 66 + 6
    assert ledger.defects(items) == []
    assert all(it.status in ledger.STATUSES for it in items.values())
    assert items["eq-12"].status == "corrected"  # the e/2h prefactor
    assert items["eq-25"].status == "corrected" and items["eq-26"].status == "corrected"  # printed with e/2hbar
    assert items["eq-2"].status == "definition"
    text = ledger.markdown_table(items)
    assert text.count("\n") == 72 + 1


@pytest.mark.skipif(not PAPER.exists(), reason="the paper's text is not beside the repository")
def test_claims_quote_the_paper_exactly():
    """A claim row quotes a sentence of the paper verbatim (up to white space)."""
    paper = " ".join(PAPER.read_text().split())
    items = ledger.collect(BOOK, ROOT / "_toc.yml")
    for key, it in ledger.claim_items(items).items():
        if not ledger.is_book_claim(it):
            assert " ".join(it.claim.split()) in paper, key


def test_chapter_tags():
    assert ledger.chapter_tag("sec2_equilibrium_current") == "Sec. II"
    assert ledger.chapter_tag("appB_uniform_field") == "App. B"
    assert ledger.chapter_tag("beyond_exact_numerics") == "Exact numerics"
    assert ledger.chapter_tag("beyond_lattice_kwant") == "Lattice (Kwant)"


def test_front_page_states_the_ledger_counts():
    """The front page quotes the counts the ledger computes from the chapters (so they cannot drift)."""
    items = ledger.collect(BOOK, ROOT / "_toc.yml")
    sentence = ledger.counts_sentence(items)
    assert sentence in " ".join((BOOK / "intro.md").read_text().split()), sentence
