"""Configuration: scenario files, the default data tables and parameters, and resolving
a scenario against them into the model's `ModelSpec`.

Data flows one way: configuration builds the spec (so it imports `sim.model.spec`),
and the model never imports anything from here.
"""
