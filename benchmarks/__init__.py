"""Speed benchmarks against naive twins: run as ``python -m benchmarks.bench_gaussian``."""
