"""Tests of ahe_lib.lattice: the contract of lattice_step_current, its convergence in the lattice
constant, and the issue's done-when (two shapes not used in the chapter, default a).

The independent routes: Eq. (12)/(27) averaged over the Fermi window (ahe_lib.total_current_thermal,
a closed form that shares nothing with the Kwant lattice) and the Chern number of the lattice's four
Dirac points (ahe_lib.lattice.chern_number, a count of masses and chiralities).
"""

import numpy as np
import pytest

from ahe_lib import lattice_step_current, total_current_thermal
from ahe_lib.exact_current import ramp_step, tanh_step
from ahe_lib.lattice import DEFAULT_A, bulk_step_current, chern_number, doubler_gap, wilson_dispersion

T = 0.1


def tanh_small(s):
    return tanh_step(s, -0.25, 0.25, 1.0)


def wiggle_step(s, U_L, U_R):
    """Non-monotonic: a tanh step with a sine wiggle of amplitude 0.4 (U_R - U_L); flat for |s| >= 10."""
    s = np.asarray(s, dtype=float)
    inner = tanh_step(s, U_L, U_R, 1.5) + 0.4 * (U_R - U_L) * np.sin(2 * s) * np.exp(-(s**2) / 8)
    return np.where(s <= -10, U_L, np.where(s >= 10, U_R, inner))


def in_gap_constant(U_L, U_R, wilson_mass):
    """Lattice minus continuum for eps_F in the gap on both sides (chapter section lattice-uv):
    J_lattice = -C (U_R - U_L) with the lattice's integer Chern number C; Eq. (12) is -(1/2)(U_R - U_L)."""
    return -(chern_number(Delta=1.0, wilson_mass=wilson_mass) - 0.5) * (U_R - U_L)


# --- contract -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kw, match", [
    (dict(Delta=0.0), "Delta"), (dict(Delta=-1.0), "Delta"), (dict(T=0.0), "T"), (dict(T=-0.1), "T"),
    (dict(T=np.nan), "T"), (dict(U_L=np.inf), "U_L"), (dict(U_R=np.nan), "U_R"), (dict(a=0.0), "a"),
    (dict(a=1.0, eps=1.0), "too coarse"), (dict(eps=np.nan), "eps_F"), (dict(eps=[0.0, np.inf]), "eps_F"),
])
def test_bad_input_raises(kw, match):
    args = dict(Delta=1.0, U_L=-0.25, U_R=0.25, T=T, a=0.25)
    eps = kw.pop("eps", 0.0)
    args.update(kw)
    with pytest.raises(ValueError, match=match):
        lattice_step_current(tanh_small, eps, **args)


def test_step_not_flat_raises():
    with pytest.raises(ValueError, match="U_L"):
        lattice_step_current(lambda s: np.tanh(np.asarray(s) / 8.0) * 0.25, 0.0, Delta=1.0, U_L=-0.25, U_R=0.25,
                             T=T, a=0.25)


def test_too_coarse_names_the_doubler_window():
    # a = 0.25: the doubler region starts at |eps - U| = doubler_gap; push eps_F beyond it
    gap = doubler_gap(Delta=1.0, a=0.25, wilson_mass=6.0)
    with pytest.raises(ValueError, match="too coarse"):
        lattice_step_current(tanh_small, gap, Delta=1.0, U_L=-0.25, U_R=0.25, T=T, a=0.25)


def test_scalar_and_array():
    eF = np.array([[-0.9, 0.0], [0.4, 1.1]])
    J = lattice_step_current(tanh_small, eF, Delta=1.0, U_L=-0.25, U_R=0.25, T=T, a=0.25)
    assert isinstance(J, np.ndarray) and J.shape == eF.shape
    J0 = lattice_step_current(tanh_small, 0.4, Delta=1.0, U_L=-0.25, U_R=0.25, T=T, a=0.25)
    assert isinstance(J0, float)
    # a scalar and a one-element array use the same k_y nodes: the same float
    J1 = lattice_step_current(tanh_small, np.array([0.4]), Delta=1.0, U_L=-0.25, U_R=0.25, T=T, a=0.25)
    assert J1.shape == (1,) and J1[0] == J0
    # next to other Fermi energies the k_y window (and so the nodes) is wider: the values agree to the
    # method's floor, ~3e-9 here (the central difference in lambda with dlam = 1e-3 against Hellmann-Feynman
    # with eigenvectors on the same nodes, plus ~1e-9 rounding of the eigenvalues in that difference)
    assert abs(J0 - J[1, 0]) < 1e-8


def test_doubler_gap_is_the_doubler_mass():
    # fine a: the lowest outer-zone energy is the doubler at (pi/a, 0), |d| = Delta + m_W exactly
    assert abs(doubler_gap(Delta=1.0, a=0.05, wilson_mass=6.0) - 7.0) < 1e-12
    assert abs(wilson_dispersion(np.pi / 0.1, np.pi / 0.1, Delta=1.0, a=0.1, wilson_mass=6.0) - 13.0) < 1e-12


# --- physics: convergence in a, the in-gap constant -------------------------------------------

def test_convergence_in_a_is_fourth_order():
    """Deviation from Eq. (12) thermal (plus the derived constant) shrinks like a^4 (Wilson mass at k_F)."""
    uL, uR = -0.25, 0.25
    eF = np.array([-2.2, -1.6, 1.6, 2.2])
    ref = total_current_thermal(eF, uL, uR, 1.0, T) + in_gap_constant(uL, uR, 6.0)
    dev = [np.max(np.abs(lattice_step_current(tanh_small, eF, Delta=1.0, U_L=uL, U_R=uR, T=T, a=a) - ref))
           for a in (0.25, 0.125)]
    assert dev[1] < 3e-3
    assert 10 < dev[0] / dev[1] < 24  # a^4 would give 16


@pytest.mark.parametrize("wilson_mass, chern", [(6.0, 0.0), (-6.0, 1.0)])
def test_in_gap_constant_is_the_chern_bookkeeping(wilson_mass, chern):
    """eps_F mid-gap on both sides: lattice minus Eq. (12) = -(C - 1/2)(U_R - U_L), C = 0 or 1."""
    assert chern_number(Delta=1.0, wilson_mass=wilson_mass) == chern
    uL, uR = -0.3, 0.3
    eF = np.array([-0.05, 0.0, 0.05])
    J = lattice_step_current(tanh_small if uL == -0.25 else (lambda s: tanh_step(s, uL, uR, 1.0)), eF, Delta=1.0,
                             U_L=uL, U_R=uR, T=0.05, a=0.2, wilson_mass=wilson_mass)
    diff = J - total_current_thermal(eF, uL, uR, 1.0, 0.05)
    assert np.max(np.abs(diff - in_gap_constant(uL, uR, wilson_mass))) < 1e-5
    assert abs(in_gap_constant(uL, uR, wilson_mass)) == pytest.approx(0.3)  # never zero: C is an integer


# --- the done-when: two shapes of our own choosing (not the chapter's), default a -----------

def test_done_when_two_new_shapes_default_a():
    uL, uR = -0.5, 1.0
    eF = np.linspace(-2.5, 3.0, 12)  # all five regimes of Eq. (12)
    shapes = {"ramp with kinks": lambda s: ramp_step(s, uL, uR, 4.0), "wiggle": lambda s: wiggle_step(s, uL, uR)}
    J = {name: lattice_step_current(U, eF, Delta=1.0, U_L=uL, U_R=uR, T=T) for name, U in shapes.items()}
    ref = total_current_thermal(eF, uL, uR, 1.0, T)
    const = in_gap_constant(uL, uR, 6.0)
    for name in shapes:
        assert np.max(np.abs(J[name] - ref - const)) <= 5e-3, name
    assert np.max(np.abs(J["ramp with kinks"] - J["wiggle"])) <= 1e-5
    mid = np.abs(eF - 0.25) < 0.3  # eps_F in the gap on both sides ([-1.5, 0.5] and [0, 2]): the constant
    assert mid.any() and np.max(np.abs(J["wiggle"][mid] - ref[mid] - const)) < 1e-4
    assert DEFAULT_A == 0.08


# --- the bulk route: Berry curvature of the hand-written d(k), no ribbon, no Kwant -----------------

def test_bulk_route_matches_the_kwant_ribbon():
    """The ribbon's step current is the difference of the bulk magnetizations (coarse a: cheap)."""
    eF = np.array([-1.2, -0.6, 0.0, 0.6, 1.2])
    J = lattice_step_current(tanh_small, eF, Delta=1.0, U_L=-0.25, U_R=0.25, T=T, a=0.25)
    Jb = bulk_step_current(eF, Delta=1.0, U_L=-0.25, U_R=0.25, T=T, a=0.25)
    assert np.max(np.abs(J - Jb)) < 1e-5
    assert np.max(np.abs(J - total_current_thermal(eF, -0.25, 0.25, 1.0, T) - 0.25)) > 1e-4  # a lattice effect


def test_bulk_route_tends_to_eq12():
    """Two-band magnetization of the lattice at small a: Eq. (12)/(27) thermal plus the constant."""
    eF = np.linspace(-3.0, 3.0, 13)
    for uL, uR in ((-0.4, 0.6), (-1.5, 1.5)):
        Jb = bulk_step_current(eF, Delta=1.0, U_L=uL, U_R=uR, T=T, a=0.04)
        ref = total_current_thermal(eF, uL, uR, 1.0, T) + in_gap_constant(uL, uR, 6.0)
        assert np.max(np.abs(Jb - ref)) < 2e-4


def test_processes_give_the_same_result_to_the_last_bit():
    """Diagonalisations shared out to forked processes come back in order: 1, 2 or 3 workers, same floats."""
    eF = np.array([-0.9, 0.0, 1.1])
    runs = [lattice_step_current(tanh_small, eF, Delta=1.0, U_L=-0.25, U_R=0.25, T=T, a=0.25, workers=w)
            for w in (1, 2, 3)]
    assert np.array_equal(runs[0], runs[1]) and np.array_equal(runs[0], runs[2])
    for bad in (0, 1.5, True):
        with pytest.raises(ValueError, match="workers"):
            lattice_step_current(tanh_small, 0.0, Delta=1.0, U_L=-0.25, U_R=0.25, T=T, a=0.25, workers=bad)
