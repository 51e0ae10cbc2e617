"""Progress of a command's long work, on stderr, so that stdout carries only its records.

A bar (rich) while stderr is a terminal; nothing of it when stderr is a pipe or a file. The
command's closing summary line and its notes (a rejected input, which model loads) are printed
either way. Any command uses it the same way:

    with Progress("extracting", total=len(items), unit="articles") as progress:
        for item in items:
            ...
            progress.say(f"rejected {origin}: {reason}")  # above the bar, never through it
            progress.advance()
    progress.finish(f"{n} articles in {progress.elapsed_s:.1f} s")
"""

import sys
import time
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as Bar


class Progress:
    """`total` None: a count without an end (a stream of unknown length). `bar`: None shows
    the bar exactly when `file` (default stderr) is a terminal."""

    def __init__(
        self,
        what: str,
        total: int | None = None,
        *,
        unit: str = "articles",
        file: TextIO | None = None,
        bar: bool | None = None,
    ) -> None:
        self.file = file or sys.stderr
        self.console = Console(file=self.file, highlight=False, soft_wrap=True)
        shown = self.console.is_terminal if bar is None else bar
        self.started = time.perf_counter()
        self._bar: Bar | None = None
        if shown:
            self._bar = Bar(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn(unit),
                TimeElapsedColumn(),
                TextColumn("left"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,  # the summary line takes its place
            )
            self._task = self._bar.add_task(what, total=total)

    def __enter__(self) -> "Progress":
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    @property
    def shows_bar(self) -> bool:
        return self._bar is not None

    @property
    def elapsed_s(self) -> float:
        """Seconds since the progress was made (the command's work began)."""
        return time.perf_counter() - self.started

    def update(self, what: str, total: int | None) -> None:
        """The work changes (loading done, extracting begins): a new label and total."""
        if self._bar is not None:
            self._bar.update(self._task, description=what, total=total, completed=0)

    def advance(self, steps: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, steps)

    def say(self, line: str) -> None:
        """One line on stderr, printed above the bar while it shows."""
        if self._bar is not None:
            self._bar.console.print(line, markup=False)
        else:
            print(line, file=self.file, flush=True)

    def finish(self, summary: str) -> None:
        """The closing one-line summary (always printed, bar or not)."""
        print(summary, file=self.file, flush=True)


def counted(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 article`, `2 articles`, `0 entities` (`nouns`: an irregular plural)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def extraction_summary(articles: int, quotes: int, entities: int, seconds: float) -> str:
    """`35 articles, 522 quotes, 1345 entities in 12.0 s`: how `extract` and `eval` end."""
    return (
        f"{counted(articles, 'article')}, {counted(quotes, 'quote')}, "
        f"{counted(entities, 'entity', 'entities')} in {seconds:.1f} s"
    )
