"""The step-current explorer: static numbers, units, the plot range, and the sliders redraw."""

import matplotlib

matplotlib.use("Agg")
import pytest  # noqa: E402

import ahe_lib  # noqa: E402
from ahe_lib.figures.interactive import EPS_F_RANGE, draw_state, explore_step_current  # noqa: E402


def test_draw_state_numbers():
    fig, s = draw_state(0.1, -1.5, 1.5, 1.0)
    assert s["regime"] == "metal-metal" and s["J_y"] == pytest.approx(-1.0)
    matplotlib.pyplot.close(fig)


@pytest.mark.parametrize("U_L,U_R,Delta", [(-0.4, 0.6, 1.0), (3.0, 3.0, 0.1), (-3.0, -3.0, 0.1),
                                           (-3.0, 3.0, 2.0), (0.0, 0.0, 0.1)])
def test_energy_axis_covers_the_eps_F_slider(U_L, U_R, Delta):
    """Issue 15: the eps_F marker must stay in the plot over the slider's whole range."""
    for eps_F in EPS_F_RANGE:
        fig, s = draw_state(eps_F, U_L, U_R, Delta)
        lo, hi = fig.axes[0].get_ylim()
        assert lo <= EPS_F_RANGE[0] and hi >= EPS_F_RANGE[1]
        assert fig.axes[1].get_ylim() == (lo, hi)  # the current panel shares the energy axis
        matplotlib.pyplot.close(fig)


def test_units_in_summary():
    """J_y is a current, (e/h) x energy: the summary gives it per (e/h) E and per e Delta/h."""
    state = explore_step_current(eps_F=0.1, U_L=-0.4, U_R=0.6, Delta=0.5)
    text = state["widgets"]["label"].value
    J = ahe_lib.total_current(0.1, -0.4, 0.6, 0.5)
    assert f"J_y = {J:.4f} (e/h) E" in text and f"{J / 0.5:.4f} e Delta/h" in text
    matplotlib.pyplot.close("all")


def test_sliders_redraw():
    state = explore_step_current(eps_F=0.1, U_L=-0.4, U_R=0.6, Delta=1.0)
    assert state["J_y"] == pytest.approx(-0.5) and state["regime"] == "insulating"
    w = state["widgets"]
    assert (w["eps_F"].min, w["eps_F"].max) == EPS_F_RANGE
    w["eps_F"].value = 2.5
    assert "metallic" in w["label"].value and "J_y = 0.0000" in w["label"].value
    w["eps_F"].value = 0.0
    w["U_R"].value = 2.0
    w["U_L"].value = -1.5
    expected = ahe_lib.total_current(0.0, -1.5, 2.0, 1.0)
    assert f"J_y = {expected:.4f}" in w["label"].value and "metal-metal" in w["label"].value
    matplotlib.pyplot.close("all")


def test_stored_explorer_notebook_holds_no_widget_state():
    """Issue 15: the tracked notebook must not carry widget state (re-executing adds it: strip it)."""
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).resolve().parents[1] / "book" / "explore_step_current.ipynb").read_text())
    assert "widgets" not in nb["metadata"], (
        "book/explore_step_current.ipynb stores widget state; strip it: python -c \"import nbformat as n; "
        "p='book/explore_step_current.ipynb'; b=n.read(p, 4); b.metadata.pop('widgets', None); n.write(b, p)\"")
