"""Exact fixed-energy ODE solver for Eq. (2): accuracy against closed forms, and bad input."""

import numpy as np
import pytest

from ahe_lib.stationary_ode import (asymptotic_positions, flat_solution, plane_wave_spinor, solve_stationary,
                                    transverse_position)
from ahe_lib.step_current import step_potential

SX = np.array([[0, 1], [1, 0]])
SY = np.array([[0, -1j], [1j, 0]])
SZ = np.array([[1, 0], [0, -1]])


@pytest.mark.parametrize("gauge", ["standard", "eq6"])
@pytest.mark.parametrize("p_y", [0.0, 0.4, -0.9])
def test_plane_wave_spinor_is_eigenvector(gauge, p_y):
    E, D = 2.3, 0.8
    for d in (+1, -1):
        u, du, k, dk = plane_wave_spinor(E, p_y, D, d, gauge)
        h = k * SX + p_y * SY + D * SZ
        assert np.allclose(h @ u, E * u, atol=1e-13) and np.isclose(np.vdot(u, u).real, 1)
        # derivative against a finite difference (same gauge)
        eps = 1e-6
        up = plane_wave_spinor(E, p_y + eps, D, d, gauge)[0]
        um = plane_wave_spinor(E, p_y - eps, D, d, gauge)[0]
        assert np.allclose((up - um) / (2 * eps), du, atol=1e-8)


@pytest.mark.parametrize("p_y", [0.0, 0.5, -1.1])
def test_flat_potential_matches_plane_wave(p_y):
    U0 = 0.3
    st = solve_stationary(lambda x: 0 * x + U0, 2.0, p_y, Delta=1.0, L=12.0, x=np.linspace(-15, 15, 301))
    ref = flat_solution(st.x, 2.0, p_y, Delta=1.0, U0=U0)
    assert np.abs(st.psi[0] - ref).max() < 1e-9
    assert abs(st.t[0] - 1) < 1e-9 and abs(st.r[0]) < 1e-12


def test_states_solve_the_dirac_equation_and_conserve_flux():
    U = lambda x: step_potential(x, -0.2, 1.0, width=1.0)  # noqa: E731
    st = solve_stationary(U, 2.6, np.array([0.0, 0.7]), Delta=1.0, L=14.0, x=np.linspace(-14, 14, 2801))
    # flux psi^dag sigma_x psi is constant in x for a stationary state (div j = 0 in 1D)
    jx = np.einsum("nxi,ij,nxj->nx", st.psi.conj(), SX, st.psi).real
    assert np.ptp(jx, axis=1).max() < 1e-9
    # spectral-free check of H psi = eps psi: finite-difference derivative of the returned psi
    h = st.x[1] - st.x[0]
    P = st.psi
    d = (P[:, :-4] - 8 * P[:, 1:-3] + 8 * P[:, 3:-1] - P[:, 4:]) / (12 * h)
    assert np.abs(d - st.dpsi_dx[:, 2:-2]).max() < 1e-6       # O(h^4) of the 5-point stencil
    # flux balance: incident 1 * v_L - reflected |r|^2 v_L = transmitted, i.e. j_x(-L) = (1 - |r|^2) v_L
    v_L = st.k_L / 2.8
    assert np.allclose(jx[:, 0], (1 - np.abs(st.r) ** 2) * v_L, atol=1e-10)


def test_transverse_position_consistent_with_asymptotics():
    U = lambda x: step_potential(x, 0.0, 1.0, width=2.0)  # noqa: E731
    st = solve_stationary(U, 3.0, 0.0, Delta=1.0, L=30.0, x=np.array([-60.0, 60.0]), derivative=True)
    y = transverse_position(st)[0]
    y_in, y_out = asymptotic_positions(st)
    assert abs(y[1] - y_out[0]) < 1e-9
    assert abs(y[0] - y_in[0]) < 1e-4          # interference with the tiny reflected wave only


@pytest.mark.parametrize("kw, msg", [
    (dict(Delta=0.0), "Delta"),
    (dict(Delta=-1.0), "Delta"),
    (dict(L=0.0), "L"),
    (dict(eps=0.5), "eps"),              # inside the gap on the left
    (dict(eps=np.nan), "eps"),
    (dict(p_y=3.0), "eps"),              # evanescent at infinity
])
def test_bad_input(kw, msg):
    args = dict(U=lambda x: step_potential(x, 0.0, 0.5, width=1.0), eps=2.0, p_y=0.0, Delta=1.0, L=20.0)
    args.update(kw)
    with pytest.raises(ValueError, match=msg):
        solve_stationary(args.pop("U"), args.pop("eps"), args.pop("p_y"), **args)


def test_potential_not_flat_beyond_L_is_rejected():
    with pytest.raises(ValueError, match="constant"):
        solve_stationary(lambda x: step_potential(x, 0.0, 0.5, width=3.0), 2.0, Delta=1.0, L=5.0)


def test_unknown_gauge():
    with pytest.raises(ValueError, match="gauge"):
        plane_wave_spinor(2.0, 0.0, 1.0, +1, "coulomb")
