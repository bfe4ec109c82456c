"""The core packages must not import Scrapy (run in a fresh interpreter)."""

import subprocess
import sys

CHECK = """
import sys, pkgutil, importlib
import newsbot.core, newsbot.normalize
for pkg in (newsbot.core, newsbot.normalize):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
bad = sorted(m for m in sys.modules if m.split(".")[0] in {"scrapy", "parsel", "itemloaders", "twisted"})
print(",".join(bad))
"""


def test_core_and_normalize_do_not_import_scrapy():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
