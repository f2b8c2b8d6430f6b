"""Run the Kiwi finder in a child process, for a long-lived program such as the app.

Loading Kiwi's model takes two to three seconds during which kiwipiepy holds
Python's interpreter lock, so a screen in the same process stops responding;
the model then keeps about 500 MB for as long as the process lives, which
matters on a host shared by several readers. In a child process the screen
keeps running, the rules run beside it on another core, and the memory goes
back to the system when the analysis ends.

The two processes speak pickle over the child's stdin and stdout: the
gazetteer and the number of Kiwi threads, then ``(article id, clean body)``
pairs ended by ``None``; the child answers each pair with ``("mentions",
tuple)``, or once with ``("error", message)``. Pickle is safe here: both ends
are this module.
"""

from __future__ import annotations

import contextlib
import itertools
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from store.corpus import default_corpus_dir, default_finder
from store.kiwi_finder import KiwiMentionFinder
from store.model import Article, Mention

__all__ = ["AnalysisError", "ChildProcessFinder", "child_process_finder"]

_STOP_SECONDS = 5.0
# The child imports this very copy of the package (a checkout or an install),
# and nothing from the current folder (-P).
_CHILD_CODE = (
    "import sys; root = sys.argv[1]; root in sys.path or sys.path.insert(0, root); "
    "from store.kiwi_process import main; sys.exit(main())"
)


class AnalysisError(RuntimeError):
    """The analysing child failed or died; the message says how."""


class ChildProcessFinder:
    """A :class:`KiwiMentionFinder` whose Kiwi lives in a child process, started when needed."""

    def __init__(self, finder: KiwiMentionFinder) -> None:
        self.finder = finder
        self._lock = threading.Lock()
        self._child: _Child | None = None
        self._stopped = False

    @property
    def key(self) -> str:
        return self.finder.key

    @property
    def child_pid(self) -> int | None:
        """The child's process id while one runs (for tests and diagnostics)."""
        child = self._child
        return child.pid if child is not None else None

    def find(self, articles: Iterable[Article]) -> Generator[tuple[Article, tuple[Mention, ...]]]:
        """Each article with its mentions, in order; no child is started for no articles.

        Articles are cleaned by the caller while the child analyses earlier ones.
        Closing the generator early stops the child.

        Raises:
            AnalysisError: the child reported an error or exited early, or
                :meth:`stop` was called.
        """
        upcoming = iter(articles)
        first = next(upcoming, None)
        if first is None:
            return
        with self._lock:
            if self._stopped:
                raise AnalysisError("the analysis was stopped")
            self._child = _Child(self.finder)
        with self._child as child:
            try:
                yield from _exchange(child, first, upcoming)
            finally:
                self._child = None

    def stop(self) -> None:
        """Stop for good, from any thread: an app that quits need not wait for Kiwi.

        The child under way is killed (``find`` then raises `AnalysisError`);
        articles answered before are kept by the caller (the analysis cache).
        """
        with self._lock:
            self._stopped = True
            if self._child is not None:
                self._child.kill()


def _exchange(
    child: _Child, first: Article, upcoming: Iterator[Article]
) -> Iterator[tuple[Article, tuple[Mention, ...]]]:
    """Send every article as soon as it is ready, hand back each answer as soon as it comes.

    Never wait for an answer while an article is left to send: Kiwi reads an
    unknown number of texts ahead before its first result.
    """
    pending: deque[Article] = deque()
    for article in itertools.chain([first], upcoming):
        pending.append(article)
        child.send((article.id, article.body))
        while (answer := child.answer(wait=False)) is not None:
            yield pending.popleft(), answer
    child.send(None)
    while pending:
        answer = child.answer(wait=True)
        assert answer is not None
        yield pending.popleft(), answer


class _Child:
    """The child process, a thread reading its answers, and its stderr kept in a file."""

    def __init__(self, finder: KiwiMentionFinder) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in __exit__)
        self._process = subprocess.Popen(
            [sys.executable, "-P", "-c", _CHILD_CODE, str(Path(__file__).resolve().parent.parent)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,  # never the terminal: the screen is drawn there
        )
        self._answers: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._reader = threading.Thread(target=self._read_answers, daemon=True)
        self._reader.start()
        self.send((finder.gazetteer, finder.workers))

    @property
    def pid(self) -> int:
        return self._process.pid

    def kill(self) -> None:
        self._process.kill()  # a no-op once it has exited

    def __enter__(self) -> _Child:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop the child: it ends by itself at end of input; one still busy is killed."""
        if self._process.poll() is None and exc_info[0] is not None:
            self._process.kill()  # the caller gave up (an error, or closed early)
        self._close_input()
        try:
            self._process.wait(timeout=_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join()
        assert self._process.stdout is not None
        self._process.stdout.close()
        self._stderr.close()

    def send(self, item: object) -> None:
        assert self._process.stdin is not None
        try:
            pickle.dump(item, self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            while True:
                self.answer(wait=True)  # the child is gone: its error (or exit) says why, last

    def answer(self, *, wait: bool) -> tuple[Mention, ...] | None:
        """The next article's mentions, or None if none has come and ``wait`` is false.

        Raises:
            AnalysisError: the child reported an error, or exited.
        """
        try:
            kind, value = self._answers.get(block=wait)
        except queue.Empty:
            return None
        if kind == "mentions":
            return value  # type: ignore[no-any-return]
        if kind == "error":
            raise AnalysisError(f"analysing with Kiwi failed: {value}")
        try:
            code = self._process.wait(timeout=_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            code = self._process.wait()
        tail = self._stderr_tail()
        raise AnalysisError(f"the analysis process exited early (status {code}){tail}")

    def _read_answers(self) -> None:
        """Move the child's answers to a queue, so its output pipe never fills and blocks it."""
        assert self._process.stdout is not None
        while True:
            try:
                answer = pickle.load(self._process.stdout)
            except (EOFError, OSError, pickle.UnpicklingError):
                self._answers.put(("ended", None))
                return
            self._answers.put(answer)

    def _close_input(self) -> None:
        assert self._process.stdin is not None
        with contextlib.suppress(BrokenPipeError, OSError):  # the child has already gone
            self._process.stdin.close()

    def _stderr_tail(self) -> str:
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        return f": {lines[-1]}" if lines else ""


def _serve(channel_in: IO[bytes], channel_out: IO[bytes]) -> int:
    """The child's side: analyse each pair read from ``channel_in``, answer on ``channel_out``."""
    gazetteer, workers = pickle.load(channel_in)
    finder = KiwiMentionFinder(gazetteer, workers=workers)

    def texts() -> Iterator[tuple[str, str]]:
        while (text := pickle.load(channel_in)) is not None:
            yield text

    try:
        for mentions in finder.mentions(texts()):
            pickle.dump(("mentions", mentions), channel_out, protocol=pickle.HIGHEST_PROTOCOL)
            channel_out.flush()
    except EOFError:
        return 1  # the parent went away mid-way: nobody to answer
    except Exception as error:  # reported to the parent, which raises it as AnalysisError
        pickle.dump(("error", f"{type(error).__name__}: {error}"), channel_out)
        channel_out.flush()
        return 1
    return 0


def main() -> int:
    """The child's entry point (see ``_CHILD_CODE``)."""
    channel_in, channel_out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answers
    return _serve(channel_in, channel_out)


def child_process_finder(directory: Path | None, data_dir: Path | None) -> ChildProcessFinder:
    """The default finder (`store.corpus.default_finder`), analysing in a child process.

    Raises:
        CorpusError: a gazetteer file is malformed.
    """
    return ChildProcessFinder(default_finder(directory or default_corpus_dir(), data_dir))
