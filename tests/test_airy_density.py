"""Unit tests of ahe_lib.airy_density (paper Sec. III, App. B: Eqs. 13-16, 28-39) and its figures."""

import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import mpmath as mp  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy.integrate import quad  # noqa: E402
from scipy.special import airy  # noqa: E402

from ahe_lib import airy_density as ad  # noqa: E402
from ahe_lib.figures.airy import figure_2, figure_5, figure_6  # noqa: E402


# --- the Airy integrals against mpmath ---------------------------------------------------------

@pytest.mark.parametrize("w", [-61.0, -25.0, -3.3, -1.0, 0.0, 0.5, 2.38, 5.0, 10.0])  # -61: asymptotic branch
def test_airy_tail_integral_mpmath(w):
    mp.mp.dps = 18
    if w < 0:
        ref = mp.quad(mp.airyai, mp.linspace(w, 0, int(abs(w)) * 2 + 2)) + mp.mpf(1) / 3
    else:
        ref = mp.quad(mp.airyai, [w, w + 2, mp.inf])
    assert ad.airy_tail_integral(w) == pytest.approx(float(ref), rel=1e-10, abs=1e-10)


def test_airy_tail_integral_limits_and_shapes():
    assert ad.airy_tail_integral(0.0) == pytest.approx(1 / 3, abs=1e-13)
    assert ad.airy_tail_integral(1e6) == 0.0
    assert ad.airy_tail_integral(-1e6) == pytest.approx(1.0, abs=1e-4)
    assert isinstance(ad.airy_tail_integral(1.0), float)
    a = ad.airy_tail_integral(np.array([[-2.0, 1.0], [3.0, -70.0]]))
    assert a.shape == (2, 2)
    # order of the input does not matter (the cumulative quadrature sorts internally)
    w = np.linspace(-40, 8, 301)
    perm = np.random.default_rng(1).permutation(w.size)
    assert np.allclose(ad.airy_tail_integral(w[perm]), ad.airy_tail_integral(w)[perm], atol=1e-12)


@pytest.mark.parametrize("s", [-12.0, -4.0, -1.0, 0.0, 1.5])
def test_xi_integral_mpmath(s):
    mp.mp.dps = 20
    pts = [0, mp.sqrt(-s), mp.inf] if s < 0 else [0, mp.inf]
    ref = mp.quad(lambda xi: mp.airyai(xi**2 + s) ** 2, pts, maxdegree=10)
    assert ad.xi_integral(s) == pytest.approx(float(ref), rel=1e-8, abs=1e-12)
    assert ad.xi_integral(s, method="quadrature") == pytest.approx(float(ref), rel=1e-8, abs=1e-12)


def test_product_identity_two_routes():
    s = np.linspace(-30, 4, 1501)
    assert np.max(np.abs(ad.xi_integral(s) - ad.xi_integral(s, method="quadrature"))) < 1e-12
    with pytest.raises(ValueError, match="method"):
        ad.xi_integral(0.0, method="simpson")


# --- many electrons ------------------------------------------------------------------------

def test_current_density_linear_two_routes_and_speed():
    x = np.linspace(-12, 4, 2001)
    j = ad.current_density_linear(x)
    jq = ad.current_density_linear_quadrature(x)
    assert np.max(np.abs(j - jq)) < 1e-12
    t = time.perf_counter()
    ad.current_density_linear(x)
    assert time.perf_counter() - t < 1.0


def test_current_density_linear_limits():
    assert ad.current_density_linear(0.0) == pytest.approx(1 / 3, abs=1e-13)
    assert ad.current_density_linear(-400.0) == pytest.approx(1.0, abs=5e-3)
    assert ad.current_density_linear(6.0) < 1e-12
    # the oscillations around the step decay like |x|^{-3/4}
    x = np.linspace(-60, -20, 4001)
    dev = np.abs(ad.current_density_linear(x) - 1)
    a20, a60 = dev[x > -25].max(), dev[x < -55].max()
    assert a20 / a60 == pytest.approx(3**0.75, rel=0.1)


def test_current_density_is_4_int_ai_squared_with_airy_length():
    # Eq. (33) written with the correct Airy length ell = x0 / 2^(1/3)
    for x in (-3.0, -0.7, 0.4):
        s = x / ad.ELL_OVER_X0
        ref = 4 * quad(lambda xi: airy(xi * xi + s)[0] ** 2, 0, np.sqrt(max(-s, 0)) + 6, limit=400)[0]
        assert ad.current_density_linear(x) == pytest.approx(ref, abs=1e-9)


def test_energy_distribution_is_derivative_and_normalised():
    x = np.linspace(-6, 4, 4001)
    h = x[1] - x[0]
    dj = np.gradient(ad.current_density_linear(x), h)
    assert np.max(np.abs(-dj[2:-2] - ad.energy_distribution_linear(x)[2:-2])) < 1e-4
    # weight 1 (delta-function of weight j_inf/F): int_{-L}^{inf} = A1(-2L) -> 1
    assert quad(ad.energy_distribution_linear, -30, 8, limit=800)[0] == pytest.approx(
        ad.current_density_linear(-30.0), abs=1e-8)


def test_smoothed_closed_form_against_numerical_smoothing():
    x = np.linspace(-8, 3, 56)
    for w in (1.0, np.sqrt(2.0), 0.5):
        closed = ad.smoothed_energy_distribution(x, w)
        num = ad.gaussian_smooth(ad.energy_distribution_linear, x, w, n_per_width=80)
        assert np.max(np.abs(closed - num)) < 1e-12
    assert quad(ad.smoothed_energy_distribution, -40, 10, limit=400)[0] == pytest.approx(1.0, abs=1e-8)


def test_density_closed_form_against_double_quadrature():
    for x in (-3.0, -0.5, 0.8):
        assert ad.density_linear_quadrature(x) == pytest.approx(ad.density_linear(x), rel=1e-8, abs=1e-12)
    # Thomas-Fermi limit m(eps_F - U)/(2 pi hbar^2) -> -x in these units
    assert ad.density_linear(-200.0) / 200.0 == pytest.approx(1.0, abs=5e-3)
    # Eq. (29): d rho/dx = -j/j_inf
    x = np.linspace(-5, 3, 801)
    h = x[1] - x[0]
    assert np.max(np.abs(np.gradient(ad.density_linear(x), h)[2:-2] + ad.current_density_linear(x)[2:-2])) < 1e-4


def test_semiclassical_eq35_gives_the_step():
    assert np.allclose(ad.semiclassical_current_eq35(np.array([-5.0, -0.1, -100.0])), 1.0, atol=1e-10)
    assert ad.semiclassical_current_eq35(2.0) == 0.0


def test_delta_shape_eq16():
    r = np.linspace(-40, 8, 20001)
    h = r[1] - r[0]
    corr = ad.delta_shape_eq16(r, 0.5)
    printed = ad.delta_shape_eq16(r, 0.5, corrected=False)
    assert (np.sum(corr) - 0.5 * (corr[0] + corr[-1])) * h == pytest.approx(ad.airy_tail_integral(-32.0), abs=1e-4)  # -> 1
    assert (np.sum(printed) - 0.5 * (printed[0] + printed[-1])) * h == pytest.approx(-0.25 * ad.airy_tail_integral(-80 * 2 ** (2 / 3)), abs=1e-4)
    # corrected = 4 d/dr int Ai^2(xi^2 - r/ell), ell = r0 / 2^(1/3)
    r0, rr = 0.5, 0.3
    ell = r0 * ad.ELL_OVER_X0
    d = 1e-5
    num = 4 * (ad.xi_integral(-(rr + d) / ell) - ad.xi_integral(-(rr - d) / ell)) / (2 * d)
    assert ad.delta_shape_eq16(rr, r0) == pytest.approx(num, rel=1e-6)


def test_delta_function_limit_scaling():
    f = lambda x: np.exp(-((x - 0.3) ** 2))  # noqa: E731
    f3 = lambda x: (-4 * (x - 0.3) ** 3 * 2 + 12 * (x - 0.3)) * np.exp(-((x - 0.3) ** 2))  # f'''  # noqa: E731
    errs = []
    for x0 in (0.4, 0.2, 0.1):
        val = ad.delta_test_integral(x0, f, n=40001)
        errs.append(val - f(0.0))
        assert errs[-1] == pytest.approx(x0**3 * f3(0.0) / 24, rel=0.05)
    assert errs[0] / errs[1] == pytest.approx(8, rel=0.05)


def test_delta_test_integral_rejects_coarse_grid_and_bad_x0():
    with pytest.raises(ValueError, match="grid too coarse"):
        ad.delta_test_integral(0.01, np.cos, n=2001)
    for bad in (0.0, -1.0, np.nan):
        with pytest.raises(ValueError, match="x0"):
            ad.delta_test_integral(bad, np.cos)


def test_oscillation_period_decays_as_inverse_sqrt():
    z, dz = ad.oscillation_zeros(200)
    slope = np.polyfit(np.log(-z[100:-1]), np.log(dz[100:]), 1)[0]
    assert slope == pytest.approx(-0.5, abs=0.01)


# --- one electron ----------------------------------------------------------------------------

def test_single_state_current_amplitude_tail_and_integral():
    x = np.linspace(-60, -50, 20001)
    assert np.max(np.abs(ad.single_state_current(x))) == pytest.approx(1.0, abs=0.01)
    xs = np.array([-12.0, -8.0])
    sm = ad.gaussian_smooth(ad.single_state_current, xs, np.sqrt(2.0))
    assert np.allclose(sm, ad.single_state_tail(xs), rtol=0.03)
    assert ad.single_state_integral(1e4) == pytest.approx(0.0, abs=1e-2)
    # antiderivative check against quadrature
    val = quad(ad.single_state_current, -5, 10, limit=400)[0]
    assert val == pytest.approx(ad.single_state_integral(5.0), abs=1e-9)
    with pytest.raises(ValueError, match="x must be < 0"):
        ad.single_state_tail(1.0)


def test_negative_bump_at_turning_point():
    x = np.linspace(-4, 2, 601)
    sm = ad.gaussian_smooth(ad.single_state_current, x, np.sqrt(2.0))
    i = np.argmin(sm)
    assert -1.0 < x[i] < 1.5 and sm[i] < -0.1


# --- comparison with Ref. [17] ----------------------------------------------------------------

@pytest.mark.parametrize("hbar,v_F,Delta", [(1.0, 1.0, 1.0), (0.4, 2.5, 0.7)])
def test_side_jump_berry_quadrature(hbar, v_F, Delta):
    x = np.array([-3.0, -1.5, -0.5, 0.2, 0.99, 1.01, 4.0])
    assert np.allclose(ad.side_jump_current_berry(x, hbar, v_F, Delta), ad.side_jump_current(x), atol=1e-9)


def test_eq37_from_step_current_and_eq39():
    x = np.array([-2.0, -0.5, 0.0, 0.7, 1.5])
    assert np.allclose(ad.total_current_density_uniform(x), [0, 1, 1, 1, 0], atol=1e-9)
    xc = np.array([-1.02, -1.01])
    berry_c = ad.side_jump_current_berry(xc) - 1.0  # minus the full valence band
    assert np.allclose(berry_c, ad.side_jump_conduction_eq39(xc), atol=5e-4)


def test_side_jump_integral_diverges_logarithmically():
    L = np.array([10.0, 100.0, 1000.0])
    vals = [quad(ad.side_jump_current, -Lv, Lv, points=[-1, 1], limit=200)[0] for Lv in L]
    assert np.allclose(vals, ad.side_jump_integral(L), rtol=1e-8)
    assert np.allclose(np.diff(vals), 2 * np.log(10))
    with pytest.raises(ValueError, match="L must be > 1"):
        ad.side_jump_integral(0.5)


# --- length scales and bad input ----------------------------------------------------------------

def test_airy_length_solves_schrodinger():
    # -phi''/(2m) + F x phi = 0 is solved by Ai(x/ell) with ell = (1/(2 m F))^(1/3), not by Ai(x/x0)
    F, Delta = 0.3, 2.0  # m = Delta (v_F = 1)
    for length, ok in ((ad.airy_length(F, Delta), True), (ad.paper_x0(F, Delta), False)):
        x = np.linspace(-3, 1, 9)
        ai, _, _, _ = airy(x / length)
        phi2 = x / length**3 * ai  # phi'' = (x/l) Ai(x/l) / l^2
        res = np.max(np.abs(-phi2 / (2 * Delta) + F * x * ai))
        assert (res < 1e-12) == ok


@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan, np.inf])
def test_bad_input(bad):
    with pytest.raises(ValueError):
        ad.paper_x0(bad, 1.0)
    with pytest.raises(ValueError):
        ad.airy_length(1.0, bad)
    with pytest.raises(ValueError):
        ad.smoothed_energy_distribution(0.0, bad)
    with pytest.raises(ValueError):
        ad.delta_shape_eq16(0.0, bad)


def test_nan_x_raises():
    for f in (ad.current_density_linear, ad.energy_distribution_linear, ad.density_linear, ad.single_state_current):
        with pytest.raises(ValueError, match="finite"):
            f(np.array([0.0, np.nan]))


def test_figures_return_drawn_numbers():
    # every figure's drawn numbers against a route the figure does not use
    fig, d = figure_2()
    k = np.arange(0, d["x"].size, 97)
    assert np.allclose(d["j"][k], ad.current_density_linear_quadrature(d["x"][k]), atol=1e-11)
    assert np.allclose(d["j_eps_smoothed"][k], ad.gaussian_smooth(ad.energy_distribution_linear, d["x"][k], 1.0),
                       atol=1e-10)
    plt.close(fig)
    fig, d = figure_6()
    k = np.arange(0, d["x"].size, 113)
    assert np.allclose(d["eq36"][k], ad.berry_current_uniform(d["x"][k], "both"), atol=1e-9)
    assert set(np.round(d["eq37"], 9)) <= {0.0, 1.0}
    plt.close(fig)
    fig, d = figure_5(n=131)
    assert np.all(d["smooth_2"][d["x"] < -5] > 0)
    k = np.argmin(np.abs(d["x"] + 8.0))
    xv = float(d["x"][k])
    predicted = ad.single_state_tail(xv) * (1 + ad.smoothing_bias_tail(xv, np.sqrt(2.0)))
    assert d["smooth_2"][k] == pytest.approx(predicted, rel=0.05)
    plt.close(fig)


# --- independent routes added for the ledger audit ----------------------------------------------

HB, MASS, FV, E = 0.7, 1.3, 0.4, -1.0
X0 = (HB**2 / (MASS * FV)) ** (1 / 3)
J_INF = E * FV / (4 * np.pi * HB)  # (e/2h) F


def test_states_at_one_energy_give_minus_derivative_over_F():
    # Eq. (34) corrected: j^eps(x) = -(1/F) d j_y/dx; the analytic derivative of j_inf A1(2x/x0)
    x = np.array([-4.0, -1.5, -0.5, 0.0, 0.3, 1.0])
    states = ad.energy_resolved_current_states(x * X0, 0.0, hbar=HB, mass=MASS, F=FV, e=E)
    minus_dj_dx_over_F = J_INF * (2 / X0) * airy(2 * x)[0] / FV
    assert np.allclose(states, minus_dj_dx_over_F, rtol=0, atol=1e-10 * abs(J_INF / X0))
    # shifting the energy shifts the profile: j^eps(x) = j^0(x - eps/F)
    shifted = ad.energy_resolved_current_states(x * X0 + 0.3 / FV, 0.3, hbar=HB, mass=MASS, F=FV, e=E)
    assert np.allclose(shifted, states, atol=1e-12)


def test_fermi_sea_of_states_reproduces_the_current_density():
    for xv in (-2.0, 0.4):
        sea = ad.fermi_sea_current_states(xv * X0, 0.0, hbar=HB, mass=MASS, F=FV, e=E)
        assert sea / J_INF == pytest.approx(float(mp.quad(mp.airyai, [2 * xv, mp.inf])), abs=1e-8)


def test_eq30_right_side_is_the_disc_density():
    for mu, hb, m in ((0.45, 0.6, 1.7), (2.0, 1.0, 0.3)):
        assert ad.eq30_density_quadrature(mu, hbar=hb, mass=m) == pytest.approx(m * mu / (2 * np.pi * hb**2),
                                                                               rel=1e-10)


def test_single_state_integral_by_quadrature():
    for L in (3.0, 80.0, 700.0):
        assert ad.single_state_integral_quadrature(L) == pytest.approx(ad.single_state_integral(L), abs=1e-10)
    with pytest.raises(ValueError, match="L must be <= 2000"):
        ad.single_state_integral_quadrature(5000.0)


def test_smoothing_bias_of_a_power_law():
    x, w = np.array([-30.0, -60.0]), 1.5
    sm = ad.gaussian_smooth(lambda t: np.abs(t) ** -1.5, x, w)
    rel = sm / np.abs(x) ** -1.5 - 1
    assert np.allclose(rel, ad.smoothing_bias_tail(x, w), rtol=0.02)


def test_berry_current_uniform_against_closed_form():
    from ahe_lib.berry import occupied_berry_flux_closed_form

    x = np.array([-3.0, -1.2, -1.001, -0.5, 0.0, 0.7, 2.0])
    for band in ("c", "v", "both"):
        assert np.allclose(ad.berry_current_uniform(x, band), 2 * occupied_berry_flux_closed_form(-x, 1.0, band),
                           atol=1e-10)
    assert np.allclose(ad.berry_current_uniform(x, "both"), ad.side_jump_current(x), atol=1e-10)
    assert np.allclose(ad.eq37_current(x), [0, 0, 0, 1, 1, 1, 0])


def test_new_routes_bad_input():
    with pytest.raises(ValueError):
        ad.energy_resolved_current_states(0.0, hbar=0.0)
    with pytest.raises(ValueError, match="e must be non-zero"):
        ad.energy_resolved_current_states(0.0, e=0.0)
    with pytest.raises(ValueError):
        ad.eq30_density_quadrature(-1.0)
    with pytest.raises(ValueError):
        ad.smoothing_bias_tail(-3.0, 0.0)


def test_averaged_fermi_sea_equals_explicit_average_over_x():
    """The erfc-weighted energy integral equals the Gaussian average of the Fermi-sea current taken on an
    explicit grid in x' (trapezoid, +-4 widths), at arbitrary hbar, m, F; and it averages the
    oscillations of Eq. (33) far from the edge down to the step (e/2h)F (closed form A1 not used)."""
    hbar, mass, F, e = 0.7, 1.3, 0.4, -1.0
    x0 = (hbar**2 / (mass * F)) ** (1 / 3)
    xv, w = -3.0, 0.5
    xx = np.linspace(xv - 4 * w, xv + 4 * w, 81)
    vals = np.array([ad.fermi_sea_current_states(a * x0, hbar=hbar, mass=mass, F=F, e=e) for a in xx])
    g = np.exp(-(((xx - xv) / w) ** 2))
    explicit = np.trapezoid(vals * g, xx) / np.trapezoid(g, xx)
    avg = ad.fermi_sea_current_states_averaged(xv * x0, w * x0, hbar=hbar, mass=mass, F=F, e=e)
    assert abs(avg / explicit - 1) < 1e-6
    step = e * F / (4 * np.pi * hbar)
    far = ad.fermi_sea_current_states_averaged(-20 * x0, 2 * x0, hbar=hbar, mass=mass, F=F, e=e)
    assert abs(far / step - 1) < 1e-6


def test_averaged_fermi_sea_bad_input():
    with pytest.raises(ValueError, match="width"):
        ad.fermi_sea_current_states_averaged(-1.0, 0.0)
    with pytest.raises(ValueError, match="x"):
        ad.fermi_sea_current_states_averaged(np.nan, 1.0)
