"""The project installs as one package that carries its corpus, and keeps its layers apart."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from store.kiwi_finder import PIECE_CHARS
from tests.benchmark import BuiltPackage, build_package, generate_corpus
from tests.conftest import FIXTURES, REPO, SEEDS


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> BuiltPackage:
    """The wheel ``pip install .`` builds, unpacked (the benchmark measures the same build)."""
    return build_package(tmp_path_factory.mktemp("build"))


def test_the_wheel_carries_the_seed_corpus_and_bundled_data(package: BuiltPackage) -> None:
    wheel = zipfile.ZipFile(package.wheel)
    names = set(wheel.namelist())
    for seed in SEEDS.iterdir():
        assert f"store/seeds/{seed.name}" in names
    assert {"store/__init__.py", "tui/__init__.py", "tui/cli.py"} <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "lgai-reader = tui.cli:main" in wheel.read(entry_points).decode()


def test_the_wheel_carries_the_rules_compiled_where_a_c_compiler_is_found(
    package: BuiltPackage,
) -> None:
    """`hatch_build.py` compiles them with mypyc, or leaves a plain wheel when it cannot."""
    assert (package.path / "store/phrases.py").exists()  # the sources stay, for tracebacks
    assert (package.path / "store/ner.py").exists()
    compiler = shlex.split(sysconfig.get_config_var("CC") or "cc")[0]
    if shutil.which(compiler):
        assert package.compiled == ("store.ner", "store.phrases")
        assert "-cp3" in package.wheel.name and not package.wheel.name.endswith("-none-any.whl")
    else:
        assert package.compiled == () and package.wheel.name.endswith("-py3-none-any.whl")


@pytest.mark.parametrize(
    "env",
    [{"CC": "/nonexistent/cc"}, {"LGAI_READER_PURE": "1"}],
    ids=["without a C compiler", "on request"],
)
def test_the_wheel_falls_back_to_plain_python_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    """The install still works, with the rules as plain Python (they find the same mentions)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    plain = build_package(tmp_path)
    assert plain.compiled == ()
    assert plain.wheel.name.endswith("-py3-none-any.whl")
    assert not [name for name in zipfile.ZipFile(plain.wheel).namelist() if name.endswith(".so")]


_MENTIONS = """
import json, sys
from pathlib import Path
from store.corpus import load_corpus
import store.ner, store.phrases
rows = {"rules": [store.ner.__file__, store.phrases.__file__], "articles": {}, "longest": 0}
for folder in sys.argv[2:]:
    for article in load_corpus(Path(folder), data_dir=Path(sys.argv[1])):
        rows["articles"][article.id] = [repr(m) for m in article.mentions]
        rows["longest"] = max(rows["longest"], len(article.body))
print(json.dumps(rows, ensure_ascii=False))
"""


def _mentions(code: Path, data: Path, folders: list[Path]) -> dict[str, Any]:
    """Every article's mentions, found by a fresh process importing ``code``, cache empty."""
    cache = Path(tempfile.mkdtemp(dir=data.parent))
    result = subprocess.run(
        [sys.executable, "-c", _MENTIONS, str(data), *map(str, folders)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={
            **os.environ,
            "PYTHONPATH": str(code),
            "PYTHONSAFEPATH": "1",  # not the current folder's copy
            "XDG_CACHE_HOME": str(cache),
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_the_wheels_rules_find_the_same_mentions_as_the_checkout(
    package: BuiltPackage, tmp_path: Path
) -> None:
    """Compiled or not, the installed rules are the checkout's: same mentions, same order."""
    generated = tmp_path / "generated"
    generate_corpus(generated, 60, seed=7)
    stories = sorted(SEEDS.glob("*.txt")) + sorted((FIXTURES / "heldout").glob("*.txt"))
    (generated / "long.txt").write_text(  # long enough to go to Kiwi in pieces
        "\n\n".join(path.read_text(encoding="utf-8-sig") for path in stories), encoding="utf-8"
    )
    folders = [SEEDS, FIXTURES / "heldout", generated]
    data = tmp_path / "data"
    data.mkdir()
    installed = _mentions(package.path, data, folders)
    checkout = _mentions(REPO, data, folders)
    assert all(path.startswith(str(package.path)) for path in installed["rules"])
    if package.compiled:
        assert all(path.endswith(".so") for path in installed["rules"])  # not the .py beside
    assert all(path.startswith(str(REPO / "store")) for path in checkout["rules"])
    assert len(checkout["articles"]) == 72
    assert sum(map(len, checkout["articles"].values())) > 72 * 10  # dozens in each article
    assert checkout["longest"] > PIECE_CHARS
    assert installed["articles"] == checkout["articles"]


def test_the_installed_command_finds_the_bundled_corpus_from_any_directory(tmp_path: Path) -> None:
    """Run the console script the README's install put beside this Python."""
    command = Path(sys.executable).with_name("lgai-reader")
    assert command.exists(), "install the project first (see README): pip install '.[test]'"
    result = subprocess.run(
        [str(command), "articles", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [row["id"] for row in json.loads(result.stdout)] == sorted(
        p.stem for p in SEEDS.glob("*.txt")
    )


def test_store_never_imports_textual_or_tui() -> None:
    code = (
        "import sys, store, store.corpus, store.clean, store.cache\n"
        "from store import load_corpus\n"
        "load_corpus()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'tui'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        timeout=120,
    )
    assert result.stdout.strip() == ""


def test_store_sources_do_not_mention_textual_or_tui_imports() -> None:
    offenders = [
        path.name
        for path in (REPO / "store").rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("import textual", "from textual", "import tui", "from tui"))
    ]
    assert offenders == []
