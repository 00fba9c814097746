"""Parse articles in separate worker processes, each parse under a time limit.

The dashboard parses uploads here instead of in its own process: a parse runs on another
core without holding the server's GIL, so one large or odd upload cannot slow the pages of
other users, and a parse that takes longer than the limit is stopped by ending its process
(a thread could not be stopped).  A new worker is started for the next parse.

    pool = ParsePool(workers=1, timeout_s=20)
    parsed = pool.parse(text, article="a.txt", region=None, published="2024-07")

Workers are started lazily (``spawn``: a fresh interpreter, safe beside the server's
threads), load the parser's lexicon and tokenizer once, then serve one parse at a time.
``target`` is the parse function (``parsers.parse_article`` by default); it must be
importable by name, since it is sent to the worker by reference.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
from typing import Callable

from .api import Parsed, parse_article

DEFAULT_TIMEOUT_S = 20.0     # a 2 MB upload parses in about a second (benchmarks/bench_parser.py)
START_TIMEOUT_S = 120.0      # a new worker imports pandas and loads jieba's dictionary first
TIMEOUT_ENV = "DASHBOARD_PARSE_TIMEOUT_S"


class ParseError(RuntimeError):
    """Parsing in a worker did not give a result; ``str(e)`` is a message for the user (Chinese)."""


class ParseTimeout(ParseError):
    """The parse took longer than the limit; its worker was stopped."""


class ParseFailed(ParseError):
    """The parser raised an error in the worker (the message names the error)."""


class WorkerUnavailable(ParseError):
    """A worker process could not be started or died."""


def timeout_message(article: str, limit_s: float) -> str:
    return (f"解析“{article}”超过了 {limit_s:g} 秒的时间上限，已停止，文件未保存。"
            "这通常说明它不是一篇普通的文章（例如没有标点的超长文本）；请检查文件内容，或只上传文章正文。")


def timeout_from_env(default: float = DEFAULT_TIMEOUT_S) -> float:
    try:
        value = float(os.environ.get(TIMEOUT_ENV, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


def _serve(conn, target: Callable[..., Parsed]) -> None:
    """Worker main loop: warm up, say ready, then answer one request at a time."""
    try:
        from .lexicon import get_lexicon, get_tokenizer
        get_lexicon()
        get_tokenizer()
    except Exception:  # noqa: BLE001 - warming is an optimisation; a real failure shows on parse
        pass
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        text, kwargs = request
        try:
            conn.send(("ok", target(text, **kwargs)))
        except Exception as e:  # noqa: BLE001 - reported to the caller as ParseFailed
            conn.send(("error", f"{type(e).__name__}: {e}"))


class _Worker:
    def __init__(self, target: Callable[..., Parsed]) -> None:
        self.target = target
        self.proc = None
        self.conn = None

    def _ensure(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            return
        self.stop()
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, self.target), daemon=True, name="parse-worker")
        proc.start()
        child.close()
        self.proc, self.conn = proc, parent
        if not parent.poll(START_TIMEOUT_S):
            self.stop()
            raise WorkerUnavailable("解析进程没有按时启动，请稍后重试。")
        try:
            parent.recv()  # ("ready", None)
        except (EOFError, OSError) as e:
            self.stop()
            raise WorkerUnavailable("解析进程启动失败，请稍后重试。") from e

    def run(self, text: str, kwargs: dict, timeout_s: float) -> Parsed:
        self._ensure()
        try:
            self.conn.send((text, kwargs))
            ready = self.conn.poll(timeout_s)
        except (EOFError, OSError) as e:
            self.stop()
            raise WorkerUnavailable("解析进程意外退出，请重试。") from e
        if not ready:
            self.stop()   # the only way to stop a parse: end its process
            raise ParseTimeout(timeout_message(str(kwargs.get("article", "")), timeout_s))
        try:
            status, payload = self.conn.recv()
        except (EOFError, OSError) as e:
            self.stop()
            raise WorkerUnavailable("解析进程意外退出（可能内存不足），请重试。") from e
        if status == "error":
            raise ParseFailed(f"解析“{kwargs.get('article', '')}”时出错：{payload}。文件未保存。")
        return payload

    def stop(self) -> None:
        proc, conn, self.proc, self.conn = self.proc, self.conn, None, None
        if conn is not None:
            conn.close()
        if proc is not None:
            if proc.is_alive():
                proc.kill()
            proc.join(5)

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None and self.proc.is_alive() else None


class ParsePool:
    """``workers`` parse processes shared by all callers (thread-safe); each parse under ``timeout_s``."""

    def __init__(self, workers: int = 1, timeout_s: float | None = None,
                 target: Callable[..., Parsed] = parse_article) -> None:
        self.timeout_s = timeout_s if timeout_s is not None else timeout_from_env()
        self._all = [_Worker(target) for _ in range(max(1, workers))]
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for w in self._all:
            self._idle.put(w)
        self._closed = threading.Event()

    def parse(self, text: str, *, article: str = "article.txt", region: str | None = None,
              published: str | None = None) -> Parsed:
        """``parse_article`` in a worker; raises a :class:`ParseError` (timeout, failure, no worker)."""
        if self._closed.is_set():
            raise WorkerUnavailable("解析进程已关闭。")
        worker = self._idle.get()
        try:
            return worker.run(text, {"article": article, "region": region, "published": published},
                              self.timeout_s)
        finally:
            self._idle.put(worker)

    def pids(self) -> list[int]:
        return [p for p in (w.pid for w in self._all) if p is not None]

    def close(self) -> None:
        self._closed.set()
        for w in self._all:
            w.stop()
