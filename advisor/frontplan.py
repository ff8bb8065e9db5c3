"""A front end served beside the app: a single-page app in a folder of its own (``frontend/``
beside ``backend/``, ``client/`` beside ``server/``) that the server does not serve itself.

With Compose it is the ``web`` service: its own image (``Dockerfile.web``, Node building the
page and an unprivileged nginx serving it, as advisor's image for a front end alone), and the
paths its dev server forwards to the API (``/api``, see inspect.devproxy) go through nginx to
the app's service, so the page's relative API calls reach the app as they did in development.
In production Caddy sends those paths to the app and everything else to ``web``. Without
Compose (a run script, Kubernetes) the report says the front end is not part of the files."""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .answers import Answers
from .buildplan import app_facts
from .engine import evaluate
from .inspect.answers import suggested_answers
from .setup import FILES, FileSpec, ProjectNote, Setup

if TYPE_CHECKING:
    from .inspect import AppFacts, ProjectFacts
    from .rulebase import RuleBase

WEB_SERVICE = "web"
WEB_PORT = 8080
"""The port nginx listens on in the front end's image (nginx-unprivileged's own)."""
WEB_DOCKERFILE = "Dockerfile.web"


@dataclass(frozen=True, slots=True)
class FrontPlan:
    setup: Setup
    """The front end's own plan (a single-page app's image), built from its folder."""
    folder: str
    """Its folder in the project."""
    proxied: tuple[tuple[str, bool], ...]
    """The paths that go to the app, and whether the prefix is stripped on the way."""
    source: str
    """The file that names those paths (its dev server's config), "" when none does."""
    publish: str
    """compose.yaml's ``[ADDRESS:]HOST:CONTAINER`` for it; "" behind Caddy."""
    url: str


def front_app(project: ProjectFacts | None, answers: Answers) -> AppFacts | None:
    """The single-page app beside the server ``answers`` choose that nothing else serves: not
    the server's own client (whose build it serves or collects), not one whose build writes
    into another folder (Vite's ``outDir: '../backend/static'``)."""
    app = app_facts(project, answers)
    if project is None or app is None or app.kind != "server":
        return None
    served = app.static_packages
    taken = posixpath.normpath(posixpath.join(app.path, served.folder)) if served is not None else None
    for other in project.apps:
        if other.kind != "spa" or other.language.value != "node" or other.path in (app.path, taken):
            continue
        output = other.output_dir.value if other.output_dir is not None else ""
        if output.startswith(("../", "/")):
            continue
        return other
    return None


def with_front(
    setup: Setup,
    project: ProjectFacts | None,
    rules: RuleBase,
    placement: Callable[[str], tuple[str, str]],
    plan: Callable[..., Setup],
) -> Setup:
    """The plan with the front end served beside the app (see the module's text), or with the
    report's word that it is not, when the files start no Compose project."""
    answers = setup.evaluation.answers
    setup = _unbuilt_assets(setup, project)
    front = front_app(project, answers) if setup.containers else None
    if front is None or project is None:
        return setup
    framework = front.framework.value if front.framework is not None else "Node"
    values = {"folder": front.path, "framework": framework}
    if not setup.compose or setup.kubernetes is not None:
        return dataclasses.replace(setup, notes=(*setup.notes, ProjectNote("front-end-apart", values)))
    suggested = {k: v for k, (v, _) in suggested_answers(project, front.path).items()}
    front_answers = dataclasses.replace(
        answers,
        project_name=f"{answers.project_name}-web"[:63],
        app_dir=front.path,
        language="node",
        app_port=WEB_PORT,
        database="none",
        cache="none",
        media="none",
        media_delivery=None,
        runtime_version=suggested.get("runtime_version"),
        package_manager=suggested.get("package_manager"),
        start_command=None,
        replicas=None,
    )
    context, dockerfile = placement(front.path)
    dockerfile = posixpath.join(posixpath.dirname(dockerfile), WEB_DOCKERFILE)
    root = placement(".")[0]
    web = plan(evaluate(front_answers, rules), project, context, dockerfile, root)
    proxied = front.dev_proxy.value if front.dev_proxy is not None else ()
    build = dataclasses.replace(web.build, api_paths=proxied, api_upstream=f"app:{setup.app_port}")
    web = dataclasses.replace(web, build=build, start_command=setup.start_command, orchestration="compose")
    host = WEB_PORT if setup.host_port != WEB_PORT else WEB_PORT + 1
    if setup.proxy is not None:
        publish, url = "", setup.url
    else:
        publish, url = f"127.0.0.1:{host}:{WEB_PORT}", f"http://localhost:{host}/"
    plan_ = FrontPlan(
        web,
        front.path,
        proxied,
        front.dev_proxy.source if front.dev_proxy is not None else "",
        publish,
        url,
    )
    paths = ", ".join(f"`{p}`" for p, _ in proxied)
    note = (
        ProjectNote("front-end-served", values | {"paths": paths, "source": plan_.source, "url": url})
        if proxied
        else ProjectNote("front-end-no-proxy", values | {"url": url, "app_url": setup.url})
    )
    files = list(setup.files)
    at = max(
        (i + 1 for i, f in enumerate(files) if f.kind in ("dockerfile-ignore", "dockerignore")), default=0
    )
    added: list[FileSpec] = [FILES["web-dockerfile"], FILES["web-dockerignore"]]
    files[at:at] = added
    return dataclasses.replace(setup, front=plan_, files=tuple(files), notes=(*setup.notes, note))


def _unbuilt_assets(setup: Setup, project: ProjectFacts | None) -> Setup:
    """The plan with the report's word on a front end whose build the app serves but the
    image cannot run (Bun's, Yarn Plug'n'Play's: the assets stage installs with npm, yarn
    classic or pnpm), so the pages would come without it."""
    app = app_facts(project, setup.evaluation.answers)
    # (a Node server's client in its workspace is built there: BuildPlan.member_client)
    python = setup.containers and setup.language.key == "python"
    found = app.static_packages if app is not None and python else None
    if app is None or found is None or not found.build or setup.build.assets is not None:
        return setup
    folder = posixpath.normpath(posixpath.join(app.path, found.folder))
    manager = found.manager.name + (" (Plug'n'Play)" if found.manager.flavour == "berry" else "")
    values = {
        "folder": folder,
        "manager": manager,
        "command": f"{found.manager.name} run {found.build.split()[0]}",
        "start": setup.start_command,
    }
    return dataclasses.replace(setup, notes=(*setup.notes, ProjectNote("assets-not-built", values)))
