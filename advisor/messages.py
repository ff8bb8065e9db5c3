"""Error messages in the run's language. Messages are raised in English where they arise (the
Python API's callers read ``UserError.message``); the command line shows them through
:func:`localize`, which recognises the shapes advisor uses and fills the catalogue's
``errors`` templates. A message of no known shape stays English."""

from __future__ import annotations

import re
from collections.abc import Callable

from .i18n import catalogue

_WHERE = {"answers file": "answers_file", "your answer": "your_answer", "answer": "your_answer"}


def _where(lang: str, where: str) -> str:
    """'answers file PATH' / 'your answer' / "--set: key 'x'" in the language; anything else
    (--set) as it is."""
    texts = catalogue(lang).get("errors", {})
    m = re.fullmatch(r"(?P<origin>.+): key (?P<key>'[^']*')", where)
    if m and "key" in texts:
        return f"{_where(lang, m.group('origin'))}: {texts['key'].format(key=m.group('key'))}"
    for english, key in _WHERE.items():
        if (where == english or where.startswith(english + " ")) and key in texts:
            return str(texts[key]) + where[len(english) :]
    return where


def _argparse(lang: str, message: str) -> str:
    """argparse's own wording (unrecognized arguments, invalid choice, required, one argument)."""
    texts = catalogue(lang).get("errors", {})
    shapes: list[tuple[str, str]] = [
        (r"unrecognized arguments: (?P<args>.+)", "unrecognized"),
        (
            r"argument (?P<argument>\S+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
            "invalid_choice",
        ),
        (r"the following arguments are required: (?P<args>.+)", "required"),
        (r"argument (?P<argument>\S+?): expected one argument", "expected_one"),
    ]
    for pattern, key in shapes:
        m = re.fullmatch(pattern, message)
        if m and key in texts:
            return str(texts[key]).format(**m.groupdict())
    return message


def _shapes(lang: str) -> list[tuple[str, Callable[[re.Match[str]], dict[str, str]], str]]:
    def plain(m: re.Match[str]) -> dict[str, str]:
        return {k: v or "" for k, v in m.groupdict().items()}

    def where(m: re.Match[str]) -> dict[str, str]:
        found = plain(m)
        texts = catalogue(lang)["errors"]
        close = re.search(r" \(did you mean '([^']+)'\?\)$", found.get("allowed", ""))
        if close and "did_you_mean_value" in texts:  # the hint after the list, in the language
            hint = texts["did_you_mean_value"].format(close=close[1])
            found["allowed"] = found["allowed"][: close.start()] + hint
        allowed = re.fullmatch(r"a whole number from (\d+) to (\d+)", found.get("allowed", ""))
        if allowed and "whole_number" in texts:
            found["allowed"] = texts["whole_number"].format(*allowed.groups())
        if found.get("allowed") == "true or false" and "true_or_false" in texts:
            found["allowed"] = texts["true_or_false"]
        return {**found, "where": _where(lang, m.group("where"))}

    def what(m: re.Match[str]) -> dict[str, str]:
        return {**plain(m), "what": _where(lang, m.group("what"))}

    def unknown(m: re.Match[str]) -> dict[str, str]:
        close = m.group("close")
        hint = catalogue(lang)["errors"]["did_you_mean"].format(close=close) if close else ""
        return {**plain(m), "where": _where(lang, m.group("where")), "key": m.group("key") + hint}

    return [
        (r"(?P<where>.+): (?P<value>.+?) is not allowed; allowed: (?P<allowed>.+)", where, "not_allowed"),
        (r"(?P<where>.+): (?P<value>.+?) is not a number; allowed: (?P<allowed>.+)", where, "not_a_number"),
        (
            r"(?P<where>.+?): unknown key (?P<key>.+?)(?: \(did you mean '(?P<close>[^']+)'\?\))?;"
            r" allowed keys: (?P<allowed>.+)",
            unknown,
            "unknown_key",
        ),
        (r"missing answers: (?P<keys>.+?)\. Give them .+", plain, "missing"),
        (r"--set (?P<item>.+): expected KEY=VALUE, e\.g\. --set database=postgres", plain, "set_form"),
        (r"(?P<flag>--\w+) (?P<path>.+): no such folder", plain, "no_folder"),
        (r"(?P<flag>--\w+) (?P<path>.+): is a file, not a folder", plain, "is_a_file"),
        (
            r"(?P<flag>--\w+) (?P<path>.+): its parent folder (?P<parent>.+) does not exist; create it first",
            plain,
            "no_parent",
        ),
        (r"(?P<what>answers file) (?P<path>.+): no such file", what, "no_file"),
        (
            r"--force writes advisor's versions; it cannot go with --on-conflict (?P<policy>\w+)",
            plain,
            "force_and_policy",
        ),
        (r"interrupted after every file was written completely", plain, "written_then_interrupted"),
        (
            r"(?P<path>.+): cannot write \((?P<reason>.+)\); nothing was (?:written|changed)",
            plain,
            "cannot_write",
        ),
        # a YAML file's syntax error, at its line and column (yamlio.parse_document)
        (r"(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<problem>.+)", plain, "yaml_syntax"),
    ]


def localize(message: str, lang: str) -> str:
    """``message`` in ``lang`` when its shape is known (English is returned as it is)."""
    if lang == "en":
        return message
    texts = catalogue(lang).get("errors", {})
    for pattern, fields, key in _shapes(lang):
        m = re.fullmatch(pattern, message, re.DOTALL)
        if m and key in texts:
            return str(texts[key]).format(**fields(m))
    return message


def usage(lang: str, prog: str, where: str, message: str) -> str:
    """An argparse error: where, argparse's message (in the language when known), the help hint."""
    from .i18n import t

    return t(
        lang, "cli.usage", where=f"{where}: " if where else "", message=_argparse(lang, message), prog=prog
    )
