"""ahe_lib: computations for the book on Silvestrov & Recher (2019)."""
from .step_current import (conduction_current, landau_level_current, valence_current, end_point_current, total_current,
                           paper_total_current, regime, regime_boundaries, side_phase, step_potential,
                           total_current_thermal)
from .plane_waves import angular_integral, band_current_quadrature, total_current_quadrature
from .exact_current import exact_step_current
from .ray_dynamics import ray_side_jump, semiclassical_side_jump
from . import (berry, exact_current, exact_solver, identities, ledger, magnetization, puddles, ray_dynamics,
               stationary_ode, symbolic)
