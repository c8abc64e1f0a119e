"""Lamplighter: warehouse management and inventory planning for DTC lighting sellers."""

__version__ = "0.1.0"
