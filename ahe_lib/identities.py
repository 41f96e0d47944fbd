r"""Numerical checks of the exact identities (4)-(8) of Sec. II on eigenstates of H(Delta, p_y).

Each function takes eigenstates from :func:`ahe_lib.exact_solver.eigenstates`
(or builds them) and returns the largest violation of one identity, together
with the size of the terms that should cancel, so that a reader sees a relative
residual. Units: :math:`\hbar = v_F = 1`; densities per unit length.

The identities are local in :math:`x` and hold for exact eigenstates of the
continuum Hamiltonian. On the spectral grid they hold to the accuracy with
which the grid resolves the states (exponential in the number of points for a
smooth potential), which is what the residuals measure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from ._validate import positive
from .exact_solver import Eigenstates, eigenstates, spectral_derivative
from .pauli import PAULI


def _one_blas_thread(f):
    """Run ``f`` with one BLAS thread: its diagonalisations are a few hundred rows, where BLAS
    threads gain nothing and oversubscribe a shared machine (measured: 10x slower under load)."""
    from functools import wraps

    @wraps(f)
    def g(*args, **kwargs):
        with threadpool_limits(1, user_api="blas"):
            return f(*args, **kwargs)

    return g


@dataclass(frozen=True)
class Residual:
    """Largest absolute violation ``max_abs`` of an identity and the largest term ``scale`` in it."""

    max_abs: float
    scale: float
    n_states: int

    @property
    def relative(self) -> float:
        return self.max_abs / self.scale


def _bilinear_field(psi, which):
    return np.real(np.einsum("...sj,st,...tj->...j", psi.conj(), PAULI[which], psi))


def eq4_residual(states: Eigenstates, coefficients) -> Residual:
    r"""Eq. (4) as an operator identity, checked on a *non*-stationary superposition.

    For :math:`\varphi = \sum_i c_i\psi_i` evolving under H, the rate of change of the
    local :math:`\sigma_x` density computed from :math:`i\partial_t\varphi = H\varphi`,

    .. math:: \partial_t(\varphi^\dagger\sigma_x\varphi) = i[(H\varphi)^\dagger\sigma_x\varphi - \varphi^\dagger\sigma_x H\varphi],

    must equal the right side of Eq. (4), :math:`i\varphi^\dagger[\Delta\sigma_z + p_y\sigma_y, \sigma_x]\varphi
    - \partial_x(\varphi^\dagger\varphi) = 2p_y\varphi^\dagger\sigma_z\varphi - 2\Delta\varphi^\dagger\sigma_y\varphi
    - \partial_x(\varphi^\dagger\varphi)`
    (the commutator with the local part of H; the :math:`\sigma_x p_x` part produces the
    divergence). For a stationary state the left side vanishes, giving Eq. (5).
    """
    c = np.asarray(coefficients, dtype=complex)
    phi = np.tensordot(c, states.psi, axes=(0, 0))  # (2, N)
    Hphi = states.apply_hamiltonian(phi)
    sx = PAULI["x"]
    lhs = np.real(1j * (np.einsum("sj,st,tj->j", Hphi.conj(), sx, phi) - np.einsum("sj,st,tj->j", phi.conj(), sx, Hphi)))
    rho = _bilinear_field(phi, "0")
    rhs = 2 * states.p_y * _bilinear_field(phi, "z") - 2 * states.Delta * _bilinear_field(phi, "y") - spectral_derivative(rho, states.L)
    scale = max(np.max(np.abs(lhs)), np.max(np.abs(spectral_derivative(rho, states.L))))
    return Residual(float(np.max(np.abs(lhs - rhs))), float(scale), c.size)


def eq5_residual(states: Eigenstates) -> Residual:
    r"""Eq. (5): :math:`\Delta\psi^\dagger\sigma_y\psi - p_y\psi^\dagger\sigma_z\psi + \tfrac12\partial_x(\psi^\dagger\psi) = 0` for every eigenstate."""
    sy, sz, rho = states.bilinear("y"), states.bilinear("z"), states.density
    drho = spectral_derivative(rho, states.L)
    r = states.Delta * sy - states.p_y * sz + 0.5 * drho
    scale = max(np.max(np.abs(states.Delta * sy)), np.max(np.abs(0.5 * drho)))
    return Residual(float(np.max(np.abs(r))), float(scale), states.energies.size)


def rotation(theta):
    r""":math:`e^{i\theta\sigma_x/2}`, the 2x2 rotation of Eq. (6)."""
    return np.cos(theta / 2) * PAULI["0"] + 1j * np.sin(theta / 2) * PAULI["x"]


@_one_blas_thread
def eq6_residual(U, *, Delta, p_y, L, N, window, theta_sign=+1) -> tuple[Residual, float]:
    r"""Eq. (6): rotated eigenstates of H(sqrt(Delta^2 + p_y^2), 0) are eigenstates of H(Delta, ±p_y).

    Diagonalises :math:`H(\Delta', 0)` with :math:`\Delta' = \sqrt{\Delta^2+p_y^2}`, applies
    :math:`e^{\pm i\theta\sigma_x/2}` with :math:`\tan\theta = p_y/\Delta`, and returns the largest
    :math:`\|(H(\Delta,\pm p_y) - \varepsilon)\,e^{\pm i\theta\sigma_x/2}\psi'\|` (per unit norm), plus the
    largest difference between the spectra of :math:`H(\Delta, p_y)` and :math:`H(\Delta', 0)` found by
    independent diagonalisation. ``theta_sign=-1`` rotates the wrong way
    (:math:`e^{\mp i\theta\sigma_x/2}`); the residual is then O(1), which tests the sign convention.
    """
    Dp = np.hypot(Delta, p_y)
    theta = np.arctan2(p_y, Delta)
    ref = eigenstates(U, Delta=Dp, p_y=0.0, L=L, N=N, window=window)
    dx = L / N
    worst = 0.0
    for sign in (+1, -1):
        target = eigenstates(U, Delta=Delta, p_y=sign * p_y, L=L, N=N)
        rot = np.einsum("st,itj->isj", rotation(theta_sign * sign * theta), ref.psi)
        r = target.apply_hamiltonian(rot) - ref.energies[:, None, None] * rot
        worst = max(worst, float(np.max(np.sqrt(np.sum(np.abs(r) ** 2, axis=(1, 2)) * dx))))
    direct = eigenstates(U, Delta=Delta, p_y=p_y, L=L, N=N, window=window)
    n = min(direct.energies.size, ref.energies.size)
    spec = float(np.max(np.abs(direct.energies[:n] - ref.energies[:n]))) if n else 0.0
    return Residual(worst, 1.0, ref.energies.size), spec


@_one_blas_thread
def _paired(U, Delta, p_y, L, N, window, min_gap):
    """Eigenstates of H(Delta, +p_y) and H(Delta, -p_y), paired by energy, non-degenerate ones only."""
    plus = eigenstates(U, Delta=Delta, p_y=p_y, L=L, N=N, window=window)
    minus = eigenstates(U, Delta=Delta, p_y=-p_y, L=L, N=N, window=window)
    n = min(plus.energies.size, minus.energies.size)
    e = plus.energies[:n]
    gaps = np.full(n, np.inf)
    if n > 1:
        d = np.diff(e)
        gaps[:-1] = np.minimum(gaps[:-1], d)
        gaps[1:] = np.minimum(gaps[1:], d)
    keep = (gaps > min_gap) & (np.abs(e - minus.energies[:n]) < 1e-8)
    return plus, minus, np.flatnonzero(keep)


def eq7_residual(U, *, Delta, p_y, L, N, window, min_gap=1e-6) -> Residual:
    r"""Eq. (7): :math:`\Delta\langle\sigma_z\rangle_+ + p_y\langle\sigma_y\rangle_+ = \Delta\langle\sigma_z\rangle_- - p_y\langle\sigma_y\rangle_-` pointwise.

    :math:`\psi_\pm` are eigenstates of :math:`H(\Delta, \pm p_y)` found by two independent
    diagonalisations and paired by energy (states closer than ``min_gap`` to a
    neighbour are skipped, since their eigenvectors are not unique).
    """
    return eq7_residual_of(paired_states(U, Delta=Delta, p_y=p_y, L=L, N=N, window=window, min_gap=min_gap))


def eq8_residual(U, *, Delta, p_y, L, N, window, min_gap=1e-6) -> tuple[Residual, Residual]:
    r"""Eq. (8) for pairs :math:`\psi_\pm`, and (for contrast) the same formula applied to one state alone.

    Returns ``(pair, single)``: ``pair`` is the violation of
    :math:`\langle\sigma_y\rangle_+ + \langle\sigma_y\rangle_- = -\Delta\,\partial_x(\rho_+ + \rho_-)/(2(\Delta^2 + p_y^2))`;
    ``single`` is the violation of the analogous one-state relation
    :math:`\langle\sigma_y\rangle_+ = -\Delta\,\partial_x\rho_+/(2(\Delta^2+p_y^2))`, which does *not* hold for
    :math:`p_y \ne 0`: its residual is O(1) of the terms, showing that the ±p_y pairing is essential.
    """
    return eq8_residual_of(paired_states(U, Delta=Delta, p_y=p_y, L=L, N=N, window=window, min_gap=min_gap))


# ---------------------------------------------------------------------------
# One pair of diagonalisations for Eqs. (5), (7), (8); Eq. (9) on exact eigenstates
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PairedStates:
    """Eigenstates of H(Delta, +p_y) and H(Delta, -p_y) from two diagonalisations; ``idx`` = the
    states (same index in both) that are non-degenerate and paired by energy."""

    plus: Eigenstates
    minus: Eigenstates
    idx: np.ndarray


def paired_states(U, *, Delta, p_y, L, N, window, min_gap=1e-6) -> PairedStates:
    """Diagonalise H(Delta, ±p_y) once; reuse the result for Eqs. (5), (7) and (8)."""
    return PairedStates(*_paired(U, Delta, p_y, L, N, window, min_gap))


def eq7_residual_of(pair: PairedStates) -> Residual:
    """Eq. (7) on the states of ``pair`` (see :func:`eq7_residual`)."""
    p, m, idx = pair.plus, pair.minus, pair.idx
    Delta, p_y = p.Delta, p.p_y
    lhs = Delta * p.bilinear("z")[idx] + p_y * p.bilinear("y")[idx]
    rhs = Delta * m.bilinear("z")[idx] - p_y * m.bilinear("y")[idx]
    return Residual(float(np.max(np.abs(lhs - rhs))), float(np.max(np.abs(lhs))), idx.size)


def eq8_residual_of(pair: PairedStates) -> tuple[Residual, Residual]:
    """Eq. (8) on the states of ``pair``, and the one-state contrast (see :func:`eq8_residual`)."""
    p, m, idx = pair.plus, pair.minus, pair.idx
    Delta, p_y, L = p.Delta, p.p_y, p.L
    denom = 2 * (Delta**2 + p_y**2)
    sy_p, sy_m = p.bilinear("y")[idx], m.bilinear("y")[idx]
    d_p = spectral_derivative(p.density[idx], L)
    d_m = spectral_derivative(m.density[idx], L)
    pair_r = sy_p + sy_m + Delta * (d_p + d_m) / denom
    single = sy_p + Delta * d_p / denom
    return (
        Residual(float(np.max(np.abs(pair_r))), float(np.max(np.abs(sy_p + sy_m))), idx.size),
        Residual(float(np.max(np.abs(single))), float(np.max(np.abs(sy_p))), idx.size),
    )


def _fourier_coefficients(f, states: Eigenstates):
    """c_k with f(x) = sum_k c_k exp(i k (x - x_0)) on the periodic grid (x_0 = first grid point)."""
    from .exact_solver import wavenumbers

    N = states.x.size
    return np.fft.fft(f, axis=-1) / N, wavenumbers(N, states.L)


def segment_integral(f, states: Eigenstates, x_L, x_R):
    r""":math:`\int_{x_L}^{x_R} f\,dx` of periodic grid samples ``f`` (last axis), exact for band-limited f.

    Integrates the Fourier interpolant term by term (mean times length plus the
    antiderivative of each harmonic); uses nothing about what ``f`` is.
    """
    c, k = _fourier_coefficients(f, states)
    a, b = x_L - states.x[0], x_R - states.x[0]
    nz = k != 0
    out = c[..., ~nz].sum(axis=-1) * (x_R - x_L)
    out = out + np.sum(c[..., nz] * (np.exp(1j * k[nz] * b) - np.exp(1j * k[nz] * a)) / (1j * k[nz]), axis=-1)
    return np.real(out)


def point_value(f, states: Eigenstates, x):
    """Value at an arbitrary point x of the Fourier interpolant of periodic grid samples ``f``."""
    c, k = _fourier_coefficients(f, states)
    return np.real(np.sum(c * np.exp(1j * k * (x - states.x[0])), axis=-1))


@dataclass(frozen=True)
class Eq9Check:
    """Both sides of Eq. (9) divided by e, for one pair ±p_y and one segment [x_L, x_R]:
    ``direct`` = v_F times the integrated sigma_y density (Eq. (3) / e), ``end_point`` = the
    end-point formula (Eq. (9) / e); energy units (see :func:`eq9_end_point_check`)."""

    p_y: float
    x_L: float
    x_R: float
    n_states: int
    direct: float
    end_point: float


@_one_blas_thread
def eq9_end_point_check(U, *, Delta, p_y, L, N, eps_min, eps_F, x_L, x_R, hbar=1.0, v_F=1.0):
    r"""Eq. (9) on exact eigenstates: the integrated current of Eq. (3) against the end-point formula.

    Physical units: :math:`H = v_F(\sigma_x p_x + \sigma_y p_y) + \Delta\sigma_z + U(x)`,
    :math:`p_x = -i\hbar\partial_x`, ``x`` (and ``L``, ``x_L``, ``x_R``) in length units,
    energies in energy units. The eigenstates are those of the dimensionless solver
    (:func:`ahe_lib.exact_solver.eigenstates`) in :math:`\xi = x/\hbar v_F` with transverse
    momentum :math:`v_F p_y`, mapped back to x: :math:`\psi(x) = \tilde\psi(x/\hbar v_F)/\sqrt{\hbar v_F}`.

    For all states of :math:`H(\Delta, +p_y)` and :math:`H(\Delta, -p_y)` with
    ``eps_min < eps < eps_F`` (one diagonalisation each) and each segment
    (``x_L``, ``x_R`` scalars or equal-length sequences) returns an :class:`Eq9Check` with

    * ``direct``: :math:`v_F\int_{x_L}^{x_R}\sum_i\psi_i^\dagger\sigma_y\psi_i\,dx` (Eq. (3) / e, integrated
      spectrally, :func:`segment_integral`);
    * ``end_point``: :math:`-\frac{\Delta\hbar v_F^2}{2}\Big[\sum_i\frac{\psi_i^\dagger\psi_i}{\Delta^2+v_F^2p_y^2}\Big]_{x_L}^{x_R}`
      (Eq. (9) / e, densities at the two points by Fourier interpolation).

    Eq. (8) is not used. ``eps_min`` and ``eps_F`` must lie at least 1e-6 from every level, so
    that no degenerate multiplet is cut (``ValueError`` otherwise). Returns one
    :class:`Eq9Check` for scalar ``x_L``, ``x_R``, else a list.
    """
    hbar, v_F = float(positive("hbar", hbar)), float(positive("v_F", v_F))
    scalar = np.ndim(x_L) == 0 and np.ndim(x_R) == 0
    xLs, xRs = np.atleast_1d(np.asarray(x_L, float)), np.atleast_1d(np.asarray(x_R, float))
    if xLs.shape != xRs.shape:
        raise ValueError("x_L and x_R must be scalars or sequences of equal length")
    s = hbar * v_F
    direct, end = np.zeros(xLs.size), np.zeros(xLs.size)
    n = 0
    for sign in (+1, -1):
        st = eigenstates(lambda xi: U(xi * s), Delta=Delta, p_y=sign * v_F * p_y, L=L / s, N=N,
                         window=(eps_min - 0.5, eps_F + 0.5))
        e = st.energies
        if e.size and np.min(np.minimum(np.abs(e - eps_min), np.abs(e - eps_F))) < 1e-6:
            raise ValueError("eps_min and eps_F must lie in spectral gaps (>= 1e-6 from every level)")
        occ = (e > eps_min) & (e < eps_F)
        n += int(occ.sum())
        sy = st.bilinear("y")[occ].sum(axis=0)   # density per unit xi on the solver's grid
        rho = st.density[occ].sum(axis=0)
        for k, (a, b) in enumerate(zip(xLs, xRs)):
            # physical: psi^+ sigma psi (x) = (density in xi) / (hbar v_F);  dx = hbar v_F dxi
            direct[k] += v_F * segment_integral(sy, st, a / s, b / s)
            drho = (point_value(rho, st, b / s) - point_value(rho, st, a / s)) / s
            end[k] += -(Delta * hbar * v_F**2 / 2) * drho / (Delta**2 + v_F**2 * p_y**2)
    out = [Eq9Check(float(p_y), float(a), float(b), n, float(d), float(t))
           for a, b, d, t in zip(xLs, xRs, direct, end)]
    return out[0] if scalar else out
