"""What the views explain: the chain rule of one gradient, finite differences, unit logic, diagnostics.

Also the boundary and loss maps and the geometry of the network graph.
"""
