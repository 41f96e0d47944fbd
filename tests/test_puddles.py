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
    assert data["untrusted_fraction"] == pytest.approx(puddles.untrusted_mask(pot, 0.0, 1.0).mean())
    plt.close(fig)


# --- validity along the band edges, and the width of the stopping lines ---------------------

def test_resample_and_hessian_are_exact(pot):
    g = pot.resample(2 * pot.N)
    np.testing.assert_allclose(g["U"][::2, ::2], pot.U, atol=1e-12)
    np.testing.assert_allclose(g["dU_dy"][::2, ::2], pot.dU_dy, atol=1e-12)
    # the second derivatives against a 4th-order finite difference of the spectral gradient
    dx = pot.L / pot.N
    fd = (-np.roll(pot.dU_dx, -2, 1) + 8 * np.roll(pot.dU_dx, -1, 1) - 8 * np.roll(pot.dU_dx, 1, 1)
          + np.roll(pot.dU_dx, 2, 1)) / (12 * dx)
    scale = np.abs(g["d2U_dxdy"]).max()
    assert np.max(np.abs(fd - g["d2U_dxdy"][::2, ::2])) < 1e-3 * scale
    H = pot.hessian(pot.x[[5, 70]], pot.x[[33, 101]])
    for h, k in zip(H, ("d2U_dx2", "d2U_dxdy", "d2U_dy2")):
        np.testing.assert_allclose(h, g[k][[10, 140], [66, 202]], atol=1e-12)
    with pytest.raises(ValueError, match="M must"):
        pot.resample(8)


def test_validity_parameter_of_a_radial_well_is_appendix_c():
    """kappa in the frame of the equipotential against the radial form of Appendix C (U'', U'/r)."""
    from ahe_lib import smooth_2d

    r, phi = np.array([5.0, 20.0, 38.0]), np.array([0.3, 1.9, 4.0])
    x, y = r * np.cos(phi), r * np.sin(phi)
    g1, g2 = smooth_2d.radial_well_gradient(r), smooth_2d.radial_well_curvature(r)
    c, s = x / r, y / r
    uxx, uxy, uyy = g2 * c * c + g1 / r * s * s, (g2 - g1 / r) * c * s, g2 * s * s + g1 / r * c * c
    kappa = puddles.validity_parameter(g1 * c, g1 * s, uxx, uxy, uyy, 1.0)
    np.testing.assert_allclose(kappa, smooth_2d.validity_parameter(r), rtol=1e-12)


def test_border_validity_lies_on_the_band_edges(pot):
    b2, b4 = (puddles.border_validity(pot, 0.0, 1.0, upsample=u) for u in (2, 4))
    U = pot.evaluate(b4.points[:, 0], b4.points[:, 1])[0]
    assert np.max(np.abs(U - b4.level)) < 1e-6
    assert b2.length == pytest.approx(b4.length, rel=5e-3)
    assert abs(b2.length_fraction(b2.kappa > 0.3) - b4.length_fraction(b4.kappa > 0.3)) < 0.01
    np.testing.assert_allclose(b4.r0, puddles.stopping_width(b4.grad, 1.0))
    assert np.all(b4.lz < 1e-3) and set(np.unique(b4.level)) == {-1.0, 1.0}


def test_landau_zener_factor_and_width():
    # the steep tanh step of the exact-numerics chapter: maximum slope 6 Delta^2/hbar v_F
    assert puddles.landau_zener_factor(6.0, 1.0) == pytest.approx(np.exp(-np.pi / 6))
    assert puddles.landau_zener_factor(0.0, 1.0) == 0.0
    # r_0 |grad U| / Delta = (|grad U|/Delta^2)^(2/3), dimensionless
    assert puddles.stopping_width(0.2, 2.0) * 0.2 / 2.0 == pytest.approx((0.2 / 4.0) ** (2 / 3))
    with pytest.raises(ValueError, match="grad"):
        puddles.landau_zener_factor(-1.0, 1.0)


def test_smeared_weights_are_the_uniform_field_profile():
    """Conduction band: the Airy profile of Fig. 2 (Eq. 33 by its xi-quadrature, an independent route);
    valence band: the charge conjugate, holes in -U at -eps_F."""
    from ahe_lib.airy_density import current_density_linear_quadrature

    F, x = 0.05, np.array([-3.0, -1.0, -0.3, 0.0, 0.4, 1.5])  # x in units of x_0 = r_0
    x0 = (1.0 / F) ** (1 / 3)
    U = F * x * x0 - 1.0  # U = F x - Delta: conduction bottom at eps_F = 0 on x = 0
    grad = np.full_like(x, F)
    wc = puddles.smeared_band_weights(U, grad, 0.0, 1.0, "c")
    ref = np.array([current_density_linear_quadrature(xi) for xi in x])
    np.testing.assert_allclose(2 * wc, ref, atol=1e-6)
    wv = puddles.smeared_band_weights(-U, grad, 0.0, 1.0, "v")  # valence top at eps_F = 0 on x = 0
    np.testing.assert_allclose(wv, -0.5 + 0.5 * ref, atol=1e-6)


def test_smeared_weights_tend_to_the_sharp_ones(pot):
    U = np.linspace(-3.0, 3.0, 601)
    grad = np.full_like(U, 0.2)
    sharp = puddles.band_weights(U, 0.0, 1.0)
    smooth = puddles.smeared_band_weights(U, grad, 0.0, 1.0)
    w = puddles.border_distance(U, grad, 0.0, 1.0)
    far = w > 10
    # the interference oscillations decay like |2 r_perp / r_0|^(-3/4) / sqrt(pi)
    bound = 0.5 * (2 * w[far]) ** -0.75 / np.sqrt(np.pi) * 1.05
    assert np.all(np.abs(smooth[far] - sharp[far]) < bound)


def test_share_inside_puddles_with_the_width(pot):
    s1, s2 = (puddles.puddle_current_share(pot, 0.0, 1.0, M=M) for M in (pot.N, 2 * pot.N))
    assert s1["share"] == pytest.approx(s2["share"], abs=2e-3)
    assert 0.02 < s2["share_near"] < s2["share"] < 0.3 and s2["ratio_to_sharp"] > 1
    near = puddles.untrusted_mask(pot, 0.0, 1.0, kappa_max=0.3)
    grad = np.hypot(pot.dU_dx, pot.dU_dy)
    assert np.all(puddles.border_distance(pot.U, grad, 0.0, 1.0)[near] < 2.0)
    assert puddles.untrusted_mask(pot, 0.0, 1.0, kappa_max=0.1).sum() >= near.sum() > 0
