"""Spiders: one per site profile (generated in ``sites``) plus ``replay``."""
