"""Unit tests of the spectral Dirac solver and the identity checks (paper Eqs. 2, 4-8)."""

import numpy as np
import pytest

from ahe_lib import identities
from ahe_lib.exact_solver import eigenstates, periodic_grid, smooth_well, spectral_derivative

L = 60.0


def U_box(x):
    return smooth_well(x, U_L=-0.4, U_R=0.6, L=L, width=1.5)


def test_bulk_dispersion_is_doubler_free():
    """Flat potential: the spectrum is exactly U ± sqrt(Delta^2 + k^2 + p_y^2) over the resolved k, each once."""
    N, Delta, p_y, U0 = 101, 1.0, 0.3, 0.25
    st = eigenstates(lambda x: U0 + 0 * x, Delta=Delta, p_y=p_y, L=L, N=N)
    k = 2 * np.pi * np.fft.fftfreq(N, d=L / N)
    E = np.sqrt(Delta**2 + k**2 + p_y**2)
    expected = np.sort(np.concatenate([U0 + E, U0 - E]))
    np.testing.assert_allclose(st.energies, expected, atol=1e-10)
    # a single cone: in the window |eps - U0| < 2 the count matches the continuum, no zone-boundary copy
    n_window = np.sum(np.abs(st.energies - U0) < 2.0)
    assert n_window == 2 * np.sum(np.abs(k) < np.sqrt(4 - Delta**2 - p_y**2))


def test_spectral_derivative_exact_for_band_limited():
    x = periodic_grid(2 * np.pi, 33)
    np.testing.assert_allclose(spectral_derivative(np.sin(3 * x), 2 * np.pi), 3 * np.cos(3 * x), atol=1e-12)


def test_normalisation():
    st = eigenstates(U_box, Delta=1.0, p_y=0.5, L=L, N=161, window=(-2, 2))
    dx = L / 161
    np.testing.assert_allclose(st.density.sum(axis=1) * dx, 1.0, atol=1e-12)


def test_identities_4_5_converge():
    coarse = eigenstates(U_box, Delta=1.0, p_y=0.7, L=L, N=181, window=(-3, 3))
    fine = eigenstates(U_box, Delta=1.0, p_y=0.7, L=L, N=321, window=(-3, 3))
    assert identities.eq5_residual(fine).relative < 1e-8
    assert identities.eq5_residual(coarse).relative > 100 * identities.eq5_residual(fine).relative
    c = np.random.default_rng(0).normal(size=fine.energies.size)
    assert identities.eq4_residual(fine, c / np.linalg.norm(c)).relative < 1e-8


def test_rotation_eq6_and_its_sign():
    r, spec = identities.eq6_residual(U_box, Delta=1.0, p_y=0.7, L=L, N=141, window=(-2, 2))
    assert r.max_abs < 1e-9 and spec < 1e-9
    wrong, _ = identities.eq6_residual(U_box, Delta=1.0, p_y=0.7, L=L, N=141, window=(-2, 2), theta_sign=-1)
    assert wrong.max_abs > 0.1


def test_pairs_eq7_eq8():
    # N = 241 (was 281): residuals 2e-12 (Eq. 7) and 3e-10 (Eq. 8), same tolerances
    kw = dict(Delta=1.0, p_y=0.7, L=L, N=241, window=(-3, 3), min_gap=1e-4)
    r7 = identities.eq7_residual(U_box, **kw)
    r8, single = identities.eq8_residual(U_box, **kw)
    assert r7.n_states > 50
    assert r7.relative < 1e-9
    assert r8.relative < 1e-8
    assert single.relative > 0.5  # one state alone does not obey Eq. (8)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(Delta=1.0, L=L, N=100), "odd"),
        (dict(Delta=0.0, L=L, N=101), "Delta"),
        (dict(Delta=1.0, L=L, N=101, window=(-6, 6)), "too coarse"),
        (dict(Delta=20.0, L=L, N=101), "too coarse"),
        (dict(Delta=1.0, L=-1.0, N=101), "L"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        eigenstates(U_box, **kwargs)


def test_derivative_matrix_is_i_times_momentum():
    from ahe_lib.exact_solver import derivative_matrix, momentum_matrix

    D = derivative_matrix(31, 7.0)
    np.testing.assert_allclose(D, np.real(1j * momentum_matrix(31, 7.0)), atol=1e-12)
    np.testing.assert_allclose(D, -D.T, atol=0)


def test_fd_derivative_has_a_doubler():
    """The naive central difference has a second zero of its dispersion at the zone boundary."""
    from ahe_lib.exact_solver import fd_derivative_matrix

    N, L = 41, 20.0
    ev = np.sort(np.abs(np.linalg.eigvals(fd_derivative_matrix(N, L)).imag))
    # one zero mode at k = 0 plus two near-zero modes at k ~ +-pi/dx (N odd: closest to the boundary)
    assert ev[0] < 1e-12 and ev[1] < 2 * np.pi / L


def test_mass_frame_parity_blocks_equal_full_matrix():
    """Mirror-symmetric box: the two parity blocks give the spectrum and the weighted bilinears of the full matrix."""
    from ahe_lib.exact_current import box_potential, overshoot_step
    from ahe_lib.exact_solver import (_is_mirror_symmetric, derivative_matrix, fd_derivative_matrix,
                                      mass_frame_eigh, mass_frame_matrix)

    N, Lb = 121, 48.0
    dx = Lb / N
    _, Ux = box_potential(lambda s: overshoot_step(s, -1.0, 2.0), U_L=-1.0, U_R=2.0, L=Lb, N=N)
    for D in (derivative_matrix(N, Lb), fd_derivative_matrix(N, Lb)):
        assert _is_mirror_symmetric(Ux, D)
        e, a, c = mass_frame_eigh(Ux, 1.3, D, dx, (-3.0, 4.0))
        H = mass_frame_matrix(Ux, 1.3, D)
        w, v = np.linalg.eigh(H)
        keep = (w >= -3.0) & (w <= 4.0)
        v = v[:, keep] / np.sqrt(dx)
        np.testing.assert_allclose(e, w[keep], atol=1e-12)  # ascending, like the full matrix
        g, g_full = np.exp(-e**2), np.exp(-w[keep] ** 2)
        np.testing.assert_allclose(g @ (-2 * a * c), g_full @ (-2 * v[:N].T * v[N:].T), atol=1e-12)
        np.testing.assert_allclose(np.sum(a * a + c * c, axis=1) * dx, 1.0, atol=1e-12)
        np.testing.assert_allclose(H @ np.vstack([a.T, c.T]), np.vstack([a.T, c.T]) * e, atol=1e-11)
    # an asymmetric box falls back to the full matrix
    Ua = Ux + 0.01 * np.sin(2 * np.pi * np.arange(N) / N)
    assert not _is_mirror_symmetric(Ua, derivative_matrix(N, Lb))
    e, a, c = mass_frame_eigh(Ua, 1.3, derivative_matrix(N, Lb), dx, (-3.0, 4.0))
    w = np.linalg.eigvalsh(mass_frame_matrix(Ua, 1.3, derivative_matrix(N, Lb)))
    np.testing.assert_allclose(e, w[(w >= -3.0) & (w <= 4.0)], atol=1e-12)
