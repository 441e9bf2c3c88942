"""Long work: progress with stages, cancellation, and per-user limits on concurrent heavy jobs.

The one home for "this takes a while" (firm share, raster density, imports of large files, the print atlas,
the report). Three pieces, all free of Streamlit:

- :class:`Progress`: what a domain function reports to. It takes an optional ``progress`` argument and
  calls :func:`step` (``step(progress, STAGE, 0.4)``) between stages and inside long loops; ``step`` with
  ``None`` does nothing, so callers that do not care pass nothing. Each report checks the cancel flag and
  raises :class:`Cancelled` (an :class:`~gis.errors.AtlasError`) once :meth:`Progress.cancel` was called —
  cooperative cancellation, at the next report. :meth:`Progress.part` maps a sub-task's 0…1 onto a slice
  of the whole bar. :class:`StderrProgress` is the command-line reporter (stderr only, never stdout, so
  ``--json`` output stays clean).
- :class:`JobLimits` (:data:`LIMITS`): at most ``per_user`` heavy jobs at once per user and ``total`` on
  the server (``gis.settings.JOBS_PER_USER`` / ``JOBS_TOTAL``); further jobs wait in a first-come queue
  and their progress says "排队中 / waiting" with the number of jobs ahead. A waiting job can be cancelled.
- :func:`start_job` / :class:`Job`: run a function in a background thread inside a slot, for the app
  (``app_pages._progress_ui`` shows the bar, the stage and a cancel button, polling the job).

Use from any domain module::

    from gis.jobs import Progress, step

    def heavy(..., progress: Progress | None = None):
        step(progress, Pair("读取", "Reading"), 0.0)
        for i, chunk in enumerate(chunks):
            ...
            step(progress, Pair("计算", "Computing"), (i + 1) / len(chunks))
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, Generic, Literal, TypeVar

from gis.errors import AtlasError
from gis.settings import JOBS_PER_USER, JOBS_TOTAL
from gis.text import Pair

T = TypeVar("T")
State = Literal["waiting", "running", "done", "failed", "cancelled"]

WAITING = Pair("排队中", "waiting")
STARTING = Pair("开始", "starting")
DONE = Pair("完成", "done")


class Cancelled(AtlasError, RuntimeError):
    """The user cancelled the job (raised at the job's next progress report)."""

    def __init__(self, what: str = "") -> None:
        super().__init__(
            f"cancelled{f': {what}' if what else ''}",
            hint="start it again when needed",
            message_zh=f"已取消{f'：{what}' if what else ''}",
            hint_zh="需要时重新开始",
        )


class Progress:
    """Stage and fraction of one job, and its cancel flag (thread-safe; subclasses override :meth:`show`).

    Attributes ``stage`` (a :class:`~gis.text.Pair`), ``fraction`` (0…1) and ``ahead`` (jobs ahead in the
    queue while waiting, else 0) are read by reporters.
    """

    def __init__(self) -> None:
        self.stage: Pair = STARTING
        self.fraction = 0.0
        self.ahead = 0
        self.stages: list[Pair] = []
        self._cancel = threading.Event()
        self._lock = threading.Lock()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the job to stop; it raises :class:`Cancelled` at its next report."""
        self._cancel.set()

    def check(self) -> None:
        """Raise :class:`Cancelled` when the job was cancelled."""
        if self._cancel.is_set():
            raise Cancelled(self.stage.en)

    def update(self, stage: Pair, fraction: float) -> None:
        """Report ``stage`` at ``fraction`` (clipped to 0…1, never going back), then check the cancel flag."""
        with self._lock:
            if not self.stages or self.stages[-1] != stage:
                self.stages.append(stage)
            self.stage = stage
            self.fraction = max(self.fraction, min(1.0, max(0.0, float(fraction))))
            self.ahead = 0
        self.show()
        self.check()

    def waiting(self, ahead: int) -> None:
        """Report that the job waits for a slot with ``ahead`` jobs before it (checks the cancel flag)."""
        with self._lock:
            changed = self.stage != WAITING or self.ahead != ahead
            self.stage, self.ahead = WAITING, ahead
        if changed:
            self.show()
        self.check()

    def label(self, lang: str) -> str:
        """The current stage as one line in ``lang`` (with the queue position while waiting)."""
        if self.stage == WAITING:
            return Pair(f"排队中：前面还有 {self.ahead} 个任务", f"waiting: {self.ahead} job(s) ahead").get(
                lang
            )
        return f"{self.stage.get(lang)} {self.fraction:.0%}"

    def part(self, start: float, end: float) -> _Part:
        """A view reporting a sub-task's 0…1 as ``start``…``end`` of this bar (same cancel flag)."""
        return _Part(self, start, end)

    def show(self) -> None:
        """Called after every change (no-op here; reporters draw)."""


class _Part(Progress):
    """A slice of a parent :class:`Progress` (see :meth:`Progress.part`)."""

    def __init__(self, parent: Progress, start: float, end: float) -> None:
        super().__init__()
        self.parent, self.start, self.end = parent, start, end
        self._cancel = parent._cancel

    def update(self, stage: Pair, fraction: float) -> None:
        """Report to the parent, scaled into this slice."""
        f = min(1.0, max(0.0, float(fraction)))
        self.stage, self.fraction = stage, f
        self.parent.update(stage, self.start + (self.end - self.start) * f)

    def waiting(self, ahead: int) -> None:
        """Report waiting to the parent."""
        self.parent.waiting(ahead)


def step(progress: Progress | None, stage: Pair, fraction: float) -> None:
    """Report to ``progress`` when there is one (raises :class:`Cancelled` when it was cancelled)."""
    if progress is not None:
        progress.update(stage, fraction)


def part(progress: Progress | None, start: float, end: float) -> Progress | None:
    """``progress.part(start, end)``, or ``None`` without a progress (see :meth:`Progress.part`)."""
    return None if progress is None else progress.part(start, end)


def ticker(
    progress: Progress | None, stage: Pair, total: int, *, reports: int = 100
) -> Callable[[int], None]:
    """``tick(done)`` for a loop over ``total`` items: reports ``stage`` at ``done / total`` about ``reports``
    times over the loop (cheap between reports; a no-op without ``progress``). Raises :class:`Cancelled`
    at a report once the job was cancelled."""
    if progress is None or total <= 0:
        return _no_tick
    every = max(1, int(total) // max(1, reports))

    def tick(done: int) -> None:
        if done % every == 0:
            progress.update(stage, done / total)

    return tick


def _no_tick(done: int) -> None:
    """The ticker of a job nobody watches."""


class StderrProgress(Progress):
    """Command-line reporter: one line per stage and per 10 % on stderr (a bar on a terminal).

    Never writes to stdout, so ``--json`` output is unchanged. ``lang`` picks the stage texts
    (default both: "中文 / English").
    """

    def __init__(self, stream: IO[str] | None = None, *, lang: str | None = None) -> None:
        super().__init__()
        self.stream = stream if stream is not None else sys.stderr
        self.lang = lang
        self._last: tuple[Pair, int] | None = None
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def _text(self) -> str:
        if self.lang is not None:
            return self.label(self.lang)
        return f"{self.label('zh')} / {self.label('en')}"

    def show(self) -> None:
        """Write the stage when it or its tenth of the bar changed."""
        key = (self.stage, int(self.fraction * 10))
        if key == self._last:
            return
        self._last = key
        if self._tty:
            bar = "#" * int(self.fraction * 20)
            self.stream.write(f"\r[{bar:<20}] {self._text()}\033[K")
            if self.fraction >= 1.0:
                self.stream.write("\n")
        else:
            self.stream.write(f"progress: {self._text()}\n")
        self.stream.flush()


# ------------------------------------------------------------------------------------------- limits
@dataclass
class _Ticket:
    user: str
    kind: str
    number: int


class JobLimits:
    """At most ``per_user`` heavy jobs at once per user and ``total`` on the server; the rest queue."""

    def __init__(self, per_user: int = JOBS_PER_USER, total: int = JOBS_TOTAL) -> None:
        self.per_user = max(1, int(per_user))
        self.total = max(1, int(total))
        self._cond = threading.Condition()
        self._running: dict[str, int] = {}
        self._queue: list[_Ticket] = []
        self._numbers = itertools.count(1)

    def _eligible(self, t: _Ticket) -> bool:
        return self._running.get(t.user, 0) < self.per_user

    def _may_start(self, ticket: _Ticket) -> bool:
        if sum(self._running.values()) >= self.total or not self._eligible(ticket):
            return False
        for t in self._queue:  # first come, first served among those who may run now
            if t is ticket:
                return True
            if self._eligible(t):
                return False
        return False

    def _ahead(self, ticket: _Ticket) -> int:
        """Jobs before this one: those running and those queued before it."""
        return sum(self._running.values()) + self._queue.index(ticket)

    @contextmanager
    def slot(
        self, user: str, kind: str = "job", *, progress: Progress | None = None, poll_s: float = 0.2
    ) -> Iterator[None]:
        """Hold a slot for one job of ``user`` while the block runs; wait (reporting it) until one is free.

        Raises :class:`Cancelled` when ``progress`` is cancelled while waiting (the queue place is given up).
        """
        ticket = _Ticket(str(user), kind, next(self._numbers))
        with self._cond:
            self._queue.append(ticket)
        try:
            while True:
                with self._cond:
                    if self._may_start(ticket):
                        self._queue.remove(ticket)
                        self._running[ticket.user] = self._running.get(ticket.user, 0) + 1
                        break
                    ahead = self._ahead(ticket)
                if progress is not None:
                    progress.waiting(ahead)
                with self._cond:
                    self._cond.wait(poll_s)
        except BaseException:
            with self._cond:
                if ticket in self._queue:
                    self._queue.remove(ticket)
                self._cond.notify_all()
            raise
        try:
            yield
        finally:
            with self._cond:
                self._running[ticket.user] -= 1
                if not self._running[ticket.user]:
                    del self._running[ticket.user]
                self._cond.notify_all()

    def status(self) -> dict[str, Any]:
        """Running jobs per user and the queue (user, kind) in order."""
        with self._cond:
            return {
                "running": dict(self._running),
                "waiting": [(t.user, t.kind) for t in self._queue],
            }


#: The server's limits (one process serves every session).
LIMITS = JobLimits()


# ------------------------------------------------------------------------------------------- background jobs
@dataclass
class Job(Generic[T]):
    """A function running in a background thread inside a :class:`JobLimits` slot."""

    kind: str
    user: str
    progress: Progress
    started: float = field(default_factory=time.monotonic)
    state: State = "waiting"
    result: T | None = None
    error: BaseException | None = None
    thread: threading.Thread | None = None

    def cancel(self) -> None:
        """Ask the job to stop (it ends at its next progress report, or leaves the queue)."""
        self.progress.cancel()

    @property
    def finished(self) -> bool:
        """True once the job is done, failed or cancelled."""
        return self.state in ("done", "failed", "cancelled")

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True when finished."""
        if self.thread is not None:
            self.thread.join(timeout)
        return self.finished


def start_job(
    fn: Callable[[Progress], T],
    *,
    user: str,
    kind: str,
    limits: JobLimits | None = None,
    progress: Progress | None = None,
) -> Job[T]:
    """Run ``fn(progress)`` in a background thread once ``limits`` gives ``user`` a slot; return the job.

    The job's ``state`` goes waiting → running → done / failed / cancelled; ``error`` holds the exception
    of a failed job (a :class:`Cancelled` one is "cancelled").
    """
    lim = limits if limits is not None else LIMITS
    job: Job[T] = Job(kind, str(user), progress if progress is not None else Progress())

    def run() -> None:
        try:
            with lim.slot(job.user, kind, progress=job.progress):
                job.state = "running"
                job.progress.update(STARTING, 0.0)
                job.result = fn(job.progress)
            job.progress.stage, job.progress.fraction = DONE, 1.0
            job.state = "done"
        except Cancelled as exc:
            job.error, job.state = exc, "cancelled"
        except BaseException as exc:  # noqa: BLE001 - the page shows it; the thread must not die silently
            job.error, job.state = exc, "failed"

    job.thread = threading.Thread(target=run, name=f"fpa-job-{kind}", daemon=True)
    job.thread.start()
    return job
