"""Environment schemas in JavaScript and TypeScript, and NestJS's ConfigService reads.

A schema's keys are the variables it reads from the environment: env-schema and
@fastify/env's JSON schema or typebox object, envalid's ``cleanEnv``, t3-env's ``createEnv``,
AdonisJS's ``Env.rules``, and a zod object of upper-case keys (``z.object({ PORT:
z.coerce.number().default(3000) })``) the app parses its environment with, here or through
NestJS's ``ConfigModule.forRoot({ validate })``. A key is required unless it is optional or
has a default; a literal default is kept (``.default("false")``, ``str({ default: '' })``).

``configService.getOrThrow('X')`` requires X, but not inside a ``try`` block whose ``catch``
goes on without it (an OAuth strategy that falls back to a dummy one)."""

from __future__ import annotations

import re

from .envcollect import Collector

_ENV_SCHEMA_LIBS = (
    "env-schema",
    "@fastify/env",
    "envalid",
    "@t3-oss/env",
    "envSchema(",
    "cleanEnv(",
    "Env.create(",
    "Env.rules(",  # AdonisJS 5's env.ts
    # a zod schema the code parses the environment with: z.object({...}).parse(process.env)
    "arse(process.env)",
)
# A TypeScript type, not a schema value: an interface beside envalid's schema
# (`DATA_SOURCES: string[];`, `TRUST_PROXY: boolean | number | string;`).
_TS_TYPE = re.compile(
    r"(?:(?:string|number|boolean|any|unknown|null|undefined|object)(?:\[\])*\s*\|?\s*)+[;,]?\s*$"
)
_REQUIRED_LIST = re.compile(r"\brequired\s*:\s*\[([^\]]*)\]")
_SCHEMA_KEY = re.compile(r"^\s*['\"]?([A-Z][A-Z0-9_]+)['\"]?\s*:\s*(.*)$", re.M)  # IP: Type.String()
# z.object({...}).parse(source), where source is the environment filtered first (empty values
# dropped: `Object.entries(process.env).filter(...)`), in a file that reads process.env.
_ZOD_PARSE = re.compile(r"\bz\s*\.object\(\s*\{.*?\}\s*\)\s*\.(?:safeParse|parse)\(", re.S)
# A zod object whose first key is an upper-case name with a zod value: an environment schema
# (Reactive-Resume's configSchema, which NestJS's ConfigModule validates the environment with).
_ZOD_ENV_OBJECT = re.compile(r"\bz\s*\.object\(\s*\{\s*(?://[^\n]*\s*)*['\"]?[A-Z][A-Z0-9_]+['\"]?\s*:\s*z\b")
# A literal default: zod's .default("false"), envalid's str({ default: '' }), typebox's
# { default: 3000 }; not a computed one (default: ms('1 minute')), whose value is unknown here.
_LITERAL_DEFAULT = re.compile(
    r"""(?:\.default\(\s*|\bdefault\s*:\s*)(?:(['"`])([^'"`\n]*)\1|(-?\d+(?:\.\d+)?|true|false)\b)\s*[,)}]"""
)
_OPTIONAL = re.compile(r"[Oo]ptional|default|nullish")

# NestJS's ConfigService (and its like) reads the environment by name, the .env file too:
# config.get('JWT_SECRET'), this.configService.get<string>('DB_HOST', 'localhost'),
# configService.getOrThrow('X') (required). Upper-case names only: 'database.host' is a path
# into the app's own configuration object.
_CONFIG_GET = re.compile(
    r"\b(?:config|configService|configs?|this\.config(?:Service)?)\.(get|getOrThrow)(?:<[^>()]{1,40}>)?"
    r"""\(\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*(?:,\s*(['"`]?)([^'"`\s,)]+)\3)?\s*[,)]"""
)
_TRY = re.compile(r"\btry\s*\{")


def is_env_schema(text: str) -> bool:
    return (
        any(lib in text for lib in _ENV_SCHEMA_LIBS)
        or ("process.env" in text and "arse(" in text and _ZOD_PARSE.search(text) is not None)
        or ("z.object(" in text.replace(" ", "") and _ZOD_ENV_OBJECT.search(text) is not None)
    )


def scan_env_schema(text: str, source: str, out: Collector) -> None:
    # a JSON schema (@fastify/env) lists the required ones: `required: ["PORT"]`
    listed = {n for block in _REQUIRED_LIST.findall(text) for n in re.findall(r"['\"](\w+)['\"]", block)}
    keys = list(_SCHEMA_KEY.finditer(text))
    for m, after in zip(keys, [*keys[1:], None][: len(keys)], strict=True):
        value = m.group(2)
        if value.startswith(("process.env", "import.meta.env")) or _TS_TYPE.match(value):
            continue  # t3-env's runtimeEnv (the mapping, not the schema), a TypeScript type
        if value.startswith("{"):  # a JSON schema property: { type: "string", default: ... }
            out.add(m.group(1), source, default=_default(value), required=m.group(1) in listed)
            continue
        # the whole definition, which may go on over lines (z\n .enum([...])\n .default("info"))
        whole = text[m.start(2) : after.start() if after is not None else m.end() + 300]
        optional = _OPTIONAL.search(whole) is not None
        out.add(m.group(1), source, default=_default(whole), required=not optional)


def _default(definition: str) -> str | None:
    found = _LITERAL_DEFAULT.search(definition)
    if found is None:
        return None
    return found.group(2) if found.group(1) else found.group(3)


def scan_config_reads(text: str, source: str, out: Collector) -> None:
    for m in _CONFIG_GET.finditer(text):
        required = m.group(1) == "getOrThrow" and not _in_try(text, m.start())
        out.add(m.group(2), source, default=m.group(4), required=required)


def _in_try(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a ``try { ... }`` block (looked for in the 2,000 characters
    before it): the braces opened since the last ``try {`` are not all closed."""
    start = max(0, pos - 2000)
    tries = list(_TRY.finditer(text, start, pos))
    if not tries:
        return False
    body = text[tries[-1].end() : pos]
    return body.count("{") >= body.count("}")


# An object of the variables' defaults the app reads the environment through (joplin server's
# `const defaultEnvValues: EnvVariables = { APP_PORT: 22300, DB_CLIENT: 'sqlite3', ... }`,
# whose parseEnv takes each key from process.env): its name says env, its keys are upper case.
_DEFAULTS_OBJECT = re.compile(r"\b(?:const|let|var)\s+\w*[Ee]nv\w*\s*(?::\s*[\w.<>\[\], ]{1,80})?=\s*\{")
_DEFAULTS_KEY = re.compile(
    r"""^\s*['"]?([A-Z][A-Z0-9_]+)['"]?\s*:\s*(?:(['"`])([^'"`\n]*)\2|(-?\d+(?:\.\d+)?|true|false)\b)?""",
    re.M,
)
# A comparison with a database client's name (joplin's `env.DB_CLIENT === 'pg'`): the variable
# selects the engine, spelt as the code compares it.
_ENGINE_TEST = re.compile(
    r"""\b(?:process\.)?env\.([A-Z][A-Z0-9_]*)\s*[!=]==?\s*['"]"""
    r"""(pg|postgres|postgresql|mysql|mysql2|mariadb|sqlite|sqlite3|better-sqlite3|mongodb)['"]"""
)


def scan_env_defaults(text: str, source: str, out: Collector) -> None:
    for m in _ENGINE_TEST.finditer(text):
        out.engine_selector(m.group(1), m.group(2))
    for m in _DEFAULTS_OBJECT.finditer(text):
        code = re.sub(r"(?m)^\s*//.*$", "", text[m.end() - 1 :])  # whole-line comments out
        depth, end = 0, len(code)
        for i, ch in enumerate(code[:20000]):
            depth += 1 if ch == "{" else -1 if ch == "}" else 0
            if depth == 0:
                end = i
                break
        for key in _DEFAULTS_KEY.finditer(code[:end]):
            default = key.group(3) if key.group(2) else key.group(4)
            out.add(key.group(1), source, default=default or None)
