"""Java (and other JVM languages): Maven (``pom.xml``, ``mvnw``) and Gradle
(``build.gradle`` / ``build.gradle.kts``, ``gradlew``); Spring Boot, Quarkus, Micronaut."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from . import versions
from .common import (
    Detection,
    dedupe_ports,
    in_folder_or_above,
    own_settings,
    port_in_command,
    procfile_web,
    scan_env_examples,
    services,
    split_services,
)
from .envvars import Collector, scan_spring
from .facts import AppFacts, Command, Dependency, PackageManager, RuntimeVersion, Sourced, WritablePath
from .image_folders import dockerfile_port
from .projectenv import env_dev_values, env_placeholders
from .schema import spring_makes_tables
from .tree import Tree, join
from .writable import writable_paths

# artifactId → service kind
DRIVERS = {
    "postgresql": "postgres",
    "r2dbc-postgresql": "postgres",
    "mysql-connector-j": "mysql",
    "mysql-connector-java": "mysql",
    "r2dbc-mysql": "mysql",
    "mariadb-java-client": "mariadb",
    "spring-boot-starter-data-mongodb": "mongodb",
    "spring-boot-starter-data-mongodb-reactive": "mongodb",
    "mongodb-driver-sync": "mongodb",
    "mongodb-driver-reactivestreams": "mongodb",
    "spring-boot-starter-data-redis": "redis",
    "spring-boot-starter-data-redis-reactive": "redis",
    "jedis": "redis",
    "lettuce-core": "redis",
    "redisson": "redis",
    "h2": "h2",
    "sqlite-jdbc": "sqlite",
}
ORMS = {
    "spring-boot-starter-data-jpa": "jpa",
    "hibernate-core": "hibernate",
    "spring-boot-starter-jdbc": "jdbc",
}
GRADLE_FILES = ("build.gradle.kts", "build.gradle")
DEFAULT_PORT = 8080


def detect(tree: Tree, folder: str) -> Detection | None:
    pom = join(folder, "pom.xml")
    gradle = next((join(folder, n) for n in GRADLE_FILES if tree.has(join(folder, n))), None)
    if tree.has(pom):
        root = _pom(tree, pom)
        packaging = _text(root, "packaging") if root is not None else None
        if packaging == "pom":
            return Detection("java", (pom,), 1, workspace_root=True)
        has_main = tree.has_dir(join(folder, "src/main"))
        return Detection("java", (pom,), 2 if has_main else 1)
    if gradle is not None:
        has_main = tree.has_dir(join(folder, "src/main"))
        return Detection("java", (gradle,), 2 if has_main else 1, workspace_root=not has_main)
    return None


def _strip(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _pom(tree: Tree, rel: str) -> ET.Element | None:
    text = tree.text(rel)
    if text is None or "<!ENTITY" in text:
        return None
    try:
        root = ET.fromstring(text)
    except (ET.ParseError, ValueError):
        return None
    for el in root.iter():
        el.tag = _strip(el.tag) if isinstance(el.tag, str) else el.tag
    return root


def _text(root: ET.Element | None, path: str) -> str | None:
    if root is None:
        return None
    el = root.find(path)
    if el is None or el.text is None:
        return None
    return el.text.strip() or None


def _resolve(value: str | None, props: dict[str, str]) -> str | None:
    if value is None:
        return None
    for _ in range(3):
        m = re.fullmatch(r"\$\{([\w.-]+)\}", value)
        if not m:
            break
        value = props.get(m.group(1), value)
    return value


def _maven(tree: Tree, folder: str, pom_rel: str) -> dict[str, object]:
    root = _pom(tree, pom_rel)
    props: dict[str, str] = {}
    if root is not None:
        props_el = root.find("properties")
        if props_el is not None:
            for child in props_el:
                if isinstance(child.tag, str) and child.text:
                    props[child.tag] = child.text.strip()
    artifact = _text(root, "artifactId")
    version = _text(root, "version") or _text(root, "parent/version")
    props.setdefault("project.version", version or "")
    parent = _text(root, "parent/artifactId") or ""
    deps: list[str] = []
    plugins: list[ET.Element] = []
    if root is not None:
        for dep in root.findall("dependencies/dependency"):
            a = _text(dep, "artifactId")
            if a:
                deps.append(a)
        plugins = root.findall("build/plugins/plugin")
    release: tuple[str, str] | None = None
    for key in ("maven.compiler.release", "java.version", "maven.compiler.source", "maven.compiler.target"):
        if key in props:
            release = (props[key], key)
            break
    spring = parent == "spring-boot-starter-parent"
    quarkus = any(d.startswith("quarkus-") for d in deps)
    for plugin in plugins:
        a = _text(plugin, "artifactId") or ""
        if a == "spring-boot-maven-plugin":
            spring = True
        if a == "maven-compiler-plugin" and release is None:
            for key in ("configuration/release", "configuration/source"):
                value = _resolve(_text(plugin, key), props)
                if value:
                    release = (value, key.rsplit("/", 1)[-1])
                    break
    final_name = _resolve(_text(root, "build/finalName"), {**props, "project.artifactId": artifact or ""})
    return {
        "artifact": artifact,
        "version": _resolve(version, props),
        "deps": deps,
        "release": release,
        "spring": spring,
        "quarkus": quarkus,
        "micronaut": parent.startswith("micronaut") or any(d.startswith("micronaut-") for d in deps),
        "final_name": final_name,
    }


_GRADLE_DEP = re.compile(r"""["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']""")


def _gradle(tree: Tree, folder: str, build_rel: str) -> dict[str, object]:
    text = tree.text(build_rel) or ""
    release: tuple[str, str] | None = None
    for pattern, detail in (
        (
            r"languageVersion(?:\.set\(|\s*=\s*|\s+)\s*JavaLanguageVersion\.of\(\s*(\d+)",
            "toolchain languageVersion",
        ),
        (r"jvmToolchain\(\s*(\d+)", "jvmToolchain"),
        (r"sourceCompatibility\s*=\s*(?:JavaVersion\.VERSION_)?['\"]?([\d._]+)", "sourceCompatibility"),
        (r"targetCompatibility\s*=\s*(?:JavaVersion\.VERSION_)?['\"]?([\d._]+)", "targetCompatibility"),
    ):
        m = re.search(pattern, text)
        if m:
            release = (m.group(1), detail)
            break
    name: str | None = None
    settings_rel = None
    for settings in ("settings.gradle.kts", "settings.gradle"):
        rel = join(folder, settings)
        if (stext := tree.text(rel)) and (
            m := re.search(r"""rootProject\.name\s*=\s*['"]([^'"]+)['"]""", stext)
        ):
            name, settings_rel = m.group(1), rel
            break
    version_m = re.search(r"""^version\s*=\s*['"]([^'"]+)['"]""", text, re.M)
    archive = re.search(r"""archiveFileName(?:\.set\(|\s*=\s*)\s*['"]([^'"]+)['"]""", text)
    deps = [m.group(2) for m in _GRADLE_DEP.finditer(text)]
    spring = bool(re.search(r"""org\.springframework\.boot['"]""", text))
    return {
        "name": name,
        "settings": settings_rel,
        "version": version_m.group(1) if version_m else None,
        "deps": deps,
        "release": release,
        "spring": spring,
        "quarkus": "io.quarkus" in text,
        "micronaut": "io.micronaut" in text,
        "archive": archive.group(1) if archive else None,
        "kotlin": build_rel.endswith(".kts") or "kotlin(" in text,
    }


def plan(tree: Tree, folder: str, detection: Detection) -> AppFacts:
    marker = detection.markers[0]
    env = Collector()
    if marker.endswith("pom.xml"):
        info = _maven(tree, folder, marker)
        wrapper = "mvnw" if tree.has(join(folder, "mvnw")) else None
        wrapper_rel = in_folder_or_above(tree, folder, ("mvnw",))
        tool = f"./{wrapper}" if wrapper else "mvn"
        pm = PackageManager(
            "maven",
            marker,
            wrapper=wrapper_rel if wrapper_rel else None,
            install=(tool, "-B", "dependency:go-offline"),
            manifests=(marker,) + ((join(folder, "mvnw"), join(folder, ".mvn")) if wrapper else ()),
        )
        build = Command((tool, "-B", "-DskipTests", "package"), marker, "package")
        artifact, version = info["artifact"], info["version"]
        jar_name = info["final_name"] or (f"{artifact}-{version}" if artifact and version else None)
        jar = f"target/{jar_name}.jar" if jar_name else "target/*.jar"
        name = Sourced(str(artifact), marker, "artifactId") if artifact else None
    else:
        info = _gradle(tree, folder, marker)
        wrapper_rel = in_folder_or_above(tree, folder, ("gradlew",))
        tool = "./gradlew" if wrapper_rel == join(folder, "gradlew") else "gradle"
        pm = PackageManager(
            "gradle",
            marker,
            wrapper=wrapper_rel,
            install=(tool, "dependencies", "--no-daemon"),
            manifests=tuple(
                r
                for r in (marker, info["settings"], wrapper_rel, join(folder, "gradle"))
                if isinstance(r, str) and (tree.has(r) or tree.has_dir(r))
            ),
        )
        task = "bootJar" if info["spring"] else "build"
        build = Command((tool, task, "--no-daemon", "-x", "test"), marker, task)
        project = info["name"] if isinstance(info["name"], str) else (folder.rsplit("/", 1)[-1] or None)
        if info["archive"]:
            jar = f"build/libs/{info['archive']}"
        elif project and info["version"]:
            jar = f"build/libs/{project}-{info['version']}.jar"
        else:
            jar = "build/libs/*.jar"
        name = Sourced(str(info["name"]), str(info["settings"]), "rootProject.name") if info["name"] else None

    release = info["release"]
    runtime: RuntimeVersion | None = None
    if isinstance(release, tuple):
        runtime = versions.choose("java", release[0], marker, release[1])
    deps_list = info["deps"] if isinstance(info["deps"], list) else []
    deps = tuple(Dependency(str(d), marker) for d in dict.fromkeys(deps_list))
    framework: Sourced[str] | None = None
    for key, fw in (("spring", "spring-boot"), ("quarkus", "quarkus"), ("micronaut", "micronaut")):
        if info.get(key):
            framework = Sourced(fw, marker)
            break

    ports: list[Sourced[int] | None] = []
    web = procfile_web(tree, folder)
    if web is not None and (p := port_in_command(web[0])):
        ports.append(Sourced(p, web[1], "web"))
    ports.extend(_spring_config(tree, folder, env))
    ports.append(dockerfile_port(tree, folder))
    ports.append(scan_env_examples(tree, folder, env))
    port_list = dedupe_ports(ports)

    if framework is not None and framework.value == "quarkus":
        jar = "target/quarkus-app/quarkus-run.jar"
    start = Command(("java", "-jar", jar), marker, "build artifact")
    writable = _spring_writable(tree, folder)
    databases, caches = split_services(services(deps, DRIVERS))
    orm = tuple(Sourced(ORMS[d.name], marker, d.name) for d in deps if d.name in ORMS)
    return AppFacts(
        path=folder or ".",
        language=Sourced("java", marker),
        kind="server" if framework or port_list else "worker",
        framework=framework,
        name=name,
        runtime=runtime,
        package_manager=pm,
        dependencies=deps,
        schema_maker=spring_makes_tables(tree, folder, [(d.name, d.source) for d in deps]),
        build=build,
        output_dir=Sourced(jar, marker, "jar"),
        start=start,
        ports=port_list,
        databases=databases,
        caches=caches,
        orm=orm,
        env_vars=env.result(),
        own_settings=own_settings(tree, folder),
        env_placeholders=env_placeholders(tree, folder),
        env_dev_values=env_dev_values(tree, folder),
        writable_paths=writable,
        spring_profiles=_spring_profiles(tree, folder),
        markers=detection.markers,
    )


_JDBC_ENGINE = re.compile(r"jdbc:(mysql|mariadb|postgresql):")
_ENGINES = {"mysql": "mysql", "mariadb": "mariadb", "postgresql": "postgres"}


def _spring_profiles(tree: Tree, folder: str) -> tuple[Sourced[str], ...]:
    """``profile=engine`` for each profile file whose datasource URL names a database server the
    main configuration does not (petclinic: H2 by default, ``application-mysql.properties``
    for MySQL, where the schema scripts run too): the profile to turn on for that server."""
    res = join(folder, "src/main/resources")
    main: set[str] = set()
    found: list[Sourced[str]] = []
    for name in sorted(tree.names(res)):
        m = re.fullmatch(r"application(?:-([A-Za-z0-9_]+))?\.(?:properties|ya?ml)", name)
        if m is None:
            continue
        engines = {_ENGINES[e] for e in _JDBC_ENGINE.findall(tree.text(join(res, name)) or "")}
        if m.group(1) is None:
            main |= engines
        elif len(engines) == 1:
            found.append(Sourced(f"{m.group(1)}={engines.pop()}", join(res, name), "datasource url"))
    return tuple(f for f in found if f.value.partition("=")[2] not in main)


def _spring_writable(tree: Tree, folder: str) -> tuple[WritablePath, ...]:
    """SQLite files the app's main configuration (not a profile's) names by a relative path:
    the jar runs in /app, so the file is created there."""
    res = join(folder, "src/main/resources")
    found: list[WritablePath] = []
    for name in tree.names(res):
        if name.startswith("application.") and name.endswith((".properties", ".yml", ".yaml")):
            found.extend(writable_paths(tree.text(join(res, name)) or "", join(res, name), "java"))
    return tuple(dict.fromkeys(found))


def _spring_config(tree: Tree, folder: str, env: Collector) -> list[Sourced[int] | None]:
    """``server.port`` and ``${VAR}`` placeholders in ``src/main/resources/application*``."""
    res = join(folder, "src/main/resources")
    names = sorted(
        (
            n
            for n in tree.names(res)
            if n.startswith(("application", "bootstrap")) and n.endswith((".properties", ".yml", ".yaml"))
        ),
        key=lambda n: (n.count("-"), n),  # application.* before profile files
    )
    ports: list[Sourced[int] | None] = []
    for name in names:
        rel = join(res, name)
        text = tree.text(rel)
        if text is None:
            continue
        scan_spring(text, rel, env)
        port: int | None = None
        if name.endswith(".properties"):
            m = re.search(r"^\s*server\.port\s*[=:]\s*(?:\$\{[A-Z_]+:)?(\d{2,5})", text, re.M)
            port = int(m.group(1)) if m else None
        else:
            for doc in tree.yaml_docs(rel):
                value = (
                    doc.get("server", {}).get("port")
                    if isinstance(doc, dict) and isinstance(doc.get("server"), dict)
                    else None
                )
                if value is None and isinstance(doc, dict):
                    value = doc.get("server.port")
                if isinstance(value, int):
                    port = value
                elif isinstance(value, str) and (m2 := re.search(r"(\d{2,5})\}?$", value)):
                    port = int(m2.group(1))
                if port:
                    break
        if port and "-" not in name.split(".")[0]:
            ports.append(Sourced(port, rel, "server.port"))
    return ports
