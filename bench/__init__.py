"""Tavolone's benchmark harness: `python -m bench --scale small|medium|large`."""
