"""The network and its numbers: activations, costs, the dims, parameters, data, limits and how values are written."""
