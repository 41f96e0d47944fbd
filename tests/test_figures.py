"""The figure functions return the numbers they draw."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from ahe_lib import figures  # noqa: E402


def test_figure_1_regimes():
    fig, data = figures.figure_1()
    names = [r[2] for r in data["regimes"]]
    assert names == ["metallic", "half-metallic", "insulating", "half-metallic", "metallic"]
    assert [round(r[3], 6) for r in data["regimes"]] == [0.0, -0.25, -0.5, -0.25, 0.0]
    assert data["J_y"].min() == pytest.approx(-0.5)
    plt.close(fig)


def test_figure_4_regimes():
    fig, data = figures.figure_4()
    assert [r[2] for r in data["regimes"]][2] == "metal-metal"
    assert data["J_y"].min() == pytest.approx(-1.0)
    plt.close(fig)


def test_figures_refuse_the_wrong_case():
    with pytest.raises(ValueError, match="U_R - U_L"):
        figures.figure_1(U_L=-2, U_R=2)
    with pytest.raises(ValueError, match="U_R - U_L"):
        figures.figure_4(U_L=0, U_R=1)
