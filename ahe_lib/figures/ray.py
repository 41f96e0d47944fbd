r"""Fig. 3: an electron ray crossing a smooth potential step, built from exact stationary states.

Lengths with :math:`\hbar = v_F = 1` (units of :math:`\hbar v_F/\Delta` for :math:`\Delta = 1`), energies in the
units of :math:`\Delta`; densities and currents per unit charge (:math:`\Psi^\dagger\Psi`, :math:`\Psi^\dagger\sigma\Psi`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..magnetization import eq62_current, magnetic_moment, magnetization_current, transport_current
from ..ray_dynamics import build_ray, exact_trajectory, semiclassical_fields, smooth_box_envelope


def ray_borders(ray, level=0.5):
    r"""Upper and lower border of the ray at each x: the y where :math:`\rho(x,y)` falls to ``level`` times its
    value on the centre line (linear interpolation). Returns (lower, upper) arrays over x."""
    lo, hi = np.empty(ray.x.size), np.empty(ray.x.size)
    y = ray.y
    for i in range(ray.x.size):
        r = ray.rho[i] / ray.rho[i, np.argmin(np.abs(y - ray.centroid[i]))]
        inside = np.nonzero(r >= level)[0]
        a, b = inside[0], inside[-1]
        lo[i] = y[a - 1] + (level - r[a - 1]) * (y[a] - y[a - 1]) / (r[a] - r[a - 1])
        hi[i] = y[b] + (level - r[b]) * (y[b + 1] - y[b]) / (r[b + 1] - r[b])
    return lo, hi


def figure_3(U, eps, *, Delta, L, x, y, W, s, k_max, n_k, n_circles=260, seed=3):
    r"""(paper Fig. 3) The ray of Eq. (19) with a flat envelope g (half-width W, edges s) crossing the step U.

    (a) density :math:`\rho(x,y)` (grey), the borders :math:`\rho = \rho_\mathrm{centre}/2` (blue), streamlines of
    the velocity field :math:`\langle\mathbf v\rangle = \Psi^\dagger\boldsymbol\sigma\Psi/\Psi^\dagger\Psi` (red), and circles
    whose density follows the magnetisation :math:`M = \mu\rho` (Eqs. 64, 65) as an illustration of
    :math:`\nabla\times M`; (b) the centroid of the built ray, the exact :math:`p_y\to0` trajectory and Eq. (22),
    with the bound :math:`-1/(2\Delta)`; (c) the transverse current density on the centre line: measured
    :math:`j_y`, Eq. (62), the transport part :math:`j_{y\,tr}` (Eq. 23) and :math:`-\partial_xM` (Eq. 66).

    Returns (fig, data) with data keys: ``x``, ``U``, ``lower``, ``upper`` (borders), ``centroid``, ``y_exact``,
    ``y_eq22``, ``j_y``, ``j_y_eq62``, ``j_tr``, ``curl_M``, ``M``, ``side_jump_ray``, ``side_jump_eq22``, ``ray``.
    """
    f, g, dg = smooth_box_envelope(W, s)
    ray = build_ray(U, eps, Delta=Delta, L=L, x=x, y=y, f=f, k_max=k_max, n_k=n_k)
    sc = semiclassical_fields(U, eps, x, Delta=Delta)
    ex = exact_trajectory(U, eps, x, Delta=Delta, L=L)
    lower, upper = ray_borders(ray)
    ic = np.argmin(np.abs(y))
    jy = ray.j_y[:, ic]
    j62, _ = eq62_current(sc.U, sc.dU, eps, Delta)
    M = magnetic_moment(sc.p, Delta) * sc.E / sc.p
    curlM = magnetization_current(sc.U, sc.dU, eps, Delta)  # -dM/dx, Eq. (66), exact derivative
    jtr = transport_current(sc.U, sc.dU, eps, Delta)

    fig = plt.figure(figsize=(9.0, 7.2))
    gs = fig.add_gridspec(2, 2, height_ratios=[1.35, 1.0])
    ax = fig.add_subplot(gs[0, :])
    ax.pcolormesh(x, y, ray.rho.T / ray.rho[:, ic].max(), cmap="Greys", vmin=0, vmax=1.6, shading="auto")
    vx, vy = ray.j_x / ray.rho, ray.j_y / ray.rho
    mask = ray.rho < 0.02 * ray.rho.max()
    ax.streamplot(x, y, np.where(mask, np.nan, vx).T, np.where(mask, np.nan, vy).T, color="tab:red",
                  density=(1.4, 0.9), linewidth=0.7, arrowsize=0.8)
    ax.plot(x, lower, color="tab:blue", lw=1.8)
    ax.plot(x, upper, color="tab:blue", lw=1.8)
    rng = np.random.default_rng(seed)
    weights = M / M.sum()
    xc = rng.choice(x, size=n_circles, p=weights) + rng.uniform(-0.5, 0.5, n_circles) * (x[1] - x[0])
    yc = rng.uniform(-0.8 * W, 0.8 * W, n_circles)
    ax.scatter(xc, yc, s=14, facecolors="none", edgecolors="tab:green", linewidths=0.6, alpha=0.85)
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(y[0], y[-1])
    ax.set_xlabel(r"$x$  [$\hbar v_F/\Delta$]")
    ax.set_ylabel(r"$y$")
    ax.set_title(r"(a) ray $\rho(x,y)$, borders, $\langle\mathbf{v}\rangle$ streamlines, magnetisation circles", fontsize=9)

    bx = fig.add_subplot(gs[1, 0])
    bx.plot(x, ray.centroid, "o", ms=2.5, color="tab:blue", label="centroid of the built ray")
    bx.plot(x, ex.y, "-", color="k", lw=1.0, label=r"exact $p_y\to0$")
    bx.plot(x, sc.y, "--", color="tab:orange", label="Eq. (22)")
    bx.axhline(-0.5 / Delta, color="grey", ls=":", lw=1)
    bx.set_xlabel(r"$x$")
    bx.set_ylabel(r"$y(x)$")
    bx.legend(fontsize=7, loc="lower right")
    bx.set_title("(b) side jump of the ray", fontsize=9)

    cx = fig.add_subplot(gs[1, 1])
    cx.plot(x, jy, color="tab:red", label=r"$j_y$ built ray")
    cx.plot(x, j62, "--", color="k", lw=1, label="Eq. (62)")
    cx.plot(x, jtr, color="tab:blue", label=r"$j_{y\,tr}$, Eq. (23)")
    cx.plot(x, curlM, color="tab:green", label=r"$-\partial_x M$, Eq. (66)")
    cx.set_xlabel(r"$x$")
    cx.set_ylabel(r"$j_y/e$ (centre line)")
    cx.legend(fontsize=7)
    cx.set_title("(c) total = transport + magnetisation", fontsize=9)
    fig.tight_layout()
    data = dict(x=x, U=sc.U, lower=lower, upper=upper, centroid=ray.centroid, y_exact=ex.y, y_eq22=sc.y, j_y=jy,
                j_y_eq62=j62, j_tr=jtr, curl_M=curlM, M=M, side_jump_ray=float(ray.centroid[-1] - ray.centroid[0]),
                side_jump_eq22=float(sc.y[-1] - sc.y[0]), ray=ray)
    return fig, data
