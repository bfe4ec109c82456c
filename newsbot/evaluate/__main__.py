"""``python -m newsbot.evaluate``: see :mod:`newsbot.evaluate`."""

import sys

from newsbot.evaluate.cli import main

sys.exit(main())
