"""App. E: Eqs. (54)-(66) as functions, and the decomposition j = j_tr + curl M on a ray built from exact states."""

import numpy as np
import pytest

from ahe_lib import magnetization as mg
from ahe_lib.ray_dynamics import build_ray, semiclassical_fields, smooth_box_envelope, spinor_eq17
from ahe_lib.step_current import step_potential


def test_eq54_reduces_to_eq55_for_smooth_envelope():
    f, g, dg = smooth_box_envelope(20.0, 6.0)
    U = lambda x: step_potential(x, 0.0, 1.0, width=2.0)  # noqa: E731
    x, y = np.linspace(-4, 4, 9), np.linspace(-30, 30, 121)
    psi = spinor_eq17(U, 3.0, x, Delta=1.0, with_beta=False)
    jx54, rho54 = mg.eq54_currents(g, y, psi, 1.0)
    sc = semiclassical_fields(U, 3.0, x, Delta=1.0)
    jx55, rho55 = mg.eq55_currents(g, dg, y, sc.v_x, 1.0)
    assert np.abs(jx54 - jx55).max() < 3e-3 and np.abs(rho54 - rho55).max() < 3e-3   # O(1/(Delta s)^2)


def test_eq66_identity_numerically():
    U = lambda x: step_potential(x, 0.0, 1.0, width=2.0)  # noqa: E731
    x = np.linspace(-5, 5, 2001)
    sc = semiclassical_fields(U, 3.0, x, Delta=1.0)
    M = mg.magnetization_density(sc.U, 3.0, 1.0)
    curl = -np.gradient(M, x)
    rhs = mg.magnetization_current(sc.U, sc.dU, 3.0, 1.0)
    j62, _ = mg.eq62_current(sc.U, sc.dU, 3.0, 1.0)
    jtr = mg.transport_current(sc.U, sc.dU, 3.0, 1.0)
    assert np.abs(curl - rhs)[5:-5].max() < 1e-6
    assert np.allclose(rhs, j62 - jtr)


def test_decomposition_on_built_ray():
    U = lambda x: step_potential(x, 0.0, 1.0, width=4.0)  # noqa: E731
    f, g, dg = smooth_box_envelope(20.0, 6.0)
    x = np.linspace(-12, 12, 121)
    y = np.linspace(-40, 40, 161)
    ray = build_ray(U, 3.0, Delta=1.0, L=52.0, x=x, y=y, f=f, k_max=1.4, n_k=61)
    assert np.abs(ray.div_j).max() < 1e-8 * ray.div_scale
    sc = semiclassical_fields(U, 3.0, x, Delta=1.0)
    ic = np.argmin(np.abs(y))
    jy = ray.j_y[:, ic]
    jtr = sc.v_x * np.gradient(ray.centroid, x) * ray.rho[:, ic]
    curl = -np.gradient(mg.magnetic_moment(sc.p, 1.0) * ray.rho[:, ic], x)
    assert np.abs(jy - jtr - curl).max() < 0.03 * np.abs(jy).max()


@pytest.mark.parametrize("fn, args", [(mg.magnetization_density, (np.array([0.0, 2.5]), 3.0, 1.0)),
                                      (mg.magnetization_current, (np.array([0.0]), np.array([0.1]), 0.5, 1.0)),
                                      (mg.magnetic_moment, (np.array([1.0]), 0.0))])
def test_bad_input(fn, args):
    with pytest.raises(ValueError):
        fn(*args)


def test_ray_magnetization_signs_by_band():
    # independent route: mu(p) of the eigenvector band formula (semiclassics) times the density E/p
    from ahe_lib import semiclassics as sc

    U = np.linspace(0.0, 1.0, 11)
    for band, eps in (("c", 3.0), ("v", -3.0)):
        E = eps - U
        p = np.sqrt(E**2 - 1.0)
        ref = -sc.orbital_moment(p, 0 * p, 1.0, band) * np.abs(E) / p
        M = mg.ray_magnetization(U, eps, 1.0, band)
        assert np.allclose(M, ref, atol=1e-14)
    dc = np.diff(mg.ray_magnetization(U, 3.0, 1.0, "c"))
    dv = np.diff(mg.ray_magnetization(U, -3.0, 1.0, "v"))
    assert np.all(dc < 0) and np.all(dv > 0)       # signed M (e < 0): falls (c) / rises (v) with U
    with pytest.raises(ValueError):
        mg.ray_magnetization(U, 1.5, 1.0, "c")
