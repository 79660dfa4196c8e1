"""Tavolone's benchmark harness: `python -m bench --scale small|medium|large|xlarge`; forum markup
rendering: `python -m bench.markup` (docs/benchmarks.md)."""
