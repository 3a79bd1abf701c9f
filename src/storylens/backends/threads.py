"""One BLAS thread in every process that runs stages: the driver, pool workers and Ray actors alike.

Two reasons. Worker processes share the machine's cores with each other, so a second OpenBLAS thread in each only
waits for a core, spinning: a 100 x 384 by 384 x 100 product cost 1.1 CPU ms on two threads against 0.1 on one on a
busy 2-core machine (BENCHMARKS.md, Speed). And float64 products differ in the last bits between one and two
threads, so every process must use the same count for the engines' reports to agree byte for byte; a fixed count
also keeps results independent of how many cores a machine has.
"""

from __future__ import annotations


def one_blas_thread() -> None:
    """Cap every BLAS library this process uses (numpy's and scipy's OpenBLAS) at one thread, from now on."""
    import numpy  # noqa: F401  (its BLAS must be loaded for the cap to reach it)
    import scipy.linalg  # noqa: F401  (scipy ships a BLAS of its own)
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    threadpool_limits(1, user_api="blas")
