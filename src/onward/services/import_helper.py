"""Where an import's keyless half runs: in a helper process for a large export.

``import_prep`` parses the export, finds the flags and writes each row's JSON; none of it
needs a key. For an export of ``WORKER_MIN_BYTES`` or more on a machine with more than one
core it runs in one helper process (a fresh interpreter, ``python -m
onward.services.import_helper``) that is given the file's path, the parse options and who
is who by name, and holds no key: the same things it would see if it were sent the texts.
Batches of prepared rows come back on its stdout while the import's own process, which
holds the keys, finishes and stores the batches before (the two overlap on two cores, and
the import's process no longer parses). A small export, or a machine with one core, does
the same in the import's own process. Both give the same rows in the same order.

The helper ends when it has written its last batch, or when the import stops reading (its
next write fails): an import that is killed leaves no helper behind.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any, Final

from onward.importers.base import ParseOptions, ParseReport
from onward.importers.registry import get
from onward.services.import_flags import WORKER_MIN_BYTES, check_text
from onward.services.import_prep import Batch, Preparer, Who

AHEAD: Final = 16  # batches the helper may prepare before the import takes them
_LENGTH: Final = struct.Struct("!Q")


@dataclass(frozen=True, slots=True)
class Job:
    """What the keyless half of one import needs to know."""

    source: str  # the importer's format name
    path: Path
    options: ParseOptions
    default_chat: str
    who: Who
    batch_rows: int


def uses_helper(size: int) -> bool:
    """Whether an export of ``size`` bytes is prepared in a helper process."""
    return size >= WORKER_MIN_BYTES and (os.cpu_count() or 1) > 1


def file_size(path: Path) -> int:
    """The size of a file; 0 for a folder, or a path that cannot be read (the hash that
    comes next says why)."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def local_batches(job: Job, report: ParseReport) -> Iterator[Batch]:
    """The job's batches, prepared in this process; ``report`` is filled while parsing."""
    records = get(job.source).parse(job.path, options=job.options, report=report)
    return Preparer(default_chat=job.default_chat, who=job.who).batches(records, job.batch_rows)


def _write_frame(out: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_LENGTH.pack(len(data)))
    out.write(data)
    out.flush()


def _read_frame(inp: IO[bytes]) -> Any:
    head = inp.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("the import helper stopped")
    (size,) = _LENGTH.unpack(head)
    data = inp.read(size)
    if len(data) < size:
        raise EOFError("the import helper stopped")
    return pickle.loads(data)  # our own helper process, over its own pipe


class Helper:
    """A helper process: started first (it loads the rules while the import hashes the
    file and reads the vault), then given its job once (``batches``).

    A reader thread takes the helper's frames as they come (up to ``AHEAD`` batches), so
    the helper keeps working while the import finishes the batches before. An error in
    the helper (an unreadable file, dates that need a choice) is raised by ``batches`` as
    it was raised there."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(  # this interpreter, a module of ours
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._frames: queue.Queue[tuple[Any, ...]] = queue.Queue(maxsize=AHEAD)
        self._stopped = False
        self._finished = False
        self._reader: threading.Thread | None = None

    def batches(self, job: Job, report: ParseReport) -> Iterator[Batch]:
        """The job's batches; ``report`` is filled when the last has come."""
        stdin = self._proc.stdin
        assert stdin is not None
        assert self._reader is None, "one job per helper"
        try:
            _write_frame(stdin, job)
        except OSError:
            pass  # the helper stopped: the reader reports it
        finally:
            stdin.close()
        self._reader = threading.Thread(target=self._read, name="onward-import-helper", daemon=True)
        self._reader.start()
        return self._batches(report)

    def _batches(self, report: ParseReport) -> Iterator[Batch]:
        while True:
            frame = self._frames.get()
            if frame[0] == "rows":
                yield frame[1]
            elif frame[0] == "end":
                for name in (f.name for f in fields(ParseReport)):
                    setattr(report, name, getattr(frame[1], name))
                self._finished = True
                return
            else:
                raise frame[1]

    def _read(self) -> None:
        pipe = self._proc.stdout
        assert pipe is not None
        try:
            while True:
                frame = _read_frame(pipe)
                self._put(frame)
                if frame[0] != "rows":
                    return
        except (EOFError, OSError, pickle.UnpicklingError):
            self._put(("error", RuntimeError("The import helper process stopped.")))

    def _put(self, frame: tuple[Any, ...]) -> None:
        while not self._stopped:
            with contextlib.suppress(queue.Full):
                self._frames.put(frame, timeout=0.1)
                return

    def close(self) -> None:
        """Wait for the helper, or stop it if the import stopped first."""
        self._stopped = True
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            self._proc.stdin.close()  # never given a job (a file imported before)
        if not self._finished:
            self._proc.kill()  # the import ended before the helper's last batch
        self._proc.wait()
        if self._reader is not None:
            self._reader.join()
        if self._proc.stdout is not None:
            self._proc.stdout.close()


@contextlib.contextmanager
def helper_for(size: int) -> Iterator[Helper | None]:
    """A helper process for an export of ``size`` bytes, if it is large enough."""
    if not uses_helper(size):
        yield None
        return
    helper = Helper()
    try:
        yield helper
    finally:
        helper.close()


def batches(job: Job, report: ParseReport, helper: Helper | None) -> Iterator[Batch]:
    """The job's batches, from ``helper`` if there is one, else made here."""
    return local_batches(job, report) if helper is None else helper.batches(job, report)


def _serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """The helper's work: one job in, its batches out, then the report (or the error)."""
    check_text("warm up")  # builds the rule index while the import gets ready
    try:
        job: Job = _read_frame(inp)
    except EOFError:
        return  # no job: the file had been imported before
    report = ParseReport()
    try:
        for batch in local_batches(job, report):
            _write_frame(out, ("rows", batch))
    except BrokenPipeError:
        return  # the import stopped reading
    except Exception as exc:  # sent to the import, which raises it
        try:
            _write_frame(out, ("error", exc))
        except Exception:  # an error that cannot be pickled
            _write_frame(out, ("error", RuntimeError("The import helper process failed.")))
        return
    _write_frame(out, ("end", report))


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        _serve(sys.stdin.buffer, sys.stdout.buffer)
