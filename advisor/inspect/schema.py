"""How the app's tables come to exist when no release step makes them: code of the app's own
that creates them as it starts (an ORM's sync, Hibernate's ddl-auto, Flyway run by Spring
Boot, GORM's AutoMigrate). Read from the code without running it; the first one found."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .facts import Sourced
from .release import TABLE_SCRIPTS
from .tree import Tree, join

_BY_LANGUAGE: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "node": (
        (
            re.compile(r"\bsequelize\.sync\(|\bdb\.sequelize\.sync\(|\bsequelize\s*\.\s*sync\("),
            "sequelize.sync()",
        ),
        # a Sequelize model's own sync (Gig.sync() where the model is defined)
        (re.compile(r"\b[A-Z]\w*\.sync\((?:\s*\{[^}]*\})?\s*\)"), "Model.sync()"),
        # TypeORM's migrationsRun before its synchronize, which may be off in production (Picsur);
        # or a switch that defaults on: migrationsRun: config.get('DATABASE_MIGRATE'), ohmyform
        (re.compile(r"\bmigrationsRun\s*:\s*(?:true|[^,\n]*MIGRAT)"), "TypeORM migrationsRun"),
        (re.compile(r"\bsynchronize\s*:\s*(?:true|!\s*\w|process\.env)"), "TypeORM synchronize"),
        (re.compile(r"\.migrate\.latest\("), "knex.migrate.latest()"),
        # TypeORM's dataSource.runMigrations(), Umzug's up(), a migrate function run at start
        (
            # (any name for Umzug's instance: Youtarr's `const migrator = new Umzug(...)`, `migrator.up()`)
            re.compile(r"\.runMigrations\(|\bumzug\.up\(|\bnew\s+Umzug\(|\bmigrateDb\(|\bdb\.migrate\(\)"),
            "runMigrations() / migrate()",
        ),
        # the app's own SQL: CREATE TABLE IF NOT EXISTS (the Vercel Postgres starter's ensureTableExists)
        # (or a CREATE TABLE after its own check that the table exists)
        (
            re.compile(r"(?is)\bcreate\s+table\s+if\s+not\s+exists\b|\bexists\b.{0,800}?\bcreate\s+table\b"),
            "CREATE TABLE",
        ),
        (re.compile(r"\bmigrate\(\s*db\s*,\s*\{\s*migrationsFolder"), "Drizzle migrate() at start"),
    ),
    "python": (
        # Base.metadata.create_all(engine), conn.run_sync(Base.metadata.create_all)
        (re.compile(r"\bmetadata\.create_all\b"), "metadata.create_all()"),
        (re.compile(r"\bdb\.create_all\(\)"), "db.create_all()"),
        (re.compile(r"\bgenerate_schemas\s*=\s*True"), "Tortoise generate_schemas"),
        # its own schema file run on connect (alerta: open_resource('sql/schema.sql'), execute(f.read()))
        (re.compile(r"""(?s)schema\.sql['"].{0,300}?\.execute\("""), "schema.sql"),
    ),
    "go": (
        (re.compile(r"\.AutoMigrate\("), "GORM AutoMigrate"),
        (re.compile(r"\bmigrate\.NewWithDatabaseInstance\(|\bmigrate\.New\("), "golang-migrate at start"),
        (re.compile(r"\bgoose\.Up\("), "goose.Up at start"),
    ),
}
# A word each pattern of the language needs, tested before the patterns themselves.
_HINTS = {
    "node": ("sync(", "synchronize", "migrationsRun", "igrat", "umzug", "TABLE", "table"),
    "python": ("create_all", "generate_schemas", "schema.sql"),
    "go": ("AutoMigrate", "migrate.New", "goose.Up"),
}
# A test suite's helpers (tanem's test-support/global-setup.js migrates the test database).
# (and the commands run by hand: privacyidea's cli/pimanage/, Django's management/commands/)
_TESTS = re.compile(r"(?:^|/)(?:tests?|test-support|test_support|__tests__|spec|e2e|cypress|cli|commands)/")
_SCRIPTS = re.compile(r"(?:^|/)scripts?/")
_NOT_AT_START = re.compile(r"(?:^|/)(?:migrations?|seeds?|seeders?|scripts?|tests?|__tests__|sql)/")
_FORCED = re.compile(r"\.sync\(\s*\{\s*force\s*:\s*([^}]{1,120})\}")
_SPRING_DDL = re.compile(r"ddl-auto\s*[=:]\s*(update|create|create-drop)\b")
_SPRING_INIT = re.compile(r"sql\.init\.mode\s*[=:]\s*always\b")
_SPRING_TOOLS = {
    "flyway-core": "Flyway (run by Spring Boot at start)",
    "liquibase-core": "Liquibase (run by Spring Boot at start)",
}


# Comments that take whole lines: `// db.sequelize.sync({force: true})`, `/* ... */` blocks
# and `#` lines. A comment after code on its line stays (a `//` may be inside a URL string).
_LINE_COMMENTS = {
    "python": re.compile(r"^[ \t]*#[^\n]*", re.M),
    "node": re.compile(r"^[ \t]*//[^\n]*|^[ \t]*/\*.*?\*/", re.M | re.S),
    "go": re.compile(r"^[ \t]*//[^\n]*|^[ \t]*/\*.*?\*/", re.M | re.S),
}


def live_code(language: str, text: str) -> str:
    """The text without its whole-line comments: code commented out does not run."""
    pattern = _LINE_COMMENTS.get(language)
    return pattern.sub("", text) if pattern is not None else text


# A function a command line runs by hand: Flask's @app.cli.command, click, Flask-Script.
_CLI_DECORATOR = re.compile(r"^([ \t]*)@(?:\w+\.cli|cli|click|manager)\.(?:command|option)\b")


def without_cli_commands(text: str) -> str:
    """Python code without the functions a command line runs by hand (``@manager.command
    def recreate_db(): db.drop_all(); db.create_all()``): they do not run at the app's start."""
    lines = text.splitlines()
    kept: list[str] = []
    i = 0
    while i < len(lines):
        m = _CLI_DECORATOR.match(lines[i])
        if m is None:
            kept.append(lines[i])
            i += 1
            continue
        indent = len(m.group(1).expandtabs())
        while i < len(lines) and not lines[i].lstrip().startswith(("def ", "async def ")):
            i += 1  # the decorators (one may take several lines) up to the def
        i += 1
        while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
            i += 1  # the function's body
    return "\n".join(kept)


# A helper that makes (or drops) the tables when called, by a command or a test (zou's
# dbhelpers.create_all()): its body does not run at start.
_TABLE_HELPER = re.compile(
    r"^([ \t]*)def (?:create_all|drop_all|init_db|create_db|reset_db|recreate_db|create_tables|setup_db)\(",
    re.M,
)


def _without_table_helpers(text: str) -> str:
    for m in reversed(list(_TABLE_HELPER.finditer(text))):
        indent = len(m.group(1))
        end = m.end()
        for line in re.finditer(r"\n([ \t]*)(\S)?", text[m.end() :]):
            if line.group(2) is not None and len(line.group(1)) <= indent:
                end = m.end() + line.start()
                break
        else:
            end = len(text)
        text = text[: m.start()] + text[end:]
    return text


def app_makes_tables(
    language: str, texts: Mapping[str, str], start: tuple[str, ...] = ()
) -> Sourced[str] | None:
    """What in the app's own code creates its tables as it starts, and where; a file in a
    scripts/ folder counts only when the start command runs it."""
    hints = _HINTS.get(language, ())
    for rel, text in texts.items():
        if _TESTS.search(rel):
            continue  # a test suite's setup or a command run by hand, not the app's start
        if _SCRIPTS.search(rel) and not any(rel.endswith(a.removeprefix("./")) for a in start if "/" in a):
            continue  # opencollective's scripts/db_setup.js, a development helper run by hand
        if language == "python" and rel.rsplit("/", 1)[-1] in TABLE_SCRIPTS:
            continue  # a script run by hand (or as the release step), not at the app's start
        if not any(h in text for h in hints):
            continue  # none of the patterns can match: most files (a cheap test first)
        text = live_code(language, text)
        if language == "python" and "command" in text:
            text = without_cli_commands(text)
        if language == "python":
            text = _without_table_helpers(text)
        for pattern, what in _BY_LANGUAGE.get(language, ()):
            if what == "CREATE TABLE" and _NOT_AT_START.search(rel):
                continue  # a migration's or a script's SQL, not the server's own
            if pattern.search(text):
                forced = _FORCED.search(text) if language == "node" else None
                if forced and _forced_on(forced.group(1), text):
                    # sync({ force: true }) drops every table and makes it again at each start.
                    return Sourced("sequelize.sync({ force: true })", rel, "schema-reset")
                return Sourced(what, rel, "schema")
    return None


def _forced_on(expr: str, text: str) -> bool:
    """sync({ force: ... }) drops the tables in the containers advisor sets up: `true`, or a
    name set to true, to the presence of the database URL advisor sets (the apollo
    boilerplate's `isProduction = !!process.env.DATABASE_URL`) or to production's NODE_ENV."""
    names = re.findall(r"[A-Za-z_]\w*", expr)
    return "true" in names or any(
        re.search(
            rf"\b{name}\s*=\s*(?:true\b|!!\s*process\.env\.(?:\w+_)?DATABASE_URL\b|"
            r"process\.env\.NODE_ENV\s*===?\s*['\"]production['\"])",
            text,
        )
        for name in names
    )


def spring_makes_tables(
    tree: Tree, folder: str, dependencies: Iterable[tuple[str, str]]
) -> Sourced[str] | None:
    """Spring Boot: Flyway or Liquibase among the dependencies (run at start), Hibernate's
    ddl-auto creating the tables, or the schema scripts always run."""
    for name, source in dependencies:
        if name in _SPRING_TOOLS:
            return Sourced(_SPRING_TOOLS[name], source, "schema")
    res = join(folder, "src/main/resources")
    for name in sorted(tree.names(res)):
        if not name.startswith("application") or not name.endswith((".properties", ".yml", ".yaml")):
            continue
        text = tree.text(join(res, name)) or ""
        if m := _SPRING_DDL.search(text):
            return Sourced(f"Hibernate ddl-auto={m.group(1)}", join(res, name), "schema")
        if _SPRING_INIT.search(text):
            return Sourced("spring.sql.init.mode=always", join(res, name), "schema")
    return None
