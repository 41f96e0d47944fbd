"""The figure functions return the numbers they draw."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import numpy as np  # noqa: E402

import ahe_lib as ahe  # noqa: E402
from ahe_lib import figures  # noqa: E402


def _drawn_against_quadrature(data, U_L, U_R):
    """The drawn J_y at each regime midpoint against the plane-wave quadrature of Eq. (9)."""
    for a, b, name, J in data["regimes"]:
        quad = ahe.total_current_quadrature(0.5 * (a + b), U_L, U_R, 1.0, -6.0, hbar=0.5, v_F=1.6)
        assert J == pytest.approx(quad, abs=1e-9), name


def test_figure_1_regimes():
    fig, data = figures.figure_1()
    names = [r[2] for r in data["regimes"]]
    assert names == ["metallic", "half-metallic", "insulating", "half-metallic", "metallic"]
    _drawn_against_quadrature(data, -0.4, 0.6)
    plt.close(fig)


def test_figure_4_regimes():
    fig, data = figures.figure_4()
    assert [r[2] for r in data["regimes"]] == ["metallic", "half-metallic", "metal-metal",
                                               "half-metallic", "metallic"]
    _drawn_against_quadrature(data, -1.5, 1.5)
    i = int(np.argmin(data["J_y"]))
    quad = ahe.total_current_quadrature(data["eps_F"][i], -1.5, 1.5, 1.0, -6.0)
    assert data["J_y"][i] == pytest.approx(quad, abs=1e-9)
    plt.close(fig)


def test_figures_refuse_the_wrong_case():
    with pytest.raises(ValueError, match="U_R - U_L"):
        figures.figure_1(U_L=-2, U_R=2)
    with pytest.raises(ValueError, match="U_R - U_L"):
        figures.figure_4(U_L=0, U_R=1)


def test_figure_3_numbers():
    # a small ray from exact states: its side jump against Eq. (22); the drawn magnetization
    # current is Eq. (66) (its sum with Eq. (23) is Eq. (62))
    import numpy as np

    from ahe_lib.figures.ray import figure_3
    from ahe_lib.ray_dynamics import semiclassical_side_jump
    from ahe_lib.step_current import step_potential

    U = lambda x: step_potential(x, 0.0, 1.0, width=3.0)  # noqa: E731
    fig, d = figure_3(U, 3.0, Delta=1.0, L=39.0, x=np.linspace(-12, 12, 61),
                      y=np.linspace(-40, 40, 161), W=25.0, s=6.0, k_max=1.1, n_k=41)
    plt.close(fig)
    jump = semiclassical_side_jump(3.0, 0.0, 1.0, 1.0)
    assert d["side_jump_ray"] == pytest.approx(jump, abs=5e-4)
    assert np.allclose(d["j_tr"] + d["curl_M"], d["j_y_eq62"], atol=1e-12)
    assert np.abs(d["j_y"] - d["j_y_eq62"]).max() < 0.05 * np.abs(d["j_y_eq62"]).max()
