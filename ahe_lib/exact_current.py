r"""Exact equilibrium current density of a potential step, Eq. (3), by diagonalisation.

This module tests, without using Eqs. (8)-(12), the claim of Sec. II and App. A that the total
current along a step depends only on :math:`U_L, U_R` (Eqs. 12 and 27) and computes the local
current density :math:`j_y(x)` of a linear ramp (App. B, Eqs. 36-38).

Method
------
* **Box.** The caller gives a step :math:`U(s)` that equals :math:`U_L` for :math:`s\le -10` and
  :math:`U_R` for :math:`s\ge 10` (:math:`s` in units of :math:`\hbar v_F/\Delta`). A periodic box of
  length ``L`` holds the step at :math:`x=-L/4` and its mirror image :math:`U(L/4-x)` at
  :math:`x=+L/4`, so that the potential is periodic and the two steps are far apart.
* **Doubler-free p_x.** :math:`p_x` is the Fourier-spectral operator of
  :mod:`ahe_lib.exact_solver` (each wavenumber :math:`2\pi n/L` once, no second cone).
* **Mass family, Eq. (6).** :math:`H(\Delta,\pm p_y)` is unitarily equivalent to :math:`H(m,0)`,
  :math:`m=\sqrt{\Delta^2+p_y^2}`, via :math:`\psi_\pm = e^{\pm i\theta\sigma_x/2}\psi_m`,
  :math:`\tan\theta = p_y/\Delta`. Hence the pair :math:`\pm p_y` carries
  :math:`\psi_+^\dagger\sigma_y\psi_+ + \psi_-^\dagger\sigma_y\psi_- = 2\cos\theta\,\psi_m^\dagger\sigma_y\psi_m`
  (the :math:`\sigma_z` parts of the rotated :math:`\sigma_y` cancel). Only :math:`p_y\ge 0` is
  diagonalised, as a *real symmetric* matrix (:func:`ahe_lib.exact_solver.mass_frame_matrix`).
  :math:`\langle\sigma_y\rangle` is evaluated directly from the eigenvectors (Eq. 3); Eq. (8) is
  *not* used (it is available as a cross-check, :func:`eq8_profile`).
* **Occupation.** Fermi function at :math:`\varepsilon_F` with temperature ``T`` (:math:`k_B=1`)
  times a smooth lower cut-off :math:`\tfrac12\,\mathrm{erfc}((\varepsilon_{\min}-\varepsilon)/w_{\min})`.
* **p_y quadrature.** Gauss-Legendre on :math:`0\le p_y\le P`. The bound is rigorous: by Weyl's
  inequality the spectrum of :math:`H(m,0)` has no eigenvalue in
  :math:`(U_{\max}-m,\,U_{\min}+m)`, so no state lies in the occupied window
  :math:`[\varepsilon_{lo},\varepsilon_{hi}]` (where the occupation exceeds :math:`10^{-11}`) once
  :math:`m > \max(\varepsilon_{hi}-U_{\min},\,U_{\max}-\varepsilon_{lo})`.
* **Total current across one step.** :math:`J_y=\int W(x)\,j_y(x)\,dx` with a smooth window
  :math:`W` equal to 1 around the up-step and 0 around the down-step; its edges sit in the
  middle of the flat regions.

Also: :func:`eq8_pair_sums` tests Eq. (8) on separately diagonalised :math:`H(\Delta,\pm p_y)`
(without Eq. 6); :func:`tunnelling_profile` gives :math:`j_y(x)` across a step with its shape measures
and the Landau-Zener factor (:func:`landau_zener_factor`) of its steepest slope; :func:`current_from_sweep`
re-uses one sweep for other occupations, windows and p_y sub-rules. For a mirror-symmetric box the
diagonalisation uses two parity blocks (:func:`ahe_lib.exact_solver.mass_frame_eigh`); BLAS runs with
one thread (:func:`single_thread_blas`).

Units: :math:`\hbar=v_F=1`, lengths in :math:`\hbar v_F/\Delta` when :math:`\Delta=1`. The current
density is returned as :math:`j_y/(e/h)` (energy per length), the total current as
:math:`J_y/(e/h)` (energy), with :math:`e=-|e|`:
:math:`J_y/(e/h) = \int dx\int_0^\infty dp_y\sum_n g(\varepsilon_n)\,2\cos\theta\,\psi_m^\dagger\sigma_y\psi_m`.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from scipy.special import erfc, expit
from threadpoolctl import threadpool_limits

from ._validate import finite, positive
from .exact_solver import (derivative_matrix, fd_derivative_matrix, hamiltonian_matrix, mass_frame_eigh, periodic_grid,
                           spectral_derivative)
from .step_current import step_potential

#: The step potential must be flat for |s| >= STEP_HALF_WIDTH (units hbar v_F / Delta).
STEP_HALF_WIDTH = 10.0
#: Occupations below exp(-25) ~ 1e-11 (Fermi tail) and erfc(5.9) ~ 1e-16 are dropped (defines the energy window).
_TAIL_FERMI = 25.0
_TAIL_ERFC = 5.9


# ---------------------------------------------------------------------------
# step shapes used in the chapter (all flat for |s| >= 10)
# ---------------------------------------------------------------------------

def check_flat_step(U, U_L, U_R, *, s_max, tol, n=401):
    """Raise ``ValueError`` unless ``U(s)`` equals ``U_L`` on [-s_max, -10] and ``U_R`` on [10, s_max]
    to ``tol`` (energy units), sampled at ``n`` points each side: the convention of every step solver
    here (:func:`exact_step_current`, :func:`ahe_lib.lattice.lattice_step_current`)."""
    sl = np.linspace(-s_max, -STEP_HALF_WIDTH, n)
    sr = np.linspace(STEP_HALF_WIDTH, s_max, n)
    dl = np.max(np.abs(finite("U(s)", U(sl)) * np.ones_like(sl) - U_L))
    dr = np.max(np.abs(finite("U(s)", U(sr)) * np.ones_like(sr) - U_R))
    if dl > tol or dr > tol:
        raise ValueError(
            f"U(s) must equal U_L = {U_L} for s <= -10 and U_R = {U_R} for s >= 10 (to {tol:.3g}); "
            f"max deviations {dl:.3g} (left), {dr:.3g} (right): "
            "pass the matching U_L, U_R or make the step flat outside |s| < 10"
        )


def _flat_outside(s, U_L, U_R, inner):
    s = np.asarray(s, dtype=float)
    return np.where(s <= -STEP_HALF_WIDTH, U_L, np.where(s >= STEP_HALF_WIDTH, U_R, inner))


def tanh_step(s, U_L, U_R, width=1.0):
    r"""Smooth step :math:`U_L + (U_R-U_L)(1+\tanh(s/w))/2`, exactly flat beyond :math:`|s|\ge 10` (w <= 1.3 keeps the jump there below 1e-7)."""
    return _flat_outside(s, U_L, U_R, step_potential(s, U_L, U_R, width))


def ramp_step(s, U_L, U_R, half_length=3.0):
    r"""Linear ramp from :math:`U_L` at :math:`s=-a` to :math:`U_R` at :math:`s=+a` (a = ``half_length``), with kinks at :math:`\pm a`."""
    s = np.asarray(s, dtype=float)
    return U_L + (U_R - U_L) * np.clip((s + half_length) / (2 * half_length), 0.0, 1.0)


def overshoot_step(s, U_L, U_R, width=1.0, overshoot=0.8, bump_width=1.2):
    r"""Non-monotonic step: the tanh step plus a Gaussian bump of height ``overshoot`` x (U_R-U_L) at s = 2 (overshoots U_R)."""
    s = np.asarray(s, dtype=float)
    base = step_potential(s, U_L, U_R, width)
    bump = overshoot * (U_R - U_L) * np.exp(-(((s - 2.0) / bump_width) ** 2))
    return _flat_outside(s, U_L, U_R, base + bump)


# ---------------------------------------------------------------------------
# closed-form references and occupation
# ---------------------------------------------------------------------------

def occupation(eps, eps_F, T, eps_min, w_min):
    r"""Occupation :math:`g(\varepsilon) = f_T(\varepsilon-\varepsilon_F)\,\tfrac12\mathrm{erfc}((\varepsilon_{\min}-\varepsilon)/w_{\min})`.

    ``eps`` (M,), ``eps_F`` (K,) -> (K, M). Fermi function with temperature ``T`` (> 0, k_B = 1).
    """
    eps = np.asarray(eps, dtype=float)[None, :]
    eF = np.atleast_1d(np.asarray(eps_F, dtype=float))[:, None]
    return expit(-(eps - eF) / T) * 0.5 * erfc((eps_min - eps) / w_min)


# ---------------------------------------------------------------------------
# the box and its checks
# ---------------------------------------------------------------------------

def box_potential(U, *, U_L, U_R, L, N, Delta=1.0, tol=1e-7, res_tol=0.05):
    r"""The periodic box potential: step ``U(s)`` at :math:`x=-L/4`, its mirror :math:`U(L/4-x)` at :math:`x=+L/4`.

    Checks (``ValueError`` with the remedy): ``U`` reaches ``U_L`` for :math:`s\le-10` and ``U_R`` for
    :math:`s\ge10` to within ``tol`` (relative to :math:`\max(1,|U_R-U_L|)`); the box holds both steps
    with flat regions, :math:`L\ge 48`; the grid resolves the Compton length, :math:`dx\le 0.5/\Delta`;
    and it resolves the step: the spectral interpolant of the sampled potential at the grid
    mid-points differs from ``U`` there by at most ``res_tol`` :math:`\times\Delta` (default 0.05).

    Returns ``(x, U_x)``.
    """
    uL, uR = float(finite("U_L", U_L)), float(finite("U_R", U_R))
    d = float(positive("Delta", Delta))
    L = float(positive("L", L))
    if L < 4 * (STEP_HALF_WIDTH + 2.0):
        raise ValueError(f"box length L = {L} too short: need L >= {4 * (STEP_HALF_WIDTH + 2.0)} (two steps of half-width 10 with flat regions between them)")
    x = periodic_grid(L, N)
    dx = L / N
    if dx > 0.5 / d:
        raise ValueError(f"grid too coarse for hbar v_F/Delta: dx = L/N = {dx:.3g} > 0.5/Delta; increase N to at least {int(np.ceil(2 * d * L)) | 1}")

    def U_box(xx):
        xx = np.asarray(xx, dtype=float)
        return np.where(xx < 0, U(xx + L / 4), U(L / 4 - xx))

    check_flat_step(U, uL, uR, s_max=L / 4, tol=tol * max(1.0, abs(uR - uL)))
    Ux = finite("U(x)", U_box(x)) * np.ones_like(x)
    # resolution of the step: spectral interpolation to mid-points
    k = 2 * np.pi * np.fft.fftfreq(N, d=dx)
    mid = np.real(np.fft.ifft(np.fft.fft(Ux) * np.exp(1j * k * dx / 2)))
    err = np.max(np.abs(mid - U_box(x + dx / 2)))
    if err > res_tol * d:
        raise ValueError(
            f"grid too coarse for the step: the sampled potential misses U between grid points by {err:.3g} "
            f"> {res_tol:g}*Delta; increase N (now {N}, dx = {dx:.3g}) or make the step smoother"
        )
    return x, Ux


def window_function(x, L, edge_width=2.0):
    r"""Smooth window :math:`W(x)` = 1 around the up-step at :math:`-L/4`, 0 around the down-step at :math:`+L/4`.

    :math:`W = \tfrac12[\mathrm{erf}((x+L/2)/w) - \mathrm{erf}(x/w)] + \tfrac12[1+\mathrm{erf}((x - L/2)/w)]`
    (periodically continued), edges in the middle of the flat regions at :math:`x=0` and :math:`x=\pm L/2`.
    """
    from scipy.special import erf

    w = float(edge_width)
    return 0.5 * (erf((x + L / 2) / w) - erf(x / w)) + 0.5 * (1 + erf((x - L / 2) / w))


def py_bound(e_lo, e_hi, U_min, U_max, Delta):
    r"""Rigorous :math:`P` with no eigenvalue of :math:`H(\Delta, p_y)` in ``[e_lo, e_hi]`` for :math:`|p_y| > P`.

    Weyl: eigenvalues of :math:`H(m,0)` lie outside :math:`(U_{\max}-m, U_{\min}+m)`; the window is
    empty of states once :math:`m > m^* = \max(e_{hi}-U_{\min}, U_{\max}-e_{lo}, \Delta)`.
    Returns :math:`P = \sqrt{m^{*2}-\Delta^2}`.
    """
    m_star = max(e_hi - U_min, U_max - e_lo, Delta)
    return float(np.sqrt(m_star**2 - Delta**2))


def single_thread_blas():
    """Context manager: BLAS (whatever numpy/scipy were built with) single-threaded inside the block.

    ``threadpoolctl.threadpool_limits(1, user_api="blas")``. A sweep is many diagonalisations of
    matrices of a few hundred rows; on the shared 2-core machine one BLAS thread per process was
    measured faster than two (a 414 x 414 ``eigh``: 17 ms with one thread, 100-650 ms with two
    under load), see ``benchmarks/exact_step_current.py``.
    """
    return threadpool_limits(1, user_api="blas")


# ---------------------------------------------------------------------------
# the sweep over p_y
# ---------------------------------------------------------------------------

@dataclass
class Sweep:
    """Result of one diagonalisation sweep over the p_y nodes.

    ``energies[k]`` (M_k,) and per-state data of node k; ``weights`` the p_y quadrature weights
    times the pair factor 2 cos(theta) = 2 Delta/m; ``timing`` seconds spent per stage.
    """

    x: np.ndarray
    U_x: np.ndarray
    L: float
    Delta: float
    p_y: np.ndarray
    m: np.ndarray
    weights: np.ndarray
    energies: list
    sigma_y: list  # per node: (M, N) psi^dag sigma_y psi  (mass frame), or None
    J_state: list  # per node: (M,) window-integrated sigma_y
    rho: list
    timing: dict = field(default_factory=dict)


def _sweep(U_x, *, L, Delta, e_lo, e_hi, n_py, window=None, keep_profiles=False, keep_density=False,
          quadrature="trapezoid", solver="mass", workers=2):
    r"""Diagonalise :math:`H(m,0)` at Gauss-Legendre nodes :math:`p_y\in[0,P]`, keep states in ``[e_lo, e_hi]``.

    ``window``: values W(x_j) for the window-integrated current of each state,
    :math:`\sum_j W_j\,\psi^\dagger\sigma_y\psi(x_j)\,dx`.

    ``solver``: ``'mass'`` (default) diagonalises the real form of :math:`H(m,0)` once per node and
    weights :math:`\langle\sigma_y\rangle` by :math:`2\Delta/m` (Eq. 6); ``'direct'`` diagonalises the
    complex :math:`H(\Delta,+p_y)` and :math:`H(\Delta,-p_y)` separately (the straightforward route,
    used as a reference and baseline); ``'fd'`` is the mass route with a naive central-difference
    :math:`p_x` (fermion doubling; a deliberately wrong baseline).
    Per-state arrays ``sigma_y`` hold the pair-summed :math:`\psi^\dagger\sigma_y\psi` (mass, fd) or
    the single-state one (direct), so that in every case :math:`j_y/(e/h) = \sum_k w_k\sum_n g(\varepsilon_n)\,\sigma_{y,n}(x)`.
    ``workers``: threads sharing the :math:`p_y` nodes (default 2, the machine's cores); the result does
    not depend on it.
    """
    N = U_x.size
    dx = L / N
    D = derivative_matrix(N, L)
    P = py_bound(e_lo, e_hi, float(U_x.min()), float(U_x.max()), Delta)
    # trapezoidal rule on [0, P] for the even integrand (the -p_y half is folded in by Eq. 6); the
    # integrand is smooth and vanishes (to 1e-16) with all derivatives at P, so the rule converges
    # geometrically, error ~ exp(-2 pi^2 T / h) for spacing h, set by the Fermi function's poles
    if quadrature == "trapezoid":
        h = P / int(n_py)
        p = h * np.arange(int(n_py))
        wq = np.full(int(n_py), h)
        wq[0] = h / 2
    else:  # Gauss-Legendre on [0, P]
        t, w = np.polynomial.legendre.leggauss(int(n_py))
        p = 0.5 * P * (t + 1)
        wq = 0.5 * P * w
    m = np.sqrt(Delta**2 + p**2)
    weights = wq
    E, SY, JS, RHO = [], [], [], []
    t_eig = t_post = 0.0
    x = periodic_grid(L, N)
    if solver == "fd":
        D = fd_derivative_matrix(N, L)
    if solver not in ("mass", "direct", "fd"):
        raise ValueError(f"solver must be 'mass', 'direct' or 'fd'; got {solver!r}")

    def node(pk, mk):
        t0 = time.perf_counter()
        if solver in ("mass", "fd"):
            e, a, c = mass_frame_eigh(U_x, mk, D, dx, (e_lo, e_hi))
            t1 = time.perf_counter()
            sy = (2 * Delta / mk) * (-2.0 * a * c)  # pair +-p_y: 2 cos(theta) <sigma_y>_m
            rho = a * a + c * c
        elif solver == "direct":  # the straightforward route: complex H(Delta, +p_y) and H(Delta, -p_y)
            es, sys, rhos = [], [], []
            for sgn in ((+1, -1) if pk > 0 else (+1,)):
                w_, v_ = np.linalg.eigh(hamiltonian_matrix(x, U_x, Delta, sgn * pk, L))
                keep = (w_ >= e_lo) & (w_ <= e_hi)
                psi = v_[:, keep].T.reshape(-1, 2, N) / np.sqrt(dx)
                es.append(w_[keep])
                sys.append(2 * np.imag(psi[:, 0].conj() * psi[:, 1]) * (2.0 if pk == 0 else 1.0))
                rhos.append(np.sum(np.abs(psi) ** 2, axis=1) * (2.0 if pk == 0 else 1.0))
            t1 = time.perf_counter()
            e, sy, rho = np.concatenate(es), np.concatenate(sys), np.concatenate(rhos)
        js = sy @ window * dx if window is not None else None
        return (e, js, sy if keep_profiles else None, rho if keep_density else None,
                t1 - t0, time.perf_counter() - t1)

    # The p_y nodes are independent and LAPACK releases the GIL: ``workers`` threads share them (the
    # callers limit BLAS to one thread). Results are collected in node order, identical to a serial loop.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for e, js, sy, rho, te, tp in pool.map(node, p, m):
            E.append(e)
            JS.append(js)
            SY.append(sy)
            RHO.append(rho)
            t_eig += te
            t_post += tp
    return Sweep(np.asarray(x), U_x, L, Delta, p, m, weights, E, SY, JS, RHO,
                 timing={"eigh": t_eig, "post": t_post, "nodes": int(n_py), "N": N, "e_lo": e_lo, "e_hi": e_hi})


def sweep(U_x, **kwargs):
    """:func:`_sweep` with single-threaded BLAS (see :func:`single_thread_blas`); same arguments."""
    with single_thread_blas():
        return _sweep(U_x, **kwargs)


def _energy_window(eps_F, T, eps_min, w_min):
    eF = np.atleast_1d(eps_F)
    return eps_min - _TAIL_ERFC * w_min, float(eF.max()) + _TAIL_FERMI * T


def _defaults(eps_F, U_L, U_R, Delta, eps_min, w_min):
    if w_min is None:
        w_min = 0.15 * Delta
    if eps_min is None:
        eps_min = min(U_L, U_R) - Delta - _TAIL_ERFC * w_min - 0.2 * Delta
    top = min(U_L, U_R) - Delta
    if eps_min + _TAIL_ERFC * w_min > top:
        raise ValueError(
            f"eps_min = {eps_min} with w_min = {w_min}: the smooth cut-off must lie below the lowest valence-band top "
            f"min(U_L, U_R) - Delta = {top}; need eps_min <= {top - _TAIL_ERFC * w_min:.6g}"
        )
    return float(eps_min), float(w_min)


def _check_T(T):
    T = float(finite("T", T))
    if T <= 0:
        raise ValueError(f"T must be > 0 (temperature in energy units, k_B = 1; accuracy 1e-6 is reached for T >= 0.05 Delta); got {T!r}")
    return T


def exact_step_current(U, eps_F, *, Delta, U_L, U_R, T, L=80.0, N=None, n_py=None, eps_min=None,
                       w_min=None, edge_width=3.0, k_factor=1.3, quadrature="trapezoid", solver="mass",
                       return_sweep=False, keep_profiles=False):
    r"""Total current :math:`J_y/(e/h)` across one step from exact diagonalisation (Eq. 3).

    Parameters
    ----------
    U : callable
        Vectorised :math:`U(s)`, energy units, :math:`s` the distance from the step in
        :math:`\hbar v_F/\Delta`; :math:`U=U_L` for :math:`s\le-10`, :math:`U=U_R` for :math:`s\ge10`.
    eps_F : float or array
        Fermi energies; one diagonalisation serves all.
    Delta, U_L, U_R : float
        Half-gap (> 0) and the asymptotes of ``U``.
    T : float
        Temperature (> 0, :math:`k_B=1`, energy units).
    L : float
        Box length (holds the step and its mirror image), default 80.
    N : int, optional
        Odd number of grid points. Default: the smallest odd N with
        :math:`\pi N/L \ge k_{\rm factor}\,k_{\max}`, :math:`k_{\max}` the largest kinetic
        momentum of an occupied state anywhere in the box, and :math:`dx \le 0.5/\Delta`, refined by
        factors 1.25 until the grid resolves the step to 0.025 Delta (see :func:`box_potential`).
    n_py : int, optional
        Nodes of the trapezoidal rule on :math:`[0, P]`; default :math:`\max(24, \lceil P/\min(1.9T, 0.84w_{\min})\rceil)` (trapezoid error
        :math:`\sim e^{-2\pi^2T/h}` and :math:`\sim e^{-(\pi w_{\min}/h)^2}` for spacing h).
    eps_min, w_min : float, optional
        Smooth lower cut-off (erfc of width ``w_min``); defaults place it below both valence-band tops.
    edge_width : float
        Width of the erf edges of the x window.

    Returns
    -------
    float or ndarray
        :math:`J_y/(e/h)` (energy units); with ``return_sweep=True`` also the :class:`Sweep`.
        Defaults reach :math:`|J_y - J_{\rm exact}| \le 10^{-6}` for :math:`T\ge0.05\Delta`,
        :math:`|U_R-U_L|\lesssim 4\Delta` and steps resolved by the grid.
        ``keep_profiles=True`` keeps every state's :math:`\psi^\dagger\sigma_y\psi(x)` in the sweep
        (for :func:`current_from_sweep`: :math:`j_y(x)`, other windows and occupations).
    """
    g = _prepare(U, eps_F, Delta=Delta, U_L=U_L, U_R=U_R, T=T, L=L, N=N, n_py=n_py, eps_min=eps_min,
                 w_min=w_min, k_factor=k_factor)
    x, L = g["x"], g["L"]
    W = window_function(x, L, edge_width)
    sw = sweep(g["U_x"], L=L, Delta=g["Delta"], e_lo=g["e_lo"], e_hi=g["e_hi"], n_py=g["n_py"], window=W,
               quadrature=quadrature, solver=solver, keep_profiles=keep_profiles)
    sw.timing.update(eps_min=g["eps_min"], w_min=g["w_min"], T=g["T"])
    eF = g["eps_F"]
    J = np.zeros(np.atleast_1d(eF).shape)
    for wk, e, js in zip(sw.weights, sw.energies, sw.J_state):
        J += wk * (occupation(e, np.atleast_1d(eF), g["T"], g["eps_min"], g["w_min"]) @ js)
    out = float(J[0]) if np.ndim(eps_F) == 0 else J.reshape(np.shape(eF))
    return (out, sw) if return_sweep else out


def _prepare(U, eps_F, *, Delta, U_L, U_R, T, L, N, n_py, eps_min, w_min, k_factor):
    """Validated inputs, energy window, grid (refined until it resolves the step) and p_y nodes."""
    d = float(positive("Delta", Delta))
    uL, uR = float(finite("U_L", U_L)), float(finite("U_R", U_R))
    eF = finite("eps_F", eps_F)
    T = _check_T(T)
    eps_min, w_min = _defaults(float(eF.min()), uL, uR, d, eps_min, w_min)
    e_lo, e_hi = _energy_window(eF, T, eps_min, w_min)
    # the step may leave [U_L, U_R] (overshoot): sample it to bound the local kinetic momentum
    s_in = np.linspace(-STEP_HALF_WIDTH, STEP_HALF_WIDTH, 2001)
    u_in = finite("U(s)", U(s_in)) * np.ones_like(s_in)
    Umin, Umax = min(uL, uR, float(u_in.min())), max(uL, uR, float(u_in.max()))
    kmax = max(e_hi - Umin, Umax - e_lo)
    if N is None:
        N = int(np.ceil(max(k_factor * kmax * L / np.pi, 2 * d * L))) | 1
        for _ in range(12):  # refine the default grid until it resolves the step
            try:
                box_potential(U, U_L=uL, U_R=uR, L=L, N=N, Delta=d, res_tol=0.025)
                break
            except ValueError as exc:
                if "too coarse for the step" not in str(exc):
                    raise
                N = int(1.25 * N) | 1
    x, Ux = box_potential(U, U_L=uL, U_R=uR, L=L, N=N, Delta=d)
    if np.pi * N / L < kmax:
        raise ValueError(f"grid too coarse for the energy window: occupied states need |p_x| up to {kmax:.3g} > pi N/L = {np.pi * N / L:.3g}; increase N to at least {int(np.ceil(k_factor * kmax * L / np.pi)) | 1}")
    # extra potential excursions (overshoot) enlarge the p_y bound through U_x extremes
    P = py_bound(e_lo, e_hi, float(Ux.min()), float(Ux.max()), d)
    if n_py is None:
        n_py = max(24, int(np.ceil(P / min(1.9 * T, 0.84 * w_min))))
    return {"x": x, "U_x": Ux, "L": float(L), "Delta": d, "eps_F": eF, "T": T, "eps_min": eps_min,
            "w_min": w_min, "e_lo": e_lo, "e_hi": e_hi, "n_py": int(n_py)}


def current_from_sweep(sw, eps_F, *, T, eps_min, w_min, window=None, stride=1):
    r"""Re-use one :class:`Sweep` for other occupations and x windows: :math:`J_y/(e/h)` and :math:`j_y(x)`.

    The sweep must hold every state that the occupation :func:`occupation` (``T``, ``eps_min``,
    ``w_min``) weights above :math:`10^{-11}`: its window ``[e_lo, e_hi]`` must contain
    ``[eps_min - 5.9 w_min, max(eps_F) + 25 T]`` (else ``ValueError``). ``window``: values
    :math:`W(x_j)` (default: the window the sweep was made with, via its per-state integrals;
    another window needs a sweep with ``keep_profiles=True``). Returns ``(J, j)``: ``J`` of shape
    of ``eps_F`` (energy units), ``j`` the density :math:`j_y(x)/(e/h)` of shape (K, N) or ``None``
    when the sweep kept no profiles. ``stride`` k > 1 uses every k-th p_y node with weights times k:
    the trapezoidal rule with ``nodes/k`` nodes on the same :math:`[0, P]` (``nodes`` divisible by k).
    """
    eF = np.atleast_1d(finite("eps_F", eps_F))
    stride = int(stride)
    if stride < 1 or len(sw.weights) % stride:
        raise ValueError(f"stride must be a positive divisor of the number of p_y nodes {len(sw.weights)}; "
                         f"got {stride}")
    T = _check_T(T)
    lo, hi = _energy_window(eF, T, eps_min, w_min)
    if lo < sw.timing.get("e_lo", -np.inf) - 1e-12 or hi > sw.timing.get("e_hi", np.inf) + 1e-12:
        raise ValueError(f"the sweep's energy window [{sw.timing['e_lo']:.4g}, {sw.timing['e_hi']:.4g}] does not "
                         f"hold the occupied window [{lo:.4g}, {hi:.4g}]: make the sweep with a lower eps_min "
                         "or a higher eps_F")
    keep = sw.sigma_y[0] is not None
    if window is not None and not keep:
        raise ValueError("window given but the sweep kept no profiles: make it with keep_profiles=True")
    dx = sw.L / sw.x.size
    J = np.zeros(eF.size)
    j = np.zeros((eF.size, sw.x.size)) if keep else None
    nodes = slice(None, None, stride)
    for wk, e, js, sy in zip(sw.weights[nodes] * stride, sw.energies[nodes], sw.J_state[nodes],
                             sw.sigma_y[nodes]):
        g = occupation(e, eF, T, eps_min, w_min)
        if window is None:
            J += wk * (g @ js)
        else:
            J += wk * (g @ (sy @ window)) * dx
        if keep:
            j += wk * (g @ sy)
    return (float(J[0]) if np.ndim(eps_F) == 0 else J.reshape(np.shape(eps_F))), j


def current_density(U_x, *, L, Delta, eps_F, T, n_py, eps_min, w_min, band_split=False, eq8=False, solver="mass"):
    r"""Local current density :math:`j_y(x)/(e/h)` of a periodic box potential, Eq. (3).

    ``U_x`` sampled on :func:`ahe_lib.exact_solver.periodic_grid` (L, N = U_x.size). Returns a dict
    with ``x``, ``j`` (K, N) for the K Fermi energies, and, with ``band_split``, ``j_c``: the part
    from states above the local mid-gap, :math:`\varepsilon_n > U(x)` (conduction-band part), and with
    ``eq8`` the same total computed from Eq. (8), :math:`-(\Delta/m^2)\partial_x\rho` per pair, as a
    cross-check. Units: energy per length (:math:`\hbar=v_F=1`).
    """
    d = float(positive("Delta", Delta))
    T = _check_T(T)
    eF = np.atleast_1d(finite("eps_F", eps_F))
    e_lo, e_hi = _energy_window(eF, T, eps_min, w_min)
    sw = sweep(np.asarray(U_x, float), L=L, Delta=d, e_lo=e_lo, e_hi=e_hi, n_py=n_py, keep_profiles=True,
               keep_density=eq8, solver=solver)
    N = U_x.size
    j = np.zeros((eF.size, N))
    jc = np.zeros((eF.size, N))
    j8 = np.zeros((eF.size, N))
    for wk, mk, e, sy, rho in zip(sw.weights, sw.m, sw.energies, sw.sigma_y, sw.rho):
        g = occupation(e, eF, T, eps_min, w_min)
        j += wk * (g @ sy)
        if band_split:
            above = e[:, None] > U_x[None, :]
            jc += wk * (g @ (sy * above))
        if eq8:
            j8 += wk * (2 * d / mk) * (g @ (-spectral_derivative(rho, L, axis=-1) / (2 * mk)))
    out = {"x": sw.x, "j": j, "sweep": sw}
    if band_split:
        out["j_c"] = jc
    if eq8:
        out["j_eq8"] = j8
    return out


# ---------------------------------------------------------------------------
# a long linear ramp: local current density against Eqs. (36)-(38) of App. B
# ---------------------------------------------------------------------------

def linear_ramp_profile(F, *, Delta=1.0, eps_F=0.0, T=0.05, margin=6.0, flat=12.0, n_py=None, k_factor=1.3,
                        w_min=0.15):
    r"""Exact :math:`j_y(x)` (conduction + valence) of a long linear ramp :math:`U = F s`, Eq. (3).

    The ramp :math:`U(s) = F s` runs over :math:`|s| \le a`, :math:`a = x_0 + ` ``margin``, with
    :math:`x_0 = \Delta/F` the turning points of the band edges at :math:`\varepsilon_F = 0` (App. B
    of the paper: the valence-band top :math:`U-\Delta` crosses :math:`\varepsilon_F` at :math:`s = x_0`,
    the conduction-band bottom :math:`U+\Delta` at :math:`s = -x_0`); flat regions of length ``flat``
    separate it from its mirror image in the periodic box. ``F`` in units of :math:`\Delta^2/\hbar v_F`;
    tunnelling between the bands (Landau-Zener, :math:`\sim e^{-\pi\Delta^2/F}`) is negligible only for
    :math:`F \ll \Delta^2`.

    Returns a dict: ``s`` (positions around the up-ramp), ``j`` the total :math:`j_y/(e/h)`, ``j_c``
    the part of states above the local mid-gap (:math:`\varepsilon_n > U(x)`, conduction band), and
    the predictions ``eq37`` (:math:`F/2` for :math:`|s|<x_0`, 0 outside), ``eq36`` (same shape with
    tail :math:`(F/2)\,x_0/|s|` outside; the paper's Ref. [17] normalisation :math:`|e|F/2\hbar` is
    :math:`2\pi` larger still, here only the shape is compared) and ``eq38``
    (:math:`F/2` for :math:`s<-x_0`, in magnitude), all in units of e/h per length; ``x0``, ``a``.
    """
    F = float(positive("F", F))
    d = float(positive("Delta", Delta))
    x0 = d / F
    a = x0 + float(margin)
    L = 2 * (2 * a + float(flat))
    A = F * a
    e_min = -A - d - _TAIL_ERFC * w_min - 0.2 * d
    e_lo, e_hi = _energy_window(eps_F, T, e_min, w_min)
    kmax = max(e_hi + A, A - e_lo)
    N = int(np.ceil(max(k_factor * kmax * L / np.pi, 2 * d * L))) | 1
    x = periodic_grid(L, N)
    s_up = x + L / 4
    s_dn = L / 4 - x
    U_x = np.where(x < 0, np.clip(F * s_up, -A, A), np.clip(F * s_dn, -A, A))
    P = py_bound(e_lo, e_hi, -A, A, d)
    if n_py is None:
        n_py = max(24, int(np.ceil(P / min(1.9 * T, 0.84 * w_min))))
    r = current_density(U_x, L=L, Delta=d, eps_F=[eps_F], T=T, n_py=n_py, eps_min=e_min, w_min=w_min,
                        band_split=True)
    sel = x < 0
    s = s_up[sel]
    half = 0.5 * F
    inside = np.abs(s) < x0
    eq37 = np.where(inside, half, 0.0) * (np.abs(s) <= a)
    eq36 = np.where(inside, half, half * x0 / np.maximum(np.abs(s), 1e-300)) * (np.abs(s) <= a)
    eq38 = np.where(s < -x0, half, 0.0) * (np.abs(s) <= a)
    return {"s": s, "U": U_x[sel], "j": r["j"][0][sel], "j_c": r["j_c"][0][sel], "eq36": eq36, "eq37": eq37,
            "eq38": eq38, "x0": x0, "a": a, "F": F, "N": N, "L": L, "n_py": n_py, "timing": r["sweep"].timing}


def ramp_summary(prof, delta=None):
    r"""Numbers of a :func:`linear_ramp_profile`: averages of :math:`j_y/(F/2)` between and outside the turning points.

    ``delta`` (default :math:`\min(2, x_0/2)`) excludes the smoothed vicinity of the turning
    points :math:`\pm x_0` and of the kinks :math:`\pm a`. Returns a dict with ``inner`` (mean over
    :math:`|s|<x_0-\delta`), ``outer`` (mean over :math:`x_0+\delta<|s|<a-\delta`), ``outer_eq36``
    (the same average of Eq. (36)'s tail), all in units of :math:`F/2`; ``J_between``
    (:math:`\int_{-x_0}^{x_0} j\,ds`) and ``J_ramp`` (the integral over the whole ramp and 4 units of
    flat region on each side) in units of :math:`F x_0 = \Delta`; ``c_left`` / ``c_right`` (mean of the
    conduction part over :math:`-a+\delta<s<-x_0-\delta` and :math:`-x_0+\delta<s<a-\delta`, units F/2).
    """
    s, j, jc, x0, a, F = prof["s"], prof["j"], prof["j_c"], prof["x0"], prof["a"], prof["F"]
    dl = min(2.0, 0.5 * x0) if delta is None else float(delta)
    half = 0.5 * F
    inner = np.abs(s) < x0 - dl
    outer = (np.abs(s) > x0 + dl) & (np.abs(s) < a - dl)
    between = np.abs(s) <= x0
    ds = s[1] - s[0]
    return {
        "inner": float(np.mean(j[inner]) / half) if inner.any() else float("nan"),
        "outer": float(np.mean(j[outer]) / half),
        "outer_eq36": float(np.mean(prof["eq36"][outer]) / half),
        "J_between": float(np.sum(j[between]) * ds / (F * x0)),
        "J_ramp": float(np.sum(j[np.abs(s) <= a + 4.0]) * ds / (F * x0)),
        "c_left": float(np.mean(jc[(s > -a + dl) & (s < -x0 - dl)]) / half),
        "c_right": float(np.mean(jc[(s > -x0 + dl) & (s < a - dl)]) / half),
    }


# ---------------------------------------------------------------------------
# Eq. (8) on independently diagonalised H(Delta, +p_y) and H(Delta, -p_y)
# ---------------------------------------------------------------------------

def eq8_pair_sums(U_x, *, L, Delta, p_y, eps_F, T, eps_min, w_min):
    r"""Both sides of Eq. (8), summed over states with weights :math:`g(\varepsilon)`, at one :math:`p_y`.

    :math:`H(\Delta,+p_y)` and :math:`H(\Delta,-p_y)` of Eq. (2) are diagonalised *separately*
    (complex Hermitian, :func:`ahe_lib.exact_solver.hamiltonian_matrix`; Eq. (6) is not used). With
    the occupation :func:`occupation` (Fermi function at ``eps_F``, temperature ``T``, smooth lower
    cut-off ``eps_min``, ``w_min``) it returns a dict of profiles on the grid (energy per length,
    :math:`\hbar = v_F = 1`):

    * ``lhs``: :math:`\sum_n g_n\,\psi_{n+}^\dagger\sigma_y\psi_{n+} + \sum_n g_n\,\psi_{n-}^\dagger\sigma_y\psi_{n-}`;
    * ``rhs``: :math:`-\Delta\,\partial_x\sum_n g_n(\rho_{n+} + \rho_{n-})/(2(\Delta^2+p_y^2))`, Eq. (8), with
      the spectral :math:`\partial_x` of the densities;
    * ``rhs_no_py``: the same with :math:`2\Delta^2` in the denominator (a planted error);
    * ``single``: :math:`2\sum_n g_n\,\psi_{n+}^\dagger\sigma_y\psi_{n+}` (one sign of :math:`p_y` doubled,
      no pairing) and ``rhs_single`` :math:`-\Delta\,\partial_x 2\sum_n g_n\rho_{n+}/(2(\Delta^2+p_y^2))`.

    Weighted sums are basis independent within degenerate levels (equal weights), so no pairing
    of individual states is needed.
    """
    d = float(positive("Delta", Delta))
    p_y = float(finite("p_y", p_y))
    T = _check_T(T)
    U_x = np.asarray(finite("U_x", U_x), float)
    N = U_x.size
    x = periodic_grid(L, N)
    dx = float(L) / N
    lo, hi = _energy_window([eps_F], T, eps_min, w_min)
    sums = {}
    with single_thread_blas():
        for sgn in (+1, -1):
            w, v = np.linalg.eigh(hamiltonian_matrix(x, U_x, d, sgn * p_y, float(L)))
            keep = (w >= lo) & (w <= hi)
            psi = v[:, keep].T.reshape(-1, 2, N) / np.sqrt(dx)
            g = occupation(w[keep], [eps_F], T, eps_min, w_min)[0]
            sy = 2 * np.imag(psi[:, 0].conj() * psi[:, 1])  # psi^dag sigma_y psi
            rho = np.sum(np.abs(psi) ** 2, axis=1)
            sums[sgn] = (g @ sy, g @ rho)
    m2 = d**2 + p_y**2
    drho = spectral_derivative(sums[1][1] + sums[-1][1], L)
    return {
        "x": x,
        "lhs": sums[1][0] + sums[-1][0],
        "rhs": -d * drho / (2 * m2),
        "rhs_no_py": -d * drho / (2 * d**2),
        "single": 2 * sums[1][0],
        "rhs_single": -d * spectral_derivative(2 * sums[1][1], L) / (2 * m2),
    }


# ---------------------------------------------------------------------------
# tunnelling: the current density of steps from weak to strong Landau-Zener tunnelling
# ---------------------------------------------------------------------------

def rounded_ramp(s, U_L, U_R, half_length, rounding=0.3):
    r"""Linear ramp from :math:`U_L` to :math:`U_R` over :math:`|s|<a` with its kinks rounded over ``rounding`` r.

    :math:`U = \tfrac12(U_L+U_R) + \frac{U_R-U_L}{2a}\,\frac r2\left[\ln\cosh\frac{s+a}{r} - \ln\cosh\frac{s-a}{r}\right]`,
    the integral of a box of height :math:`(U_R-U_L)/2a` with tanh edges; largest slope
    :math:`\frac{U_R-U_L}{2a}\tanh(a/r)`. Exactly flat (to the box check's 1e-7) for :math:`|s|\ge10` when
    :math:`a + 9r \le 10`.
    """
    s = np.asarray(s, dtype=float)
    a, r = float(positive("half_length", half_length)), float(positive("rounding", rounding))
    if a + 9 * r > STEP_HALF_WIDTH:
        raise ValueError(f"half_length + 9 rounding must be <= {STEP_HALF_WIDTH} (flat for |s| >= 10); "
                         f"got {a} + 9*{r}")

    def lc(z):  # log cosh, overflow-safe
        z = np.abs(z)
        return z + np.log1p(np.exp(-2 * z)) - np.log(2.0)

    inner = 0.5 * (U_L + U_R) + (U_R - U_L) / (2 * a) * 0.5 * r * (lc((s + a) / r) - lc((s - a) / r))
    return _flat_outside(s, U_L, U_R, inner)


def landau_zener_factor(max_slope, Delta=1.0):
    r"""Landau-Zener factor :math:`\exp(-\pi\Delta^2/(\hbar v_F|U'|))` (:math:`\hbar=v_F=1`).

    The probability that a Dirac electron with :math:`p_y=0` (half-gap ``Delta``) crossing a
    uniform field of slope :math:`|U'|` = ``max_slope`` tunnels from one band to the other; for
    :math:`p_y\ne0` the half-gap is :math:`\sqrt{\Delta^2+p_y^2}` and tunnelling is weaker. Evaluated at
    the largest slope of a step it is an upper bound for the step's tunnelling.
    """
    F = float(positive("max_slope", max_slope))
    d = float(positive("Delta", Delta))
    return float(np.exp(-np.pi * d**2 / F))


def tunnelling_profile(U, eps_F, *, Delta, U_L, U_R, T, L=48.0, n_py=None, w_min=None, edge_width=2.0,
                       k_factor=1.3):
    r"""Exact :math:`j_y(s)` across one step and the measures of its shape (units :math:`\hbar=v_F=1`).

    Same solver and grid choice as :func:`exact_step_current` (one sweep, profiles kept). Returns
    a dict: ``s`` (distance from the step), ``j`` (:math:`j_y/(e/h)`, energy per length), ``U``,
    ``J`` (:math:`\int W j_y\,dx`, energy units) and the profile measures

    * ``strip``: the classical band-edge strip, where :math:`\varepsilon_F` lies in the local gap,
      :math:`|\varepsilon_F-U(s)|<\Delta` (boolean mask on ``s``);
    * ``share_outside``: :math:`1-\int_{\rm strip} j_y\,ds/J` (share of the current outside the strip);
    * ``width``: :math:`s_{95}-s_{5}`, where the cumulative :math:`\int_{-\infty}^{s}j_y/J` first reaches 5 % and 95 %;
    * ``j_max``: :math:`\max|j_y|` on an 8 times finer grid by trigonometric interpolation (``s_fine``,
      ``j_fine``, ``U_fine``); ``max_slope``: :math:`\max|U'(s)|` of the callable ``U`` (finite differences,
      spacing 5e-4);
      ``lz``: :func:`landau_zener_factor` of ``max_slope``.
    """
    g = _prepare(U, eps_F, Delta=Delta, U_L=U_L, U_R=U_R, T=T, L=L, N=None, n_py=n_py, eps_min=None,
                 w_min=w_min, k_factor=k_factor)
    x, L = g["x"], g["L"]
    W = window_function(x, L, edge_width)
    sw = sweep(g["U_x"], L=L, Delta=g["Delta"], e_lo=g["e_lo"], e_hi=g["e_hi"], n_py=g["n_py"], window=W,
               keep_profiles=True)
    J, j = current_from_sweep(sw, float(eps_F), T=g["T"], eps_min=g["eps_min"], w_min=g["w_min"])
    j = j[0]
    sel = x < 0
    s, js, Us = x[sel] + L / 4, j[sel], g["U_x"][sel]
    ds = L / x.size
    strip = np.abs(float(eps_F) - Us) < g["Delta"]
    cum = np.cumsum((W * j)[sel]) * ds / J
    s_lo, s_hi = s[np.argmax(cum >= 0.05)], s[np.argmax(cum >= 0.95)]
    # maxima on an 8 times finer grid: trigonometric interpolation of the band-limited samples
    xf, (jf, Uf) = _refine(L, j, g["U_x"])
    up = xf < 0
    s_dense = np.linspace(-STEP_HALF_WIDTH, STEP_HALF_WIDTH, 40001)  # the step itself, not its samples
    slope = float(np.max(np.abs(np.gradient(U(s_dense), s_dense))))
    return {"s": s, "j": js, "U": Us, "J": J, "strip": strip,
            "s_fine": xf[up] + L / 4, "j_fine": jf[up], "U_fine": Uf[up],
            "share_outside": float(1 - np.sum(js[strip]) * ds / J), "width": float(s_hi - s_lo),
            "j_max": float(np.max(np.abs(jf[up]))), "max_slope": slope,
            "lz": landau_zener_factor(slope, g["Delta"]), "N": x.size, "n_py": g["n_py"],
            "timing": sw.timing}


def _refine(L, *fields, factor=8):
    """Trigonometric interpolation of periodic samples (odd N) onto a ``factor`` times finer grid."""
    N = fields[0].size
    n = (N - 1) // 2
    M = N * factor
    out = []
    for f in fields:
        c = np.fft.fft(f)
        cf = np.zeros(M, dtype=complex)
        cf[: n + 1] = c[: n + 1]
        cf[-n:] = c[-n:]
        out.append(np.real(np.fft.ifft(cf)) * factor)
    return -L / 2 + L * np.arange(M) / M, out
