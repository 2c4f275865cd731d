"""The care system people turn to: beds and their waiting lists, staff, community places.

`system.CareSystem` ties the parts together in one SimPy environment;
`beds`, `staff` and `community` hold the capacities, `record` the yearly
accounts, `draws` the per-episode random inputs.
"""
