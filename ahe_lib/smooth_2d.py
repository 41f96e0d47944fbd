r"""A two-dimensional test of Eqs. (15), (16), (43)-(45) (paper App. C): exact non-relativistic electrons in a radial well.

Model (App. C, Eqs. (40)-(42)): conduction-band electrons near the band bottom obey
:math:`(p^2/2m + U(\mathbf r))\phi = \varepsilon\phi` with :math:`m = \Delta/v_F^2`. Their anomalous current
is the first term of Eq. (43), :math:`\mathbf j = -e(\hbar/2m)\,\mathbf n_z\times\nabla\rho`, with
:math:`\rho(\mathbf r) = \sum_{\varepsilon_i<\varepsilon_F}|\phi_i|^2`. (The second, ordinary current term cancels
between :math:`\pm l`.)

The potential depends on both coordinates through :math:`r = |\mathbf r|`:
:math:`U(r) = V\,[\tfrac12 (r/R)^2 + \tfrac14 (r/R)^4]` (anharmonic, so no shell degeneracies). Every
angular momentum :math:`l` is a one-dimensional radial problem, solved exactly up to the grid: a
cell-centred finite-volume discretisation of :math:`-\frac{\hbar^2}{2m}\frac1r\partial_r r\partial_r + \frac{\hbar^2l^2}{2mr^2} + U`
(second order for every l, including l = 0), symmetric tridiagonal, diagonalised with
``scipy.linalg.eigh_tridiagonal`` for all levels below :math:`\varepsilon_F`.

Units: :math:`\hbar = m = 1` (so :math:`v_F = \Delta = 1` too); energies in units of :math:`\hbar^2/(m\,a^2)` for the
length unit :math:`a` of ``r`` and ``R``. Currents are returned as :math:`j_\theta/(e/h)` (azimuthal component,
:math:`e = -|e|`), so Eq. (45) with the corrected prefactor :math:`e/2h` predicts
:math:`j_\theta/(e/h) = \tfrac12\,U'(r)\,\theta(\varepsilon_F - U)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import eigh_tridiagonal
from scipy.special import airy

from ._validate import finite, positive
from .airy_density import _ai, airy_tail_integral


def radial_well(r, V=1.0, R=40.0):
    r"""The test potential :math:`U(r) = V[\tfrac12(r/R)^2 + \tfrac14(r/R)^4]` (energy units; r, R lengths)."""
    r = finite("r", r)
    V, R = float(positive("V", V)), float(positive("R", R))
    q = r / R
    return V * (0.5 * q**2 + 0.25 * q**4)


def radial_well_gradient(r, V=1.0, R=40.0):
    r""":math:`U'(r) = V[r/R^2 + r^3/R^4]` (energy/length)."""
    r = finite("r", r)
    V, R = float(positive("V", V)), float(positive("R", R))
    return V * (r / R**2 + r**3 / R**4)


def radial_well_curvature(r, V=1.0, R=40.0):
    r""":math:`U''(r) = V[1/R^2 + 3r^2/R^4]` (energy/length²)."""
    r = finite("r", r)
    V, R = float(positive("V", V)), float(positive("R", R))
    return V * (1.0 / R**2 + 3.0 * r**2 / R**4)


def stopping_radius(eps, V=1.0, R=40.0):
    r"""Radius of the line of stopping points :math:`U(r_\varepsilon) = \varepsilon` (ε > 0)."""
    eps = float(positive("eps", eps))
    V, R = float(positive("V", V)), float(positive("R", R))
    # 0.25 q^4 + 0.5 q^2 - eps/V = 0  ->  q^2 = -1 + sqrt(1 + 4 eps/V)
    return R * np.sqrt(-1.0 + np.sqrt(1.0 + 4.0 * eps / V))


def local_r0(r, V=1.0, R=40.0):
    r"""The paper's width :math:`r_0 = (\hbar^2v_F^2/(\Delta|\nabla U|))^{1/3} = (1/|U'(r)|)^{1/3}` (ħ = m = 1), Eq. (16)."""
    g = np.asarray(radial_well_gradient(r, V, R))
    with np.errstate(divide="ignore"):
        return np.where(g > 0, np.abs(g) ** (-1.0 / 3.0), np.inf)


@dataclass
class RadialDensity:
    """Exact density of the filled states and its anomalous current, on the cell-centred grid ``r``."""

    r: np.ndarray          #: grid (cell centres)
    rho: np.ndarray        #: density sum |phi_i|^2, units 1/length^2
    j_theta: np.ndarray    #: azimuthal anomalous current / (e/h), Eq. (43) first term
    n_states: int          #: number of occupied states (counting +l and -l)
    l_max: int             #: largest occupied |l|
    eps_F: float
    V: float
    R: float
    h: float


def _check_grid(eps_F, V, R, h, r_max):
    rF = stopping_radius(eps_F, V, R)
    g = float(radial_well_gradient(rF, V, R))
    ell_A = (1.0 / (8.0 * g)) ** (1.0 / 3.0)  # length of the Airy function Ai(-2 r_perp / r0), = r0/2
    lam = 2.0 * np.pi / np.sqrt(2.0 * eps_F)   # shortest de Broglie wavelength (at r = 0)
    if h > ell_A / 6.0 or h > lam / 20.0:
        raise ValueError(f"grid too coarse: h = {h} must be <= r0/12 = {ell_A / 6:.4g} and <= lambda_F/20 = {lam / 20:.4g} "
                         f"to resolve the Airy width at the stopping line and the Fermi wavelength")
    if r_max < rF + 30.0 * ell_A:
        raise ValueError(f"r_max = {r_max} must exceed the stopping radius {rF:.4g} by at least 15 r0 = {30 * ell_A:.4g}")
    return rF, ell_A


def radial_density(eps_F, V=1.0, R=40.0, h=0.1, r_max=None, window=0.0, kind="current"):
    r"""Exact density and anomalous current of all states below ``eps_F`` in :func:`radial_well` (App. C test).

    Parameters
    ----------
    eps_F : float > 0
        Fermi energy (measured from the band bottom, i.e. :math:`\varepsilon - \Delta` of the Dirac problem).
    V, R : float > 0
        Depth scale and radius of the well.
    h : float > 0
        Radial grid spacing; must resolve the Airy width :math:`r_0` at the stopping line and the Fermi
        wavelength (else ``ValueError``).
    r_max : float, optional
        Outer radius (Dirichlet wall); default :math:`r_\varepsilon + 30\,r_0/2 + 10` rounded up.
    window : float >= 0
        Energy window δ. ``kind="current"``: the result is averaged over Fermi energies in
        :math:`[\varepsilon_F-\delta/2, \varepsilon_F+\delta/2]` (level i gets occupation
        :math:`\mathrm{clip}((\varepsilon_F+\delta/2-\varepsilon_i)/\delta, 0, 1)`); this removes the discreteness of the
        levels of each l, which a sharp :math:`\varepsilon_F` leaves. ``kind="energy"``: the energy distribution
        averaged over the window, :math:`[j(\varepsilon_F+\delta/2) - j(\varepsilon_F-\delta/2)]/\delta` (needs δ > 0),
        units (e/h)/energy.

    Returns
    -------
    RadialDensity
    """
    eps_F = float(positive("eps_F", eps_F))
    V, R, h = float(positive("V", V)), float(positive("R", R)), float(positive("h", h))
    rF = stopping_radius(eps_F, V, R)
    g = float(radial_well_gradient(rF, V, R))
    if r_max is None:
        r_max = rF + 30.0 * (1.0 / (8.0 * g)) ** (1.0 / 3.0) + 10.0
    r_max = float(positive("r_max", r_max))
    _check_grid(eps_F, V, R, h, r_max)
    N = int(np.ceil(r_max / h))
    r = (np.arange(N) + 0.5) * h
    rp = r + 0.5 * h  # r_{i+1/2}; r_{-1/2} = 0
    rm = r - 0.5 * h
    U = np.asarray(radial_well(r, V, R))
    kin_d = (rp + rm) / (2.0 * h * h) / r
    off = -rp[:-1] / (2.0 * h * h) / np.sqrt(r[:-1] * r[1:])
    window = float(finite("window", window))
    if window < 0 or (kind == "energy" and window <= 0):
        raise ValueError(f"window must be >= 0 (> 0 for kind='energy'); got {window}")
    if kind not in ("current", "energy"):
        raise ValueError(f"kind must be 'current' or 'energy'; got {kind!r}")
    top = eps_F + 0.5 * window
    rho = np.zeros(N)
    n_states, l = 0, 0
    while True:
        d = kin_d + U + 0.5 * l * l / r**2
        vals, vecs = eigh_tridiagonal(d, off, select="v", select_range=(-1.0, top))
        if vals.size == 0:
            break
        if kind == "energy":
            occ = (vals > eps_F - 0.5 * window) / window
        elif window > 0:
            occ = np.clip((top - vals) / window, 0.0, 1.0)
        else:
            occ = np.ones_like(vals)
        mult = 1 if l == 0 else 2
        rho += mult * (vecs**2 @ occ) / (2.0 * np.pi * r * h)
        n_states += mult * int(np.count_nonzero(vals < eps_F))
        l += 1
    drho = np.gradient(rho, r)
    j = -np.pi * drho  # j/(e/h) = -(h hbar / 2m) d rho/dr = -pi d rho/dr   (hbar = m = 1)
    return RadialDensity(r=r, rho=rho, j_theta=j, n_states=n_states, l_max=l - 1, eps_F=eps_F, V=V, R=R, h=h)


def thomas_fermi_density(r, eps_F, V=1.0, R=40.0, prefactor=1.0 / (2.0 * np.pi)):
    r"""Semiclassical density :math:`c\,m(\varepsilon_F - U)\theta(\varepsilon_F-U)/\hbar^2`; :math:`c = 1/2\pi` from
    :math:`\int d^2p/(2\pi\hbar)^2`; Eq. (44) prints :math:`c = 1/4\pi`."""
    U = np.asarray(radial_well(r, V, R))
    return prefactor * np.maximum(eps_F - U, 0.0)


def eq45_current(r, eps_F, V=1.0, R=40.0, prefactor=0.5):
    r"""Eq. (45): :math:`j_\theta/(e/h) = c\,U'(r)\,\theta(\varepsilon_F - U)` with :math:`c = 1/2` (:math:`e/2h`);
    the printed :math:`e/2\hbar` corresponds to :math:`c = \pi`."""
    U = np.asarray(radial_well(r, V, R))
    return prefactor * np.asarray(radial_well_gradient(r, V, R)) * (U < eps_F)


def airy_local_current(r, eps_F, V=1.0, R=40.0, width_factor=1.0):
    r"""Eqs. (15)+(16) integrated over energy with the local gradient: the uniform-field profile at every point,

    .. math:: \frac{j_\theta}{e/h} = \tfrac12|U'(r)|\,A_1\!\Big(-\frac{2\,r_\perp}{r_0}\Big),\quad
              r_\perp = \frac{\varepsilon_F - U(r)}{|U'(r)|},\quad r_0 = |U'(r)|^{-1/3}\ (\hbar = m = 1),

    :math:`A_1(w) = \int_w^\infty\mathrm{Ai}`. ``width_factor`` multiplies the Airy length (``2**(1/3)`` reproduces the
    width implied by the printed :math:`x_0, r_0`, i.e. :math:`\mathrm{Ai}^2(\xi^2 - r_\perp/r_0)`).
    """
    r = finite("r", r)
    g = np.abs(np.asarray(radial_well_gradient(r, V, R)))
    U = np.asarray(radial_well(r, V, R))
    out = np.zeros_like(r)
    ok = g > 0
    r0 = g[ok] ** (-1.0 / 3.0)
    rperp = (eps_F - U[ok]) / g[ok]
    out[ok] = 0.5 * g[ok] * np.asarray(airy_tail_integral(-2.0 * rperp / (r0 * width_factor)))
    return out


def airy_local_current_window(r, eps_F, window, V=1.0, R=40.0, width_factor=1.0):
    r""":func:`airy_local_current` averaged over Fermi energies in :math:`[\varepsilon_F-\delta/2, \varepsilon_F+\delta/2]`,
    in closed form (the same quantity :func:`window_average` computes by Gauss-Legendre, at the cost of two
    evaluations of :math:`A_1` instead of 48).

    The argument :math:`w = -2r_\perp/(r_0 c)` (c = ``width_factor``) is linear in ε, and
    :math:`\int A_1(w)\,dw = wA_1(w) + \mathrm{Ai}'(w)`, so the average is
    :math:`\tfrac12|U'|\,[G(w_-) - G(w_+)]/(w_- - w_+)`, :math:`G(w) = wA_1(w) + \mathrm{Ai}'(w)`,
    :math:`w_\pm` at :math:`\varepsilon_F \pm \delta/2`. ``window`` = 0 gives :func:`airy_local_current`.
    """
    if window == 0:
        return airy_local_current(r, eps_F, V, R, width_factor)
    r = finite("r", r)
    g = np.abs(np.asarray(radial_well_gradient(r, V, R)))
    U = np.asarray(radial_well(r, V, R))
    out = np.zeros_like(r)
    ok = g > 0
    scale = g[ok] ** (-1.0 / 3.0) * width_factor
    w_lo = -2.0 * (eps_F - 0.5 * window - U[ok]) / (g[ok] * scale)
    w_hi = -2.0 * (eps_F + 0.5 * window - U[ok]) / (g[ok] * scale)

    def G(w):
        return w * np.asarray(airy_tail_integral(w)) + airy(w)[1]

    out[ok] = 0.5 * g[ok] * (G(w_lo) - G(w_hi)) / (w_lo - w_hi)
    return out


def window_average(func, eps_F, window, n=48):
    r"""Average of ``func(eps)`` over :math:`\varepsilon \in [\varepsilon_F-\delta/2, \varepsilon_F+\delta/2]` (Gauss-Legendre),
    or ``func(eps_F)`` for δ = 0; used to average the predictions exactly like :func:`radial_density` averages."""
    if window == 0:
        return func(eps_F)
    t, w = np.polynomial.legendre.leggauss(n)
    return sum(0.5 * wi * func(eps_F + 0.5 * window * ti) for ti, wi in zip(t, w))


def airy_local_energy_distribution(r, eps, V=1.0, R=40.0, printed=False):
    r"""Eqs. (15)+(16): :math:`j^\varepsilon_\theta/(e/h) = \tfrac12|U'|\,(2/r_0)\mathrm{Ai}(-2r_\perp/r_0)/|U'|`
    (units (e/h)/energy); integrates over r to 1/2 across the stopping line.

    ``printed=True``: the same with the right side of Eq. (16) as printed
    (:func:`ahe_lib.airy_density.delta_shape_eq16` with ``corrected=False``), which integrates to -1/8 in a
    uniform field."""
    r = finite("r", r)
    g = np.abs(np.asarray(radial_well_gradient(r, V, R)))
    U = np.asarray(radial_well(r, V, R))
    r0 = g ** (-1.0 / 3.0)
    rperp = (eps - U) / g
    if printed:  # d/dr int_0^inf Ai^2(xi^2 + r/r0) dxi = -(2^(2/3)/4) Ai(2^(2/3) r/r0) / r0
        c = 2.0 ** (2.0 / 3.0)
        return 0.5 * (-(c / 4.0) * _ai(c * rperp / r0) / r0)
    return 0.5 * (2.0 / r0) * _ai(-2.0 * rperp / r0)


def energy_distribution_window(r, eps, window, V=1.0, R=40.0, printed=False):
    r""":func:`airy_local_energy_distribution` averaged over :math:`[\varepsilon-\delta/2, \varepsilon+\delta/2]`, in closed form.

    The Airy argument is linear in ε, so the average is a difference of :math:`A_1 = \int_w^\infty\mathrm{Ai}`:
    corrected shape :math:`\tfrac12|U'|[A_1(w_+) - A_1(w_-)]/\delta` with :math:`w_\pm = -2r_\perp(\varepsilon\pm\delta/2)/r_0`;
    printed shape :math:`-\tfrac18|U'|[A_1(v_-) - A_1(v_+)]/\delta` with :math:`v_\pm = 2^{2/3}r_\perp(\varepsilon\pm\delta/2)/r_0`.
    Same quantity as :func:`window_average` of :func:`airy_local_energy_distribution` (unit test); units (e/h)/energy.
    """
    window = float(positive("window", window))
    r = finite("r", r)
    g = np.abs(np.asarray(radial_well_gradient(r, V, R)))
    U = np.asarray(radial_well(r, V, R))
    r0 = g ** (-1.0 / 3.0)
    rp_hi, rp_lo = (eps + 0.5 * window - U) / g, (eps - 0.5 * window - U) / g
    if printed:
        c = 2.0 ** (2.0 / 3.0)
        a_lo = np.asarray(airy_tail_integral(c * rp_lo / r0))
        a_hi = np.asarray(airy_tail_integral(c * rp_hi / r0))
        return -0.125 * g * (a_lo - a_hi) / window
    a_hi = np.asarray(airy_tail_integral(-2.0 * rp_hi / r0))
    a_lo = np.asarray(airy_tail_integral(-2.0 * rp_lo / r0))
    return 0.5 * g * (a_hi - a_lo) / window


def window_stats(r, f, center, half_width):
    r"""Weight of ``f`` within ``|r - center| < half_width`` and outside it (trapezoid sums on the grid)."""
    inside = np.abs(r - center) < half_width
    h = r[1] - r[0]
    return float(np.sum(f[inside]) * h), float(np.sum(f[~inside]) * h)


def validity_parameter(r, V=1.0, R=40.0):
    r"""The paper's condition below Eq. (16), :math:`\kappa = \max_i|\partial^2U/\partial r_i^2|\,r_0/|\nabla U|` at radius r.

    For a radial U the two second derivatives are :math:`U''` (along :math:`\hat r`) and :math:`U'/r` (along
    :math:`\hat\theta`, the curvature of the equipotential), so :math:`\kappa = \max(|U''|, |U'|/r)\,r_0/|U'|`.
    Eq. (15) needs :math:`\kappa \ll 1`; κ diverges at r → 0 where :math:`\nabla U \to 0`.
    """
    r = finite("r", r)
    g = np.abs(np.asarray(radial_well_gradient(r, V, R)))
    c = np.abs(np.asarray(radial_well_curvature(r, V, R)))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.maximum(c, g / r) * g ** (-1.0 / 3.0) / g


def compare_with_eq15(eps_F=0.75, V=1.0, R=40.0, h=0.1, window_factor=2.0):
    r"""Exact 2D current (window-averaged over :math:`\delta = ` ``window_factor`` :math:`\cdot|U'(r_F)|r_0`) vs the predictions.

    Returns a dict: ``r``, ``j_exact``, ``j_airy`` (Eqs. (15)+(16), corrected), ``j_airy_printed_width``
    (Airy length from the printed :math:`r_0`), ``j_step`` (Eq. (45)), each window-averaged like the exact one;
    scalars ``rF``, ``r0`` (at :math:`r_F`), ``kappa`` (:func:`validity_parameter` at :math:`r_F`), ``n_states``,
    ``window``, and the errors in units of the step height :math:`\tfrac12|U'(r_F)|`:
    ``err_edge`` (max over :math:`|r-r_F| < 5r_0`), ``err_edge_printed``, ``err_edge_step``, ``err_interior``
    (max over :math:`0.3r_F < r < r_F - 5r_0`), and ``rho_ratio``: mean exact density over
    :math:`0.2r_F<r<0.6r_F` divided by :math:`m(\varepsilon_F-U)/(2\pi\hbar^2)`.
    """
    rF = stopping_radius(eps_F, V, R)
    g = float(radial_well_gradient(rF, V, R))
    r0 = g ** (-1.0 / 3.0)
    win = window_factor * g * r0
    d = radial_density(eps_F, V, R, h, window=win)
    r = d.r
    ja = airy_local_current_window(r, eps_F, win, V, R)
    jp = airy_local_current_window(r, eps_F, win, V, R, 2.0 ** (1.0 / 3.0))
    js = window_average(lambda e: eq45_current(r, e, V, R), eps_F, win)
    tf = window_average(lambda e: thomas_fermi_density(r, e, V, R), eps_F, win)
    edge = np.abs(r - rF) < 5 * r0
    inner = (r > 0.3 * rF) & (r < rF - 5 * r0)
    mid = (r > 0.2 * rF) & (r < 0.6 * rF)
    step = 0.5 * g

    def err(a, sel):  # nan when the region is empty (stopping line too close to the centre)
        return float(np.max(np.abs(a[sel] - d.j_theta[sel])) / step) if np.any(sel) else float("nan")

    return {"r": r, "j_exact": d.j_theta, "j_airy": ja, "j_airy_printed_width": jp, "j_step": js,
            "rho": d.rho, "rho_tf": tf, "rF": rF, "r0": r0, "kappa": float(validity_parameter(rF, V, R)),
            "n_states": d.n_states, "window": win, "err_edge": err(ja, edge), "err_edge_printed": err(jp, edge),
            "err_edge_step": err(js, edge), "err_interior": err(ja, inner),
            "rho_ratio": float(np.mean(d.rho[mid] / tf[mid]))}


def energy_distribution_test(eps=0.75, V=1.0, R=80.0, h=0.1, window_factor=4.0, half_width_r0=3.0):
    r"""Exact :math:`j^\varepsilon_\theta` averaged over an energy window vs Eqs. (15)+(16) averaged the same way.

    Returns a dict with ``r``, ``j_eps`` (exact), ``j_eps_pred``, ``r_eps``, ``r0``, ``window``, ``weight_exact`` and
    ``weight_pred`` (:math:`\int j^\varepsilon dr` over the band :math:`|r - r_\varepsilon| < \delta/(2|U'|) +`
    ``half_width_r0`` :math:`r_0`), ``weight_outside`` (exact, the rest; Eq. (15) says 0) and ``weight_total``
    (exact; Eq. (15) with the prefactor e/2h says 1/2 in units of e/h), ``weight_pred_printed_eq16`` (the same
    band with Eq. (16) as printed: -1/8), and the largest deviations ``max_dev_pred``, ``max_dev_printed_eq16`` of
    the two predictions from the exact curve within the band ((e/h)/energy).
    """
    rF = stopping_radius(eps, V, R)
    g = float(radial_well_gradient(rF, V, R))
    r0 = g ** (-1.0 / 3.0)
    win = window_factor * g * r0
    d = radial_density(eps, V, R, h, window=win, kind="energy")
    pred = energy_distribution_window(d.r, eps, win, V, R)
    pred_printed = energy_distribution_window(d.r, eps, win, V, R, printed=True)
    hw = 0.5 * win / g + half_width_r0 * r0
    w_in, w_out = window_stats(d.r, d.j_theta, rF, hw)
    p_in, _ = window_stats(d.r, pred, rF, hw)
    pp_in, _ = window_stats(d.r, pred_printed, rF, hw)
    return {"r": d.r, "j_eps": d.j_theta, "j_eps_pred": pred, "r_eps": rF, "r0": r0, "window": win,
            "half_width": hw, "weight_exact": w_in, "weight_pred": p_in, "weight_outside": w_out,
            "weight_total": w_in + w_out, "weight_pred_printed_eq16": pp_in,
            "max_dev_pred": float(np.max(np.abs(d.j_theta - pred)[np.abs(d.r - rF) < hw])),
            "max_dev_printed_eq16": float(np.max(np.abs(d.j_theta - pred_printed)[np.abs(d.r - rF) < hw]))}


def centre_breakdown(eps_F=0.75, V=1.0, R=80.0, h=0.1, window_factor=2.0, edges=(0.5, 2, 4, 8, 16, 32, 64), res=None):
    r"""Where Eq. (45) fails: in radial bins, the validity parameter κ (bin centre) and the largest deviation
    :math:`|j_{exact} - j_{Eq.(15,16)}|` in units of the local :math:`\tfrac12|U'|` (bin maximum). Rows
    ``(r_lo, r_hi, kappa, rel_dev)``. ``res``: a :func:`compare_with_eq15` result for the same parameters, reused."""
    if res is None:
        res = compare_with_eq15(eps_F, V, R, h, window_factor)
    r = res["r"]
    rows = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (r >= lo) & (r < hi)
        loc = 0.5 * np.max(np.abs(np.asarray(radial_well_gradient(r[sel], V, R))))
        dev = np.max(np.abs(res["j_exact"][sel] - res["j_airy"][sel])) / loc
        rows.append((lo, hi, float(validity_parameter(0.5 * (lo + hi), V, R)), float(dev)))
    return rows
