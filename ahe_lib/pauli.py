"""Pauli matrices, shared by every module that builds the Dirac Hamiltonian of Eq. (2)."""

import numpy as np

SIGMA_0 = np.eye(2, dtype=complex)
SIGMA_X = np.array([[0, 1], [1, 0]], dtype=complex)
SIGMA_Y = np.array([[0, -1j], [1j, 0]], dtype=complex)
SIGMA_Z = np.array([[1, 0], [0, -1]], dtype=complex)

#: by name, as used for local bilinears psi^+ sigma psi: '0' (density), 'x', 'y', 'z'
PAULI = {"0": SIGMA_0, "x": SIGMA_X, "y": SIGMA_Y, "z": SIGMA_Z}

#: stacked (sigma_x, sigma_y, sigma_z), shape (3, 2, 2), for d . sigma
SIGMA = np.stack([SIGMA_X, SIGMA_Y, SIGMA_Z])
