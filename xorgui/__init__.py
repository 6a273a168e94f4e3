"""xorgui: watch a small neural network learn XOR and see how every gradient arises."""

__version__ = "0.1.0"
