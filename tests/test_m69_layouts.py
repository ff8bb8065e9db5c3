"""Layouts found by the m69 round of held-out projects (measured mid-stop, on advisor at
52d07f8), fixed in the same stop: each test holds the shape of the real project that showed
the gap, written anew."""

from __future__ import annotations

from pathlib import Path

from helpers import write_tree

from advisor.inspect import inspect_project
from advisor.inspect.dockerfiles import dockerfile_cmd
from advisor.inspect.tree import Tree


def test_comment_lines_inside_a_continued_cmd_are_not_its_words(tmp_path: Path) -> None:
    """shkeeper's Dockerfile: `CMD gunicorn \\` over lines, some of its options commented out
    (`    # --timeout 30 \\`). Docker drops those lines; advisor made `#`, `--timeout`, `30`
    words of the start command, and gunicorn took `#` for its app."""
    folder = write_tree(
        tmp_path / "shop",
        {
            "requirements.txt": "flask==3.1.0\ngunicorn==23.0.0\n",
            "shop/__init__.py": (
                "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n"
            ),
            "Dockerfile": (
                "FROM python:3.12\nWORKDIR /shop\nCOPY . .\nRUN pip3 install -r requirements.txt\n\n"
                "CMD gunicorn \\\n    --access-logfile - \\\n    --workers 1 \\\n"
                "    # --timeout 30 \\\n    # --keep-alive 5 \\\n"
                '    -b 0.0.0.0:5000 \\\n    "shop:create_app()"\n'
            ),
        },
    )
    own = dockerfile_cmd(Tree(folder), "", 5000)
    assert own is not None and own.argv[0] == "gunicorn"
    assert "#" not in own.argv and "--timeout" not in own.argv and own.argv[-1] == "shop:create_app()"
    app = inspect_project(folder).primary
    assert app is not None and app.start is not None and "#" not in app.start.argv
