"""Rewire: model code for a Jupyter course on neuroplasticity."""

__version__ = "0.1.0"
