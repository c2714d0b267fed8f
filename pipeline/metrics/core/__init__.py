"""Plain-Python metric functions: no evaluate import, so the score stage stays fast.

The evaluate modules beside this package wrap these same functions, so a score the
pipeline prints and the score a benchmark computes agree by construction.
"""
