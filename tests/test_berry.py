"""Unit tests of ahe_lib.berry: Berry curvature of one massive Dirac cone (paper Eq. 1, Sec. II) and the
Berry-velocity (transport) current."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ahe_lib as ahe
from ahe_lib import berry

momenta = st.floats(-20, 20, allow_nan=False)
masses = st.floats(0.1, 5, allow_nan=False)


# --- curvature: bands, sign convention, symmetry ------------------------------------------

@given(momenta, momenta, masses)
@settings(max_examples=60, deadline=None)
def test_paper_formula_is_the_valence_band(p_x, p_y, Delta):
    om = berry.omega_paper(p_x, p_y, Delta)
    assert berry.berry_curvature(p_x, p_y, Delta, "v") == pytest.approx(om, rel=1e-9, abs=1e-14)
    assert berry.berry_curvature(p_x, p_y, Delta, "c") == pytest.approx(-om, rel=1e-9, abs=1e-14)


@given(momenta, momenta, masses)
@settings(max_examples=40, deadline=None)
def test_curvature_symmetries(p_x, p_y, Delta):
    om = berry.berry_curvature(p_x, p_y, Delta, "v")
    phi = 0.7
    rot = berry.berry_curvature(p_x * np.cos(phi) - p_y * np.sin(phi), p_x * np.sin(phi) + p_y * np.cos(phi), Delta, "v")
    assert rot == pytest.approx(om, rel=1e-9, abs=1e-14)  # rotation invariance
    assert berry.berry_curvature(-p_x, -p_y, Delta, "v") == pytest.approx(om, rel=1e-9, abs=1e-14)  # inversion
    assert berry.berry_curvature(p_x, p_y, -Delta, "v") == pytest.approx(-om, rel=1e-9, abs=1e-14)  # mass sign


def test_fhs_plaquettes_converge_to_the_curvature():
    errs = []
    for n in (31, 61, 121):
        g = np.linspace(-2, 2, n)
        F, pxc, pyc, area = berry.fhs_plaquette_flux(g, g, 1.0, "v")
        PX, PY = np.meshgrid(pxc, pyc, indexing="ij")
        errs.append(np.max(np.abs(F / area - berry.omega_paper(PX, PY, 1.0))))
    assert errs[2] < 2e-3 and errs[0] / errs[1] > 3.5 and errs[1] / errs[2] > 3.5  # second order


def test_fhs_is_gauge_invariant():
    g = np.linspace(-1, 1, 9)
    F, *_ = berry.fhs_plaquette_flux(g, g, 0.8, "c")
    PX, PY = np.meshgrid(g, g, indexing="ij")
    u = berry.band_eigenvectors(PX, PY, 0.8, "c") * np.exp(1j * 17.3 * np.sin(3 * PX + PY))[..., None]
    F2 = berry._plaquettes(u[:-1, :-1], u[1:, :-1], u[1:, 1:], u[:-1, 1:])
    np.testing.assert_allclose(F2, F, atol=1e-13)


# --- Chern number ---------------------------------------------------------------------------

@pytest.mark.parametrize("Delta", [1.0, 0.3, -1.0, -2.5])
@pytest.mark.parametrize("band", ["c", "v"])
def test_half_integer_chern_number(Delta, band):
    expected = 0.5 * np.sign(Delta) * (1 if band == "v" else -1)
    for n in (4, 16, 64):
        assert berry.chern_number_compactified(Delta, band, n, n) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("P", [0.5, 3.0, 50.0])
def test_box_flux_lattice_equals_geometry(P):
    for N in (5, 41):
        assert berry.chern_number_box(1.0, "v", P, N) == pytest.approx(berry.box_flux_exact(1.0, "v", P), abs=1e-12)
    assert berry.chern_number_box(-1.0, "c", P, 21) == pytest.approx(berry.box_flux_exact(1.0, "v", P), abs=1e-12)


def test_box_flux_tends_to_one_half():
    tails = [0.5 - berry.box_flux_exact(1.0, "v", P) for P in (100.0, 1000.0)]
    assert tails[0] == pytest.approx(np.sqrt(2) / (np.pi * 100.0), rel=2e-2)
    assert tails[1] < tails[0] / 9


# --- occupied Berry flux and transport current ---------------------------------------------

@pytest.mark.parametrize("band", ["c", "v", "both"])
def test_occupied_flux_quadrature_vs_closed_form(band):
    mu = np.array([-7.0, -2.0, -1.0001, -0.9999, 0.0, 0.5, 1.0001, 1.7, 9.0])
    np.testing.assert_allclose(berry.occupied_berry_flux(mu, 0.9, band), berry.occupied_berry_flux_closed_form(mu, 0.9, band), atol=1e-12)


def test_filled_valence_band_gives_one_half():
    assert berry.occupied_berry_flux(0.0, 1.0, "v") == pytest.approx(0.5, abs=1e-13)
    assert berry.occupied_berry_flux(0.0, -1.0, "v") == pytest.approx(-0.5, abs=1e-13)
    assert berry.occupied_berry_flux(0.3, 1.0, "c") == 0.0


@pytest.mark.parametrize("eps_F", [-2.5, -1.0, 0.1, 1.1, 2.5])
def test_transport_current_quadrature_vs_closed_form(eps_F):
    q = berry.transport_current(eps_F, -0.4, 0.6, 1.0, width=5.0)
    assert q == pytest.approx(berry.transport_current_closed_form(eps_F, -0.4, 0.6, 1.0), abs=1e-9)


def test_transport_equals_total_only_when_insulating():
    assert berry.transport_current(0.1, -0.4, 0.6, 1.0, width=5.0) == pytest.approx(ahe.total_current(0.1, -0.4, 0.6, 1.0), abs=1e-9)
    for eF in (-3.0, 3.0):
        assert ahe.total_current(eF, -0.4, 0.6, 1.0) == 0.0
        assert abs(berry.transport_current(eF, -0.4, 0.6, 1.0, width=5.0)) > 0.1


@given(st.floats(-4, 4), st.floats(-3, 3), st.floats(-3, 3), st.floats(0.2, 2))
@settings(max_examples=60, deadline=None)
def test_transport_closed_form_symmetries(eps_F, U_L, U_R, Delta):
    J = berry.transport_current_closed_form(eps_F, U_L, U_R, Delta)
    assert berry.transport_current_closed_form(eps_F, U_R, U_L, Delta) == pytest.approx(-J, abs=1e-12)
    assert berry.transport_current_closed_form(-eps_F, -U_R, -U_L, Delta) == pytest.approx(J, abs=1e-12)
    # |J_tr| >= |J_y| for a monotonic step: the Berry flux weight is >= the total-current weight
    assert abs(J) >= abs(ahe.total_current(eps_F, U_L, U_R, Delta)) - 1e-12


# --- bad input ------------------------------------------------------------------------------

def test_bad_input():
    with pytest.raises(ValueError, match="Delta"):
        berry.berry_curvature(0.1, 0.2, 0.0, "v")
    with pytest.raises(ValueError, match="Delta"):
        berry.omega_paper(0.1, 0.2, np.nan)
    with pytest.raises(ValueError, match="band"):
        berry.berry_curvature(0.1, 0.2, 1.0, "x")
    with pytest.raises(ValueError, match="p_x"):
        berry.fhs_plaquette_flux(np.array([0.0, -1.0]), np.array([0.0, 1.0]), 1.0, "v")
    with pytest.raises(ValueError, match="N"):
        berry.chern_number_box(1.0, "v", 5.0, 2)
    with pytest.raises(ValueError, match="n_phi"):
        berry.chern_number_compactified(1.0, "v", 8, 2)
    with pytest.raises(ValueError, match="P"):
        berry.chern_number_box(1.0, "v", -5.0, 11)
    with pytest.raises(ValueError, match="mu"):
        berry.occupied_berry_flux(np.inf, 1.0)
    with pytest.raises(ValueError, match="width"):
        berry.transport_current(0.0, -0.4, 0.6, 1.0, width=0.0)
    with pytest.raises(ValueError, match="Delta"):
        berry.transport_current(0.0, -0.4, 0.6, -1.0)


def test_berry_figure_reports_what_it_draws():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ahe_lib.figures.maps import berry_figure

    fig, data = berry_figure(boxes=(1.0, 10.0))
    np.testing.assert_allclose(data["omega_v"], data["omega_paper"], atol=1e-12)
    np.testing.assert_allclose(data["C_box_plus"], data["C_exact_plus"], atol=1e-12)
    np.testing.assert_allclose(data["C_box_minus"], -data["C_exact_plus"], atol=1e-12)
    plt.close(fig)


# --- Eq. (1) against the side jump of a ray -------------------------------------------------

@pytest.mark.parametrize("eps,U_L,U_R,w", [(2.0, -0.4, 0.6, 2.0), (1.8, -1.0, 0.5, 0.3), (4.0, 0.5, -1.0, 1.0)])
def test_berry_side_jump_is_the_stationary_state_side_jump(eps, U_L, U_R, w):
    """Eq. (1) with the conduction band's curvature, integrated along the classical ray, against the
    side jump of Eq. (22) (stationary states: -(v_R - v_L)/(2 Delta)), an independent closed form."""
    from ahe_lib.ray_dynamics import semiclassical_side_jump

    ref = semiclassical_side_jump(eps, U_L, U_R, 1.0)
    assert berry.berry_side_jump(eps, U_L, U_R, 1.0, w, "c") == pytest.approx(ref, abs=1e-11)
    # the quoted curvature, used for the conduction electron as printed, gives the opposite sign
    assert berry.berry_side_jump(eps, U_L, U_R, 1.0, w, "quoted") == pytest.approx(-ref, abs=1e-11)


def test_berry_side_jump_against_exact_scattering_states():
    from ahe_lib.ray_dynamics import ray_side_jump
    from ahe_lib.step_current import step_potential

    exact = ray_side_jump(lambda x: step_potential(x, -1.0, 0.5, 0.3), 1.8, Delta=1.0, L=4.5)
    assert berry.berry_side_jump(1.8, -1.0, 0.5, 1.0, 0.3, "c") == pytest.approx(exact, abs=1e-9)


def test_berry_side_jump_bad_input():
    with pytest.raises(ValueError, match="turning point"):
        berry.berry_side_jump(1.2, 0.0, 0.5, 1.0)
    with pytest.raises(ValueError, match="curvature"):
        berry.berry_side_jump(3.0, 0.0, 0.5, 1.0, curvature="x")
    with pytest.raises(ValueError, match="width"):
        berry.berry_side_jump(3.0, 0.0, 0.5, 1.0, width=0.0)
