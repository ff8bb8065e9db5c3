"""pydantic-settings classes read without running them: each field is a variable the app
reads (``JWT_ALGORITHM: str``), with its default, whether it is required (no default, not
optional), the values a ``Literal`` or an ``Enum`` allows, the class's ``env_prefix`` and a
nested model's fields under ``env_nested_delimiter`` (``DATABASE__HOSTNAME``)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from .envchoices import parsed_module
from .envcollect import Collector


def _literal_values(node: ast.expr | None, enums: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Allowed values from ``Literal["a", "b"]``, ``X | None`` or an Enum class name."""
    if node is None:
        return ()
    if isinstance(node, ast.BinOp):  # Literal[...] | None
        return _literal_values(node.left, enums) or _literal_values(node.right, enums)
    if isinstance(node, ast.Subscript):
        base = node.value
        base_name = (
            base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""
        )
        if base_name == "Literal":
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return tuple(
                str(e.value) for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
            )
        if base_name == "Optional":
            return _literal_values(node.slice, enums)
    if isinstance(node, ast.Name) and node.id in enums:
        return enums[node.id]
    return ()


def _keyword_str(call: ast.expr | None, *names: str, constants: dict[str, str] | None = None) -> str | None:
    """A keyword's string, or the module constant it names (env_prefix=ENV_PREFIX)."""
    if isinstance(call, ast.Call):
        for kw in call.keywords:
            if kw.arg in names and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                return kw.value.value
            if kw.arg in names and constants and (found := _constant_str(kw.value, constants)) is not None:
                return found
    return None


def _constant_str(node: ast.expr, constants: dict[str, str]) -> str | None:
    """A module constant (ENV_PREFIX), or an f-string of constants (f"{ENV_PREFIX}DATABASE__")."""
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.JoinedStr):
        parts = []
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                parts.append(part.value)
            elif (
                isinstance(part, ast.FormattedValue)
                and isinstance(part.value, ast.Name)
                and part.value.id in constants
            ):
                parts.append(constants[part.value.id])
            else:
                return None
        return "".join(parts)
    return None


class Shared(NamedTuple):
    """What one module's settings class may take from the app's other modules."""

    enums: dict[str, tuple[str, ...]]  # name → values
    settings: set[str]  # BaseSettings and its subclasses
    models: dict[str, ast.ClassDef]  # every other class, by name
    nested: set[str]  # models only read under a settings class's env_nested_delimiter
    mixins: frozenset[str] = frozenset()  # models a settings class inherits its fields from
    # module constants that name a variable (KEY_DATABASE_URI = "SQLALCHEMY_DATABASE_URI"),
    # read as os.environ.get(KEY_DATABASE_URI) in another module
    names: dict[str, str] | None = None
    # the environment helpers other modules define (Kiwi's tcms/utils/secrets.py get_secret),
    # read where a module imports one by name
    helpers: frozenset[str] = frozenset()
    # the env_nested_delimiter each settings class sets or inherits (feeds.fun's own
    # BaseSettings sets "__" for every settings class of the app)
    delimiters: dict[str, str] | None = None


def shared_classes(texts: Iterable[str]) -> Shared:
    """The enums (name → values) and the settings classes (BaseSettings and its subclasses,
    whatever module defines them) of the app's modules, for settings classes that subclass
    another module's class or name another module's enum (ENVIRONMENT: Environment); and
    the models a settings class nests (``database: DbConfig = DbConfig()`` under
    ``env_nested_delimiter="__"``, read as ``PREFIX_DATABASE__HOST``), wherever defined."""
    enums: dict[str, tuple[str, ...]] = {}
    bases: dict[str, set[str]] = {}
    models: dict[str, ast.ClassDef] = {}
    nesting: list[ast.ClassDef] = []
    every: list[ast.ClassDef] = []
    constants: dict[str, str] = {}
    texts = list(texts)
    # (classes matter only to a settings class: none without pydantic-settings' BaseSettings)
    pydantic = any("BaseSettings" in text for text in texts)
    for text in texts:
        if "environ" in text or re.search(r"^[A-Z]\w*\s*=\s*['\"][A-Z]", text, re.M):
            constants.update(_NAME_CONSTANT.findall(text))
        if not pydantic or "class " not in text or ("Enum" not in text and "Settings" not in text):
            continue
        if (tree := parsed_module(text)) is None:
            continue
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            names = {ast.unparse(b).rsplit(".", 1)[-1] for b in cls.bases}
            bases[cls.name] = names
            if names & {"Enum", "StrEnum"}:
                values = [
                    str(s.value.value)
                    for s in cls.body
                    if isinstance(s, (ast.Assign, ast.AnnAssign)) and isinstance(s.value, ast.Constant)
                ]
                enums[cls.name] = tuple(values)
            else:
                models.setdefault(cls.name, cls)
                every.append(cls)  # (each module's Settings: names repeat)
                if "env_nested_delimiter" in text and "env_nested_delimiter" in ast.unparse(cls):
                    nesting.append(cls)
    settings = {"BaseSettings"}
    while grown := {name for name, found in bases.items() if found & settings} - settings:
        settings |= grown
    # The models a settings class inherits its fields from (lnbits' Settings(EditableSettings,
    # ReadOnlySettings, BaseSettings), each a BaseModel of fields): their fields are read too.
    # (only those: SuperSettings(EditableSettings), an API model, is no settings class)
    mixins: set[str] = set()
    todo = [b for name in settings for b in bases.get(name, ()) if b in models]
    while todo:
        name = todo.pop()
        if name not in settings and name not in mixins:
            mixins.add(name)
            todo.extend(b for b in bases.get(name, ()) if b in models)
    # every settings class nests what its fields' types name: pydantic reads a nested model's
    # fields under the outer field (JSON, or with a delimiter a base class may set: feeds.fun's
    # `idps: list[IdP]`), never as bare EXTERNAL_ID, PLUGIN
    nesting += [c for c in every if c.name in settings and c not in nesting]
    nested: set[str] = set()
    while nesting:  # and the models nested in those (torrents: TorrentConfig → QbittorrentConfig)
        cls = nesting.pop()
        for s in (s for s in cls.body if isinstance(s, ast.AnnAssign)):
            # database: DbConfig, and the items of a list (tv_libraries: list[LibraryItem] = [])
            for node in ast.walk(s.annotation):
                if isinstance(node, ast.Name) and node.id in models and node.id not in nested:
                    nested.add(node.id)
                    nesting.append(models[node.id])
        if cls.name in nested:  # and its bases (ScoringRule under TitleScoringRule)
            for base in bases.get(cls.name, ()):
                if base in models and base not in nested:
                    nested.add(base)
                    nesting.append(models[base])
    own = {c.name: d for c in every if c.name in settings and (d := _class_delimiter(c))}
    delimiters: dict[str, str] = {}
    for name in settings:
        todo, seen = [name], set()
        while todo and name not in delimiters:
            current = todo.pop()
            seen.add(current)
            if current in own:
                delimiters[name] = own[current]
            todo += [b for b in bases.get(current, ()) if b not in seen]
    return Shared(enums, settings, models, nested, frozenset(mixins), constants, delimiters=delimiters)


def _class_delimiter(cls: ast.ClassDef) -> str:
    """The env_nested_delimiter the class's model_config sets ("" for none)."""
    for stmt in cls.body:
        value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
        if value is not None and "model_config" in ast.unparse(stmt).split("=", 1)[0]:
            return _keyword_str(value, "env_nested_delimiter") or ""
    return ""


_NAME_CONSTANT = re.compile(
    r"""^([A-Z][A-Z0-9_]*)\s*(?::\s*str\s*)?=\s*['"]([A-Z][A-Z0-9_]{2,})['"]\s*(?:#.*)?$""", re.M
)


def scan_pydantic_settings(text: str, source: str, out: Collector, shared: Shared | None = None) -> None:
    if (tree := parsed_module(text)) is None:
        return
    enums: dict[str, tuple[str, ...]] = dict(shared.enums) if shared else {}
    settings_classes: set[str] = set(shared.settings) if shared else {"BaseSettings"}
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    for cls in classes:
        bases = {
            b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else ""
            for b in cls.bases
        }
        if bases & {"Enum", "StrEnum"}:
            values = []
            for stmt in cls.body:
                # prod = "prod", and annotated members too (prod: str = "prod")
                if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(stmt.value, ast.Constant):
                    values.append(str(stmt.value.value))
            enums[cls.name] = tuple(values)
    models = dict(shared.models) if shared else {}
    constants = {**((shared.names or {}) if shared else {}), **dict(_NAME_CONSTANT.findall(text))}
    models.update((c.name, c) for c in classes if not {ast.unparse(b) for b in c.bases} & {"Enum", "StrEnum"})
    for cls in classes:  # in order, so subclasses of a settings class count too
        bases = {
            b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else ""
            for b in cls.bases
        }
        if not bases & settings_classes:
            if shared is None or cls.name not in shared.mixins:
                continue
        else:
            settings_classes.add(cls.name)
        if shared and cls.name in shared.nested:
            # Another settings class nests it (database: DbConfig): the app reads its fields
            # under that class's prefix and delimiter, not as bare HOST, PORT, USER.
            continue
        prefix, nested = "", (shared.delimiters or {}).get(cls.name, "") if shared else ""
        overrides: dict[str, str] = {}
        for stmt in cls.body:
            value: ast.expr | None = None
            if (
                isinstance(stmt, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "model_config" for t in stmt.targets)
            ) or (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and stmt.target.id == "model_config"
            ):
                value = stmt.value
            found = _keyword_str(value, "env_prefix", constants=constants)
            if found is not None:
                prefix = found
            nested = _keyword_str(value, "env_nested_delimiter") or nested
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
                for inner in stmt.body:
                    if isinstance(inner, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == "env_prefix" for t in inner.targets
                    ):
                        if isinstance(inner.value, ast.Constant) and isinstance(inner.value.value, str):
                            prefix = inner.value.value
                        elif (found := _constant_str(inner.value, constants)) is not None:
                            prefix = found
                    # pydantic 1's Config.fields = {"PGHOST": {"env": "PGHOST"}}: a field's own name
                    if (
                        isinstance(inner, ast.Assign)
                        and [ast.unparse(t) for t in inner.targets] == ["fields"]
                        and isinstance(inner.value, ast.Dict)
                    ):
                        overrides.update(_field_envs(inner.value))
        fields = {
            s.target.id for s in cls.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
        }
        for stmt in cls.body:
            if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
                continue
            field = stmt.target.id
            if field == "model_config" or field.startswith("_"):
                continue
            if isinstance(stmt.value, ast.JoinedStr) and any(
                isinstance(n, ast.Name) and n.id in fields for n in ast.walk(stmt.value)
            ):
                # Derived from the class's other fields (URI = f"{USER}:{PASSWORD}@{SERVER}/{DB}"):
                # the parts are the settings; a value for it would have to match its own format.
                continue
            alias = _keyword_str(stmt.value, "validation_alias", "alias", "env") or overrides.get(field)
            name = alias if alias else (prefix + field)
            if _url_type(stmt.annotation, models) and _DB_WORD.search(name.upper()):
                out.database_url(name.upper())  # DATABASE_SERVER: PostgresDsn, not a host
            model = models.get(ast.unparse(stmt.annotation))
            if model is not None:
                # A nested model (database: Database): read as JSON under its own name, or field
                # by field under DATABASE__HOSTNAME with env_nested_delimiter="__".
                if nested:
                    _scan_model_fields(model, f"{name}{nested}".upper(), nested, models, source, out)
                continue
            default: str | None = None
            value = stmt.value
            if isinstance(value, ast.Call) and ast.unparse(value.func).rsplit(".", 1)[-1] == "Field":
                # Field(default="./data"), Field("./data")
                given = [k.value for k in value.keywords if k.arg == "default"] or value.args[:1]
                value = given[0] if given else None
            if isinstance(value, ast.Constant) and value.value is not None:
                default = str(value.value)
            # No default and not optional (JWT_ALGORITHM: str): the settings class, built as the
            # app starts, stops with a validation error without it.
            required = stmt.value is None and not _optional(stmt.annotation)
            allowed = _literal_values(stmt.annotation, enums)
            out.add(name.upper(), source, allowed=allowed, default=default, required=required)


def _scan_model_fields(
    model: ast.ClassDef,
    prefix: str,
    delimiter: str,
    models: dict[str, ast.ClassDef],
    source: str,
    out: Collector,
    depth: int = 0,
) -> None:
    """The fields of a nested settings model, each read as PREFIX + its name; a model nested
    in it, under one more delimiter (MEDIAMANAGER_AUTH__OPENID__CLIENT_ID)."""
    for stmt in model.body:
        if (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and not stmt.target.id.startswith("_")
            and stmt.target.id != "model_config"
        ):
            inner = models.get(ast.unparse(stmt.annotation))
            if inner is not None:
                if depth < 3 and inner is not model:
                    name = f"{prefix}{stmt.target.id.upper()}{delimiter}"
                    _scan_model_fields(inner, name, delimiter, models, source, out, depth + 1)
                continue
            default = (
                str(stmt.value.value)
                if isinstance(stmt.value, ast.Constant) and stmt.value.value is not None
                else None
            )
            out.add(prefix + stmt.target.id.upper(), source, default=default)


_DB_WORD = re.compile(r"DATABASE|\bDB|_DB|POSTGRES|\bPG|MYSQL")


def _field_envs(node: ast.Dict) -> dict[str, str]:
    """field → variable of a pydantic 1 ``Config.fields`` dict."""
    found: dict[str, str] = {}
    for key, value in zip(node.keys, node.values, strict=False):
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and isinstance(value, ast.Dict):
            for k, v in zip(value.keys, value.values, strict=False):
                if isinstance(k, ast.Constant) and k.value == "env" and isinstance(v, ast.Constant):
                    found[key.value] = str(v.value)
    return found


def _url_type(annotation: ast.expr, models: dict[str, ast.ClassDef]) -> bool:
    """A URL type (PostgresDsn, AnyUrl), or a class of the project's own built on one
    (takahe's ImplicitHostname(AnyUrl))."""
    names = {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)}
    bases = {ast.unparse(b).rsplit(".", 1)[-1] for n in names if n in models for b in models[n].bases}
    return any(re.search(r"(?:Dsn|Url)$", n) for n in names | bases)


def _optional(annotation: ast.expr) -> bool:
    """``X | None``, ``Optional[X]``, ``Union[X, None]``: pydantic 1 gives such a field None."""
    return "None" in (text := ast.unparse(annotation)) or text.startswith(("Optional[", "typing.Optional["))


_ENVIRON_SCHEMA = re.compile(r"\b(?:environ\.)?(?:FileAware)?Env\s*\(")  # (DefectDojo: FileAwareEnv)
_SCHEMA_ENTRY = re.compile(r"\b([A-Z][A-Z0-9_]*)\s*=\s*\(")


def environ_schema(text: str) -> dict[str, str]:
    """django-environ's schema: ``environ.Env(DEBUG=(bool, False), DATABASE_URL=(str, "mysql://…"))``
    gives each variable its cast and its default, so none of them is required. The default,
    as the code writes it (a string literal without its quotes)."""
    found: dict[str, str] = {}
    for call in _ENVIRON_SCHEMA.finditer(text):
        body = balanced(text, call.end() - 1)
        for entry in _SCHEMA_ENTRY.finditer(body):
            parts = _top_level_items(balanced(body, entry.end() - 1)[1:-1])
            if len(parts) >= 2:
                value = parts[1].strip()
                quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
                found[entry.group(1)] = value[1:-1] if quoted else value
    return found


def _code_chars(text: str, start: int = 0, limit: int = 20000) -> Iterator[tuple[int, str, int]]:
    """(index, character, bracket depth after it) of the characters outside string literals."""
    depth, quote, escaped = 0, "", False
    for i in range(start, min(len(text), start + limit)):
        ch = text[i]
        if quote:
            escaped, quote = (False, quote) if escaped else (ch == "\\", "" if ch == quote else quote)
            continue
        if ch in "'\"":
            quote = ch
            continue
        depth += 1 if ch in "([{" else -1 if ch in ")]}" else 0
        yield i, ch, depth


def balanced(text: str, start: int) -> str:
    """The text from the opening bracket at ``start`` to its closing one (strings skipped)."""
    for i, ch, depth in _code_chars(text, start):
        if depth == 0 and ch in ")]}":
            return text[start : i + 1]
    return text[start:]


def _top_level_items(text: str) -> list[str]:
    """The comma-separated items of ``text`` (commas inside brackets or strings do not count)."""
    cuts = [i for i, ch, depth in _code_chars(text) if ch == "," and depth == 0]
    items = [text[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(text)], strict=True)]
    return items[:-1] if not items[-1].strip() else items
