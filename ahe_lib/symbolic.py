r"""Symbolic derivations (sympy) of the algebraic steps of Sec. II: Eqs. (4) -> (5), (6), (7) + (5) -> (8).

Each function *derives* the right-hand side from the ingredients and returns the
difference to the paper's printed form, simplified; zero means the paper's
equation follows. Units: :math:`\hbar = v_F = 1` (the identities are homogeneous,
so restoring them is bookkeeping).
"""

from __future__ import annotations

import sympy as sp

sx = sp.Matrix([[0, 1], [1, 0]])
sy = sp.Matrix([[0, -sp.I], [sp.I, 0]])
sz = sp.Matrix([[1, 0], [0, -1]])
one = sp.eye(2)

Delta, p_y = sp.symbols("Delta p_y", positive=True)
theta = sp.symbols("theta", real=True)


def eq5_from_eq4():
    r"""Local part of Eq. (4): :math:`i[\Delta\sigma_z + p_y\sigma_y, \sigma_x]` as a combination of Pauli matrices.

    Returns the matrix :math:`i[H_{loc},\sigma_x] - (2p_y\sigma_z - 2\Delta\sigma_y)`, which must vanish; with
    Eq. (4) this gives :math:`2p_y\langle\sigma_z\rangle - 2\Delta\langle\sigma_y\rangle = \partial_x\rho`, i.e. Eq. (5).
    """
    H_loc = Delta * sz + p_y * sy
    comm = sp.I * (H_loc * sx - sx * H_loc)
    return sp.simplify(comm - (2 * p_y * sz - 2 * Delta * sy))


def rotation(angle):
    r""":math:`e^{i\,\mathrm{angle}\,\sigma_x/2}` as an explicit 2x2 matrix."""
    return sp.cos(angle / 2) * one + sp.I * sp.sin(angle / 2) * sx


def eq6_mass_term():
    r"""Eq. (6): :math:`R\,\Delta'\sigma_z R^\dagger - (\Delta\sigma_z + p_y\sigma_y)` with :math:`R = e^{i\theta\sigma_x/2}`,
    :math:`\Delta' = \sqrt{\Delta^2+p_y^2}`, :math:`\tan\theta = p_y/\Delta`; also checks that R commutes with
    :math:`\sigma_x` (so it leaves :math:`\sigma_x p_x + U` untouched). Returns (difference, commutator)."""
    Dp = sp.sqrt(Delta**2 + p_y**2)
    th = sp.atan(p_y / Delta)
    R = rotation(th)
    diff = sp.simplify(R * (Dp * sz) * R.H - (Delta * sz + p_y * sy))
    comm = sp.simplify(R * sx - sx * R)
    return diff, comm


def eq7_from_eq6():
    r"""Eq. (7) for :math:`\psi_\pm = e^{\pm i\theta\sigma_x/2}\psi'`: both sides as quadratic forms in :math:`\psi'`.

    Returns the matrix :math:`R_+^\dagger(\Delta\sigma_z + p_y\sigma_y)R_+ - R_-^\dagger(\Delta\sigma_z - p_y\sigma_y)R_-`,
    which must vanish for every :math:`\psi'`.
    """
    th = sp.atan(p_y / Delta)
    Rp, Rm = rotation(th), rotation(-th)
    lhs = Rp.H * (Delta * sz + p_y * sy) * Rp
    rhs = Rm.H * (Delta * sz - p_y * sy) * Rm
    return sp.simplify(lhs - rhs)


def eq8_from_eq5_eq7():
    r"""Eq. (8) by elimination: solve Eq. (5) for :math:`\psi_\pm` and Eq. (7) for the :math:`\sigma_z` densities.

    Unknowns: :math:`Y_\pm = \psi_\pm^\dagger\sigma_y\psi_\pm`, :math:`Z_\pm = \psi_\pm^\dagger\sigma_z\psi_\pm`, with
    :math:`D_\pm = \partial_x\psi_\pm^\dagger\psi_\pm` given. Eq. (5) at :math:`\pm p_y`:
    :math:`\Delta Y_\pm \mp p_y Z_\pm = -D_\pm/2`; Eq. (7): :math:`\Delta Z_+ + p_yY_+ = \Delta Z_- - p_yY_-`.
    Three equations for four unknowns determine :math:`Y_+ + Y_-`; returns
    ``(derived Y_+ + Y_-, derived minus the paper's right-hand side)``.
    """
    Yp, Ym, Zp, Zm, Dp, Dm = sp.symbols("Y_p Y_m Z_p Z_m D_p D_m")
    eqs = [
        sp.Eq(Delta * Yp - p_y * Zp, -Dp / 2),
        sp.Eq(Delta * Ym + p_y * Zm, -Dm / 2),
        sp.Eq(Delta * Zp + p_y * Yp, Delta * Zm - p_y * Ym),
    ]
    sol = sp.solve(eqs, [Ym, Zp, Zm], dict=True)[0]
    total = sp.simplify(Yp + sol[Ym])
    paper = -Delta * (Dp + Dm) / (2 * (Delta**2 + p_y**2))
    return total, sp.simplify(total - paper)
