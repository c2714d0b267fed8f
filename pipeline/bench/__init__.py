"""Benchmarks: systems x datasets x stages, scored with bootstrap intervals and signatures.

``run_bench(config)`` is what ``mtbrief bench CONFIG`` calls; see ``configs/bench.yaml``
and ``pipeline/bench/README.md``.
"""

from .runner import run_bench

__all__ = ["run_bench"]
