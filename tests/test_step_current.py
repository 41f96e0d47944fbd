"""Unit tests of ahe_lib.step_current and ahe_lib.plane_waves (paper Eqs. 9-12, 25-27)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ahe_lib as ahe

energies = st.floats(-5, 5, allow_nan=False)
gaps = st.floats(0.05, 3, allow_nan=False)


# --- the closed forms against the independent quadrature of Eq. (9) -------------------------

@pytest.mark.parametrize("eps_F,U", [(2.5, 0.3), (1.2, -0.4), (0.5, 0.6), (-2.0, 0.6), (1.31, 0.3)])
@pytest.mark.parametrize("hbar,v_F", [(1.0, 1.0), (0.37, 2.2)])
def test_conduction_band_quadrature(eps_F, U, hbar, v_F):
    quad = ahe.band_current_quadrature(eps_F, U, 1.0, "c", hbar=hbar, v_F=v_F)
    assert quad == pytest.approx(ahe.conduction_current(eps_F, U, 1.0), abs=1e-9)


@pytest.mark.parametrize("eps_F,U,eps_min", [(2.5, 0.3, -6.0), (-0.2, 0.6, -6.0), (-2.0, 0.6, -6.0), (-2.0, 0.6, -2.0)])
def test_valence_band_quadrature(eps_F, U, eps_min):
    quad = ahe.band_current_quadrature(eps_F, U, 0.8, "v", eps_min, hbar=2.0, v_F=0.7)
    assert quad == pytest.approx(ahe.valence_current(eps_F, U, 0.8, eps_min), abs=1e-9)


def test_prefactor_is_e_over_2h_not_e_over_2hbar():
    # J^c = prefactor * (U + Delta - eps_F); the quadrature decides the prefactor (paper errata E1)
    q = ahe.band_current_quadrature(3.0, 0.0, 1.0, "c", hbar=0.5, v_F=3.0)
    assert q / (0.0 + 1.0 - 3.0) == pytest.approx(0.5, rel=1e-9)
    assert abs(q / (0.0 + 1.0 - 3.0) - np.pi) > 1.0


@pytest.mark.parametrize(
    "eps_F,U_L,U_R", [(-2.0, -0.4, 0.6), (-1.0, -0.4, 0.6), (0.1, -0.4, 0.6), (0.2, -1.5, 1.5), (1.8, -1.5, 1.5), (0.3, 0.6, -0.4)]
)
def test_total_current_matches_quadrature(eps_F, U_L, U_R):
    quad = ahe.total_current_quadrature(eps_F, U_L, U_R, 1.0, eps_min=-5.0)
    assert quad == pytest.approx(ahe.total_current(eps_F, U_L, U_R, 1.0), abs=1e-9)


def test_eps_min_drops_out_of_quadrature():
    vals = [ahe.total_current_quadrature(0.1, -0.4, 0.6, 1.0, eps_min=m) for m in (-3.0, -7.0)]
    assert vals[0] == pytest.approx(vals[1], abs=1e-9)
    # while each valence term moves with slope 1/2
    a, b = (ahe.band_current_quadrature(0.1, 0.6, 1.0, "v", m) for m in (-3.0, -7.0))
    assert a - b == pytest.approx(0.5 * 4.0, abs=1e-9)


@pytest.mark.parametrize("p_in,p_out,v_F", [(0.0, 1.5, 1.0), (0.5, 6.0, 1.0), (0.0, 3.0, 2.2), (2.0, 9.0, 0.6)])
def test_fixed_polar_rule_against_adaptive_dblquad(p_in, p_out, v_F):
    """The fixed Gauss-Legendre x trapezoid rule of plane_waves against scipy's adaptive dblquad
    over the disk difference in Cartesian (p_x, p_y), a different quadrature of the same integrand."""
    from scipy import integrate

    from ahe_lib import plane_waves

    def disk(P):
        if P <= 0:
            return 0.0
        f = lambda px, py: 1.0 / (1.0 + (v_F * py) ** 2)  # noqa: E731  (psi^+psi = 1)
        h = lambda py: np.sqrt(max(P * P - py * py, 0.0))  # noqa: E731
        return integrate.dblquad(f, -P, P, lambda py: -h(py), h, epsabs=0.0, epsrel=1e-11)[0]

    fixed = plane_waves._annulus_integral(p_in, p_out, 1.0, v_F, "c")
    assert fixed == pytest.approx(disk(p_out) - disk(p_in), rel=1e-10)


def test_plane_wave_density_is_one_for_arrays():
    from ahe_lib import plane_waves

    p = np.linspace(-3, 3, 7)
    rho = plane_waves.plane_wave_density(p[:, None], p[None, :], 0.8, "v", v_F=1.7)
    assert rho.shape == (7, 7) and np.allclose(rho, 1.0, atol=1e-14)


def test_quadrature_refuses_a_cutoff_outside_the_rule():
    with pytest.raises(ValueError, match="eps_min"):
        ahe.band_current_quadrature(0.0, 0.5, 1.0, "v", -2000.0)


def test_eq9_end_point_formula_on_exact_eigenstates():
    """Eq. (9): v_F * integral of sigma_y density = end-point formula, hbar and v_F != 1 (Eq. (8) unused)."""
    from ahe_lib import identities
    from ahe_lib.exact_solver import smooth_well

    hb, vF, L = 0.6, 1.7, 40.0
    ell = hb * vF

    def U(x):
        return smooth_well(x, U_L=-0.3, U_R=0.5, L=L * ell, width=1.2 * ell)

    r = identities.eq9_end_point_check(U, Delta=1.0, p_y=0.5, L=L * ell, N=201, eps_min=-2.0,
                                       eps_F=0.11, x_L=-17 * ell, x_R=-2 * ell, hbar=hb, v_F=vF)
    assert r.n_states > 20
    assert r.direct == pytest.approx(r.end_point, rel=1e-9)
    assert abs(r.direct - 2 * r.end_point) > 0.1 * abs(r.direct)  # a planted factor 2 would fail


def test_paired_states_reused_for_eqs_7_and_8():
    from ahe_lib import identities
    from ahe_lib.exact_solver import smooth_well

    def U(x):
        return smooth_well(x, U_L=-0.4, U_R=0.6, L=40.0, width=1.5)

    kw = dict(Delta=1.0, p_y=0.7, L=40.0, N=221, window=(-2.5, 2.5), min_gap=1e-4)
    pair = identities.paired_states(U, **kw)
    assert identities.eq7_residual_of(pair).relative < 1e-9
    r8, single = identities.eq8_residual_of(pair)
    assert r8.relative < 1e-7 and single.relative > 0.5
    assert identities.eq8_residual(U, **kw)[0].max_abs == pytest.approx(r8.max_abs, abs=1e-12)


# --- the band sums against the paper's tables, written out separately -----------------------

@pytest.mark.parametrize("U_L,U_R,Delta", [(-0.4, 0.6, 1.0), (0.0, 1.99, 1.0), (-1.5, 1.5, 1.0), (-2.0, 3.0, 0.7), (0.0, 0.1, 2.0)])
def test_total_current_matches_paper_tables(U_L, U_R, Delta):
    eps = np.linspace(-8, 8, 16001)
    np.testing.assert_allclose(ahe.total_current(eps, U_L, U_R, Delta), ahe.paper_total_current(eps, U_L, U_R, Delta), atol=1e-12)


def test_plateaus():
    assert ahe.total_current(0.1, -0.4, 0.6, 1.0) == pytest.approx(0.5 * (-0.4 - 0.6))  # (e/2h)(U_L - U_R)
    for uL, uR, eF in [(-1.5, 1.5, 0.0), (-2.0, 3.0, 1.7), (0.0, 10.0, 5.0)]:
        assert ahe.total_current(eF, uL, uR, 1.0) == pytest.approx(-1.0)  # -(e/h) Delta
    assert ahe.regime(0.0, -1.5, 1.5, 1.0) == "metal-metal"


def test_limits_far_in_the_bands():
    for eF in (-50.0, 50.0):
        assert ahe.total_current(eF, -0.4, 0.6, 1.0) == 0.0
        assert ahe.total_current(eF, -3.0, 2.0, 1.0) == 0.0


# --- invariants for all parameters (property-based) -----------------------------------------

@given(energies, energies, energies, gaps)
def test_symmetries(eps_F, U_L, U_R, Delta):
    J = ahe.total_current(eps_F, U_L, U_R, Delta)
    assert ahe.total_current(eps_F, U_R, U_L, Delta) == pytest.approx(-J, abs=1e-12)  # mirror x -> -x
    assert ahe.total_current(-eps_F, -U_R, -U_L, Delta) == pytest.approx(J, abs=1e-12)  # particle-hole with mirror
    assert ahe.total_current(eps_F + 0.3, U_L + 0.3, U_R + 0.3, Delta) == pytest.approx(J, abs=1e-12)


@given(energies, energies, energies, gaps)
def test_bounds(eps_F, U_L, U_R, Delta):
    J = ahe.total_current(eps_F, U_L, U_R, Delta)
    assert abs(J) <= Delta + 1e-12
    assert abs(J) <= 0.5 * abs(U_R - U_L) + 1e-12


@given(energies, energies, gaps)
def test_continuity_at_band_edges(U_L, U_R, Delta):
    h = 1e-7
    for edge in ahe.regime_boundaries(U_L, U_R, Delta):
        jump = abs(ahe.total_current(edge + h, U_L, U_R, Delta) - ahe.total_current(edge - h, U_L, U_R, Delta))
        assert jump <= 2 * h * 1.0 + 1e-12  # slopes are 0 or +-1/2, two edges may coincide


@given(energies, energies, gaps, st.floats(0.1, 20))
@settings(max_examples=200)
def test_eps_min_cancels_in_closed_forms(eps_F, U, Delta, shift):
    m1 = min(eps_F, U - Delta) - 0.01
    m2 = m1 - shift
    d1 = ahe.end_point_current(eps_F, U, Delta, m1) - ahe.end_point_current(eps_F, U + 0.7, Delta, m1)
    d2 = ahe.end_point_current(eps_F, U, Delta, m2) - ahe.end_point_current(eps_F, U + 0.7, Delta, m2)
    assert d1 == pytest.approx(d2, abs=1e-11)


# --- types and shapes ------------------------------------------------------------------------

def test_scalar_in_float_out_array_in_array_out():
    assert type(ahe.total_current(0.0, -0.5, 0.5, 1.0)) is float
    out = ahe.total_current(np.array([0.0, 2.0]), -0.5, 0.5, 1.0)
    assert isinstance(out, np.ndarray) and out.shape == (2,)
    assert ahe.total_current(np.zeros((3, 4)), -0.5, 0.5, np.ones(4)).shape == (3, 4)
    assert isinstance(ahe.regime(0.0, -0.5, 0.5, 1.0), str)
    assert list(ahe.regime(np.array([-3.0, 0.0, 3.0]), -0.5, 0.5, 1.0)) == ["metallic", "insulating", "metallic"]


def test_regimes_small_and_large_step():
    names = [ahe.regime(e, -0.4, 0.6, 1.0) for e in (-2, -1, 0.1, 1.1, 2.2)]
    assert names == ["metallic", "half-metallic", "insulating", "half-metallic", "metallic"]
    names = [ahe.regime(e, -1.5, 1.5, 1.0) for e in (-3, -1.2, 0.2, 1.8, 3)]
    assert names == ["metallic", "half-metallic", "metal-metal", "half-metallic", "metallic"]


def test_landau_level_current_is_twice_the_insulating_current():
    J_LL = ahe.landau_level_current(lambda x: ahe.step_potential(x, -0.4, 0.6), -40.0, 40.0)
    assert J_LL == pytest.approx(1.0, rel=1e-9)
    assert abs(ahe.total_current(0.1, -0.4, 0.6, 1.0) / J_LL) == pytest.approx(0.5)


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("Delta", [0.0, -1.0, np.nan, np.inf])
def test_bad_delta(Delta):
    with pytest.raises(ValueError, match="Delta"):
        ahe.total_current(0.0, -0.5, 0.5, Delta)


@pytest.mark.parametrize("name,args", [("eps_F", (np.nan, 0, 1, 1)), ("U_L", (0, np.inf, 1, 1)), ("U_R", (0, 0, -np.inf, 1))])
def test_non_finite_energies(name, args):
    with pytest.raises(ValueError, match=name):
        ahe.total_current(*args)


def test_non_numeric_input():
    with pytest.raises(ValueError, match="eps_F"):
        ahe.total_current("zero", 0, 1, 1)


def test_eps_min_must_lie_below_the_bands():
    with pytest.raises(ValueError, match="eps_min"):
        ahe.valence_current(0.0, 0.5, 1.0, -0.2)  # above the valence-band top U - Delta = -0.5
    with pytest.raises(ValueError, match="eps_min"):
        ahe.valence_current(-3.0, 0.5, 1.0, -2.0)  # above eps_F
    with pytest.raises(ValueError, match="eps_min"):
        ahe.band_current_quadrature(0.0, 0.5, 1.0, "v", -0.2)
    with pytest.raises(ValueError, match="eps_min"):
        ahe.band_current_quadrature(0.0, 0.5, 1.0, "v")
    with pytest.raises(ValueError, match="band"):
        ahe.band_current_quadrature(0.0, 0.5, 1.0, "x")


def test_paper_tables_refuse_a_step_down():
    with pytest.raises(ValueError, match="U_R > U_L"):
        ahe.paper_total_current(0.0, 0.5, -0.5, 1.0)


def test_landau_level_bad_interval():
    with pytest.raises(ValueError, match="x_L < x_R"):
        ahe.landau_level_current(np.tanh, 1.0, -1.0)
