"""The convergence study: many seeded runs of one setup trained side by side.

The runs are trained in one thread or split across threads of the process.
"""
