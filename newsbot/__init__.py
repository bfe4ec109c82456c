"""newsbot: a Scrapy crawler for Persian-language news sites.

``newsbot.core`` and ``newsbot.normalize`` are framework-free (no Scrapy
imports); everything that touches Scrapy lives in ``extract``, ``loaders``,
``pipelines``, ``spiders`` and ``middlewares``.
"""

__version__ = "0.1.0"
