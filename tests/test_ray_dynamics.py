"""Sec. IV / App. D: side jump from exact states, bound |y| < 1/(2 Delta), App. D coefficients, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from ahe_lib.ray_dynamics import (appD_exact_coefficients, build_ray, exact_trajectory, gaussian_ray_centroid,
                                  integrate_eq49, local_momentum, ray_side_jump, semiclassical_fields,
                                  semiclassical_side_jump, smooth_box_envelope, spinor_eq17)
from ahe_lib.step_current import step_potential


def tanh_step(U_L, U_R, w):
    return lambda x: step_potential(x, U_L, U_R, width=w)


@pytest.mark.parametrize("U_L, U_R, w, eps", [(0.0, 1.0, 2.0, 3.0), (0.5, -1.0, 1.0, 2.0), (0.0, 2.0, 4.0, 3.2),
                                              (0.0, 1.0, 0.05, 2.5)])
def test_ray_side_jump_exact_equals_eq22_difference(U_L, U_R, w, eps):
    jump = ray_side_jump(tanh_step(U_L, U_R, w), eps, Delta=1.0, L=13 * w + 1)
    assert abs(jump - semiclassical_side_jump(eps, U_L, U_R, 1.0)) < 1e-7


def test_ray_side_jump_other_Delta_and_nonmonotonic():
    U = lambda x: 0.8 * np.exp(-(x / 2.0) ** 2) + 0.3 * (1 + np.tanh(x / 1.5))  # noqa: E731
    jump = ray_side_jump(U, 4.0, Delta=1.7, L=40.0)
    assert abs(jump - semiclassical_side_jump(4.0, 0.0, 0.6, 1.7)) < 1e-7


@settings(max_examples=15, deadline=None)
@given(st.floats(0.2, 3.0), st.floats(-2.0, 2.0), st.floats(0.05, 2.0))
def test_bound_on_y(Delta, dU, extra):
    eps = max(0.0, dU) + Delta + extra
    U = tanh_step(0.0, dU, 1.0)
    tr = exact_trajectory(U, eps, np.linspace(-6, 6, 61), Delta=Delta, L=14.0)
    assert np.all(np.abs(tr.y) < 0.5 / Delta)
    assert abs(ray_side_jump(U, eps, Delta=Delta, L=14.0)) < 0.5 / Delta


@pytest.mark.parametrize("eps", [0.9, 1.0, 1.5, 2.2, -3.0])
def test_gap_or_turning_point_raises(eps):
    U = tanh_step(0.0, 1.2, 1.0)     # needs eps > 2.2 everywhere
    with pytest.raises(ValueError, match="eps"):
        ray_side_jump(U, eps, Delta=1.0, L=20.0)
    with pytest.raises(ValueError, match="eps"):
        semiclassical_fields(U, eps, np.linspace(-30, 30, 61), Delta=1.0)


def test_turning_point_in_the_middle_raises():
    U = lambda x: 2.0 * np.exp(-x**2)   # noqa: E731  barrier reaching eps - Delta at x = 0
    with pytest.raises(ValueError, match="eps"):
        ray_side_jump(U, 2.5, Delta=1.0, L=10.0)


@pytest.mark.parametrize("kw", [dict(Delta=0.0), dict(Delta=np.inf), dict(L=-1.0)])
def test_ray_side_jump_bad_parameters(kw):
    args = dict(Delta=1.0, L=20.0)
    args.update(kw)
    with pytest.raises(ValueError):
        ray_side_jump(tanh_step(0, 1, 1), 3.0, **args)


def test_local_momentum_and_fields():
    p = local_momentum(np.array([0.0, 1.0]), 3.0, 1.0)
    assert np.allclose(p, [np.sqrt(8), np.sqrt(3)])
    f = semiclassical_fields(tanh_step(0, 1, 2), 3.0, np.linspace(-3, 3, 7), Delta=1.0)
    assert np.allclose(f.v_y, 2 * f.beta) and np.all(np.abs(f.y) < 0.5)
    assert np.allclose(f.b_over_a, -1j * f.beta)     # Eq. (53)


def test_eq17_spinor_density_and_flux():
    x = np.linspace(-4, 4, 81)
    psi = spinor_eq17(tanh_step(0, 1, 2), 3.0, x, Delta=1.0, with_beta=False)
    f = semiclassical_fields(tanh_step(0, 1, 2), 3.0, x, Delta=1.0)
    rho = (np.abs(psi) ** 2).sum(-1)
    jx = 2 * (psi[:, 0].conj() * psi[:, 1]).real
    assert np.allclose(rho, 1 / f.v_x) and np.allclose(jx, 1.0)


def test_eq49_integration_matches_exact_state_and_wrong_sign_fails():
    U = tanh_step(0.0, 1.0, 2.0)
    x = np.linspace(-6, 6, 121)
    a, b = appD_exact_coefficients(U, 3.0, x, Delta=1.0, L=27.0)
    ae, be = integrate_eq49(U, 3.0, x, a[0], b[0], Delta=1.0)
    assert np.abs(ae - a).max() < 1e-8 and np.abs(be - b).max() < 1e-8
    _, bw = integrate_eq49(U, 3.0, x, a[0], b[0], Delta=1.0, signs=(1, -1))
    assert np.abs(bw - b).max() > 1e-3


def test_appD_error_scales_like_Uprime_squared():
    errs = []
    for w in (2.0, 4.0):
        U = tanh_step(0.0, 1.0, w)
        x = np.linspace(-3 * w, 3 * w, 121)
        a, b = appD_exact_coefficients(U, 3.0, x, Delta=1.0, L=13 * w)
        f = semiclassical_fields(U, 3.0, x, Delta=1.0)
        errs.append((np.abs(b / a - f.b_over_a).max(), np.abs(np.abs(a) - f.a).max()))
    ratio = np.array(errs[0]) / np.array(errs[1])
    assert np.all(ratio > 3.3) and np.all(ratio < 4.8)     # ~ 4 when U' halves


def test_built_gaussian_ray_centroid_converges():
    U = tanh_step(0.0, 1.0, 2.0)
    x = np.linspace(-8, 8, 9)
    ex = exact_trajectory(U, 3.0, x, Delta=1.0, L=27.0)
    errs = [np.abs(gaussian_ray_centroid(U, 3.0, x, Delta=1.0, L=27.0, sigma_k=s)[0] - ex.y).max()
            for s in (0.1, 0.05)]
    assert errs[1] < 1e-3 and 3.0 < errs[0] / errs[1] < 5.0


def test_build_ray_rejects_bad_quadrature():
    f, g, dg = smooth_box_envelope(10.0, 3.0)
    U = tanh_step(0.0, 1.0, 2.0)
    with pytest.raises(ValueError, match="k_max"):
        build_ray(U, 3.0, Delta=1.0, L=27.0, x=np.zeros(1), y=np.zeros(1), f=f, k_max=5.0, n_k=11)
    with pytest.raises(ValueError, match="n_k"):
        build_ray(U, 3.0, Delta=1.0, L=27.0, x=np.zeros(1), y=np.linspace(-100, 100, 11), f=f, k_max=1.0, n_k=5)


def test_box_envelope_transform():
    f, g, dg = smooth_box_envelope(8.0, 2.0)
    k = np.linspace(-6, 6, 4801)
    y = np.array([0.0, 7.0, 8.0, 12.0])
    gq = (f(k)[:, None] * np.exp(1j * np.outer(k, y))).sum(0) * (k[1] - k[0])
    assert np.allclose(gq.real, g(y), atol=1e-8)


def test_grid_derivative():
    from ahe_lib.ray_dynamics import grid_derivative
    x = np.linspace(0, 2, 201)
    assert np.abs(grid_derivative(np.sin(x), x[1] - x[0]) - np.cos(x[2:-2])).max() < 1e-9


def test_trajectory_side_jump_is_gauge_independent():
    # the eq6-gauge solve of exact_trajectory gives the same jump as ray_side_jump (standard gauge)
    U = tanh_step(0.0, 2.0, 1.0)
    for D, eps in ((0.3, 2.4), (1.0, 3.1), (2.0, 10.0)):
        ex = exact_trajectory(U, eps, np.linspace(-5, 5, 5), Delta=D, L=14.0)
        assert ex.side_jump == pytest.approx(ray_side_jump(U, eps, Delta=D, L=14.0), abs=1e-9)
