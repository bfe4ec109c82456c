"""``python -m newsbot.report``: the HTML page, checked as text and in a real headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from newsbot.report import render
from tests.conftest import REPO
from tests.report_rows import fill_history

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0")


def write_report(tmp_path):
    history = fill_history(tmp_path / "state.sqlite3")
    history.close()
    out = tmp_path / "report.html"
    result = subprocess.run([sys.executable, "-m", "newsbot.report", "--state", str(tmp_path / "state.sqlite3"),
                             "--out", str(out)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return out


def test_report_lists_flags_charts_and_fill_table(tmp_path):
    html = write_report(tmp_path).read_text(encoding="utf-8")
    assert "Sites with drift in their latest run: 1" in html
    assert "asrpress: lead filled in 0% of 8 items (median 100% over 5 runs)" in html
    assert "Earlier flags (1)" in html  # run 5 was flagged too
    assert len(re.findall(r'<img alt="[^"]+" src="data:image/svg\+xml;base64,', html)) == 3
    assert "http://" not in html.replace("http://www.w3.org", "") and "<script" not in html  # self-contained
    lead = re.search(r"<tr><td>lead</td>(.*?)</tr>", html).group(1)
    assert re.findall(r'<td class="flag">([^<]*)</td>', lead) == ["0%", "0%"]


def test_report_without_state_is_a_usage_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "newsbot.report", "--state", str(tmp_path / "none.sqlite3")],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "no state file" in result.stderr


def test_empty_history_renders(tmp_path):
    from newsbot.monitor.history import SqliteHistory

    history = SqliteHistory(tmp_path / "s.sqlite3")
    assert "No coverage history yet." in render(history)
    history.close()


def chromium(tmp_path, *args):
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium; .ci/run does)")
def test_report_in_headless_chromium(tmp_path):
    from PIL import Image

    # the console check can fail: a page with a script error is caught
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>undefined_fn();</script></body></html>")
    assert any("Uncaught ReferenceError" in line
               for line in console_lines(chromium(tmp_path, "--dump-dom", bad.as_uri()).stderr))

    report = write_report(tmp_path)
    loaded = chromium(tmp_path, "--dump-dom", report.as_uri())
    assert loaded.returncode == 0
    assert console_lines(loaded.stderr) == []
    assert "Drift flagged in the latest run" in loaded.stdout and loaded.stdout.count("<img ") == 3

    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,2200", report.as_uri())
    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 2200)
    colours = image.getcolors(maxcolors=1 << 20)
    count = {rgb: n for n, rgb in colours}

    def near(target, tolerance=12):
        return sum(n for rgb, n in count.items() if all(abs(a - b) <= tolerance for a, b in zip(rgb, target)))

    assert near((0x34, 0x65, 0xA4)) > 20000  # the articles-per-day bars (blue) were drawn
    assert near((0x73, 0xD2, 0x16)) > 20000  # the written bars (green) were drawn
    assert near((0xFD, 0xE8, 0xE8), 3) > 20000  # the red drift boxes
