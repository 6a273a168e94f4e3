"""The convergence study: many seeded runs of one setup trained side by side.

The runs are trained in one process or split across worker processes.
"""
