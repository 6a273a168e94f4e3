"""The pure NumPy core: network, costs, training, chain-rule explanation, files. No Qt here."""
