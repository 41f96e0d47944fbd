r"""Non-relativistic limit of the massive Dirac equation, derived symbolically (paper Eqs. (28), (42)).

The Dirac Hamiltonian of Eq. (40), :math:`H = v_F(\sigma_xp_x + \sigma_yp_y) + \Delta\sigma_z + U(\mathbf r) - \Delta`
(Eq. (2) with the energy measured from the conduction band bottom; Eq. (28) of App. B is the case
:math:`U = Fx`), acting on :math:`\psi = (\phi, \chi)^T`, gives two rows:

.. math:: U\phi + v_F(p_x - ip_y)\chi = \varepsilon\phi,\qquad
          v_F(p_x + ip_y)\phi + (U - 2\Delta)\chi = \varepsilon\chi .

The second row is solved exactly, :math:`\chi = v_F(p_x+ip_y)\phi/(\varepsilon + 2\Delta - U)`, and inserted in
the first; both are then expanded in :math:`\lambda = 1/\Delta` (sympy ``series``) with
:math:`\hbar, v_F, \Delta` symbolic and :math:`p = -i\hbar\nabla` acting on a general :math:`\phi(x, y)` and
:math:`U(x, y)`. The leading orders are compared with the printed Eqs. (28)/(42) by
:func:`check_against_printed`. Nothing of Eqs. (28), (42) is used in the derivation.
"""

from __future__ import annotations

import sympy as sp

x, y = sp.symbols("x y", real=True)
hbar, v_F, Delta, lam = sp.symbols("hbar v_F Delta lambda", positive=True)
eps = sp.Symbol("epsilon", real=True)


def _px(f):
    return -sp.I * hbar * sp.diff(f, x)


def _py(f):
    return -sp.I * hbar * sp.diff(f, y)


def derive(U=None, phi=None):
    r"""Leading orders in :math:`1/\Delta` of the lower component and of the equation for the upper one.

    ``U``: sympy expression in ``x``, ``y`` (default a general function :math:`U(x, y)`); ``phi``: the upper
    component (default a general complex function :math:`\phi(x, y)`). Returns a dict with
    ``chi`` (leading term of the exact :math:`\chi`, order :math:`1/\Delta`), ``chi_next`` (the first neglected
    term, order :math:`1/\Delta^2`), ``equation`` (the first row to order :math:`1/\Delta`, an expression that
    vanishes on solutions), and the symbols used.
    """
    U = sp.Function("U", real=True)(x, y) if U is None else U
    phi = sp.Function("phi")(x, y) if phi is None else phi
    chi_exact = v_F * (_px(phi) + sp.I * _py(phi)) / (eps + 2 / lam - U)
    row1 = U * phi + v_F * (_px(chi_exact) - sp.I * _py(chi_exact)) - eps * phi
    chi_ser = sp.series(chi_exact, lam, 0, 3).removeO()
    row_ser = sp.series(row1, lam, 0, 2).removeO()
    chi1 = sp.expand(chi_ser.coeff(lam, 1) * lam)
    chi2 = sp.expand(chi_ser.coeff(lam, 2) * lam**2)
    to_delta = {lam: 1 / Delta}
    return {"chi": chi1.subs(to_delta), "chi_next": chi2.subs(to_delta),
            "equation": sp.expand(row_ser).subs(to_delta), "U": U, "phi": phi}


def check_against_printed(U=None, phi=None):
    r"""Differences between the derived leading orders and the printed Eq. (42) (= Eq. (28) for :math:`U = Fx`).

    Printed: :math:`(p^2/2m + U)\phi = \varepsilon\phi`, :math:`\chi = (-i\hbar\partial_x + \hbar\partial_y)\phi/(2mv_F)`
    :math:`= (p_x + ip_y)\phi/(2mv_F)`, with :math:`\Delta = mv_F^2`. Returns ``(d_equation, d_chi)``, both
    simplified; (0, 0) means the printed forms are the leading non-relativistic limit.
    """
    d = derive(U, phi)
    U, phi = d["U"], d["phi"]
    m = Delta / v_F**2
    lap = sp.diff(phi, x, 2) + sp.diff(phi, y, 2)
    printed_eq = -hbar**2 * lap / (2 * m) + U * phi - eps * phi
    printed_chi = (-sp.I * hbar * sp.diff(phi, x) + hbar * sp.diff(phi, y)) / (2 * m * v_F)
    return sp.simplify(d["equation"] - printed_eq), sp.simplify(d["chi"] - printed_chi)
