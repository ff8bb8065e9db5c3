"""The project inspector: reads a project folder into typed facts, each with its source.

    from advisor.inspect import inspect_project, suggested_answers
    facts = inspect_project(Path("."))
    facts.primary.start.argv          # ('gunicorn', 'config.wsgi:application', '--bind', '0.0.0.0:8000')
    facts.primary.start.source        # 'config/settings/base.py'
    suggested_answers(facts)["database"]   # ('postgres', 'requirements/base.txt')

Bounded and read-only (see ``tree``): skips VCS, dependency, virtualenv and build
folders, reads files up to 256 KiB, never follows links out of the folder, runs nothing.
One detector per ecosystem (``registry.ECOSYSTEMS``), each with ``detect`` and ``plan``.
Imports only the standard library (PyYAML lazily, for YAML files).
"""

from __future__ import annotations

from .answers import suggested_answers
from .common import normalise_name
from .envvars import ROLES, classify
from .facts import (
    AppFacts,
    Command,
    Dependency,
    EnvVar,
    PackageManager,
    ProjectFacts,
    RuntimeVersion,
    Service,
    Sourced,
    WritablePath,
)
from .project import inspect_project
from .versions import LINES

__all__ = [
    "LINES",
    "ROLES",
    "AppFacts",
    "Command",
    "Dependency",
    "EnvVar",
    "PackageManager",
    "ProjectFacts",
    "RuntimeVersion",
    "Service",
    "Sourced",
    "WritablePath",
    "classify",
    "inspect_project",
    "normalise_name",
    "suggested_answers",
]
