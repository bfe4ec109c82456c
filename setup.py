"""Packaging for scrapyd-deploy (it builds an egg from this file).

scrapyd-deploy would otherwise write a default setup.py without package
data, and the normalizer's lexicon files would be missing from the egg.
"""

from setuptools import find_packages, setup

setup(
    name="newsbot",
    version="0.1.0",
    packages=find_packages(include=["newsbot", "newsbot.*"]),
    package_data={"newsbot.normalize": ["data/*"], "newsbot": ["schema/*.json"],
                  "newsbot.sites": ["catalogue.tsv"]},
    entry_points={"scrapy": ["settings = newsbot.settings"]},
    zip_safe=False,
)
