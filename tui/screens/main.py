"""The main screen: article list, reader and entity sidebar, and the flows between them.

The screen owns what it shows: the corpus once loaded (articles arrive in
batches before that), the list's order and filter, the pane layout, and the
entity being followed with ``n``/``N``. Loading runs in a thread worker and
reports progress in batches, so the window is usable from the first frame.

How the panes share the width is :class:`~tui.widgets.panes.Panes`' business;
notes and tags are :class:`~tui.screens.notes_flows.NotesFlows`'.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from store.listing import first_page, last_listing
from store.model import Article, Mention
from tui.listing import SORT_ORDERS, ArticleRow, ListFilter, SortOrder, arrange, build_rows
from tui.notes_source import NotesSnapshot, notes_snapshot
from tui.safe import line, template
from tui.screens.notes_flows import NotesFlows
from tui.widgets.article_body import ArticleBody
from tui.widgets.article_table import ArticleTable
from tui.widgets.entity_sidebar import EntitySidebar, MentionList
from tui.widgets.key_bar import KeyBar
from tui.widgets.panes import Pane, Panes
from tui.widgets.reader import Reader, caret_line
from tui.widgets.status import StatusBar
from tui.wording import counted
from tui.workers import LoadBatch, ProgressRelay

if TYPE_CHECKING:
    from store.corpus import Corpus, MentionFinder
    from store.search import SearchHit
    from tui.app import ReaderApp

__all__ = ["MainScreen"]

SORT_CYCLE: tuple[SortOrder, ...] = ("date-desc", "date-asc", "outlet")
MAX_SKIPPED_IN_NOTICE = 8


class MainScreen(NotesFlows):
    """List, reader and entity sidebar; notes and tags (see :class:`NotesFlows`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown in the footer everywhere: search and help. The keys that matter in
        # one pane are repeated in that pane widget's BINDINGS, for its footer.
        # Run as the key is read, so the letters typed after it go into the box
        # (`tui.typeahead`).
        Binding("slash", "search", "Search", priority=True),
        Binding("question_mark,f1", "help", "Help"),
        Binding("r", "toggle_removed", "Removed view", show=False),
        Binding("n,right_square_bracket", "step_mention(True)", "Next mention", show=False),
        Binding("N,left_square_bracket", "step_mention(False)", "Previous mention", show=False),
        Binding("s", "cycle_sort", "Sort", show=False),
        Binding("f", "filter", "Filter", show=False, priority=True),
        Binding("F", "clear_filters", "Clear filters", show=False),
        Binding("1", "focus_pane('list')", "Go to article list", show=False),
        Binding("2", "focus_pane('reader')", "Go to reader", show=False),
        Binding("3", "focus_pane('entities')", "Go to entities", show=False),
        Binding("f2", "toggle_pane('list')", "Show/hide article list", show=False),
        Binding("f3", "toggle_pane('entities')", "Show/hide entity sidebar", show=False),
        Binding("escape", "back", "Back to list", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    list_order: reactive[SortOrder] = reactive("date-desc", init=False)
    list_filter: reactive[ListFilter] = reactive(ListFilter, init=False)

    class ArticlesLoaded(Message):
        """A batch of articles is ready (posted from the loading thread)."""

        def __init__(self, batch: LoadBatch) -> None:
            super().__init__()
            self.batch = batch

    class ListRead(Message):
        """Every row of the last start's list (the first frame drew its first page)."""

        def __init__(self, rows: list[ArticleRow]) -> None:
            super().__init__()
            self.rows = rows

    class CorpusReady(Message):
        """Loading finished: the whole corpus, with republished stories grouped, and the notes."""

        def __init__(self, corpus: Corpus, notes: NotesSnapshot) -> None:
            super().__init__()
            self.corpus = corpus
            self.notes = notes

    def __init__(self) -> None:
        super().__init__()
        self.corpus: Corpus | None = None
        self.articles: dict[str, Article] = {}
        self.rows: list[ArticleRow] = []
        self._stories_listed: int | None = None  # while only the list's first page is in
        self.entity: str | None = None
        self.skipped: list[str] = []
        self.load_error: str | None = None
        self.load_stage = ""  # what a cold load is busy with (loading Kiwi), if anything
        self._opening: str | None = None  # an article chosen from the last start's list
        self._finder: MentionFinder | None = None  # set by the loading thread

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    # -- composition ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Panes(width=self.app.size.width, id="panes") as panes:
            with Vertical(id="list-pane"):
                yield Static("", id="list-title", markup=False)
                yield ArticleTable(id="articles")
            yield Reader(id="reader-pane")
            yield EntitySidebar(id="entity-pane", shown=panes.pane_visible("entities"))
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """Show the list as the last start left it, then load the corpus after the first frame.

        The first frame draws the first page of the last list (`store.listing`),
        read in a millisecond whatever the corpus size. The loading thread then
        reads the whole list (10,000 articles: 7 ms, and 15 ms for their rows),
        checks the files and reads the snapshot (about 0.4 s), all after the
        list is on the screen.
        """
        settings = self.reader_app.settings
        page = first_page(settings.corpus_dir, cache_dir=settings.cache_dir)
        if page is not None and page.listing.ids:
            self.rows = build_rows(page.listing)
            if page.stories > len(self.rows):
                self._stories_listed = page.stories
            self._arrange()
        self._update_titles()
        self.query_one(ArticleTable).focus()
        self.call_after_refresh(self.load)

    def on_unmount(self) -> None:
        """Quitting stops an analysis under way, if the finder can (a child process can).

        Otherwise the process would wait for it to end; what was analysed is cached.
        """
        stop = getattr(self._finder, "stop", None)
        if callable(stop):
            stop()

    # -- loading ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, name="loading the corpus")
    def load(self) -> None:
        """Load (and, on a cold cache, analyse) the corpus; post batches as they are ready."""
        from store.corpus import load_corpus  # imported here, after the first frame

        settings = self.reader_app.settings
        if self._stories_listed is not None:
            listing = last_listing(settings.corpus_dir, cache_dir=settings.cache_dir)
            if listing is not None:
                self.post_message(self.ListRead(build_rows(listing)))
        finder = settings.finder
        if finder is None and settings.finder_factory is not None:
            finder = settings.finder_factory()
        self._finder = finder
        relay = ProgressRelay(lambda batch: self.post_message(self.ArticlesLoaded(batch)))
        corpus = load_corpus(
            settings.corpus_dir,
            cache_dir=settings.cache_dir,
            data_dir=settings.data_dir,
            finder=finder,
            on_progress=relay,
            long_lived=True,  # the screen keeps it until the app ends
        )
        relay.flush()
        _ = corpus.entities  # build the index here, not on the event loop
        notes = notes_snapshot(settings.annotations, {article.id: article for article in corpus})
        self.post_message(self.CorpusReady(corpus, notes))

    def worker_failed(self, worker: object) -> None:
        """Called by :class:`ReportsWorkerErrors`: say in the list why it is empty."""
        if getattr(worker, "group", None) == "load":
            error = getattr(worker, "error", None)
            self.load_error = line(str(error)) if error else "unknown error"
            self.query_one(StatusBar).loading_finished()
            self._update_titles()

    def on_main_screen_list_read(self, event: ListRead) -> None:
        if self._stories_listed is not None:  # no article of this start is listed yet
            self.rows = event.rows
            self._stories_listed = None
            self._arrange()

    def on_main_screen_articles_loaded(self, event: ArticlesLoaded) -> None:
        batch = event.batch
        self.query_one(StatusBar).set_progress(batch.done, batch.total)
        if batch.stage:
            self.load_stage = batch.stage
            self._update_status()
        for article in batch.articles:
            self.articles[article.id] = article
        self.skipped.extend(str(skipped) for skipped in batch.skipped)
        # Rebuild the list only when it has doubled since the last time: with
        # thousands of articles arriving in batches, rebuilding on every batch
        # would cost time quadratic in the corpus on the event loop.
        if batch.articles and self.corpus is None and len(self.articles) >= 2 * len(self.rows):
            self.rows = build_rows(self.articles.values())
            self._stories_listed = None
            self._arrange()
        self._update_titles()

    def on_main_screen_corpus_ready(self, event: CorpusReady) -> None:
        corpus = event.corpus
        self.corpus = corpus
        self._stories_listed = None
        self.articles = {article.id: article for article in corpus}
        self.skipped = [str(skipped) for skipped in corpus.skipped]
        self.query_one(StatusBar).loading_finished()
        self.start_notes(event.notes)  # builds the list's rows, with tags and note counts
        self.query_one(EntitySidebar).set_index(corpus.entities, self.articles.get)
        self._update_titles()
        if self.skipped:
            shown = self.skipped[:MAX_SKIPPED_IN_NOTICE]
            more = len(self.skipped) - len(shown)
            text = "\n".join(line(entry) for entry in shown) + (
                f"\n… and {more} more" if more else ""
            )
            self.notify(
                text,
                title=f"Skipped {len(self.skipped)} files",
                severity="warning",
                timeout=12,
                markup=False,
            )
        reader = self.query_one(Reader)
        opening, self._opening = self._opening, None
        if opening is not None:
            self.open_article(opening)
        elif reader.article is None and not self.panes.narrow:
            table = self.query_one(ArticleTable)
            if table.highlighted_id is not None:
                self.open_article(table.highlighted_id, focus=False)
        elif reader.article is not None:
            self._refresh_reader_mentions()

    # -- the list ---------------------------------------------------------------

    def _arrange(self) -> None:
        entity_articles = None
        where = self.list_filter
        corpus = self.corpus
        if where.entity is not None and corpus is not None and where.entity in corpus.entities:
            entity_articles = frozenset(corpus.entities.get(where.entity).articles)
        table = self.query_one(ArticleTable)
        reading = self.query_one(Reader).article
        if table.cursor == 0 and (self.corpus is None or reading is None):
            # The user has not moved (the list may still be filling): stay on the first row.
            keep = reading.id if reading is not None else None
        else:
            keep = table.highlighted_id
        table.set_rows(arrange(self.rows, self.list_order, where, entity_articles), keep)
        self._update_titles()

    def watch_list_order(self) -> None:
        self._arrange()

    def watch_list_filter(self) -> None:
        self._arrange()

    def _update_titles(self) -> None:
        table = self.query_one(ArticleTable)
        shown = table.count
        total = len(self.rows)
        if self._stories_listed is not None:  # the first page of a longer list
            shown = total = self._stories_listed
        count = f"{shown}" if shown == total else f"{shown}/{total}"
        lines = [
            template(
                "[b]Articles[/b] $count [dim]· $order[/dim]",
                count=count,
                order=SORT_ORDERS[self.list_order],
            )
        ]
        if self.list_filter.active:
            lines.append(
                template(
                    "[dim]only[/dim] $filter [dim](F clears)[/dim]",
                    filter=self.list_filter.describe(),
                )
            )
        if self.skipped:
            lines.append(
                template(
                    "[b $text-warning]$count skipped[/] [dim]$first[/dim]",
                    count=len(self.skipped),
                    first=self.skipped[0],
                )
            )
        title = Content("\n").join(lines)
        self.query_one("#list-title", Static).update(title)
        if self.load_error is not None:
            table.empty_text = f"Cannot load the corpus: {self.load_error}"
        elif self.corpus is None:
            table.empty_text = "Loading articles…"
        else:
            table.empty_text = (
                "No articles match the filter (F clears it)." if total else "No articles."
            )
        table.refresh()
        self._update_status()

    def _update_status(self) -> None:
        settings = self.reader_app.settings
        corpus_name = settings.corpus_label
        if self.corpus is None and self.load_error is not None:
            loaded = "not loaded"
        elif self.corpus is None and self.load_stage:
            loaded = f"{len(self.articles)} ready · {self.load_stage}…"  # fits 80 columns
        elif self.corpus is None and not self.articles and self.rows:
            loaded = "checking files…"
        elif self.corpus is None and not self.articles:
            loaded = "reading articles…"
        elif self.corpus is None:
            loaded = f"{counted(len(self.articles), 'article')} ready, analysing the rest…"
        else:
            loaded = (
                f"{counted(len(self.corpus), 'article')}"
                f" · {counted(len(self.corpus.entities), 'entity', 'entities')}"
            )
        parts = [
            template(
                "[b]lgai-reader[/b] [dim]·[/dim] $corpus [dim]· $loaded ·[/dim] you: [b]$user[/b]",
                corpus=corpus_name,
                loaded=loaded,
                user=_short_name(self.notes.user or settings.user_label),
            )
        ]
        if self.show_others:
            parts.append(
                template("[dim]+ $count by others (O)[/dim]", count=len(self.notes.others))
            )
        if self.notes.error or self.notes.write_error:
            parts.append(Content.from_markup("[b $text-error]notes read-only[/]"))
        if self.notes.problems:
            parts.append(
                template(
                    "[b $text-warning]$count unreadable[/]",
                    count=len(self.notes.problems),
                )
            )
        self.query_one(StatusBar).set_text(Content(" ").join(parts))

    @on(ArticleTable.ArticleChosen)
    def _article_chosen(self, event: ArticleTable.ArticleChosen) -> None:
        self.open_article(event.article_id)

    @on(ArticleTable.SortRequested)
    def _sort_requested(self, event: ArticleTable.SortRequested) -> None:
        if event.column == "date":
            self.list_order = "date-asc" if self.list_order == "date-desc" else "date-desc"
        else:
            self.list_order = "outlet"

    def action_cycle_sort(self) -> None:
        """Sort by date (newest, then oldest first), then by outlet."""
        index = SORT_CYCLE.index(self.list_order)
        self.list_order = SORT_CYCLE[(index + 1) % len(SORT_CYCLE)]
        self.notify(f"Sorted {SORT_ORDERS[self.list_order]}", timeout=2, markup=False)

    def action_filter(self) -> None:
        """Choose an outlet, entity or tag to narrow the list to."""
        from tui.screens.filter import FilterScreen, filter_choices  # imported when first used

        index = self.corpus.entities if self.corpus is not None else None
        choices = filter_choices(self.rows, index, self.list_filter)
        self.app.push_screen(FilterScreen(self.list_filter, choices), self._filtered)

    def _filtered(self, where: ListFilter | None) -> None:
        if where is not None:
            self.list_filter = where
            self.focus_pane("list")

    def action_clear_filters(self) -> None:
        self.list_filter = ListFilter()

    # -- the reader -------------------------------------------------------------

    def open_article(
        self,
        article_id: str,
        *,
        caret: int = 0,
        mark: tuple[int, int] | None = None,
        focus: bool = True,
    ) -> bool:
        """Show an article in the reader, caret at ``caret``, ``mark`` highlighted."""
        article = self.articles.get(article_id)
        if article is None and self.corpus is None and self.load_error is None:
            self._opening = article_id  # a row of the last start's list: open it when loaded
            self.notify(
                "Still checking the files: it opens when they are read.", timeout=3, markup=False
            )
            return False
        if article is None:
            self.notify(f"No article {line(article_id)}", severity="warning", markup=False)
            return False
        also_in = [self._outlet_of(other) for other in article.also_in]
        republishes = self._outlet_of(article.duplicate_of) if article.duplicate_of else None
        reader = self.query_one(Reader)
        reader.show_article(
            article,
            self._mentions_of(article),
            caret=caret,
            mark=mark,
            also_in=also_in,
            republishes=republishes,
        )
        if article.empty:
            reader.show_removed = True
        table = self.query_one(ArticleTable)
        index = table.index_of(article_id)
        if index is not None and index != table.cursor:
            table.cursor = index
        reader.body.set_annotations(*self.notes.spans(article.id))
        self._update_caret_line()
        if focus:
            self.focus_pane("reader")
        return True

    def _outlet_of(self, article_id: str) -> str:
        other = self.articles.get(article_id)
        return line(other.outlet or other.id) if other else article_id

    def _mentions_of(self, article: Article) -> Sequence[Mention]:
        if self.corpus is not None:
            return self.corpus.entities.in_article(article.id)
        return article.mentions

    def _refresh_reader_mentions(self) -> None:
        reader = self.query_one(Reader)
        body = reader.body
        if body.article is not None:
            article = self.articles.get(body.article.id, body.article)
            caret, mark = body.caret, body.mark
            body.show(article, self._mentions_of(article), caret=caret, mark=mark)
            body.set_annotations(*self.notes.spans(article.id))

    # -- notes (NotesFlows' hooks) ----------------------------------------------

    def notes_changed(self) -> None:
        """Show the current notes: tags and counts in the list, marks in the body."""
        if self.corpus is not None:
            self.rows = build_rows(
                self.corpus,
                tags=self.notes.tags_of,
                notes=self.notes.note_count,
                note_tags=self.notes.note_tags_of,
            )
            self._arrange()
        body = self.query_one(ArticleBody)
        if body.article is not None:
            body.set_annotations(*self.notes.spans(body.article.id))
        self._update_caret_line()
        self._update_status()

    def current_article_id(self) -> str | None:
        table = self.query_one(ArticleTable)
        reading = self.query_one(Reader).article
        focused = self.focused
        in_list = focused is not None and self.panes.pane_of(focused) == "list"
        if reading is not None and not in_list:
            return reading.id
        return table.highlighted_id or (reading.id if reading is not None else None)

    def current_tag_filter(self) -> str | None:
        return self.list_filter.tag

    def filter_by_tag(self, tag: str) -> None:
        self.list_filter = ListFilter(tag=tag)
        self.focus_pane("list")

    def action_toggle_removed(self) -> None:
        """Show or hide what cleaning removed from the article, with reasons."""
        reader = self.query_one(Reader)
        reader.show_removed = not reader.show_removed
        if self.panes.narrow and self.panes.pane != "reader":
            self.panes.pane = "reader"

    @on(ArticleBody.CaretMoved)
    @on(ArticleBody.SelectionChanged)
    def _caret_changed(self) -> None:
        self._update_caret_line()

    def _update_caret_line(self) -> None:
        reader = self.query_one(Reader)
        body = reader.body
        note = self.note_here() if body.annotation_at(body.caret) else None
        reader.set_caret_line(caret_line(body, self.entity, note, self.notes.user))

    # -- entities ---------------------------------------------------------------

    @on(EntitySidebar.EntityChosen)
    def _entity_chosen(self, event: EntitySidebar.EntityChosen) -> None:
        self.entity = event.name
        self._update_caret_line()
        self.query_one(MentionList).focus()

    @on(EntitySidebar.MentionChosen)
    def _mention_chosen(self, event: EntitySidebar.MentionChosen) -> None:
        self.open_mention(event.mention)

    @on(ArticleBody.MentionActivated)
    def _mention_activated(self, event: ArticleBody.MentionActivated) -> None:
        self.follow_entity(event.mention.entity)

    def follow_entity(self, name: str) -> None:
        """Make ``name`` the entity ``n``/``N`` step through, and list its mentions."""
        self.entity = name
        sidebar = self.query_one(EntitySidebar)
        sidebar.choose_entity(name, announce=False)
        if not self.panes.narrow and not self.panes.show_entities:
            self.panes.show_side_pane("entities", True)
        self._update_caret_line()

    def open_mention(self, mention: Mention) -> None:
        """Open the mention's article scrolled to it, with the mention marked."""
        self.entity = mention.entity
        sidebar = self.query_one(EntitySidebar)
        if sidebar.entity != mention.entity:
            sidebar.choose_entity(mention.entity, announce=False)
        sidebar.highlight_mention(mention)
        self.open_article(mention.article, caret=mention.start, mark=(mention.start, mention.end))

    def action_step_mention(self, forward: bool = True) -> None:
        """Go to the next (previous) mention of the followed entity, across articles."""
        if self.corpus is None:
            return
        body = self.query_one(ArticleBody)
        name = self.entity
        if name is None:
            under_caret = body.mention_at(body.caret)
            name = under_caret.entity if under_caret else None
        if name is None or name not in self.corpus.entities:
            self.notify(
                "Choose an entity first: Enter on a highlighted name, or one in the sidebar (3).",
                severity="warning",
                markup=False,
            )
            return
        here = body.article.id if body.article is not None else ""
        mention = self.corpus.entities.step(name, here, body.caret, forward)
        if mention is None:
            self.app.bell()
            where = "after" if forward else "before"
            self.notify(f"No mention of {line(name)} {where} this one.", timeout=3, markup=False)
            return
        self.open_mention(mention)

    # -- search, help -----------------------------------------------------------

    def action_search(self) -> None:
        """Search titles and bodies (Korean particles are ignored)."""
        from tui.screens.search import SearchScreen

        app = self.reader_app
        articles = tuple(self.articles.values())
        screen = SearchScreen(
            lambda: app.search_index(articles),
            self.articles.get,
            app.last_query,
            loading=None if self.corpus is not None else len(articles),
        )

        def searched(hit: SearchHit | None) -> None:
            app.last_query = screen.last_query
            self._searched(hit)

        self.app.push_screen(screen, searched)

    def _searched(self, hit: SearchHit | None) -> None:
        if hit is None:
            return
        if hit.field == "title":
            self.open_article(hit.article)
        else:
            self.open_article(hit.article, caret=hit.start, mark=(hit.start, hit.end))

    def action_help(self) -> None:
        """List every key."""
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.reader_app.key_entries()))

    # -- panes ------------------------------------------------------------------

    @property
    def panes(self) -> Panes:
        return self.query_one(Panes)

    def focus_pane(self, pane: Pane) -> None:
        """Show ``pane`` (switching to it on a narrow screen) and focus it."""
        self.panes.focus_pane(pane)

    def action_focus_pane(self, pane: Pane) -> None:
        self.panes.focus_pane(pane)

    def action_toggle_pane(self, pane: Pane) -> None:
        """Show or hide a side pane (on a narrow screen: switch to it or back)."""
        self.panes.toggle_pane(pane)

    def action_back(self) -> None:
        """Back to the list, from the reader or the sidebar."""
        self.panes.back()


MAX_NAME_IN_STATUS = 24


def _short_name(name: str) -> str:
    """A user name as the status bar shows it: cut so the flags after it stay visible."""
    return name if len(name) <= MAX_NAME_IN_STATUS else name[: MAX_NAME_IN_STATUS - 1] + "…"
