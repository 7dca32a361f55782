"""Paragraphs sent to the render's workers to be broken there (`layout.text.ahead` has why, and takes them
back): the jobs, and the worker's side of them."""

from __future__ import annotations

import itertools
import os
import pickle
from collections.abc import Callable, Hashable
from concurrent.futures import Executor

from layout.model.style import TextStyle
from layout.model.text import Metrics
from layout.text import break_paragraph
from layout.text.ahead import Bold, Call, Encoded, encode, register

CHUNK = 16  # paragraphs per job: small enough that the first come back soon
_SENT = itertools.count()  # one token per `break_ahead` of this process
_METRICS: dict[str, list[Metrics]] = {}  # in a worker: the metrics of the render it breaks for, by token


def break_chunk(token: str, metrics: bytes, calls: list[tuple[str, TextStyle, float, int, int, bool, Bold, int]]
                ) -> list[Encoded]:
    """In a worker: break `calls` (their metrics as indices into the pickled list `metrics`, unpickled once
    per `token`)."""
    table = _METRICS.get(token)
    if table is None:
        _METRICS.clear()
        table = _METRICS[token] = pickle.loads(metrics)
    return [encode(break_paragraph(text, style, measure, table[m], start=start, first_indent=first, bold=bold,
                                    bold_metrics=table[bm] if bm >= 0 else None))
            for text, style, measure, m, start, first, bold, bm in calls]


def break_ahead(calls: list[Call], pool: Executor, key: Callable[[Call], Hashable]) -> None:
    """Send `calls` (in the order flow will ask for them) to `pool`, all but the first chunk, which this
    process breaks itself while the workers start on the next ones. `key`: `_broken`'s key of a call."""
    index: dict[int, int] = {}
    table: list[Metrics] = []
    for call in calls:
        for m in (call[3], call[7]):
            if m is not None and id(m) not in index:
                index[id(m)] = len(table)
                table.append(m)
    blob = pickle.dumps(table, pickle.HIGHEST_PROTOCOL)
    token = f"{os.getpid()}:{next(_SENT)}"
    for at in range(CHUNK, len(calls), CHUNK):
        chunk = calls[at:at + CHUNK]
        sent = [(text, style, measure, index[id(m)], start, first, bold, index[id(bm)] if bm is not None else -1)
                for text, style, measure, m, start, first, bold, bm in chunk]
        register([key(call) for call in chunk], pool.submit(break_chunk, token, blob, sent))
