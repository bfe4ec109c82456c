"""Fault injection for end-to-end tests: a JSON Lines writer on a disk that fills up.

``-s ITEM_PIPELINES=...`` with ``tests.faultwriter.FullDiskPipeline`` in place
of ``newsbot.pipelines.jsonl.JsonLinesPipeline``; ``-s FULL_DISK_ITEMS=3,4``
names the items (1-based, in arrival order) whose write runs out of space:
half the line is written, then ``os.write`` raises ENOSPC.
"""

from __future__ import annotations

import errno
import os

from newsbot.pipelines import jsonl_files
from newsbot.pipelines.jsonl import JsonLinesPipeline


class FullDiskPipeline(JsonLinesPipeline):
    @classmethod
    def from_crawler(cls, crawler):
        pipeline = super().from_crawler(crawler)
        pipeline.failing = {int(n) for n in crawler.settings.getlist("FULL_DISK_ITEMS")}
        pipeline.arrived = 0
        return pipeline

    def process_item(self, item):
        self.arrived += 1
        if self.arrived not in self.failing:
            return super().process_item(item)
        real, calls = os.write, []

        def write(fd, data):
            calls.append(fd)
            if len(calls) == 1:
                return real(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, "No space left on device")

        jsonl_files.os.write = write
        try:
            return super().process_item(item)
        finally:
            jsonl_files.os.write = real
