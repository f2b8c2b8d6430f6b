"""A child process that writes notes and reports each write once it is acknowledged.

Used by the concurrency and crash tests: the parent reads the report to know
which writes returned, then checks the database files for exactly those.

    python note_writer.py DATA_DIR USER REPORT burst ARTICLE[,ARTICLE...] COUNT
    python note_writer.py DATA_DIR USER REPORT loop ARTICLE[,ARTICLE...]

``burst`` writes COUNT notes after reading one line from stdin (so that all
children start together); ``loop`` writes until it is killed, adding notes,
deleting some of its own and tagging articles. Report lines, each flushed when
the operation has returned (or, for ``?``, before it starts):

    + ARTICLE NOTE_ID     a note was added
    ? ARTICLE NOTE_ID     a deletion is about to start
    - ARTICLE NOTE_ID     the deletion returned
    # ARTICLE TAG         the article was tagged
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from store.annotations import NoteBook

BODY = (
    "한국은행은 기준금리를 연 3.50%로 동결했다. 시장은 예상대로라는 반응이다. "
    "이창용 총재는 물가 상승률이 목표 수준으로 수렴할 때까지 긴축 기조를 유지하겠다고 밝혔다. "
) * 4


def main() -> None:
    data_dir, user, report_path, mode, articles = sys.argv[1:6]
    article_ids = articles.split(",")
    book = NoteBook(Path(data_dir), user)
    with open(report_path, "a", encoding="utf-8", buffering=1) as report:

        def add(step: int) -> tuple[str, str]:
            article = article_ids[step % len(article_ids)]
            start = random.randrange(0, len(BODY) - 20)
            note = book.add_note(article, BODY, "hash", start, start + 12, f"{user} {step}", ["t"])
            report.write(f"+ {article} {note.id}\n")
            return article, note.id

        if mode == "burst":
            print("ready", flush=True)
            sys.stdin.readline()
            for step in range(int(sys.argv[6])):
                add(step)
            return
        print("ready", flush=True)
        mine: list[tuple[str, str]] = []
        for step in range(10**9):
            roll = random.random()
            if roll < 0.2 and mine:
                article, note_id = mine.pop(random.randrange(len(mine)))
                report.write(f"? {article} {note_id}\n")
                book.delete_note(note_id)
                report.write(f"- {article} {note_id}\n")
            elif roll < 0.3:
                article = random.choice(article_ids)
                tag = f"tag{random.randrange(10**9)}"
                book.tag_article(article, tag)
                report.write(f"# {article} {tag}\n")
            else:
                mine.append(add(step))


if __name__ == "__main__":
    main()
