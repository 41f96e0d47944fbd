"""Unit tests of ahe_lib.smooth_2d: the two-dimensional test of Eqs. (15), (16), (43)-(45) (paper App. C)."""

import numpy as np
import pytest
from scipy.special import jn_zeros

from ahe_lib import smooth_2d as s2


def test_stopping_radius_and_potential():
    for eps in (0.1, 0.75, 3.0):
        rF = s2.stopping_radius(eps, 1.3, 25.0)
        assert s2.radial_well(rF, 1.3, 25.0) == pytest.approx(eps, rel=1e-12)
    r = np.linspace(0.5, 60, 50)
    d = 1e-5
    num = (s2.radial_well(r + d) - s2.radial_well(r - d)) / (2 * d)
    assert np.allclose(num, s2.radial_well_gradient(r), rtol=1e-7)
    num2 = (s2.radial_well_gradient(r + d) - s2.radial_well_gradient(r - d)) / (2 * d)
    assert np.allclose(num2, s2.radial_well_curvature(r), rtol=1e-6)


def test_radial_solver_against_bessel_zeros():
    # the finite-volume radial operator in a flat disc (V -> tiny) must reproduce the Bessel spectrum
    from scipy.linalg import eigh_tridiagonal

    h, a = 0.01, 10.0
    N = int(a / h)
    r = (np.arange(N) + 0.5) * h
    rp, rm = r + h / 2, r - h / 2
    kd = (rp + rm) / (2 * h * h) / r
    off = -rp[:-1] / (2 * h * h) / np.sqrt(r[:-1] * r[1:])
    for l in (0, 1, 3):
        vals = eigh_tridiagonal(kd + 0.5 * l * l / r**2, off, eigvals_only=True, select="i", select_range=(0, 2))
        exact = 0.5 * (jn_zeros(l, 3) / (a + h / 2 * 0)) ** 2
        assert np.allclose(vals, exact, rtol=2e-3)


def test_density_is_thomas_fermi_with_1_over_2pi():
    c = s2.compare_with_eq15(R=20.0, h=0.08)
    assert c["rho_ratio"] == pytest.approx(1.0, abs=5e-3)  # m(eps_F - U)/(2 pi hbar^2): Eq. (44) corrected
    assert abs(c["rho_ratio"] - 2.0) > 0.5                  # not the printed m(eps_F - U)/(4 pi hbar^2)


def test_current_matches_eq15_16_better_than_step_and_printed_width():
    c = s2.compare_with_eq15(R=40.0, h=0.1)
    assert c["err_edge"] < 0.04 and c["err_interior"] < 0.02
    assert c["err_edge_step"] > 2 * c["err_edge"]
    assert c["err_edge_printed"] > 1.5 * c["err_edge"]
    # bulk value: the interior current is (e/2h) U', not (e/2 hbar) U' (factor 2 pi) nor (e/4h) U'
    r, j = c["r"], c["j_exact"]
    sel = (r > 0.4 * c["rF"]) & (r < 0.6 * c["rF"])
    ratio = np.mean(j[sel] / (0.5 * s2.radial_well_gradient(r[sel], 1.0, 40.0)))
    assert ratio == pytest.approx(1.0, abs=0.02)


def test_error_decreases_with_validity_parameter():
    e = [s2.compare_with_eq15(R=R, h=h)["err_edge"] for R, h in ((10.0, 0.05), (40.0, 0.1))]
    assert e[1] < 0.7 * e[0]


def test_energy_distribution_weight():
    e = s2.energy_distribution_test(R=40.0, h=0.1)
    assert e["weight_exact"] == pytest.approx(0.5, abs=0.01)  # (e/2h), in units of e/h
    assert e["weight_pred"] == pytest.approx(0.5, abs=0.01)


def test_centre_breakdown_rows():
    rows = s2.centre_breakdown(R=40.0, h=0.1, edges=(0.5, 2, 8, 32))
    kappas = [r[2] for r in rows]
    devs = [r[3] for r in rows]
    assert kappas == sorted(kappas, reverse=True) and devs[0] > devs[-1]


def test_bad_input():
    with pytest.raises(ValueError, match="grid too coarse"):
        s2.radial_density(0.75, 1.0, 40.0, h=0.5)
    with pytest.raises(ValueError, match="r_max"):
        s2.radial_density(0.75, 1.0, 40.0, h=0.1, r_max=41.0)
    for bad in (0.0, -1.0, np.nan):
        with pytest.raises(ValueError):
            s2.radial_density(bad, 1.0, 40.0)
        with pytest.raises(ValueError):
            s2.radial_density(0.75, 1.0, bad)
    with pytest.raises(ValueError, match="window"):
        s2.radial_density(0.75, 1.0, 20.0, h=0.08, kind="energy")
    with pytest.raises(ValueError, match="kind"):
        s2.radial_density(0.75, 1.0, 20.0, h=0.08, window=0.1, kind="charge")


def test_closed_form_window_average_equals_quadrature():
    r = np.linspace(1.0, 60.0, 400)
    for wf in (1.0, 2.0 ** (1.0 / 3.0)):
        closed = s2.airy_local_current_window(r, 0.75, 0.25, 1.0, 40.0, wf)
        gl = s2.window_average(lambda e: s2.airy_local_current(r, e, 1.0, 40.0, wf), 0.75, 0.25, n=400)
        assert np.max(np.abs(closed - gl)) < 1e-10
    assert np.array_equal(s2.airy_local_current_window(r, 0.75, 0.0, 1.0, 40.0), s2.airy_local_current(r, 0.75, 1.0, 40.0))


def test_printed_eq16_energy_distribution_has_weight_minus_one_eighth():
    # independent route: the printed Eq. (16) right side is d/dr of (1/4) A1(2^(2/3) r/r0) (product formula),
    # so across the line it integrates to -(1/4) * 1/2; here by a trapezoid sum of the pointwise formula
    # (exactly in a uniform field; here the gradient varies across the line by a few per cent)
    r = np.linspace(10.0, 70.0, 40001)
    j = s2.airy_local_energy_distribution(r, 0.75, 1.0, 40.0, printed=True)
    assert np.trapezoid(j, r) == pytest.approx(-0.125, abs=5e-3)
    jc = s2.airy_local_energy_distribution(r, 0.75, 1.0, 40.0)
    assert np.trapezoid(jc, r) == pytest.approx(0.5, abs=5e-3)


def test_closed_form_energy_window_equals_quadrature():
    # away from the centre, where a 400-node rule resolves the oscillations within the window
    r = np.linspace(5.0, 100.0, 800)
    for printed in (False, True):
        closed = s2.energy_distribution_window(r, 0.75, 0.34, 1.0, 80.0, printed=printed)
        gl = s2.window_average(lambda e: s2.airy_local_energy_distribution(r, e, 1.0, 80.0, printed=printed),
                               0.75, 0.34, n=400)
        assert np.max(np.abs(closed - gl)) < 1e-10
