"""Unit tests of the exact step current (ahe_lib.exact_current) and its closed-form reference."""

import numpy as np
import pytest
from scipy import integrate
from scipy.special import expit

from ahe_lib.exact_current import (current_density, exact_step_current, occupation, overshoot_step, py_bound,
                                   ramp_step, sweep, tanh_step, box_potential)
from ahe_lib.exact_solver import derivative_matrix, mass_frame_matrix
from ahe_lib.step_current import total_current, total_current_thermal

FAST = dict(L=48.0, T=0.1, edge_width=2.0)


def test_thermal_reference_against_quadrature():
    """Closed form of the Fermi-window average against direct quadrature of -f' * Eq. (12)/(27)."""
    for uL, uR in [(-0.4, 0.6), (-1.0, 2.0), (1.5, -0.5)]:
        for eF in [-2.2, -0.9, 0.1, 0.7, 1.3, 3.0]:
            T = 0.13
            f = lambda e: total_current(e, uL, uR, 1.0) * expit((e - eF) / T) * expit(-(e - eF) / T) / T
            pts = sorted({uL - 1, uL + 1, uR - 1, uR + 1})
            val, _ = integrate.quad(f, eF - 40 * T, eF + 40 * T, points=[p for p in pts if abs(p - eF) < 40 * T],
                                    epsabs=1e-13, limit=200)
            assert abs(total_current_thermal(eF, uL, uR, 1.0, T) - val) < 1e-10


def test_thermal_reference_zero_T_limit():
    e = np.linspace(-3, 3, 61)
    np.testing.assert_allclose(total_current_thermal(e, -0.4, 0.6, 1.0, 1e-6), total_current(e, -0.4, 0.6, 1.0), atol=1e-5)
    with pytest.raises(ValueError, match="T"):
        total_current_thermal(0.0, -0.4, 0.6, 1.0, 0.0)


def test_mass_frame_bulk_dispersion():
    """Flat U: the real mass-frame matrix has exactly U +- sqrt(m^2 + k_n^2), each k_n once (no doubler)."""
    N, L, m, U0 = 41, 17.0, 1.3, 0.2
    D = derivative_matrix(N, L)
    w = np.linalg.eigvalsh(mass_frame_matrix(np.full(N, U0), m, D))
    k = 2 * np.pi * np.fft.fftfreq(N, d=L / N)
    E = np.sqrt(m**2 + k**2)
    np.testing.assert_allclose(w, np.sort(np.concatenate([U0 - E, U0 + E])), atol=1e-11)


def test_py_symmetry_mass_route_equals_direct():
    """Eq. (6): the pair +-p_y from one real H(m, 0) equals two complex diagonalisations of H(Delta, +-p_y)."""
    x_U = tanh_step
    x, Ux = box_potential(lambda s: x_U(s, -0.4, 0.6), U_L=-0.4, U_R=0.6, L=48.0, N=121)
    kw = dict(L=48.0, Delta=1.0, e_lo=-3.0, e_hi=1.0, n_py=5, keep_profiles=True)
    a = sweep(Ux, solver="mass", **kw)
    b = sweep(Ux, solver="direct", **kw)
    for ea, sa, eb, sb in zip(a.energies, a.sigma_y, b.energies, b.sigma_y):
        g_a = occupation(ea, [0.3], 0.1, -2.5, 0.1)
        g_b = occupation(eb, [0.3], 0.1, -2.5, 0.1)
        np.testing.assert_allclose(g_a @ sa, g_b @ sb, atol=1e-9)


def test_py_bound_is_rigorous():
    x, Ux = box_potential(lambda s: overshoot_step(s, -0.4, 0.6), U_L=-0.4, U_R=0.6, L=48.0, N=121)
    P = py_bound(-2.0, 1.0, Ux.min(), Ux.max(), 1.0)
    for p in [P * 1.001, P * 1.5]:
        w = np.linalg.eigvalsh(mass_frame_matrix(Ux, np.hypot(1.0, p), derivative_matrix(121, 48.0)))
        assert not np.any((w > -2.0) & (w < 1.0))


@pytest.mark.parametrize("shape", [lambda s: tanh_step(s, -0.4, 0.6, 1.0), lambda s: ramp_step(s, -0.4, 0.6, 3.0)])
def test_agrees_with_thermal_reference(shape):
    eF = np.array([-1.7, -0.6, 0.1, 0.5, 1.9])
    J = exact_step_current(shape, eF, Delta=1.0, U_L=-0.4, U_R=0.6, **FAST)
    ref = total_current_thermal(eF, -0.4, 0.6, 1.0, FAST["T"])
    assert np.max(np.abs(J - ref)) < 2e-6
    assert abs(ref[2]) > 0.3  # a non-trivial number is compared


def test_eps_min_independence():
    U = lambda s: tanh_step(s, -1.0, 2.0, 1.0)
    kw = dict(Delta=1.0, U_L=-1.0, U_R=2.0, **FAST)
    J1 = exact_step_current(U, [0.0, 2.5], **kw)
    J2 = exact_step_current(U, [0.0, 2.5], eps_min=-3.5, w_min=0.2, **kw)
    assert np.max(np.abs(J1 - J2)) < 2e-6
    assert np.max(np.abs(J1 - total_current_thermal([0.0, 2.5], -1.0, 2.0, 1.0, 0.1))) < 2e-6


def test_fd_baseline_shows_doubling():
    U = lambda s: tanh_step(s, -0.4, 0.6, 1.0)
    J = exact_step_current(U, 0.1, Delta=1.0, U_L=-0.4, U_R=0.6, solver="fd", **FAST)
    assert abs(J) < 0.05  # the doubler cancels the anomalous current (-0.5 expected)


def test_eq8_cross_check_on_profile():
    """Eq. (3) (direct <sigma_y>) and Eq. (8) (-Delta/m^2 d rho/dx per pair) agree as the grid resolves the states."""
    res = []
    for N in (161, 241):
        x, Ux = box_potential(lambda s: tanh_step(s, -0.4, 0.6), U_L=-0.4, U_R=0.6, L=48.0, N=N)
        r = current_density(Ux, L=48.0, Delta=1.0, eps_F=[0.1], T=0.05, n_py=6, eps_min=-2.6, w_min=0.15, eq8=True)
        res.append(np.max(np.abs(r["j"] - r["j_eq8"])) / np.max(np.abs(r["j"])))
    assert res[1] < 1e-8 and res[0] > 100 * res[1]


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(U=lambda s: 0.1 + 0.5 * np.tanh(s / 3.0)), "U_L"),  # too wide: does not reach its asymptotes
        (dict(U_R=0.7), "U_R"),
        (dict(T=0.0), "T must be > 0"),
        (dict(T=-0.1), "T must be > 0"),
        (dict(N=61), "too coarse"),
        (dict(U=lambda s: tanh_step(s, -0.4, 0.6, 0.05), N=151), "too coarse for the step"),
        (dict(L=30.0), "box length"),
        (dict(eps_min=-1.5), "eps_min"),
        (dict(Delta=0.0), "Delta"),
    ],
)
def test_bad_input(kwargs, match):
    args = dict(U=lambda s: tanh_step(s, -0.4, 0.6, 1.0), eps_F=0.0, Delta=1.0, U_L=-0.4, U_R=0.6, T=0.2, L=48.0)
    args.update(kwargs)
    U, eF = args.pop("U"), args.pop("eps_F")
    with pytest.raises(ValueError, match=match):
        exact_step_current(U, eF, **args)


# ---------------------------------------------------------------------------
# Eq. (8) on separately diagonalised +-p_y, sweep re-use, tunnelling profiles
# ---------------------------------------------------------------------------

def test_single_thread_blas_limits_every_blas():
    from threadpoolctl import threadpool_info

    from ahe_lib.exact_current import single_thread_blas

    with single_thread_blas():
        assert all(i["num_threads"] == 1 for i in threadpool_info() if i["user_api"] == "blas")


def test_eq8_pair_sums_holds_and_planted_errors_fail():
    """Eq. (8) on H(Delta, +p_y), H(Delta, -p_y) diagonalised separately; planted errors fail."""
    from ahe_lib.exact_current import eq8_pair_sums

    x, Ux = box_potential(lambda s: tanh_step(s, -0.4, 0.6), U_L=-0.4, U_R=0.6, L=48.0, N=201)
    r = eq8_pair_sums(Ux, L=48.0, Delta=1.0, p_y=0.8, eps_F=0.1, T=0.05, eps_min=-2.6, w_min=0.15)
    scale = np.max(np.abs(r["lhs"]))
    assert scale > 0.05
    assert np.max(np.abs(r["lhs"] - r["rhs"])) < 1e-5 * scale
    assert np.max(np.abs(r["lhs"] - r["rhs_no_py"])) > 0.3 * scale
    assert np.max(np.abs(r["single"] - r["rhs_single"])) > 0.5 * np.max(np.abs(r["single"]))


def test_current_from_sweep_subrule_and_windows():
    """Every 2nd node of a 2n-node sweep = an independent n-node sweep; window re-evaluation = J_state."""
    from ahe_lib.exact_current import current_from_sweep, window_function

    U = lambda s: tanh_step(s, -0.4, 0.6, 1.0)
    eF = [-0.6, 0.1, 0.5]
    kw = dict(Delta=1.0, U_L=-0.4, U_R=0.6, L=48.0, T=0.1, edge_width=2.0)
    J40, sw = exact_step_current(U, eF, n_py=40, return_sweep=True, keep_profiles=True, **kw)
    J20 = exact_step_current(U, eF, n_py=20, **kw)
    occ = dict(T=0.1, eps_min=sw.timing["eps_min"], w_min=sw.timing["w_min"])
    J_sub, j = current_from_sweep(sw, eF, stride=2, **occ)
    np.testing.assert_allclose(J_sub, J20, atol=1e-12)
    J_w, _ = current_from_sweep(sw, eF, window=window_function(sw.x, sw.L, 2.0), **occ)
    np.testing.assert_allclose(J_w, J40, atol=1e-12)
    np.testing.assert_allclose(np.sum(j * window_function(sw.x, sw.L, 2.0), axis=1) * sw.L / sw.x.size, J40,
                               atol=1e-12)
    with pytest.raises(ValueError, match="stride"):
        current_from_sweep(sw, eF, stride=3, **occ)
    with pytest.raises(ValueError, match="energy window"):
        current_from_sweep(sw, eF, T=0.1, eps_min=-4.0, w_min=0.15)


def test_rounded_ramp_and_landau_zener():
    from ahe_lib.exact_current import landau_zener_factor, rounded_ramp

    s = np.linspace(-12, 12, 24001)
    for a, r in [(6.5, 0.3), (1.0, 0.3), (0.3, 0.3)]:
        U = rounded_ramp(s, -1.5, 1.5, a, r)
        slope = np.max(np.gradient(U, s))
        assert slope == pytest.approx(3.0 / (2 * a) * np.tanh(a / r), rel=1e-5)  # gradient: O(ds^2)
        assert np.max(np.abs(U[s <= -10] + 1.5)) < 1e-7 and np.max(np.abs(U[s >= 10] - 1.5)) < 1e-7
        assert np.sum(U[:-1] + U[1:]) / 2 * (s[1] - s[0]) == pytest.approx(0.0, abs=1e-6)  # odd about 0
    assert landau_zener_factor(np.pi) == pytest.approx(np.exp(-1.0))
    assert landau_zener_factor(2.0, Delta=2.0) == pytest.approx(np.exp(-2 * np.pi))
    with pytest.raises(ValueError, match="half_length"):
        rounded_ramp(0.0, -1.5, 1.5, 8.0, 0.3)
    with pytest.raises(ValueError, match="max_slope"):
        landau_zener_factor(0.0)


def test_tunnelling_profile_total_is_eq27():
    """A steep step (Landau-Zener factor ~0.1): the integrated exact current is still Eq. (27)."""
    from ahe_lib.exact_current import rounded_ramp, tunnelling_profile

    p = tunnelling_profile(lambda s: rounded_ramp(s, -1.5, 1.5, 1.0), 0.0, Delta=1.0, U_L=-1.5, U_R=1.5, T=0.1,
                           w_min=0.25)
    assert p["lz"] > 0.05
    assert abs(p["J"] - total_current_thermal(0.0, -1.5, 1.5, 1.0, 0.1)) < 1e-5
    ds = p["s"][1] - p["s"][0]
    assert np.sum(p["j"]) * ds == pytest.approx(p["J"], abs=1e-4)  # the window is 1 around the step
    assert 0.0 < p["share_outside"] < 0.5 and 0.5 < p["width"] < 4.0


def test_sweep_threads_give_the_same_result_to_the_last_bit():
    """The p_y nodes shared by threads are collected in node order: 1 or 2 workers, identical floats."""
    from ahe_lib.exact_current import sweep

    from ahe_lib.exact_solver import periodic_grid

    U_x = 0.5 * np.tanh(periodic_grid(20.0, 65))
    runs = [sweep(U_x, L=20.0, Delta=1.0, e_lo=-3.0, e_hi=0.5, n_py=6, keep_profiles=True, workers=w)
            for w in (1, 2)]
    for a, b in zip(runs[0].energies, runs[1].energies):
        assert np.array_equal(a, b)
    for a, b in zip(runs[0].sigma_y, runs[1].sigma_y):
        assert np.array_equal(a, b)
