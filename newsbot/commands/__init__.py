"""newsbot's Scrapy commands (``COMMANDS_MODULE``): ``crawl`` with truthful exit codes;
``shell``, ``fetch`` and ``parse`` that may fetch the URL typed on their command line."""
