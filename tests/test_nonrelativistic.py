"""Unit tests of ahe_lib.nonrelativistic: the non-relativistic limit of the Dirac equation (Eqs. 28, 42)."""

import sympy as sp

from ahe_lib import nonrelativistic as nr


def test_leading_orders_are_the_printed_equations():
    assert nr.check_against_printed() == (0, 0)
    F = sp.Symbol("F", positive=True)
    assert nr.check_against_printed(U=F * nr.x) == (0, 0)


def test_next_order_is_nonzero_and_a_wrong_lower_component_is_detected():
    d = nr.derive()
    assert sp.simplify(d["chi_next"]) != 0           # the limit is an approximation, not an identity
    # independent route: a plane wave in a flat potential, exact chi = v (p_x + i p_y) phi / (eps + 2 Delta - U)
    px, py, U0 = sp.symbols("p_x p_y U0", real=True)
    phi = sp.exp(sp.I * (px * nr.x + py * nr.y) / nr.hbar)
    chi = nr.derive(U=U0, phi=phi)["chi"]
    assert sp.simplify(chi / phi - nr.v_F * (px + sp.I * py) / (2 * nr.Delta)) == 0
    assert sp.simplify(chi / phi - nr.v_F * (px - sp.I * py) / (2 * nr.Delta)) != 0
