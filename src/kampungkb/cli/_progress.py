"""A tiny progress bar on stderr, silent when stderr is not a terminal.

Stages are announced with :meth:`Progress.step`; while a stage runs, a background thread
redraws the bar with a spinner and the elapsed time so long computations show they are alive.
Nothing is written (and no thread started) when the stream is not a TTY — pipes, files, CI
logs and tests stay clean.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import TextIO

__all__ = ["Progress"]

_SPIN = "|/-\\"
_WIDTH = 20


class Progress:
    """Stage progress: ``[########------------] 2/5 computing indicators  1.3 s``.

    Example::

        with Progress(total=3, stream=sys.stderr) as progress:
            progress.step("reading data")
            ...
    """

    def __init__(self, total: int, stream: TextIO, *, enabled: bool | None = None) -> None:
        self.total = max(total, 1)
        self.stream = stream
        if enabled is None:
            isatty = getattr(stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.done = 0
        self.label = ""
        self._start = time.monotonic()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._tick = 0

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="kampungkb-progress",
                                            daemon=True)
            self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def step(self, label: str) -> None:
        """Start the next stage, called ``label``."""
        with self._lock:
            if self.label:
                self.done = min(self.done + 1, self.total)
            self.label = label
            self._draw()

    def close(self) -> None:
        """Stop redrawing and clear the bar's line."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1)
            self._thread = None
        if self.enabled:
            with self._lock:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            self.enabled = False

    def _run(self) -> None:
        while not self._stop.wait(0.15):
            with self._lock:
                self._tick += 1
                self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        filled = int(_WIDTH * self.done / self.total)
        bar = "#" * filled + "-" * (_WIDTH - filled)
        spin = _SPIN[self._tick % len(_SPIN)]
        elapsed = time.monotonic() - self._start
        line = f"\r[{bar}] {self.done + 1}/{self.total} {spin} {self.label}  {elapsed:.1f} s"
        self.stream.write(line + "\x1b[K")
        self.stream.flush()
