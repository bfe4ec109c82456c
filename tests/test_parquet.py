"""Parquet: ``-O items.parquet`` and ``python -m newsbot.parquet``, read back with pandas and datasets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsbot.parquet import ARROW_SCHEMA, convert
from tests.conftest import REPO, shared_path
from tests.scrapy_run import jsonl_files, read_jsonl, run_scrapy


def jsonl_records(directory):
    return sorted((r for f in jsonl_files(directory) for r in read_jsonl(f)), key=lambda r: r["url"])


def test_arrow_schema_types():
    types = {f.name: f.type for f in ARROW_SCHEMA}
    assert ARROW_SCHEMA.names[:3] == ["site", "url", "canonical_url"]
    assert types["published_at"] == pa.timestamp("us", tz="UTC") == types["crawled_at"] == types["modified_at"]
    assert types["tags"] == pa.list_(pa.string()) == types["images"]
    assert types["title"] == pa.string()
    assert not ARROW_SCHEMA.field("title").nullable and ARROW_SCHEMA.field("lead").nullable


def test_converter_skips_bad_lines_and_keeps_the_rest(tmp_path):
    tree = tmp_path / "out" / "isna"
    tree.mkdir(parents=True)
    good = {"site": "isna", "url": "https://www.isna.ir/news/1", "title": "t", "body": "b",
            "published_at": "2024-03-01T13:30:00+03:30", "tags": ["a", "b"]}
    lines = [json.dumps(good), "{not json", json.dumps(dict(good, published_at="2024-03-01T10:00:00")),
             json.dumps(dict(good, tags="a")), json.dumps([1]), json.dumps(dict(good, url="https://www.isna.ir/news/2"))]
    (tree / "2024-03-01.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert convert(tmp_path / "out", tmp_path / "x.parquet") == (2, 4)
    table = pq.read_table(tmp_path / "x.parquet")
    assert table.column("published_at").to_pylist() == [datetime(2024, 3, 1, 10, 0, tzinfo=timezone.utc)] * 2
    assert table.column("tags").to_pylist() == [["a", "b"]] * 2 and table.column("authors").to_pylist() == [[], []]
    result = subprocess.run([sys.executable, "-m", "newsbot.parquet", str(tmp_path / "out"), str(tmp_path / "y.parquet")],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "wrote 2 records" in result.stderr and "skipped 4 bad lines" in result.stderr
    missing = subprocess.run([sys.executable, "-m", "newsbot.parquet", str(tmp_path / "nope"), str(tmp_path / "z.parquet")],
                             cwd=REPO, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and not (tmp_path / "z.parquet").exists()


@pytest.mark.e2e
def test_feed_exporter_and_converter_match_the_json_lines(tmp_path):
    pages = shared_path("real-pages")
    run_scrapy("crawl", "replay", "-a", f"path={pages}", "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path / 'out'}",
               "-O", str(tmp_path / "feed.parquet"))
    records = jsonl_records(tmp_path / "out")
    assert len(records) == 9
    subprocess.run([sys.executable, "-m", "newsbot.parquet", str(tmp_path / "out"), str(tmp_path / "conv.parquet")],
                   cwd=REPO, check=True, capture_output=True, timeout=120)
    import pandas as pd

    for name in ("feed.parquet", "conv.parquet"):
        frame = pd.read_parquet(tmp_path / name).sort_values("url").reset_index(drop=True)
        assert list(frame.columns) == ARROW_SCHEMA.names and len(frame) == 9
        assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
        for i, record in enumerate(records):
            assert frame.at[i, "title"] == record["title"] and frame.at[i, "body"] == record["body"]
            assert frame.at[i, "published_at"] == pd.Timestamp(record["published_at"])
            assert list(frame.at[i, "tags"]) == record["tags"] and list(frame.at[i, "images"]) == record["images"]
            assert (None if pd.isna(frame.at[i, "lead"]) else frame.at[i, "lead"]) == record["lead"]


@pytest.mark.e2e
def test_readable_by_hugging_face_datasets(tmp_path):
    pages = shared_path("real-pages")
    run_scrapy("crawl", "replay", "-a", f"path={pages}", "-s", "NEWSBOT_OUTPUT_DIR=", "-O", str(tmp_path / "a.parquet"))
    code = ("import sys, datasets; ds = datasets.load_dataset('parquet', data_files=sys.argv[1], split='train', "
            "cache_dir=sys.argv[2]); print(len(ds), ds.features['published_at'].dtype, ds.features['tags'].feature.dtype,"
            " ds[0]['published_at'].tzinfo is not None)")
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", HF_HOME=str(tmp_path / "hf"))
    result = subprocess.run([sys.executable, "-W", "error", "-c", code, str(tmp_path / "a.parquet"), str(tmp_path / "c")],
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["9", "timestamp[us,", "tz=UTC]", "string", "True"]
