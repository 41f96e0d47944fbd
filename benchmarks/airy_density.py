"""Speed and accuracy of the Airy current density of Sec. III (ahe_lib.airy_density).

Prints, for a whole 2001-point curve of j_y(x)/j_inf on [-10, 3] x0: the wall time of the closed form
(current_density_linear) and of the direct xi-quadrature (current_density_linear_quadrature), and the
largest difference between the two routes. Target (issue 4): a whole curve in well under a second.
Also times the two costs of the App. C chapter (the exact 2D test at R = 80 and its energy distribution) and
the energy distribution from the states at one energy (App. B, Eq. (34)).
Run:  .venv/bin/python benchmarks/airy_density.py
"""

import time

import numpy as np

from ahe_lib import airy_density as ad


def best_of(f, repeat=5):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    xs = np.linspace(-10, 3, 2001)
    t_closed = best_of(lambda: ad.current_density_linear(xs))
    t_quad = best_of(lambda: ad.current_density_linear_quadrature(xs), repeat=3)
    diff = np.max(np.abs(ad.current_density_linear(xs) - ad.current_density_linear_quadrature(xs)))
    print(f"2001-point curve, closed form      : {1e3 * t_closed:8.1f} ms")
    print(f"2001-point curve, xi quadrature    : {1e3 * t_quad:8.1f} ms")
    print(f"max |closed form - quadrature|     : {diff:.1e}")

    from ahe_lib import smooth_2d as s2

    t_2d = best_of(lambda: s2.compare_with_eq15(R=80.0, h=0.1), repeat=2)
    t_ed = best_of(lambda: s2.energy_distribution_test(R=80.0, h=0.1), repeat=2)
    x = np.linspace(-4, 2, 61)
    t_states = best_of(lambda: ad.energy_resolved_current_states(x, 0.0), repeat=3)
    print(f"App. C 2D test, R = 80             : {t_2d:8.2f} s")
    print(f"App. C energy distribution, R = 80 : {t_ed:8.2f} s")
    print(f"states at one energy, 61 points    : {1e3 * t_states:8.1f} ms")


if __name__ == "__main__":
    main()
