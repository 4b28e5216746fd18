"""Warning flags for an import's messages, in a second process when the export is large.

The rule detector is the largest single cost of importing (about a third of the CPU time
on a million messages). A large import therefore sends each batch's texts to one helper
process (a fresh interpreter, ``python -m onward.services.import_flags``, that holds no key
and no message but the texts it is given) and goes on parsing, encrypting and storing while
the helper looks for flags; on a machine with two cores the two overlap. A small import, or
a machine with one core, checks the texts in its own process. Both give the same flags in
the same order.
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from typing import IO, Any, Final

from onward.analysis.flags import PARTNER_CATEGORIES, detect_flags
from onward.model import Flag

# "begging" is for the person's own drafts; imported messages are checked for the rest.
IMPORT_CATEGORIES: Final = frozenset(PARTNER_CATEGORIES)
# Exports smaller than this are checked in the import's own process (starting the helper
# costs about as much as checking 30,000 messages).
WORKER_MIN_BYTES: Final = 4 * 1024 * 1024

_LENGTH: Final = struct.Struct("!Q")

# For each checked text (by its place in the batch) that has flags: the flags.
Found = dict[int, list[Flag]]


def flag_texts(texts: Sequence[str | None]) -> Found:
    """Flags for every text that is not None (None: not a text message with a sender)."""
    found: Found = {}
    for i, text in enumerate(texts):
        if text is not None:
            flags = detect_flags(text, categories=IMPORT_CATEGORIES)
            if flags:
                found[i] = flags
    return found


def _warm_up() -> None:
    detect_flags("warm up", categories=IMPORT_CATEGORIES)  # builds the rule index once


class _Done:
    """An already computed result, shaped like a ``Future``."""

    def __init__(self, value: Found) -> None:
        self._value = value

    def result(self) -> Found:
        return self._value

    def done(self) -> bool:
        return True


Pending = Future[Found] | _Done


def _write_frame(out: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_LENGTH.pack(len(data)))
    out.write(data)
    out.flush()


def _read_frame(inp: IO[bytes]) -> Any:
    head = inp.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("the flag helper stopped")
    (size,) = _LENGTH.unpack(head)
    data = inp.read(size)
    if len(data) < size:
        raise EOFError("the flag helper stopped")
    return pickle.loads(data)  # our own helper process, over its own pipe


class _Helper:
    """The helper process: batches go in on its stdin, flags come back on its stdout, in
    order. A sender thread and a reader thread keep both pipes moving, so neither side can
    block the other. (Not ``multiprocessing``: its ``spawn`` re-runs the main script.)"""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(  # this interpreter, a module of ours
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._out: queue.Queue[list[str | None] | None] = queue.Queue()
        self._futures: queue.Queue[Future[Found] | None] = queue.Queue()
        self._sender = threading.Thread(target=self._send, name="onward-flags-send", daemon=True)
        self._reader = threading.Thread(target=self._read, name="onward-flags-read", daemon=True)
        self._sender.start()
        self._reader.start()

    def submit(self, texts: list[str | None]) -> Future[Found]:
        future: Future[Found] = Future()
        self._futures.put(future)
        self._out.put(texts)
        return future

    def _send(self) -> None:
        pipe = self._proc.stdin
        assert pipe is not None
        try:
            while (texts := self._out.get()) is not None:
                _write_frame(pipe, texts)
        except OSError:
            pass  # the helper stopped; the reader fails the waiting batches
        finally:
            pipe.close()

    def _read(self) -> None:
        pipe = self._proc.stdout
        assert pipe is not None
        error: BaseException | None = None
        while (future := self._futures.get()) is not None:
            if error is None:
                try:
                    future.set_result(_read_frame(pipe))
                    continue
                except (EOFError, OSError, pickle.UnpicklingError) as exc:
                    error = exc
            future.set_exception(RuntimeError("The flag helper process stopped."))

    def close(self) -> None:
        self._out.put(None)
        self._futures.put(None)
        self._sender.join()
        self._reader.join()
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()


class Flagger:
    """Checks batches of texts, in a helper process when ``parallel``."""

    def __init__(self, *, parallel: bool) -> None:
        self._helper = _Helper() if parallel else None

    @classmethod
    def for_size(cls, size: int) -> Flagger:
        """A flagger for an export of ``size`` bytes."""
        return cls(parallel=size >= WORKER_MIN_BYTES and (os.cpu_count() or 1) > 1)

    @property
    def parallel(self) -> bool:
        return self._helper is not None

    def submit(self, texts: list[str | None]) -> Pending:
        if self._helper is None:
            return _Done(flag_texts(texts))
        return self._helper.submit(texts)

    def close(self) -> None:
        if self._helper is not None:
            self._helper.close()
            self._helper = None

    def __enter__(self) -> Flagger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """The helper's loop: a batch of texts in, its flags out, until its input ends."""
    _warm_up()
    while True:
        try:
            texts = _read_frame(inp)
        except EOFError:
            return
        _write_frame(out, flag_texts(texts))


if __name__ == "__main__":
    _serve(sys.stdin.buffer, sys.stdout.buffer)
