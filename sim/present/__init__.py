"""Presentation: labels, charts and reports, made from run folders alone.

Nothing here reads `data/`: every figure a chart or report shows comes from a
run folder's tables and its manifest (resolved scenarios, parameters used,
reference figures).
"""
