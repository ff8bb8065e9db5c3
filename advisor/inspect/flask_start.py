"""Flask's start command: the app object (or the factory's app) the project makes, served by
gunicorn or waitress when the project has one, else by ``flask run``."""

from __future__ import annotations

from .facts import Command
from .python_start import _FACTORY, _MADE, ENTRY_NAMES, FLASK_APP, _find_app, local_path, src_is_package


def flask_start(folder: str, texts: dict[str, str], names: set[str], port: int) -> Command | None:
    found = _find_app(folder, texts, FLASK_APP)
    factory = _find_app(folder, texts, _FACTORY)
    # the factory's app as an entry module makes it, not a script run by hand (a cron job's
    # update_accounts.py makes one too)
    entry = {
        r: t for r, t in texts.items() if r.rsplit("/", 1)[-1] in (*ENTRY_NAMES, "manage.py", "autoapp.py")
    }
    made = _find_app(folder, entry, _MADE)
    if found is not None and (factory is None or found[0].count(".") <= factory[0].count(".")):
        module, var, rel = found
        spec, detail = f"{module}:{var}", f"{var} = Flask()"
    elif made is not None:  # the factory's app as the project makes it (its arguments, blueprints)
        module, var, rel = made
        spec, detail = f"{module}:{var}", f"{var} = create_app()"
    elif factory is not None:
        module, var, rel = factory
        spec, detail = f"{module}:{var}()", f"{var}()"
    else:
        return None
    # A src/ layout (src/allocation/..., src not a package): the servers look in src/ too.
    in_src = local_path(folder, rel).startswith("src/") and not src_is_package(texts) and module != "src"
    if "gunicorn" in names:
        where = ("--pythonpath", "src") if in_src else ()
        return Command(("gunicorn", *where, spec, "--bind", f"0.0.0.0:{port}"), rel, detail)
    if "waitress" in names:
        return Command(("waitress-serve", f"--port={port}", spec), rel, detail)
    if in_src:  # flask finds the package's root (src/) from the module's file
        spec = f"{local_path(folder, rel)}:{spec.partition(':')[2]}"
    return Command(("flask", "--app", spec, "run", "--host", "0.0.0.0", "--port", str(port)), rel, detail)
