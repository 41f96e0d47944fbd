"""ahe_lib: computations for the book on Silvestrov & Recher (2019)."""
from .step_current import (conduction_current, landau_level_current, valence_current, end_point_current, total_current,
                           paper_total_current, regime, regime_boundaries, side_phase, step_potential,
                           total_current_thermal)
from .plane_waves import angular_integral, band_current_quadrature, total_current_quadrature
from .airy_density import (airy_length, airy_tail_integral, current_density_linear, current_density_linear_quadrature,
                           energy_distribution_linear, paper_x0, smoothed_energy_distribution, xi_integral)
from .exact_current import exact_step_current
from .ray_dynamics import ray_side_jump, semiclassical_side_jump
from . import (airy_density, berry, exact_current, exact_solver, identities, ledger, magnetization, puddles, ray_dynamics,
               smooth_2d, stationary_ode)
from . import semiclassics  # noqa: E402  (chapter beyond_orbital_moment)

# Imported on first use: the sympy modules cost ~0.7 s (only the symbolic checks need them), and Kwant
# (requirements-kwant.txt) is needed only by the lattice chapter.
_LAZY_MODULES = ("symbolic", "nonrelativistic", "lattice")


def __getattr__(name):
    """Lazy ``ahe_lib.symbolic``, ``ahe_lib.nonrelativistic``, ``ahe_lib.lattice`` and ``ahe_lib.lattice_step_current``."""
    import importlib

    if name in _LAZY_MODULES:
        return importlib.import_module(f".{name}", __name__)
    if name == "lattice_step_current":
        return importlib.import_module(".lattice", __name__).lattice_step_current
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
