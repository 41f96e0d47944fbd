"""Speed and accuracy of the Airy current density of Sec. III (ahe_lib.airy_density).

Prints, for a whole 2001-point curve of j_y(x)/j_inf on [-10, 3] x0: the wall time of the closed form
(current_density_linear) and of the direct xi-quadrature (current_density_linear_quadrature), and the
largest difference between the two routes. Target (issue 4): a whole curve in well under a second.
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


if __name__ == "__main__":
    main()
