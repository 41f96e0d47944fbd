"""Unit tests of ahe_lib.puddles: the current map of a smooth random landscape (paper Eq. 45, both bands)."""

import numpy as np
import pytest

import ahe_lib as ahe
from ahe_lib import puddles


@pytest.fixture(scope="module")
def pot():
    return puddles.random_potential(120.0, 128, 12.0, 1.2, np.random.default_rng(11))


def test_fixed_seed_is_reproducible(pot):
    again = puddles.random_potential(120.0, 128, 12.0, 1.2, np.random.default_rng(11))
    np.testing.assert_array_equal(again.U, pot.U)
    other = puddles.random_potential(120.0, 128, 12.0, 1.2, np.random.default_rng(12))
    assert np.max(np.abs(other.U - pot.U)) > 0.5


def test_statistics_and_gradient(pot):
    assert pot.U.mean() == pytest.approx(0.0, abs=1e-12)
    assert pot.U.std() == pytest.approx(1.2, rel=1e-12)
    # the spectral gradient agrees with a 4th-order finite difference on the grid
    dx = pot.L / pot.N
    fd = (-np.roll(pot.U, -2, 0) + 8 * np.roll(pot.U, -1, 0) - 8 * np.roll(pot.U, 1, 0) + np.roll(pot.U, 2, 0)) / (12 * dx)
    assert np.max(np.abs(fd - pot.dU_dx)) < 1e-3 * np.max(np.abs(pot.dU_dx))
    # point evaluation reproduces the grid
    U, gx, gy = pot.evaluate(pot.x[[3, 40]], pot.x[[77, 9]])
    np.testing.assert_allclose(U, pot.U[[3, 40], [77, 9]], atol=1e-12)
    np.testing.assert_allclose(gy, pot.dU_dy[[3, 40], [77, 9]], atol=1e-12)


def test_masks_partition_the_plane(pot):
    m = puddles.puddle_masks(pot.U, 0.0, 1.0)
    total = m["electron"].astype(int) + m["hole"] + m["insulating"]
    assert np.all(total == 1)
    assert m["electron"].any() and m["hole"].any() and m["insulating"].any()


def test_current_vanishes_in_puddles_and_bands_cancel(pot):
    m = puddles.puddle_masks(pot.U, 0.0, 1.0)
    j = np.hypot(*puddles.current_map(pot, 0.0, 1.0))
    jc = np.hypot(*puddles.current_map(pot, 0.0, 1.0, "c"))
    jv = np.hypot(*puddles.current_map(pot, 0.0, 1.0, "v"))
    assert j[~m["insulating"]].max() == 0.0
    assert jc[m["electron"]].max() > 0.01 and jv[m["electron"]].max() > 0.01  # each band flows, they cancel
    assert jc[m["hole"]].max() == 0.0 and jv[m["hole"]].max() == 0.0
    # in the insulating region the total is (e/2h)|grad U|
    g = np.hypot(pot.dU_dx, pot.dU_dy)
    np.testing.assert_allclose(j[m["insulating"]], 0.5 * g[m["insulating"]], rtol=1e-12)


@pytest.mark.parametrize("A,B", [((0.0, 30.0), (120.0, 30.0)), ((5.0, 7.0), (100.0, 111.0)), ((60.0, 110.0), (61.0, 3.0))])
def test_flux_through_a_cut_is_the_step_current(pot, A, B):
    A, B = np.array(A), np.array(B)
    UA, UB = (float(pot.evaluate(*P)[0]) for P in (A, B))
    for eF in (0.0, 0.6):
        assert puddles.flux_through_cut(pot, eF, 1.0, A, B) == pytest.approx(ahe.total_current(eF, UA, UB, 1.0), abs=1e-9)


def test_closed_loops_carry_no_net_current(pot):
    for c in ([(10, 10), (50, 10), (50, 50), (10, 50)], [(60, 20), (115, 40), (70, 100)]):
        assert abs(puddles.loop_flux(pot, 0.0, 1.0, np.array(c, float))) < 1e-9


def test_transport_map_does_not_vanish_in_puddles(pot):
    m = puddles.puddle_masks(pot.U, 0.0, 1.0)
    jt = np.hypot(*puddles.transport_current_map(pot, 0.0, 1.0))
    j = np.hypot(*puddles.current_map(pot, 0.0, 1.0))
    assert jt[m["electron"]].max() > 0.01
    np.testing.assert_allclose(jt[m["insulating"]], j[m["insulating"]], rtol=1e-12)


def test_bad_input(pot):
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="rng"):
        puddles.random_potential(100.0, 64, 10.0, 1.0, 42)
    with pytest.raises(ValueError, match="coarse"):
        puddles.random_potential(100.0, 32, 10.0, 1.0, rng)
    with pytest.raises(ValueError, match="L must"):
        puddles.random_potential(30.0, 64, 10.0, 1.0, rng)
    with pytest.raises(ValueError, match="amplitude"):
        puddles.random_potential(100.0, 64, 10.0, -1.0, rng)
    with pytest.raises(ValueError, match="Delta"):
        puddles.current_map(pot, 0.0, 0.0)
    with pytest.raises(ValueError, match="corr_length"):
        puddles.current_map(pot, 0.0, 0.2)  # corr_length * Delta = 2.4 < 5
    steep = puddles.random_potential(120.0, 128, 12.0, 8.0, np.random.default_rng(1))
    with pytest.raises(ValueError, match="too steep"):
        puddles.current_map(steep, 0.0, 1.0)
    with pytest.raises(ValueError, match="band"):
        puddles.band_weights(pot.U, 0.0, 1.0, "x")
    with pytest.raises(ValueError, match="zero length"):
        puddles.flux_through_cut(pot, 0.0, 1.0, (1.0, 1.0), (1.0, 1.0))
    with pytest.raises(ValueError, match="eps_F"):
        puddles.puddle_masks(pot.U, np.nan, 1.0)


def test_puddle_figure_reports_what_it_draws(pot):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ahe_lib.figures.maps import puddle_figure

    fig, data = puddle_figure(pot, eps_F=0.0, Delta=1.0)
    assert sum(data["fractions"].values()) == pytest.approx(1.0)
    assert data["j_max"]["electron"] == 0.0 and data["j_max"]["hole"] == 0.0
    assert data["j_share_puddles"] == 0.0 and 0.05 < data["jtr_share_puddles"] < 0.9
    plt.close(fig)
