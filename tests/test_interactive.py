"""The step-current explorer: static numbers, and the sliders redraw and update the summary."""

import matplotlib

matplotlib.use("Agg")
import pytest  # noqa: E402

import ahe_lib  # noqa: E402
from ahe_lib.figures.interactive import draw_state, explore_step_current  # noqa: E402


def test_draw_state_numbers():
    fig, s = draw_state(0.1, -1.5, 1.5, 1.0)
    assert s["regime"] == "metal-metal" and s["J_y"] == pytest.approx(-1.0)
    matplotlib.pyplot.close(fig)


def test_sliders_redraw():
    state = explore_step_current(eps_F=0.1, U_L=-0.4, U_R=0.6, Delta=1.0)
    assert state["J_y"] == pytest.approx(-0.5) and state["regime"] == "insulating"
    w = state["widgets"]
    w["eps_F"].value = 2.5
    assert "metallic" in w["label"].value and "J_y = 0.0000" in w["label"].value
    w["eps_F"].value = 0.0
    w["U_R"].value = 2.0
    w["U_L"].value = -1.5
    expected = ahe_lib.total_current(0.0, -1.5, 2.0, 1.0)
    assert f"J_y = {expected:.4f}" in w["label"].value and "metal-metal" in w["label"].value
    matplotlib.pyplot.close("all")
