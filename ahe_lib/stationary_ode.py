r"""Exact stationary states of the 1D Dirac problem of Eq. (2) at fixed energy, by integrating an ODE in x.

With :math:`\hbar = v_F = 1` and :math:`\Psi = e^{ip_y y}\psi(x)`, the eigenvalue problem
:math:`H\Psi = \varepsilon\Psi` of Eq. (2) is the first-order linear system

.. math::  \psi'(x) = A(x)\,\psi(x),\qquad A = i(\varepsilon-U(x))\sigma_x - \Delta\sigma_y + p_y\sigma_z ,

(multiply :math:`-i\sigma_x\psi' + (p_y\sigma_y + \Delta\sigma_z + U)\psi = \varepsilon\psi` by :math:`i\sigma_x`).
It is integrated with an adaptive 8th-order Runge-Kutta scheme (``scipy.integrate.solve_ivp``,
DOP853) from the right end :math:`x = +L`, where the potential is flat and the state is a single
right-moving (transmitted) plane wave, back to :math:`x = -L`, where it is split into an incident
and a reflected plane wave. The state is normalised to unit incident amplitude, so that

.. math::  \psi = u_L^+ e^{ik_Lx} + r\,u_L^- e^{-ik_Lx}\ (x\le -L),\qquad \psi = t\,u_R^+e^{ik_Rx}\ (x \ge L),

with unit plane-wave spinors :math:`u^\pm` and :math:`k = \sqrt{(\varepsilon-U)^2-\Delta^2-p_y^2}`.
Optionally the :math:`p_y`-derivative :math:`\partial_{p_y}\psi` is integrated alongside
(variational equation :math:`(\partial\psi)' = A\,\partial\psi + \sigma_z\psi`, since
:math:`\partial A/\partial p_y = \sigma_z`); this gives the transverse position of a narrow ray
without finite differences.

Spinor gauges (the phase of :math:`u(p_y)` as a function of :math:`p_y`, which shifts every
transverse position by the same constant and drops out of side jumps):

* ``"standard"``: :math:`u^\pm = (\sqrt{E+\Delta},\ (\pm k + ip_y)/\sqrt{E+\Delta})/\sqrt{2E}`, :math:`E = \varepsilon-U`;
* ``"eq6"``: :math:`u^\pm(\Delta, p_y) = e^{i\theta\sigma_x/2}u^\pm(\sqrt{\Delta^2+p_y^2}, 0)`, :math:`\tan\theta = p_y/\Delta`,
  the gauge implied by Eq. (6) and used in Eq. (20) of the paper.

Only conduction-band asymptotics are handled (:math:`\varepsilon - U_{L,R} > \sqrt{\Delta^2+p_y^2}`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from ._validate import finite, positive
from .pauli import SIGMA_X, SIGMA_Y, SIGMA_Z

SX, SY, SZ = SIGMA_X, SIGMA_Y, SIGMA_Z

GAUGES = ("standard", "eq6")


def plane_wave_spinor(E, p_y, Delta, direction=+1, gauge="standard"):
    r"""Unit spinor of a conduction-band plane wave of :math:`\sigma_xk_x + \sigma_yp_y + \Delta\sigma_z` (eigenvalue E).

    Parameters: ``E`` = ε − U (> :math:`\sqrt{\Delta^2+p_y^2}`), ``p_y`` (array allowed), ``direction`` = ±1
    for :math:`k_x = \pm\sqrt{E^2-\Delta^2-p_y^2}`, ``gauge`` as in the module docstring.
    Returns (u, du) with shape ``p_y.shape + (2,)``: the spinor and its derivative :math:`\partial u/\partial p_y`
    (analytic), together with ``k`` and ``dk`` = :math:`\partial k_x/\partial p_y`: ``(u, du, k, dk)``.
    """
    if gauge not in GAUGES:
        raise ValueError(f"gauge must be one of {GAUGES}; got {gauge!r}")
    p = np.asarray(p_y, dtype=float)
    E = float(E)
    D2 = Delta**2 + p**2
    if np.any(E**2 <= D2) or E <= 0:
        raise ValueError(f"E = eps - U = {E} must exceed sqrt(Delta^2 + p_y^2) (conduction-band plane wave)")
    k = direction * np.sqrt(E**2 - D2)
    dk = -p / k
    if gauge == "standard":
        c = np.sqrt(E + Delta)
        u = np.stack([np.full_like(p, c), (k + 1j * p) / c], axis=-1).astype(complex) / np.sqrt(2 * E)
        du = np.stack([np.zeros_like(p), (dk + 1j) / c], axis=-1).astype(complex) / np.sqrt(2 * E)
        return u, du, k, dk
    Dp = np.sqrt(D2)
    dDp = p / Dp
    c = np.sqrt(E + Dp)
    v = np.stack([c, k / c], axis=-1).astype(complex) / np.sqrt(2 * E)
    dv = np.stack([dDp / (2 * c), dk / c - k * dDp / (2 * c**3)], axis=-1).astype(complex) / np.sqrt(2 * E)
    th = np.arctan2(p, Delta)
    dth = Delta / D2
    cs, sn = np.cos(th / 2)[..., None], np.sin(th / 2)[..., None]
    vx = v[..., ::-1]                                   # sigma_x v
    u = cs * v + 1j * sn * vx
    du = cs * dv + 1j * sn * dv[..., ::-1] + 0.5 * dth[..., None] * (-sn * v + 1j * cs * vx)
    return u, du, k, dk


@dataclass
class StationaryStates:
    r"""Exact scattering states at one energy for several :math:`p_y` (first axis), unit incident amplitude.

    Attributes: ``x`` (grid), ``p_y`` (1D), ``psi`` (n_py, n_x, 2), ``dpsi_dx`` (same shape, = Aψ, exact),
    ``dpsi`` (:math:`\partial_{p_y}\psi`, or None), ``t``, ``r`` (amplitudes, n_py), ``dt``, ``dr`` (their
    :math:`p_y`-derivatives or None), ``k_L``, ``k_R``, incident/transmitted spinors ``u_L``, ``u_R`` and their
    derivatives ``du_L``, ``du_R``. Lengths in :math:`\hbar v_F/\Delta`-free units (:math:`\hbar = v_F = 1`).
    """

    x: np.ndarray
    p_y: np.ndarray
    psi: np.ndarray
    dpsi_dx: np.ndarray
    dpsi: np.ndarray | None
    t: np.ndarray
    r: np.ndarray
    dt: np.ndarray | None
    dr: np.ndarray | None
    k_L: np.ndarray
    k_R: np.ndarray
    u_L: np.ndarray
    u_R: np.ndarray
    du_L: np.ndarray
    du_R: np.ndarray

    @property
    def transmission(self):
        r"""Transmission probability :math:`|t|^2 v_R/v_L` (flux ratio)."""
        return 1.0 - np.abs(self.r) ** 2


def _check_potential(U, L, n=4001):
    """Sample U on [-L, L] (n points) and beyond; return (x, U(x)) and raise if U is not flat for |x| >= L."""
    x = np.linspace(-L, L, n)
    Ux = finite("U(x)", U(x))
    if Ux.shape != x.shape:
        raise ValueError("U must be a vectorised callable returning an array of the shape of x")
    out_l = finite("U(x)", U(np.array([-L, -1.5 * L, -2 * L, -4 * L])))
    out_r = finite("U(x)", U(np.array([L, 1.5 * L, 2 * L, 4 * L])))
    scale = max(1.0, float(np.ptp(Ux)))
    if np.ptp(out_l) > 1e-10 * scale or np.ptp(out_r) > 1e-10 * scale:
        raise ValueError("U must be constant (to 1e-10) for |x| >= L; increase L")
    return x, Ux


def solve_stationary(U, eps, p_y=0.0, *, Delta, L, x=None, derivative=False, gauge="standard",
                     rtol=1e-11, atol=1e-13):
    r"""Exact scattering states of Eq. (2) at energy ``eps`` for each ``p_y``, incident from the left, unit amplitude.

    Parameters
    ----------
    U : vectorised callable of x (energy units), constant for :math:`|x| \ge L`.
    eps : energy ε; needs :math:`\varepsilon - U(\pm L) > \sqrt{\Delta^2+p_y^2}` (propagating on both sides).
    p_y : scalar or 1D array of transverse momenta (integrated together, one system).
    Delta, L : mass (> 0) and half-width of the non-flat region (> 0).
    x : points where ψ is returned (default 801 points on [-L, L]); points outside [-L, L] use the
        analytic plane waves.
    derivative : also integrate :math:`\partial_{p_y}\psi` (variational equation).
    gauge : spinor phase convention, ``"standard"`` or ``"eq6"`` (module docstring).
    rtol, atol : DOP853 tolerances.

    Returns
    -------
    :class:`StationaryStates`. Units :math:`\hbar = v_F = 1`.
    """
    Delta = float(positive("Delta", Delta))
    L = float(positive("L", L))
    eps = float(finite("eps", eps))
    py = np.atleast_1d(finite("p_y", p_y)).astype(float)
    if py.ndim != 1:
        raise ValueError("p_y must be a scalar or a 1D array")
    _check_potential(U, L, n=201)
    U_L, U_R = float(U(np.array([-L]))[0]), float(U(np.array([L]))[0])
    for name, Uside in (("left", U_L), ("right", U_R)):
        if np.any(eps - Uside <= np.sqrt(Delta**2 + py**2)):
            raise ValueError(f"eps must satisfy eps - U > sqrt(Delta^2 + p_y^2) on the {name} side "
                             f"(U = {Uside}); no propagating conduction-band wave there")
    if x is None:
        x = np.linspace(-L, L, 801)
    x = finite("x", x)
    uR, duR, kR, dkR = plane_wave_spinor(eps - U_R, py, Delta, +1, gauge)
    uLp, duLp, kL, dkL = plane_wave_spinor(eps - U_L, py, Delta, +1, gauge)
    uLm, duLm, _, _ = plane_wave_spinor(eps - U_L, py, Delta, -1, gauge)
    n = py.size

    # The system is linear: per p_y, (a, b)' = (A0 + E(x) A1)(a, b) with E = eps - U(x), i.e.
    # [[p_y, iE + i Delta], [iE - i Delta, -p_y]]; with ``derivative`` the second copy (d/dp_y of the first)
    # also gets sigma_z (a, b). Two ways to apply these blocks, the same arithmetic.
    nv = 2 if derivative else 1
    A0 = np.zeros((n, 2, 2), complex)
    A0[:, 0, 0], A0[:, 1, 1], A0[:, 0, 1], A0[:, 1, 0] = py, -py, 1j * Delta, -1j * Delta
    A1 = np.zeros((n, 2, 2), complex)
    A1[:, 0, 1] = A1[:, 1, 0] = 1j
    sz = np.array([1.0, -1.0])  # the p_y derivative of A
    if nv * n * 2 <= 16:  # few unknowns: the blocks as one small dense matrix, one product per evaluation
        P = np.zeros((nv, n, 2, nv, n, 2), complex)
        Q = np.zeros_like(P)
        for v in range(nv):
            for j in range(n):
                P[v, j, :, v, j, :], Q[v, j, :, v, j, :] = A0[j], A1[j]
        if derivative:
            for j in range(n):
                P[1, j, :, 0, j, :] = np.diag(sz)
        size = nv * n * 2
        P, Q = P.reshape(size, size), Q.reshape(size, size)

        def rhs(xx, y):
            E = eps - float(U(np.array([xx]))[0])
            return (P + E * Q) @ y
    else:  # many p_y: the same blocks, applied as one batched 2x2 product

        def rhs(xx, y):
            E = eps - float(U(np.array([xx]))[0])
            Y = y.reshape(nv, n, 2, 1)
            out = np.matmul(A0 + E * A1, Y)
            if derivative:
                out[1, :, :, 0] += sz * Y[0, :, :, 0]
            return out.ravel()

    ph = np.exp(1j * kR * L)[:, None]
    y0 = [uR * ph]
    if derivative:
        y0.append((duR + 1j * L * dkR[:, None] * uR) * ph)
    y0 = np.concatenate([v.ravel() for v in y0])
    inside = (x >= -L) & (x <= L)
    sol = solve_ivp(rhs, (L, -L), y0, method="DOP853", rtol=rtol, atol=atol, dense_output=True)
    if not sol.success:  # pragma: no cover - DOP853 on a smooth linear system does not fail
        raise RuntimeError(sol.message)
    Yend = sol.y[:, -1].reshape(nv, n, 2)
    # split psi(-L) = a u+ e^{-ik L} + b u- e^{+ik L}
    em, ep = np.exp(-1j * kL * L), np.exp(1j * kL * L)
    B = np.stack([uLp * em[:, None], uLm * ep[:, None]], axis=-1)          # (n, 2, 2)
    ab = np.linalg.solve(B, Yend[0][..., None])[..., 0]
    a, b = ab[:, 0], ab[:, 1]
    t, r = 1.0 / a, b / a
    dt = dr = None
    if derivative:
        dB = np.stack([(duLp - 1j * L * dkL[:, None] * uLp) * em[:, None],
                       (duLm + 1j * L * dkL[:, None] * uLm) * ep[:, None]], axis=-1)
        rhs_d = Yend[1] - np.einsum("nij,nj->ni", dB, ab)
        dab = np.linalg.solve(B, rhs_d[..., None])[..., 0]
        da, db = dab[:, 0], dab[:, 1]
        dt = -da / a**2
        dr = (db * a - b * da) / a**2
    # values on the grid
    nx = x.size
    psi = np.empty((n, nx, 2), complex)
    dpsi = np.empty((n, nx, 2), complex) if derivative else None
    if inside.any():
        Yg = sol.sol(x[inside]).reshape(nv, n, 2, -1).transpose(0, 1, 3, 2)
        psi[:, inside] = Yg[0] * t[:, None, None]
        if derivative:
            dpsi[:, inside] = Yg[1] * t[:, None, None] + Yg[0] * dt[:, None, None]
    left, right = x < -L, x > L
    if left.any():
        xl = x[left][None, :, None]
        e1, e2 = np.exp(1j * kL[:, None, None] * xl), np.exp(-1j * kL[:, None, None] * xl)
        psi[:, left] = uLp[:, None] * e1 + r[:, None, None] * uLm[:, None] * e2
        if derivative:
            dkl = dkL[:, None, None]
            dpsi[:, left] = ((duLp[:, None] + 1j * xl * dkl * uLp[:, None]) * e1
                             + dr[:, None, None] * uLm[:, None] * e2
                             + r[:, None, None] * (duLm[:, None] - 1j * xl * dkl * uLm[:, None]) * e2)
    if right.any():
        xr = x[right][None, :, None]
        e1 = np.exp(1j * kR[:, None, None] * xr)
        psi[:, right] = t[:, None, None] * uR[:, None] * e1
        if derivative:
            dpsi[:, right] = (dt[:, None, None] * uR[:, None]
                              + t[:, None, None] * (duR[:, None] + 1j * xr * dkR[:, None, None] * uR[:, None])) * e1
    # exact x-derivative from the equation itself
    E = (eps - U(x))[None, :]
    dpsi_dx = np.empty_like(psi)
    dpsi_dx[..., 0] = py[:, None] * psi[..., 0] + 1j * (E + Delta) * psi[..., 1]
    dpsi_dx[..., 1] = 1j * (E - Delta) * psi[..., 0] - py[:, None] * psi[..., 1]
    return StationaryStates(x=x, p_y=py, psi=psi, dpsi_dx=dpsi_dx, dpsi=dpsi, t=t, r=r, dt=dt, dr=dr,
                            k_L=kL, k_R=kR, u_L=uLp, u_R=uR, du_L=duLp, du_R=duR)


def transverse_position(states: StationaryStates):
    r"""Transverse centroid :math:`y(x) = -\mathrm{Im}[\psi^\dagger\partial_{p_y}\psi]/\psi^\dagger\psi` of a narrow ray.

    For a ray :math:`\int f(p_y)\psi_{p_y}e^{ip_yy}dp_y` with real, even, narrowing :math:`f`, the
    density-weighted mean of y at fixed x tends to this value (at each :math:`p_y` of ``states``, normally 0).
    Needs ``derivative=True``. Returns an array (n_py, n_x); its absolute value depends on the gauge.
    """
    if states.dpsi is None:
        raise ValueError("states must be computed with derivative=True")
    num = np.einsum("nxi,nxi->nx", states.psi.conj(), states.dpsi)
    den = np.einsum("nxi,nxi->nx", states.psi.conj(), states.psi).real
    return -num.imag / den


def asymptotic_positions(states: StationaryStates):
    r"""Centroids of the incident ray (x → −∞, incident wave alone) and of the transmitted ray (x → +∞).

    :math:`y_\mathrm{in} = -\mathrm{Im}(u_L^\dagger\partial u_L)`, :math:`y_\mathrm{out} = -\mathrm{Im}(\partial_{p_y}\ln t)
    - \mathrm{Im}(u_R^\dagger\partial u_R)` (a Wigner-type shift of the transmission phase plus the spinor terms).
    Returns (y_in, y_out), arrays over ``p_y``. Needs ``derivative=True``.
    """
    if states.dt is None:
        raise ValueError("states must be computed with derivative=True")
    y_in = -np.einsum("ni,ni->n", states.u_L.conj(), states.du_L).imag
    y_out = -(states.dt / states.t).imag - np.einsum("ni,ni->n", states.u_R.conj(), states.du_R).imag
    return y_in, y_out


def flat_solution(x, eps, p_y, *, Delta, U0=0.0):
    r"""Closed form of the unit right-moving plane wave :math:`u^+e^{ikx}` in a flat potential U0 (standard gauge).

    Reference solution for testing :func:`solve_stationary`. Returns an array (n_x, 2).
    """
    u, _, k, _ = plane_wave_spinor(eps - U0, np.asarray(p_y, float), Delta, +1, "standard")
    return u[None, :] * np.exp(1j * k * np.asarray(x, float))[:, None]
