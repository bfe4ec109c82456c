"""Parquet output for corpus users: a feed exporter and a JSON Lines converter.

* ``scrapy crawl SPIDER -O items.parquet``: :class:`ParquetItemExporter`
  (``FEED_EXPORTERS["parquet"]``), row groups of ``NEWSBOT_PARQUET_ROW_GROUP`` items
  (setting ``NEWSBOT_PARQUET_ROW_GROUP``, default 1000).
* ``python -m newsbot.parquet OUTPUT_DIR OUT.parquet``: every ``*.jsonl``
  under OUTPUT_DIR (sorted by path) into one file.  A line that is not a
  valid record is skipped with one log line and counted; exit status 1 if
  any was skipped, 2 for bad usage.

The Arrow schema is derived from the record's JSON Schema
(:mod:`newsbot.monitor.schema`): strings → ``string``, lists →
``list<string>``, ``date-time`` → ``timestamp[us, tz=UTC]`` (the instant is
kept; the site's own offset is in ``published_at_raw`` and the JSON Lines
output).  Written with pyarrow (zstd); read with ``pandas.read_parquet`` or
``datasets.load_dataset("parquet", data_files=...)``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime
from pathlib import Path

from functools import lru_cache

from scrapy.exporters import BaseItemExporter

from newsbot.exitcodes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from newsbot.monitor.schema import load_schema
from newsbot.serialize import item_record

logger = logging.getLogger(__name__)
ROW_GROUP = 1000


@lru_cache(maxsize=1)
def arrow_schema():
    """The record's JSON Schema as a ``pyarrow.Schema``, fields in record order.

    pyarrow (~0.6 s to import) is imported on first use only: Scrapy loads
    every ``FEED_EXPORTERS`` class whenever any ``-o/-O`` feed is given."""
    import pyarrow as pa

    fields = []
    schema = load_schema()
    for name, spec in schema["properties"].items():
        types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
        if "array" in types:
            arrow = pa.list_(pa.string())
        elif spec.get("format") == "date-time":
            arrow = pa.timestamp("us", tz="UTC")
        else:
            arrow = pa.string()
        fields.append(pa.field(name, arrow, nullable="null" in types or "array" in types,
                               metadata={"description": spec.get("description", "")}))
    return pa.schema(fields, metadata={"source": "newsbot/schema/newsarticle.schema.json"})


def __getattr__(name: str):
    if name == "ARROW_SCHEMA":  # module attribute computed on first use (PEP 562)
        return arrow_schema()
    raise AttributeError(name)


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Field names by Arrow kind: (timestamps, lists, strings)."""
    import pyarrow as pa

    schema = arrow_schema()
    return (tuple(f.name for f in schema if pa.types.is_timestamp(f.type)),
            tuple(f.name for f in schema if pa.types.is_list(f.type)),
            tuple(f.name for f in schema if pa.types.is_string(f.type)))


def arrow_row(record: dict) -> dict:
    """A JSON record (or an item's record) with ISO date strings parsed to aware datetimes."""
    timestamps, lists, strings = _kinds()
    row = {name: record.get(name) for name in arrow_schema().names}
    for name in timestamps:
        value = row[name]
        if isinstance(value, str):
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError(f"{name} has no UTC offset: {value!r}")
            row[name] = parsed
        elif value is not None and not (isinstance(value, datetime) and value.tzinfo is not None):
            raise ValueError(f"{name} is not an aware datetime")
    for name in lists:
        value = row[name]
        if value is None:
            row[name] = []
        elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{name} is not a list of strings")
    for name in strings:
        if row[name] is not None and not isinstance(row[name], str):
            raise ValueError(f"{name} is not a string")
    return row


class ParquetWriter:
    """Rows buffered and written as row groups to *sink* (a path or binary file object)."""

    def __init__(self, sink, row_group: int = ROW_GROUP):
        import pyarrow.parquet as pq

        self.writer = pq.ParquetWriter(sink, arrow_schema(), compression="zstd")
        self.rows: list[dict] = []
        self.row_group = row_group
        self.count = 0

    def add(self, row: dict) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.row_group:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            import pyarrow as pa

            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=arrow_schema()))
            self.count += len(self.rows)
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


class ParquetItemExporter(BaseItemExporter):
    """Scrapy feed exporter for ``-O FILE.parquet`` (the feed storage opens and closes *file*)."""

    def __init__(self, file, **kwargs):
        row_group = int(kwargs.pop("row_group", ROW_GROUP))
        super().__init__(dont_fail=True, **kwargs)
        self.file, self.row_group = file, row_group
        self.writer: ParquetWriter | None = None

    @classmethod
    def from_crawler(cls, crawler, file, **kwargs):
        kwargs.setdefault("row_group", crawler.settings.getint("NEWSBOT_PARQUET_ROW_GROUP", ROW_GROUP))
        return cls(file, **kwargs)

    def start_exporting(self) -> None:
        self.writer = ParquetWriter(self.file, self.row_group)

    def export_item(self, item) -> None:
        assert self.writer is not None
        self.writer.add(arrow_row(item_record(item)))

    def finish_exporting(self) -> None:
        if self.writer is not None:
            self.writer.close()


def convert(directory: Path, out: Path, row_group: int = ROW_GROUP) -> tuple[int, int]:
    """Write every record of the ``*.jsonl`` files under *directory* to *out*; ``(written, skipped)``."""
    skipped = 0
    tmp = out.with_name(out.name + ".part")
    writer = ParquetWriter(str(tmp), row_group)
    try:
        for path in sorted(directory.rglob("*.jsonl")):
            with open(path, "rb") as handle:
                for number, line in enumerate(handle, 1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                        if not isinstance(record, dict):
                            raise ValueError("not a JSON object")
                        row = arrow_row(record)
                        writer.add(row)
                    except (ValueError, TypeError) as exc:
                        skipped += 1
                        logger.warning("parquet: %s:%d skipped: %s", path, number, exc)
        writer.close()
    except BaseException:
        writer.writer.close()
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(out)  # no half-written file under the final name
    return writer.count, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot.parquet",
                                     description="Convert a JSON Lines output tree to one Parquet file.")
    parser.add_argument("directory", type=Path, help="output tree (NEWSBOT_OUTPUT_DIR)")
    parser.add_argument("out", type=Path, help="Parquet file to write")
    parser.add_argument("--row-group", type=int, default=ROW_GROUP)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if not args.directory.is_dir():
        print(f"newsbot: {args.directory} is not a directory", file=sys.stderr)
        return EXIT_USAGE
    written, skipped = convert(args.directory, args.out, args.row_group)
    print(f"newsbot: wrote {written} records to {args.out}" + (f", skipped {skipped} bad lines" if skipped else ""),
          file=sys.stderr)
    return EXIT_FAILED if skipped else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
