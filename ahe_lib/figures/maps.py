r"""The book's own figures for Sections I and V (not paper figures): Berry curvature, transport vs total
current, and the current map of a puddle landscape.

Each function returns ``(fig, data)``; ``data`` holds the drawn numbers. Units: :math:`\hbar = v_F = 1`,
energies in units of :math:`\Delta`, currents in units of :math:`e/h`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from ..berry import (berry_curvature, box_flux_exact, chern_number_box, fhs_plaquette_flux, occupied_berry_flux,
                     omega_paper, transport_current)
from ..puddles import current_map, puddle_masks, transport_current_map, untrusted_mask
from ..step_current import total_current


def berry_figure(Delta=1.0, p_max=3.0, n_grid=61, boxes=(1.0, 2.0, 5.0, 10.0, 20.0, 40.0, 80.0)):
    r"""(a) :math:`\Omega_z(p_x, 0)` of both bands: lattice (FHS) plaquette values and interband formula
    against the paper's closed form; (b) lattice Berry flux through squares of half-side P (valence band,
    :math:`\pm\Delta`) against the exact flux, approaching :math:`\pm\tfrac12`.

    Returns ``fig, data`` with ``p``, ``omega_paper``, ``omega_c``, ``omega_v`` (interband formula on a
    line), ``fhs_p``, ``fhs_v``, ``fhs_c`` (plaquette flux / area on the row nearest :math:`p_y = 0`),
    ``boxes``, ``C_box_plus``, ``C_box_minus``, ``C_exact_plus``.
    """
    p = np.linspace(-p_max, p_max, 241)
    om_paper = omega_paper(p, 0.0, Delta)
    om_c, om_v = berry_curvature(p, 0.0, Delta, "c"), berry_curvature(p, 0.0, Delta, "v")
    g = np.linspace(-p_max, p_max, n_grid)
    gy = np.linspace(-0.05, 0.05, 2)  # one row of plaquettes straddling p_y = 0
    Fv, pxc, _, area = fhs_plaquette_flux(g, gy, Delta, "v")
    Fc, *_ = fhs_plaquette_flux(g, gy, Delta, "c")
    fhs_v, fhs_c = (Fv / area)[:, 0], (Fc / area)[:, 0]
    P = np.array(boxes, dtype=float)
    Cp = np.array([chern_number_box(Delta, "v", b, 81) for b in P])
    Cm = np.array([chern_number_box(-Delta, "v", b, 81) for b in P])
    Ce = np.array([box_flux_exact(Delta, "v", b) for b in P])

    fig, (a, b) = plt.subplots(1, 2, figsize=(9.0, 3.6))
    a.plot(p, om_paper, "k-", lw=2.5, alpha=0.35, label="paper's closed form")
    a.plot(p, om_v, color="#a63603", lw=1.2, label="valence, interband formula")
    a.plot(p, om_c, color="#08519c", lw=1.2, label="conduction, interband formula")
    a.plot(pxc[::2], fhs_v[::2], "o", ms=3.5, mfc="none", color="#a63603", label="valence, lattice (FHS)")
    a.plot(pxc[::2], fhs_c[::2], "s", ms=3.5, mfc="none", color="#08519c", label="conduction, lattice (FHS)")
    a.axhline(0, color="0.6", lw=0.6)
    a.set_xlabel(r"$p_x v_F/\Delta$ (at $p_y=0$)")
    a.set_ylabel(r"$\Omega_z\,\Delta^2/\hbar^2 v_F^2$")
    a.legend(fontsize=7, frameon=False, loc="upper left")
    b.semilogx(P, Cp, "o", color="#a63603", label=r"lattice, $\Delta>0$")
    b.semilogx(P, Cm, "s", color="#756bb1", label=r"lattice, $\Delta<0$")
    Pf = np.geomspace(P.min(), P.max(), 200)
    ex = np.array([box_flux_exact(Delta, "v", x) for x in Pf])
    b.semilogx(Pf, ex, "k-", lw=0.8, label="exact flux through the square")
    b.semilogx(Pf, -ex, "k-", lw=0.8)
    for s in (0.5, -0.5):
        b.axhline(s, color="0.5", ls=":", lw=0.8)
    b.set_xlabel(r"half-side $P$ of the momentum square ($\Delta/v_F$)")
    b.set_ylabel(r"$\frac{1}{2\pi}\int_{\rm square}\Omega_z\,d^2p$ (valence)")
    b.legend(fontsize=7, frameon=False, loc="center right")
    fig.tight_layout()
    data = dict(p=p, omega_paper=om_paper, omega_c=om_c, omega_v=om_v, fhs_p=pxc, fhs_v=fhs_v, fhs_c=fhs_c,
                boxes=P, C_box_plus=Cp, C_box_minus=Cm, C_exact_plus=Ce)
    return fig, data


def transport_figure(U_L=-0.4, U_R=0.6, Delta=1.0, width=5.0, eps_F=None):
    r"""(a) Berry flux :math:`\Phi(\mu)` of the locally occupied states (both bands and each band) against the
    weight :math:`\tfrac12\mathbf 1[|\mu|<\Delta]` of the total current; (b) transport current
    :math:`J_{\rm tr}` across a tanh step (quadrature) and total current :math:`J_y` against
    :math:`\varepsilon_F`.

    Returns ``fig, data`` with ``mu``, ``Phi``, ``Phi_c``, ``Phi_v``, ``eps_F``, ``J_tr``, ``J_y``.
    """
    mu = np.linspace(-4 * Delta, 4 * Delta, 161)
    Phi, Phi_c, Phi_v = (occupied_berry_flux(mu, Delta, b) for b in ("both", "c", "v"))
    if eps_F is None:
        eps_F = np.linspace(min(U_L, U_R) - 3 * Delta, max(U_L, U_R) + 3 * Delta, 25)
    eps_F = np.asarray(eps_F, dtype=float)
    J_tr = np.array([transport_current(e, U_L, U_R, Delta, width) for e in eps_F])
    J_y = total_current(eps_F, U_L, U_R, Delta)

    fig, (a, b) = plt.subplots(1, 2, figsize=(9.0, 3.6))
    a.plot(mu, Phi, "k-", label=r"$\Phi$, both bands (Berry velocity)")
    a.plot(mu, Phi_c, color="#08519c", lw=1, ls="--", label=r"$\Phi_c$")
    a.plot(mu, Phi_v, color="#a63603", lw=1, ls="--", label=r"$\Phi_v$")
    a.plot(mu, 0.5 * (np.abs(mu) < Delta), color="#31a354", lw=2, alpha=0.6, label=r"$\frac{1}{2}\mathbf{1}[|\mu|<\Delta]$ (total)")
    a.set_xlabel(r"local Fermi energy $\mu=\varepsilon_F-U$ ($\Delta$)")
    a.set_ylabel("weight of $-\\mathbf{n}_z\\times\\nabla U$ ($e/h$)")
    a.legend(fontsize=7, frameon=False)
    ef = np.linspace(eps_F.min(), eps_F.max(), 601)
    b.plot(ef, total_current(ef, U_L, U_R, Delta), color="#31a354", lw=2, label=r"total $J_y$, Eq. (12)")
    b.plot(eps_F, J_tr, "ko", ms=3.5, label=r"Berry-velocity current $J_{\rm B}$")
    for edge in (U_L - Delta, U_L + Delta, U_R - Delta, U_R + Delta):
        b.axvline(edge, color="0.7", lw=0.6, ls=":")
    b.set_xlabel(r"$\varepsilon_F$ ($\Delta$)")
    b.set_ylabel(r"current along the step ($e/h\cdot\Delta$)")
    b.legend(fontsize=7, frameon=False, loc="center", bbox_to_anchor=(0.5, 0.72))
    fig.tight_layout()
    return fig, dict(mu=mu, Phi=Phi, Phi_c=Phi_c, Phi_v=Phi_v, eps_F=eps_F, J_tr=J_tr, J_y=J_y)


def puddle_figure(pot, eps_F=0.0, Delta=1.0, stride=8, kappa_max=0.3, n_r0=2.0):
    r"""(a) the landscape: electron puddles, hole puddles, insulating regions, with the band-edge contours;
    (b) total current density :math:`|\mathbf j|` (Eq. 45 of the paper, both bands, sharp borders) with its
    direction; (c) the Berry-velocity current alone, :math:`|\mathbf j_{\rm B}|` (Eq. 1 summed over the locally
    occupied states, without the orbital-moment magnetization current), for comparison.

    In (a) and (b) the border points where the map is not to be trusted are shaded
    (:func:`ahe_lib.puddles.untrusted_mask`: within ``n_r0`` r_0 of a band edge where κ > ``kappa_max``).

    Returns ``fig, data`` with the masks' area fractions, the largest current densities in each region,
    the shares of the sharp total and of the Berry-velocity current inside the puddles, and
    ``untrusted_fraction`` (area fraction of the shaded points).
    """
    m = puddle_masks(pot.U, eps_F, Delta)
    jx, jy = current_map(pot, eps_F, Delta)
    tx, ty = transport_current_map(pot, eps_F, Delta)
    j, jt = np.hypot(jx, jy), np.hypot(tx, ty)
    ext = (0, pot.L, 0, pot.L)
    cat = np.where(m["electron"], 0, np.where(m["hole"], 2, 1))
    bad = untrusted_mask(pot, eps_F, Delta, kappa_max, n_r0)
    shade = np.zeros(bad.shape + (4,))
    shade[bad] = (0.95, 0.55, 0.0, 0.9)

    fig, axs = plt.subplots(1, 3, figsize=(11.0, 3.5), sharey=True, constrained_layout=True)
    cmap = ListedColormap(["#6baed6", "#ffffff", "#fb6a4a"])
    axs[0].imshow(cat.T, origin="lower", extent=ext, cmap=cmap, vmin=0, vmax=2, interpolation="nearest")
    X, Y = np.meshgrid(pot.x, pot.x, indexing="ij")
    axs[0].contour(X, Y, pot.U, levels=[eps_F - Delta, eps_F + Delta], colors=["#08519c", "#a50f15"], linewidths=0.8)
    axs[0].imshow(np.transpose(shade, (1, 0, 2)), origin="lower", extent=ext, interpolation="nearest")
    axs[0].set_title("electron (blue) / hole (red) puddles", fontsize=9)
    vmax = max(j.max(), jt.max())
    im = axs[1].imshow(j.T, origin="lower", extent=ext, cmap="viridis", vmin=0, vmax=vmax)
    s = slice(None, None, stride)
    keep = m["insulating"][s, s]
    axs[1].quiver(X[s, s][keep], Y[s, s][keep], jx[s, s][keep], jy[s, s][keep], color="w", scale=vmax * 30, width=0.003)
    axs[1].imshow(np.transpose(shade, (1, 0, 2)), origin="lower", extent=ext, interpolation="nearest")
    axs[1].set_title(r"total current $|\mathbf{j}|$ (both bands)", fontsize=9)
    axs[2].imshow(jt.T, origin="lower", extent=ext, cmap="viridis", vmin=0, vmax=vmax)
    axs[2].set_title(r"Berry velocity only, $|\mathbf{j}_{\rm B}|$ (no $\nabla\times\mathbf{M}$)", fontsize=9)
    for ax in axs:
        ax.set_xlabel(r"$x$ ($\hbar v_F/\Delta$)")
    axs[0].set_ylabel(r"$y$ ($\hbar v_F/\Delta$)")
    fig.colorbar(im, ax=axs, shrink=0.9, label=r"$|j|$ ($e/h\cdot\Delta^2/\hbar v_F$)")
    puddles = ~m["insulating"]
    data = dict(
        fractions={k: float(v.mean()) for k, v in m.items()},
        j_max={k: float(j[v].max()) if v.any() else 0.0 for k, v in m.items()},
        jtr_max={k: float(jt[v].max()) if v.any() else 0.0 for k, v in m.items()},
        j_share_puddles=float(j[puddles].sum() / j.sum()),
        jtr_share_puddles=float(jt[puddles].sum() / jt.sum()),
        untrusted_fraction=float(bad.mean()),
    )
    return fig, data
