r"""Figures of the chapter "Exact numerics" (beyond the paper): exact J_y(eps_F) and j_y(x) of a ramp.

Energies in units of :math:`\Delta`, lengths in :math:`\hbar v_F/\Delta`, currents :math:`J_y/(e/h)`
and current densities :math:`j_y/(e/h)`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..step_current import total_current


def universality_figure(results, *, Delta=1.0, T=None):
    r"""Exact :math:`J_y(\varepsilon_F)` of several step shapes over Eqs. (12)/(27).

    ``results``: list of dicts with keys ``U_L``, ``U_R``, ``eps_F``, ``J`` (dict shape name -> array),
    ``shape_fn`` (dict name -> callable U(s)). One column per step height: the potential profiles on
    top, the currents below. Returns ``(fig, data)`` with the plotted deviations.
    """
    fig, axes = plt.subplots(2, len(results), figsize=(4.2 * len(results), 6.2), squeeze=False,
                             gridspec_kw={"height_ratios": [1, 1.6]})
    s = np.linspace(-10, 10, 801)
    data = {}
    for col, res in enumerate(results):
        uL, uR = res["U_L"], res["U_R"]
        e_fine = np.linspace(res["eps_F"].min(), res["eps_F"].max(), 400)
        ax_u, ax_j = axes[0, col], axes[1, col]
        ax_j.plot(e_fine, total_current(e_fine, uL, uR, Delta), color="k", lw=1.0, label="Eqs. (12)/(27), T = 0")
        if "J_ref" in res:
            ax_j.plot(res["eps_F"], res["J_ref"], "k--", lw=0.8, label=f"thermal average, T = {T}")
        for (name, J), mk in zip(res["J"].items(), "osD^v"):
            ax_u.plot(s, res["shape_fn"][name](s), label=name)
            ax_j.plot(res["eps_F"], J, mk, ms=5, mfc="none", label=name)
            data[(uR - uL, name)] = float(np.max(np.abs(J - res["J_ref"]))) if "J_ref" in res else None
        ax_u.set_xlabel(r"$s\ [\hbar v_F/\Delta]$")
        ax_u.set_ylabel(r"$U(s)/\Delta$")
        ax_u.set_title(rf"$U_R-U_L = {uR - uL:g}\Delta$")
        ax_j.set_xlabel(r"$\varepsilon_F/\Delta$")
        ax_j.set_ylabel(r"$J_y/(e\Delta/h)$")
    axes[0, 0].legend(fontsize=7, frameon=False)
    axes[1, 0].legend(fontsize=7, frameon=False)
    fig.tight_layout()
    return fig, data


def ramp_figure(profiles):
    r"""Exact :math:`j_y(s)` of a long linear ramp against Eqs. (36), (37) and the conduction part against (38).

    ``profiles``: list of dicts from :func:`ahe_lib.exact_current.linear_ramp_profile`. Current
    densities are drawn in units of :math:`F/2` (i.e. of :math:`eF/2h`), positions in units of
    :math:`x_{\rm tp}=\Delta/F` (the turning points; the paper's :math:`x_0` of Eqs. 36, 37). The exact :math:`j_y/(e/h)` is negative (:math:`e<0`: the electrons' current
    :math:`|e|F/2h` of Eq. 37 is positive), so :math:`-j_y` is drawn against Eqs. (36)/(37).
    """
    fig, axes = plt.subplots(1, len(profiles), figsize=(4.2 * len(profiles), 3.6), squeeze=False)
    data = {}
    for ax, p in zip(axes[0], profiles):
        half = 0.5 * p["F"]
        u = p["s"] / p["x0"]
        ax.plot(u, -p["j"] / half, color="C0", label=r"exact $-j_y$ (c + v)")
        ax.plot(u, p["j_c"] / half, color="C1", lw=1.0, label=r"exact, conduction part")
        ax.plot(u, p["eq37"] / half, "k-", lw=0.9, label="Eq. (37)")
        ax.plot(u, p["eq36"] / half, "k:", lw=1.2, label="Eq. (36) shape")
        ax.plot(u, p["eq38"] / half, "--", color="C3", lw=0.9, label="Eq. (38)")
        ax.set_xlim(-p["a"] / p["x0"], p["a"] / p["x0"])
        ax.set_ylim(-0.6, 1.6)
        ax.set_xlabel(r"$s/x_{\rm tp}$")
        ax.set_title(rf"$F = {p['F']:g}\,\Delta^2/\hbar v_F$")
        data[p["F"]] = (float(np.min(-p["j"] / half)), float(np.max(-p["j"] / half)))
    axes[0, 0].set_ylabel(r"$j_y\ [e F/2h]$")
    axes[0, 0].legend(fontsize=7, frameon=False)
    fig.tight_layout()
    return fig, data


def tunnelling_figure(profiles):
    r"""Exact :math:`-j_y(s)` across steps from weak to strong interband tunnelling, over the classical strip.

    ``profiles``: list of dicts from :func:`ahe_lib.exact_current.tunnelling_profile` (same
    :math:`U_L, U_R, \varepsilon_F`). Left: the potentials; right: :math:`-j_y/(e/h)` (energy per
    length, :math:`\hbar=v_F=1`, drawn from the trigonometric interpolation ``s_fine``, ``j_fine``)
    with the classical band-edge strip of each step marked below the curves. Returns ``(fig, data)``: per profile the Landau-Zener factor and the drawn maximum.
    """
    fig, (ax_u, ax_j) = plt.subplots(1, 2, figsize=(9.6, 3.6), gridspec_kw={"width_ratios": [1, 1.5]})
    data = {}
    for k, p in enumerate(profiles):
        lab = rf"$P_{{\rm LZ}} = {p['lz']:.0e}$"
        ax_u.plot(p["s_fine"], p["U_fine"], color=f"C{k}", label=lab)
        ax_j.plot(p["s_fine"], -p["j_fine"], color=f"C{k}", label=lab)
        st = p["s"][p["strip"]]
        ax_j.plot([st.min(), st.max()], [-0.05 - 0.04 * k] * 2, color=f"C{k}", lw=3)
        data[round(p["lz"], 8)] = float(np.max(-p["j_fine"]))
    ax_u.set_xlim(-10, 10)
    ax_j.set_xlim(-10, 10)
    ax_u.set_xlabel(r"$s\ [\hbar v_F/\Delta]$")
    ax_u.set_ylabel(r"$U(s)/\Delta$")
    ax_j.set_xlabel(r"$s\ [\hbar v_F/\Delta]$")
    ax_j.set_ylabel(r"$-j_y\ [e\Delta^2/(h\,\hbar v_F)]$")
    ax_j.legend(fontsize=7, frameon=False)
    ax_j.set_title("bars: classical strip $|\\varepsilon_F-U|<\\Delta$", fontsize=9)
    fig.tight_layout()
    return fig, data
