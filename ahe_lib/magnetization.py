r"""App. E: transport vs magnetization current of a wide ray, Eqs. (54)-(55), (59)-(62), (64)-(66).

Units: :math:`\hbar = v_F = 1`, and the charge e is divided out: every "current density" returned here is
:math:`j/e` (e.g. :math:`\Psi^\dagger\sigma_x\Psi`), every "density" :math:`\rho/e`, the magnetic moment
:math:`\mu/e` and the magnetisation :math:`M/e` (multiply by e = −|e| for the physical values).
Lengths with :math:`\hbar = v_F = 1`. The ray envelope is g(y) (Eq. 20), with :math:`g' = dg/dy`; the
semiclassical velocity is :math:`v_x = p/E`, :math:`E = \varepsilon - U(x)`, :math:`p = \sqrt{E^2-\Delta^2}`
(Eq. 56). All functions require :math:`E > \Delta` (``ValueError`` otherwise, via
:func:`ahe_lib.ray_dynamics.local_momentum`).
"""

from __future__ import annotations

import numpy as np

from ._validate import finite, positive
from .ray_dynamics import local_momentum


def eq54_currents(g, y, psi, Delta):
    r"""Eq. (54): :math:`j_x, \rho` of the ray :math:`\Psi = g(y+\frac1{2\Delta})\psi_+ + g(y-\frac1{2\Delta})\psi_-` (Eq. 21).

    ``psi``: spinor values (n_x, 2) of the :math:`p_y=0` state; ``g`` vectorised callable; ``y`` (n_y).
    :math:`\psi_\pm = \frac12(1\pm\sigma_x)\psi`. Returns (j_x, rho), arrays (n_x, n_y).
    """
    Delta = float(positive("Delta", Delta))
    psi = np.asarray(psi, complex)
    pp = 0.5 * (psi + psi[:, ::-1])
    pm = 0.5 * (psi - psi[:, ::-1])
    np_, nm = (np.abs(pp) ** 2).sum(-1), (np.abs(pm) ** 2).sum(-1)
    gp, gm = g(y + 0.5 / Delta) ** 2, g(y - 0.5 / Delta) ** 2
    return np.outer(np_, gp) - np.outer(nm, gm), np.outer(np_, gp) + np.outer(nm, gm)


def eq55_currents(g, dg, y, v_x, Delta):
    r"""Eq. (55): :math:`j_x = g^2 + gg'/(\Delta v_x)`, :math:`\rho = g^2/v_x + gg'/\Delta` (arrays (n_x, n_y))."""
    Delta = float(positive("Delta", Delta))
    v = np.asarray(v_x, float)[:, None]
    G, dG = g(y)[None, :], dg(y)[None, :]
    return G**2 + G * dG / (Delta * v), G**2 / v + G * dG / Delta


def eq59_divergence(g, dg, y, v_x, dv_x, Delta):
    r"""Eq. (59): :math:`\partial_x j_x = -gg'v_x'/(\Delta v_x^2) = -\partial_y j_y` (arrays (n_x, n_y))."""
    Delta = float(positive("Delta", Delta))
    v, dv = np.asarray(v_x, float)[:, None], np.asarray(dv_x, float)[:, None]
    return -g(y)[None, :] * dg(y)[None, :] * dv / (Delta * v**2)


def eq60_current(g, y, v_x, dv_x, Delta):
    r"""Eq. (60): :math:`j_y = g^2 v_x'/(2\Delta v_x^2)` (the y-integral of Eq. 59 from outside the ray)."""
    Delta = float(positive("Delta", Delta))
    v, dv = np.asarray(v_x, float)[:, None], np.asarray(dv_x, float)[:, None]
    return g(y)[None, :] ** 2 * dv / (2 * Delta * v**2)


def eq62_current(U_x, dU_x, eps, Delta):
    r"""Eq. (62) inside the ray (g = 1): :math:`j_y = -U'\Delta/(2p^3)`; returns (j_y, :math:`\langle v_y\rangle = j_y/\rho`)."""
    Delta = float(positive("Delta", Delta))
    p = local_momentum(U_x, eps, Delta)
    E = eps - np.asarray(U_x, float)
    j = -finite("dU", dU_x) * Delta / (2 * p**3)
    return j, j * p / E


def magnetic_moment(p, Delta):
    r"""Eq. (64): orbital magnetic moment :math:`\mu/e = \Delta/(2(\Delta^2+p^2))` (:math:`\hbar = v_F = 1`)."""
    Delta = float(positive("Delta", Delta))
    p = finite("p", p)
    return Delta / (2 * (Delta**2 + p**2))


def magnetization_density(U_x, eps, Delta):
    r"""Eq. (65): :math:`M/e = \mu\,\Psi^\dagger\Psi = \mu/v_x = \Delta/(2p\sqrt{\Delta^2+p^2})` inside the ray."""
    p = local_momentum(U_x, eps, Delta)
    return magnetic_moment(p, Delta) * (eps - np.asarray(U_x, float)) / p


def magnetization_current(U_x, dU_x, eps, Delta):
    r"""Eq. (66), left side: :math:`-\partial_xM/e = -\frac{U'\Delta}{2}\left(\frac1{p^3} + \frac1{p(\Delta^2+p^2)}\right)`."""
    Delta = float(positive("Delta", Delta))
    p = local_momentum(U_x, eps, Delta)
    return -finite("dU", dU_x) * Delta / 2 * (1 / p**3 + 1 / (p * (Delta**2 + p**2)))


def transport_current(U_x, dU_x, eps, Delta):
    r""":math:`j_{y\,tr}/e = v_{y\,tr}\rho = \frac{U'\Delta}{2E^3}\cdot\frac{E}{p}` (Eq. 23 times the density 1/v_x)."""
    Delta = float(positive("Delta", Delta))
    p = local_momentum(U_x, eps, Delta)
    E = eps - np.asarray(U_x, float)
    return finite("dU", dU_x) * Delta / (2 * E**2 * p)


def ray_magnetization(U_x, eps, Delta, band, charge=-1.0):
    r"""Signed magnetization :math:`M = \mu\rho` inside a ray of the conduction or the valence band (Eq. 65).

    ``band`` ``'c'``: :math:`\varepsilon - U > \Delta`; ``'v'``: :math:`\varepsilon - U < -\Delta` (an electron of
    the valence band). In both, :math:`p = \sqrt{(\varepsilon-U)^2-\Delta^2}`, the density of a unit-flux ray is
    :math:`1/|v_x| = \sqrt{\Delta^2+p^2}/p`, and the moment is that of Eq. (64), the same in both bands
    (:func:`ahe_lib.semiclassics.orbital_moment`), so :math:`M = e\Delta/(2p\sqrt{\Delta^2+p^2})` with the signed
    ``charge`` e (default :math:`e = -1`, i.e. :math:`-|e|`). :math:`\hbar = v_F = 1`.
    Raises ``ValueError`` where the energy is not inside the named band.
    """
    Delta = float(positive("Delta", Delta))
    if band not in ("c", "v"):
        raise ValueError(f"band must be 'c' or 'v'; got {band!r}")
    E = float(finite("eps", eps)) - finite("U_x", U_x)
    inside = E > Delta if band == "c" else E < -Delta
    if not np.all(inside):
        raise ValueError(f"eps - U must be {'> Delta' if band == 'c' else '< -Delta'} for band "
                         f"{band!r} at every point")
    p = np.sqrt(E * E - Delta**2)
    return float(finite("charge", charge)) * Delta / (2 * p * np.abs(E))
