"""Pins of compiled packages against the wheel table read from PyPI (advisor/inspect/wheel_table.py,
written by tools/refresh_wheel_table.py): the Python line a pin has wheels for, and the pins
that build from source and so need a compiler and their libraries' headers."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect.wheel_table import FIRST_ANY, FIRST_WHEELS
from advisor.inspect.wheels import pins_ceiling, source_builds

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("refresh", ROOT / "tools" / "refresh_wheel_table.py")
assert _spec is not None and _spec.loader is not None
refresh = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(refresh)

_DJANGO = {
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_conf.settings')\n",
    "site_conf/__init__.py": "",
    "site_conf/settings.py": "SECRET_KEY = 'x'\nWSGI_APPLICATION = 'site_conf.wsgi.application'\n",
    "site_conf/wsgi.py": (
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n"
    ),
}


def _project(tmp_path: Path, requirements: str) -> Path:
    return write_tree(tmp_path / "site", {**_DJANGO, "requirements.txt": requirements})


def test_the_table_covers_every_line_from_3_7_with_versions_that_parse() -> None:
    assert len(FIRST_WHEELS) >= 60 and set(FIRST_ANY) == set(FIRST_WHEELS)
    for name, lines in FIRST_WHEELS.items():
        assert [minor for minor, _ in lines] == list(range(7, 15)), name
        assert all(v == "" or re.fullmatch(r"\d+(\.\d+)*", v) for _, v in lines), name


def test_a_pin_older_than_any_wheel_keeps_the_python_line_and_builds_with_a_compiler(tmp_path: Path) -> None:
    """biostar-central's rcssmin==1.0.6: no release before 1.1.0 has a wheel, so no Python line
    helps (the line stays the default) and the build stage needs a C compiler."""
    assert pins_ceiling({"rcssmin": ("1.0.6", "requirements.txt")}) is None
    assert source_builds({"rcssmin": ("1.0.6", "r")}, 13) == ("rcssmin",)
    assert source_builds({"rcssmin": ("1.1.3", "r")}, 13) == ()
    folder = _project(tmp_path, "Django==5.2.8\nrcssmin==1.0.6\ngunicorn==23.0.0\n")
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.setup.build.runtime_version == "3.13"
    dockerfile = advice.files()["Dockerfile"]
    assert "build-essential" in dockerfile
    assert_hadolint_clean(dockerfile, folder)


def test_a_compiled_pin_gets_the_newest_line_it_has_wheels_for_even_past_its_end(tmp_path: Path) -> None:
    """cffi==1.14.6 has wheels up to 3.9 (1.15.0 brought 3.10's): the image uses 3.9, where it
    installs, not 3.10 with cffi built from an old source; the report says the line is past
    its end of life."""
    assert pins_ceiling({"cffi": ("1.14.6", "requirements.txt")}) == (
        (3, 9),
        "cffi==1.14.6",
        "requirements.txt",
    )
    folder = _project(tmp_path, "Django==3.2.25\ncffi==1.14.6\ngunicorn==20.1.0\n")
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.setup.build.runtime_version == "3.9"
    files = advice.files()
    assert "ARG PYTHON_VERSION=3.9" in files["Dockerfile"] and "build-essential" not in files["Dockerfile"]
    report = files["RECOMMENDATIONS.md"]
    assert "cffi==1.14.6" in report and "past its end of life" in report


def test_a_pin_built_from_source_brings_the_headers_its_build_needs(tmp_path: Path) -> None:
    """On a project's own 3.12 (.python-version is kept as it is), lxml==4.9.2 has no wheel
    (4.9.3 brought 3.12's): it builds from source against libxml2 and libxslt, whose shared
    libraries the final image then needs."""
    assert source_builds({"lxml": ("4.9.2", "r")}, 12) == ("lxml",)
    folder = write_tree(
        tmp_path / "site",
        {**_DJANGO, "requirements.txt": "Django==5.2.8\nlxml==4.9.2\n", ".python-version": "3.12\n"},
    )
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.setup.build.runtime_version == "3.12"
    dockerfile = advice.files()["Dockerfile"]
    build_stage, final_stage = dockerfile.split(" AS final", 1)
    assert "build-essential" in build_stage and "libxml2-dev libxslt1-dev" in build_stage
    assert "libxslt1.1" in final_stage


def test_the_generator_reads_wheel_tags_abi3_pure_and_multi_platform() -> None:
    lines = refresh._lines_of
    assert lines("cffi-1.14.6-cp39-cp39-manylinux1_x86_64.whl") == {"x86_64": {9}}
    assert lines("cryptography-3.1-cp35-abi3-manylinux2010_x86_64.whl")["x86_64"] == set(range(7, 15))
    both = lines("x-1.0-cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64.whl")
    assert both == {"aarch64": {12}}
    assert lines("aiohttp-3.13.0-py3-none-any.whl") == {
        "x86_64": set(range(7, 15)),
        "aarch64": set(range(7, 15)),
    }
    assert lines("x-1.0-cp312-cp312-musllinux_1_1_x86_64.whl") == {}
    assert lines("x-1.0-cp312-cp312-win_amd64.whl") == {} and lines("x-1.0.tar.gz") == {}


def test_the_generator_takes_the_release_after_the_last_gap_but_not_a_lone_failed_upload() -> None:
    first = refresh._first_after_gaps
    chain = ["0.1", "0.2", "1.0", "1.1", "1.2", "1.3"]
    # early abi3 wheels, then releases without, then wheels for good: the release after the gap
    assert first(chain, [True, False, False, True, True, True]) == "1.1"
    # one release between two with wheels that lacks them (an upload failed) is not a gap
    assert first(chain, [False, True, True, False, True, True]) == "0.2"
    assert first(chain, [False] * 6) is None


def test_python_3_10_is_past_its_end_of_life(tmp_path: Path) -> None:
    """3.10's security support ended in October 2026: a project whose range only 3.10 meets
    still gets it, and the report says it is past its end of life; an open range does not."""
    folder = write_tree(
        tmp_path / "site",
        {**_DJANGO, "requirements.txt": "Django==4.2.20\n", ".python-version": "3.10\n"},
    )
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.setup.build.runtime_version == "3.10"
    assert "end of life" in advice.files()["RECOMMENDATIONS.md"]
    folder = write_tree(
        tmp_path / "open",
        {
            **_DJANGO,
            "requirements.txt": "Django==4.2.20\n",
            "pyproject.toml": '[project]\nname = "open"\nversion = "1"\nrequires-python = ">=3.8,<3.12"\n',
        },
    )
    assert advise({"host_os": "linux"}, folder=folder).setup.build.runtime_version == "3.11"


def test_a_compiled_pins_cap_stops_at_the_oldest_line_another_pin_installs_on(tmp_path: Path) -> None:
    """Django 5.0 installs on 3.10 and later only (its Requires-Python, in the table too): with
    cffi==1.14.6 (wheels up to 3.9) the image uses 3.10, where cffi builds from source with
    libffi's headers, rather than 3.9, where pip would refuse Django."""
    folder = _project(tmp_path, "Django==5.0.4\ncffi==1.14.6\ngunicorn==22.0.0\n")
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.setup.build.runtime_version == "3.10"
    dockerfile = advice.files()["Dockerfile"]
    assert "build-essential" in dockerfile and "libffi-dev" in dockerfile
    assert "another pin needs 3.10" in advice.files()["RECOMMENDATIONS.md"]
