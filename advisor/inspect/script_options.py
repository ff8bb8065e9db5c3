"""The command-line options a server started as a script is given in a container, from those
its argparse or optparse parser declares."""

from __future__ import annotations

import re

from ..appdata import DATA_FOLDER

# A command-line option an entry script declares (argparse's add_argument, optparse's add_option).
_OPTION = re.compile(r"""\badd_(?:argument|option)\(\s*(?:['"]-\w['"]\s*,\s*)?['"](--[\w-]+)['"]""")
_HOST_OPTIONS = ("--host",)
_PORT_OPTIONS = ("--port",)
DATA_OPTIONS = ("--datadir", "--data-dir", "--data_dir")
_NO_BROWSER = ("--nolaunch", "--no-launch", "--no-browser")
# no questions at its first start: a container has no terminal (khoj's --non-interactive,
# "when run via Docker")
_NO_PROMPT = ("--non-interactive", "--noninteractive", "--no-input")


def script_options(text: str, port: int, data_folder: str = DATA_FOLDER) -> tuple[str, ...]:
    """The options a server started as a script is given in a container, from those it declares:
    every address (``--host 0.0.0.0``: Headphones binds localhost by default), the published
    port, a data folder the app user owns (``--datadir data``: the default is the app's own,
    root-owned folder), no browser to open and no questions to ask."""
    declared = set(_OPTION.findall(text)) if "add_" in text else set()
    out: tuple[str, ...] = ()
    if host := next((o for o in _HOST_OPTIONS if o in declared), None):
        out += (host, "0.0.0.0")
    if port_option := next((o for o in _PORT_OPTIONS if o in declared), None):
        out += (port_option, str(port))
    if data := next((o for o in DATA_OPTIONS if o in declared), None):
        out += (data, data_folder)
    if no_browser := next((o for o in _NO_BROWSER if o in declared), None):
        out += (no_browser,)
    if no_prompt := next((o for o in _NO_PROMPT if o in declared), None):
        out += (no_prompt,)
    return out
