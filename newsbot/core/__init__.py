"""Framework-free core: digits, Jalali dates, URL rules, text dumps.

Nothing in this package may import Scrapy (a test enforces it), so the rules
can be reused by other tools and tested in isolation.
"""
