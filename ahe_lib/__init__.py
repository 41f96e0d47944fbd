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
               smooth_2d, stationary_ode, symbolic)


def __getattr__(name):  # lattice_step_current is re-exported lazily: Kwant (requirements-kwant.txt) loads on first use
    if name == "lattice_step_current":
        from .lattice import lattice_step_current

        return lattice_step_current
    raise AttributeError(f"module 'ahe_lib' has no attribute {name!r}")
