"""The required public names: signatures, units and argument conventions other chapters rely on."""

import inspect

import numpy as np
import pytest

import ahe_lib


def _params(f):
    return [(p.name, p.kind) for p in inspect.signature(f).parameters.values()]


POS = inspect.Parameter.POSITIONAL_OR_KEYWORD
KW = inspect.Parameter.KEYWORD_ONLY


def test_total_current_contract():
    assert _params(ahe_lib.total_current) == [("eps_F", POS), ("U_L", POS), ("U_R", POS), ("Delta", POS)]
    assert type(ahe_lib.total_current(0.0, -0.5, 0.5, 1.0)) is float
    assert ahe_lib.total_current(0.0, -0.5, 0.5, 1.0) == pytest.approx(-0.5)
    assert ahe_lib.total_current(np.linspace(-3, 3, 7), -0.5, 0.5, 1.0).shape == (7,)


def test_current_density_linear_contract():
    assert _params(ahe_lib.current_density_linear)[0] == ("x", POS)
    x = np.array([-400.0, 0.0, 6.0])
    j = ahe_lib.current_density_linear(x)
    assert j.shape == (3,)
    assert j[0] == pytest.approx(1.0, abs=0.02)  # j_y/j_inf -> 1 deep inside (oscillating)
    assert j[2] == pytest.approx(0.0, abs=1e-6)  # no current beyond the stopping point


def test_ray_side_jump_contract():
    names = dict(_params(ahe_lib.ray_side_jump))
    assert list(names)[:2] == ["U", "eps"] and names["Delta"] == KW and names["L"] == KW

    def U(x):
        return 0.5 * (1 + np.tanh(np.asarray(x) / 2.0))

    jump = ahe_lib.ray_side_jump(U, 3.0, Delta=1.0, L=40.0)
    assert abs(jump) < 1 / (2 * 1.0)
    assert jump == pytest.approx(ahe_lib.semiclassical_side_jump(3.0, 0.0, 1.0, 1.0), abs=1e-7)
    with pytest.raises(ValueError):
        ahe_lib.ray_side_jump(U, 1.2, Delta=1.0, L=40.0)  # eps below U + Delta on the right


def test_exact_step_current_contract():
    names = dict(_params(ahe_lib.exact_step_current))
    assert list(names)[:2] == ["U", "eps_F"]
    for k in ("Delta", "U_L", "U_R", "T"):
        assert names[k] == KW
    assert _params(ahe_lib.total_current_thermal)[:5] == [
        ("eps_F", POS), ("U_L", POS), ("U_R", POS), ("Delta", POS), ("T", POS)]
    thermal = ahe_lib.total_current_thermal(np.array([0.1, 2.5]), -0.4, 0.6, 1.0, 0.05)
    assert thermal.shape == (2,) and thermal[0] == pytest.approx(-0.5, abs=1e-5)  # kinks 10 T away


def test_lattice_step_current_contract():
    """Signature of the required name only (its physics and float/array behaviour: tests/test_lattice.py)."""
    names = dict(_params(ahe_lib.lattice_step_current))
    assert list(names)[:2] == ["U", "eps_F"]
    for k in ("Delta", "U_L", "U_R", "T", "a"):
        assert names[k] == KW
    assert inspect.signature(ahe_lib.lattice_step_current).parameters["a"].default == 0.08
