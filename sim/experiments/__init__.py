"""Experiments: replications on a backend, summaries, comparisons, sweeps, sensitivity,
calibration, and the run folders they write (one atomic writer for all of them)."""
