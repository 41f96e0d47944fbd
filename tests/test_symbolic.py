"""Symbolic derivations of Sec. II (sympy) and the quoted angular integral."""

import doctest

import numpy as np
import pytest
import sympy as sp

import ahe_lib
from ahe_lib import symbolic


def test_eq3_velocity_operator():
    assert symbolic.eq3_velocity_operator() == sp.zeros(2, 1)


def test_eq4_operator_identity():
    assert symbolic.eq4_operator_identity() == 0


def test_eq5_from_eq2_on_eigenstates():
    assert symbolic.eq5_from_eq4() == 0


def test_eq6_rotation():
    diff, comm = symbolic.eq6_mass_term()
    assert diff == sp.zeros(2, 2) and comm == sp.zeros(2, 2)


def test_eq6_on_eigenstates_and_wrong_sign_fails():
    plus, minus = symbolic.eq6_eigenstate_residual()
    assert plus == sp.zeros(2, 1) and minus == sp.zeros(2, 1)
    wrong, _ = symbolic.eq6_eigenstate_residual(sign=-1)
    assert all(c != 0 for c in wrong)


def test_eq7_from_eq6():
    assert symbolic.eq7_from_eq6() == sp.zeros(2, 2)


def test_eq8_on_eigenstates_needs_the_pair():
    assert symbolic.eq8_on_eigenstates() == 0
    assert symbolic.eq8_on_eigenstates(paired=False) != 0


def test_eq8_from_eq5_eq7():
    total, diff = symbolic.eq8_from_eq5_eq7()
    assert diff == 0
    assert not total.has(sp.Symbol("Y_p"))  # determined although Y_+ alone is not


@pytest.mark.parametrize("a", [0.05, 0.7, 1.0, 3.0, 40.0])
def test_angular_integral(a):
    assert ahe_lib.angular_integral(a) == pytest.approx(2 * np.pi / (a * np.sqrt(a * a + 1)), rel=1e-11)


def test_docstring_examples():
    result = doctest.testmod(ahe_lib.step_current)
    assert result.attempted > 0 and result.failed == 0
