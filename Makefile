# Two entry points (see README): `make demo` and `make test`.  Both create
# .venv and install the pinned requirements on first use; `make install` does
# only that.  newsbot itself is installed editable into .venv (pip -e), so
# `.venv/bin/python -m newsbot.normalize` works from any directory (scrapy itself
# finds the project through scrapy.cfg or SCRAPY_SETTINGS_MODULE).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install clean

$(STAMP): requirements.txt requirements-dev.txt setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

install: $(STAMP)

## Replay the bundled fixtures into output/ and print what was written.
demo: $(STAMP)
	$(BIN)/scrapy crawl replay -a path=tests/fixtures -s LOG_LEVEL=WARNING

## Run the whole test suite (warnings are errors).
test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) output .pytest_cache newsbot.egg-info
