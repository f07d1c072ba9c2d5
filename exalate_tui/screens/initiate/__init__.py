"""The Initiate connection wizard (one module per step; state in ``flow``)."""

from .screen import InitiateScreen

__all__ = ["InitiateScreen"]
