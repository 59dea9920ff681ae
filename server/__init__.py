"""Yizhan (驿站): the rider + community platform."""

__version__ = "0.1.0"
