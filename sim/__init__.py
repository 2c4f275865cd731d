"""Elderly-care capacity planning simulator."""

__version__ = "0.1.0"
