"""Plain helpers any app may import: no models, no views, no app of ours imported.

Each module has its own short tests in tests/lib/ (the way healthchecks keeps hc/lib/).
"""
