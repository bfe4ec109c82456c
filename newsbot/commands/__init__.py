"""newsbot's Scrapy commands (``COMMANDS_MODULE``): ``crawl`` with truthful exit codes."""
