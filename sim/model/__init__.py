"""The model: a typed specification in, per-year indicators out.

Nothing here reads files or knows about scenario files: `sim.config` builds a
`ModelSpec` (every parameter typed, the population scale already applied) and
`simulate` runs one replication of it.
"""
