"""Semiclassics with the orbital moment (ahe_lib.semiclassics) against independent routes."""

import numpy as np
import pytest

from ahe_lib import berry, semiclassics as sc, total_current

MU = np.array([-4.0, -2.5, -1.2, -0.5, 0.3, 0.9, 1.1, 2.0, 5.0])


@pytest.mark.parametrize("band", ["c", "v"])
def test_moment_from_eigenvectors_is_eq64_with_hbar_up(band):
    p = np.linspace(0.0, 4.0, 9)
    num = sc.orbital_moment(p, 0.4 * p, 1.3, band)
    assert np.allclose(num, sc.orbital_moment_closed_form(np.hypot(p, 0.4 * p), 1.3), atol=1e-14)


def test_moment_closed_form_units():
    # hbar in the numerator: m/e = hbar v^2 Delta / (2 (Delta^2 + v^2 p^2)); at p = 0 it is hbar v^2/(2 Delta)
    assert sc.orbital_moment_closed_form(0.0, 2.0, hbar=3.0, v_F=0.5) == pytest.approx(3.0 * 0.25 / 4.0)


@pytest.mark.parametrize("band", ["c", "v", "both"])
def test_magnetizations_quadrature_vs_closed_form(band):
    q = sc.moment_magnetization_quadrature(MU, 1.0, band)
    assert np.allclose(q, sc.moment_magnetization_closed_form(MU, 1.0, band), atol=1e-12)
    q = sc.berry_magnetization_quadrature(MU, 1.0, band)
    assert np.allclose(q, sc.berry_magnetization_closed_form(MU, 1.0, band), atol=1e-12)


@pytest.mark.parametrize("band", ["c", "v", "both"])
def test_berry_coefficient_is_minus_occupied_flux(band):
    # independent route: Berry flux of the occupied states from numerical eigenvectors (ahe_lib.berry)
    c = sc.current_coefficient(MU, 1.0, band, "berry")
    assert np.allclose(c, -berry.occupied_berry_flux(MU, 1.0, band), atol=1e-10)


def test_coefficients_are_derivatives_of_quadrature_magnetizations():
    h = 1e-4
    for part, M in (("berry", sc.berry_magnetization_quadrature),
                    ("moment", sc.moment_magnetization_quadrature)):
        fd = (M(MU + h, 1.0) - M(MU - h, 1.0)) / (2 * h)
        assert np.allclose(fd, sc.current_coefficient(MU, 1.0, "both", part), atol=1e-7)


def test_total_is_step_and_thermodynamic_magnetization():
    c = sc.current_coefficient(MU, 1.0)
    assert np.array_equal(c, np.where(np.abs(MU) < 1.0, -0.5, 0.0))
    tot = sc.moment_magnetization_closed_form(MU, 1.0) + sc.berry_magnetization_closed_form(MU, 1.0)
    assert np.allclose(tot, sc.thermodynamic_magnetization(MU, 1.0), atol=1e-14)


@pytest.mark.parametrize("eps_F,U_L,U_R", [(0.0, -0.5, 0.7), (0.2, -3.0, 2.5), (2.5, 0.0, 1.0)])
def test_integrated_current_is_eq12(eps_F, U_L, U_R):
    # -[M_th(mu_R) - M_th(mu_L)] against the closed form of Eq. (12)
    J = -(sc.thermodynamic_magnetization(eps_F - U_R, 1.0)
          - sc.thermodynamic_magnetization(eps_F - U_L, 1.0))
    assert J == pytest.approx(total_current(eps_F, U_L, U_R, 1.0), abs=1e-14)


def test_thermal_coefficient_limits():
    mu = np.array([-3.0, 0.0, 3.0])
    assert np.allclose(sc.current_coefficient_thermal(mu, 1.0, 0.01), [0.0, -0.5, 0.0], atol=1e-12)
    # Fermi-window average of the T = 0 coefficient, by quadrature
    from scipy.integrate import quad

    T, m0 = 0.3, 0.8
    e = np.linspace(-1.0, 1.0, 5)  # c = -1/2 on |e| < 1, 0 outside: integrate the window there
    assert np.all(sc.current_coefficient(e[1:-1], 1.0) == -0.5)
    ref = -0.5 * quad(lambda z: 1 / (4 * T * np.cosh((z - m0) / (2 * T)) ** 2), -1, 1,
                      epsabs=1e-13)[0]
    assert sc.current_coefficient_thermal(m0, 1.0, T) == pytest.approx(ref, abs=1e-8)


def test_exact_small_sinusoid_agrees_away_from_stopping_lines():
    r = sc.sinusoid_exact_profile(1.6, 0.25, T=0.15)
    pred = sc.current_coefficient_thermal(r["mu"], 1.0, 0.15) * r["dU"]
    far = np.abs(np.abs(r["mu"]) - 1.0) > 0.45
    assert np.abs(r["j"] - pred)[far].max() < 0.05 * 0.125
    berry_only = sc.current_coefficient(r["mu"], 1.0, part="berry") * r["dU"]
    assert np.abs(r["j"] - berry_only)[far & (np.abs(r["mu"]) > 1.3)].max() > 0.2 * 0.125


@pytest.mark.parametrize("call", [
    lambda: sc.current_coefficient(0.0, -1.0),
    lambda: sc.current_coefficient(0.0, 1.0, band="x"),
    lambda: sc.current_coefficient(0.0, 1.0, part="all"),
    lambda: sc.current_coefficient(np.nan, 1.0),
    lambda: sc.moment_magnetization_quadrature(0.5, 1.0, n_nodes=4),
    lambda: sc.orbital_moment_closed_form(1.0, 1.0, hbar=0.0),
    lambda: sc.current_coefficient_thermal(0.0, 1.0, 0.0),
    lambda: sc.sinusoid_exact_profile(0.9, 0.1),
])
def test_bad_input(call):
    with pytest.raises(ValueError):
        call()


def test_thermal_band_parts_sum_and_limits():
    mu = np.linspace(-3, 3, 13)
    c = sc.current_coefficient_thermal(mu, 1.0, 1e-3, "c")
    v = sc.current_coefficient_thermal(mu, 1.0, 1e-3, "v")
    far = np.abs(np.abs(mu) - 1) > 0.1
    assert np.allclose(c[far], sc.current_coefficient(mu, 1.0, "c")[far], atol=1e-12)
    assert np.allclose(v[far], sc.current_coefficient(mu, 1.0, "v")[far], atol=1e-12)
    assert np.allclose(c + v, sc.current_coefficient_thermal(mu, 1.0, 1e-3), atol=1e-15)
