"""The reader app and its one factory, :func:`make_app`, used by the CLI and the tests.

The app holds the settings (corpus, data and cache folders, user, entity
finder, notes), the search index, and what the help screen and the command
palette list. The main screen does the rest. Kiwi is never imported here:
by default new articles are analysed in a child process (see
`store.kiwi_process`), so the screen keeps responding while Kiwi loads.

Notes are the user's own (``--user``, ``$LGAI_READER_USER`` or the login) in
the data folder (``--data``, ``$LGAI_READER_DATA`` or the XDG data folder). A
user name that cannot be used does not stop the app: it opens with notes off
and says why.
"""

from __future__ import annotations

import getpass
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import get_current_worker

from store.identity import InvalidUserName, UnknownUser, resolve_data_dir, resolve_user
from store.model import Article
from tui.annotation_source import AnnotationSource, NoAnnotations
from tui.commands import ReaderCommands
from tui.keymap import KeyHelp, key_help
from tui.notes_source import NotesSource
from tui.safe import line
from tui.screens.main import MainScreen
from tui.widgets.article_body import ArticleBody
from tui.widgets.article_table import ArticleTable
from tui.widgets.entity_sidebar import EntityTree, MentionList
from tui.workers import ReportsWorkerErrors

if TYPE_CHECKING:
    from store.corpus import MentionFinder
    from store.search import SearchIndex

__all__ = ["ReaderApp", "Settings", "make_app"]


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, no USER: a container, say
        return "unknown user"


@dataclass(frozen=True)
class Settings:
    """Where the app reads from and as whom; how entities are found; where notes come from."""

    corpus_dir: Path | None = None
    data_dir: Path | None = None
    user: str | None = None
    cache_dir: Path | None = None
    finder: MentionFinder | None = None
    finder_factory: Callable[[], MentionFinder] | None = None
    annotations: AnnotationSource = field(default_factory=NoAnnotations)

    @property
    def corpus_label(self) -> str:
        """How the status bar names the corpus (a folder name, never a path with controls)."""
        return line(self.corpus_dir.name) if self.corpus_dir else "bundled corpus"

    @property
    def user_label(self) -> str:
        return line(self.user or _login())


class ReaderApp(ReportsWorkerErrors, App[None]):
    """lgai-reader: read a corpus of Korean news articles, follow entities, search."""

    CSS_PATH = "app.tcss"
    TITLE = "lgai-reader"
    COMMANDS: ClassVar = App.COMMANDS | {ReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.last_query = ""
        self._search_index: SearchIndex | None = None
        self._search_key: tuple[int, int] | None = None
        self._search_lock = threading.Lock()

    def get_default_screen(self) -> Screen[None]:
        return MainScreen()

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0] if self.screen_stack else None
        if not isinstance(screen, MainScreen):
            raise RuntimeError("the main screen is not running")
        return screen

    # -- services for screens and the palette -----------------------------------

    def search_index(self, articles: Sequence[Article]) -> SearchIndex:
        """The search index over ``articles`` (built once per corpus; call from a worker).

        Built on the first search, not at start-up: it holds a lower-cased copy
        of every title and body, which a session that never searches should not pay for.
        """
        from store.search import SearchIndex  # not needed until someone searches

        # The same articles (the same objects) give the same index.
        key = (len(articles), id(articles[0]) if articles else 0)
        with self._search_lock:
            if self._search_index is None or self._search_key != key:
                self._search_index = SearchIndex(articles)
                self._search_key = key
                self.call_later(self._index_words, self._search_index)  # thread-safe, no wait
            return self._search_index

    def _index_words(self, index: SearchIndex) -> None:
        """Build the index's word list in the background, for the searches after the first.

        It takes about twice as long as the index; until it is done, searches scan all the text.
        """

        def build() -> None:
            worker = get_current_worker()
            index.index_words(stop=lambda: worker.is_cancelled)

        self.run_worker(
            build, thread=True, group="search-words", exclusive=True, exit_on_error=False
        )

    def key_entries(self) -> list[KeyHelp]:
        """Every binding, by section: the app's own first (quit, palette), then each pane's.

        The screens opened on demand are imported here, when help or the
        palette first asks: importing them at start-up cost about 30 ms of each start.
        """
        from tui.screens.confirm import ConfirmScreen
        from tui.screens.filter import FilterScreen
        from tui.screens.help import HelpScreen
        from tui.screens.my_notes import MyNotesScreen, NoteList
        from tui.screens.note_editor import NoteEditor
        from tui.screens.search import SearchResults, SearchScreen
        from tui.screens.tag_editor import TagEditor

        sections: list[tuple[str, tuple[type[DOMNode], ...]]] = [
            ("Anywhere", (type(self), MainScreen)),
            ("Article list", (ArticleTable,)),
            ("Reader: caret, selection", (ArticleBody,)),
            ("Entity sidebar", (EntityTree,)),
            ("Mentions of the chosen entity", (MentionList,)),
            ("Search (/)", (SearchScreen, SearchResults)),
            ("Filter (f)", (FilterScreen,)),
            ("Note editor (a, e)", (NoteEditor,)),
            ("Article tags (t)", (TagEditor,)),
            ("My notes (m)", (MyNotesScreen, NoteList)),
            ("Questions", (ConfirmScreen,)),
            ("Help (?)", (HelpScreen,)),
        ]
        return key_help(self, sections)

    def command_target(self, owner: type[DOMNode], screen: Screen[Any]) -> App[Any] | Widget | None:
        """The node that runs ``owner``'s actions from the palette opened on ``screen``."""
        if isinstance(self, owner):
            return self
        if isinstance(screen, owner):
            return screen
        if issubclass(owner, Screen) or not issubclass(owner, Widget):
            return None
        found = screen.query(owner)
        return found.first() if found else None

    def article_titles(self) -> list[tuple[str, str]]:
        """(id, title) of every loaded article, for the palette."""
        try:
            articles = self.main_screen.articles
        except RuntimeError:
            return []
        return [(article.id, line(article.title)) for article in articles.values()]

    def action_open_article(self, article_id: str) -> None:
        self.open_article(article_id)

    def open_article(self, article_id: str) -> None:
        self.main_screen.open_article(article_id)


def make_app(
    corpus_dir: Path | None = None,
    data_dir: Path | None = None,
    user: str | None = None,
    cache_dir: Path | None = None,
    finder: MentionFinder | None = None,
    *,
    finder_factory: Callable[[], MentionFinder] | None = None,
    annotations: AnnotationSource | None = None,
) -> ReaderApp:
    """Build the reader app.

    Args:
        corpus_dir: folder of article files (default: the bundled corpus).
        data_dir: where notes and tags live (used by the notes UI).
        user: whose notes to show (default: the login name).
        cache_dir: the analysis cache (default: the user's XDG cache).
        finder: finds entity mentions in new or changed articles.
        finder_factory: makes the finder in the loading thread, so a slow
            model load never blocks the first frame (used when ``finder`` is
            None; by default, Kiwi in a child process).
        annotations: the user's tags, notes and annotated spans (default: the
            user's notes in the data folder, read and written).
    """
    corpus_dir = Path(corpus_dir).expanduser() if corpus_dir else None
    data_dir = Path(data_dir).expanduser() if data_dir else None
    if finder is None and finder_factory is None:
        finder_factory = partial(_child_process_finder, corpus_dir, data_dir)
    if annotations is None:
        annotations = notes_of(data_dir, user)
    if isinstance(annotations, NotesSource):
        user = annotations.user or user
    settings = Settings(
        corpus_dir=corpus_dir,
        data_dir=data_dir,
        user=user,
        cache_dir=Path(cache_dir).expanduser() if cache_dir else None,
        finder=finder,
        finder_factory=finder_factory,
        annotations=annotations,
    )
    return ReaderApp(settings)


def _child_process_finder(corpus_dir: Path | None, data_dir: Path | None) -> MentionFinder:
    from store.kiwi_process import child_process_finder  # in the loading thread, when needed

    return child_process_finder(corpus_dir, data_dir)


def notes_of(data_dir: Path | None, user: str | None) -> NotesSource:
    """The notes of ``user`` (or of whoever runs the app) in ``data_dir`` (or the default one).

    Never raises: a name that cannot be used becomes a source whose snapshot
    says why notes are off. No disk access happens here.
    """
    directory = resolve_data_dir(data_dir)
    try:
        return NotesSource(directory, resolve_user(user))
    except (InvalidUserName, UnknownUser) as error:
        return NotesSource(directory, line(user or ""), user_error=line(error))
