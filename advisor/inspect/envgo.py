"""The environment variables a Go program reads: os.Getenv, struct tags of the env loaders
(caarlos0/env, envconfig, go-env), viper's bindings (see :mod:`advisor.inspect.envvars`)."""

from __future__ import annotations

import re

from .envcollect import Collector

_GO_PATTERNS = (
    re.compile(r"""os\.(?:Getenv|LookupEnv)\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)"""),
    re.compile(r"""\b(?:env|envconfig)\s*:\s*\\?"([A-Za-z_][A-Za-z0-9_]*)"""),
    re.compile(r"""viper\.(?:BindEnv|GetString|GetInt|GetBool)\(\s*"([A-Z_][A-Z0-9_]*)"\s*"""),
    # the project's own helpers: getenv("X", "fallback"), getEnv("X"), envOr("X", …)
    re.compile(r'\b(?:[gG]et[eE]nv\w*|env\w*|mustEnv\w*)\(\s*"([A-Z][A-Z0-9_]*)"'),
)


# viper with AutomaticEnv: a config struct's mapstructure keys are read from the environment
# too (upper case), overriding the config file.
_GO_MAPSTRUCTURE = re.compile(r"""\bmapstructure\s*:\s*\\?"([A-Za-z_][A-Za-z0-9_]*)""")


# caarlos0/env's and envconfig's struct tags: `env:"APP_NAME,required"`, `envDefault:"8080"`,
# `envconfig:"PORT" required:"true"`, `default:"8080"`.
_GO_TAG = re.compile(r"`([^`\n]*\b(?:env|envconfig):\"[A-Za-z_][A-Za-z0-9_]*[^`\n]*)`")
_GO_TAG_NAME = re.compile(r'\b(?:env|envconfig):"([A-Za-z_][A-Za-z0-9_]*)((?:,[\w=]+)*)"')
_GO_TAG_DEFAULT = re.compile(r'\b(?:envDefault|default):"([^"]*)"')


# A prefix the loader puts before every tag's name: go-env's env.New("APP_", ...),
# envconfig.Process("myapp", &c) (MYAPP_), caarlos0/env's Options{Prefix: "APP_"}.
_GO_PREFIX = re.compile(
    r'\benv\.New\(\s*"([A-Z0-9_]+)"|\bPrefix:\s*"([A-Z0-9_]+)"|\benvconfig\.Process\(\s*"(\w+)"'
)


def scan_go(text: str, source: str, out: Collector) -> None:
    found = _GO_PREFIX.search(text)
    prefix = ""
    if found is not None:
        prefix = found.group(1) or found.group(2) or f"{found.group(3).upper()}_"
    for tag in _GO_TAG.finditer(text):
        if (m := _GO_TAG_NAME.search(tag.group(1))) is None:
            continue
        default = _GO_TAG_DEFAULT.search(tag.group(1))
        required = "required" in m.group(2).split(",") or 'required:"true"' in tag.group(1)
        value = default.group(1) if default else None
        out.add(prefix + m.group(1), source, default=value, required=required and value is None)
    for pattern in _GO_PATTERNS:
        if prefix and pattern is _GO_PATTERNS[1]:
            continue  # the tags, read above with the loader's prefix
        for m in pattern.finditer(text):
            out.add(m.group(1), source)
    if "AutomaticEnv" in text:
        for m in _GO_MAPSTRUCTURE.finditer(text):
            out.add(m.group(1).upper(), source)
