"""Every Korean string advisor can produce follows advisor/locales/GLOSSARY.ko.md.

The strings: the catalogue (advisor/locales/ko.yaml), every rule's and finding's ``ko``
text, the next steps, ``advisor questions``, and the report and ``advisor explain`` rendered
over the answer space (a grid over every finite answer that decides something, deduplicated
on what changes the Korean text). Three checks:

- a particle is attached to the Latin word, number, code span, bold text, quotation or
  placeholder before it ("Linux에서는", not "Linux 에서는");
- the particle's form fits how the word before it is read aloud (을/를, 이/가, 은/는, 와/과,
  으로/로, 이나/나), decided from ``READINGS``, a table of the Latin words advisor really uses;
  an unknown word before such a particle fails until its reading is added, and a
  placeholder (whose value varies) must never carry one;
- glossary terms are written one way (``FORBIDDEN``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.answers import Context, resolve_answers
from advisor.api import advise_answers, load_rules
from advisor.paths import locales_dir
from advisor.questions_view import questions_text
from advisor.render.steps import shipped_steps

# ---------------------------------------------------------------------------------------
# The glossary's rejected spellings (see GLOSSARY.ko.md): the term on the right is the one
# to use.
FORBIDDEN = {
    "도커": "Docker",
    "리눅스": "Linux",
    "윈도우": "Windows",
    "맥OS": "macOS",
    "맥 OS": "macOS",
    "컴포즈": "Compose",
    "우분투": "Ubuntu",
    "하이퍼-V": "Hyper-V",
    "이름 있는 볼륨": "named 볼륨",
    "이름있는 볼륨": "named 볼륨",
    "명명된 볼륨": "named 볼륨",
    "네임드 볼륨": "named 볼륨",
    "고르지 않은 선택지": "선택하지 않은 옵션",
    "바인드마운트": "바인드 마운트",
    "빌드 콘텍스트": "빌드 컨텍스트",
    "가상머신": "가상 머신",
    "가상 기계": "가상 머신",
    "운영 체제": "운영체제",
    "환경변수": "환경 변수",
    "비밀값": "비밀 값",
    "시크릿": "비밀 값",
    "플레이스홀더": "자리표시자",
    "헬스 체크": "헬스체크",
    "락파일": "lockfile",
    "잠금 파일": "lockfile",
    "패키지 매니저": "패키지 관리자",
    "종속성": "의존성",
    "리버스프록시": "리버스 프록시",
    "역방향 프록시": "리버스 프록시",
    "웹서버": "웹 서버",
    "오브젝트 스토리지": "객체 스토리지",
    "리포지토리": "저장소",
    "레포지토리": "저장소",
    "클라우드 프로바이더": "클라우드 제공자",
    "쉘": "셸",
    "Shell Script": "셸 스크립트",
    "프로덕션": "운영 환경",
    "블로커": "해결 필요",
    "히트 정책": "적중 정책(hit policy)",
    "우선 순위": "우선순위",
    "백앤드": "백엔드",
}

# ---------------------------------------------------------------------------------------
# How the Latin words advisor writes end when read aloud: V = a vowel (를/가/는/와/로/나),
# C = a final consonant (을/이/은/과/으로/이나), L = a final ㄹ (을/이/은/과 but 로).
# A multi-word name or code span is looked up whole first, then by its last word.
READINGS = {
    # products and names
    "Docker": "V",  # 도커
    "CSS": "V",  # 시에스에스
    "0.2": "V",  # 영점이
    "ormconfig.json": "C",  # 오알엠컨피그 제이슨
    "TypeORM": "C",  # 타입오알엠
    "Django": "V",  # 장고
    "DEBUG": "V",  # 디버그
    "WhiteNoise": "V",  # 화이트노이즈
    "Compose": "V",  # 컴포즈
    "CLI": "V",  # 시엘아이
    "URL": "L",  # 유알엘
    "WSL": "L",  # 더블유에스엘
    "11": "L",  # 십일 (Windows 11)
    "10": "C",  # 텐 (Windows 10)
    "GPU": "V",  # 지피유
    "CPU": "V",  # 시피유
    "Toolkit": "C",  # 툴킷
    "plugin": "C",  # 플러그인
    "PyTorch": "V",  # 파이토치
    "Server": "V",  # 서버
    "Desktop": "C",  # 데스크톱
    "Engine": "C",  # 엔진
    "Linux": "V",  # 리눅스
    "Windows": "V",  # 윈도우즈
    "macOS": "V",  # 맥오에스
    "Mac": "C",  # 맥
    "2": "V",  # (WSL) 투
    "Hyper-V": "V",  # 하이퍼브이
    "Home": "C",  # 홈
    "Pro": "V",  # 프로
    "Enterprise": "V",  # 엔터프라이즈
    "Education": "C",  # 에듀케이션
    "Containers": "V",  # 컨테이너스 (the Windows feature)
    "LinuxKit": "C",  # 리눅스킷
    "BuildKit": "C",  # 빌드킷
    "Microsoft": "V",  # 마이크로소프트
    "PowerShell": "L",  # 파워셸
    "Ubuntu": "V",  # 우분투
    "VM": "C",  # 브이엠
    "PC": "V",  # 피시
    "OS": "V",  # 오에스
    "API": "V",  # 에이피아이
    "CDN": "C",  # 시디엔
    "CMD": "V",  # 시엠디
    "LF": "V",  # 엘에프
    "I/O": "V",  # 아이오
    "JS": "V",  # 제이에스
    "Redis": "V",  # 레디스
    "PostgreSQL": "L",  # 포스트그레스큐엘
    "MySQL": "L",  # 마이에스큐엘
    "MariaDB": "V",  # 마리아디비
    "MongoDB": "V",  # 몽고디비
    "Python": "C",  # 파이썬
    "Node.js": "V",  # 노드제이에스
    "Java": "V",  # 자바
    "Go": "V",  # 고
    "VirtualBox": "V",  # 버추얼박스
    "VMware": "V",  # 브이엠웨어
    "UTM": "C",  # 유티엠
    "Parallels": "V",  # 패럴렐스
    "KVM": "C",  # 케이브이엠
    "Kubernetes": "V",  # 쿠버네티스
    "Runner": "V",  # (AWS App) 러너
    "TLS": "V",  # 티엘에스
    "DNS": "V",  # 디엔에스
    "Job": "C",  # 잡
    "Secret": "C",  # 시크릿 (the Kubernetes kind; in prose it is 비밀 값)
    "Deployment": "V",  # 디플로이먼트
    "HorizontalPodAutoscaler": "V",  # 오토스케일러
    "server": "V",  # (metrics) 서버
    "cert-manager": "V",  # 서트 매니저
    "/tmp": "V",  # 티엠피
    "rediss://": "V",  # 레디스에스
    "Framework": "C",  # 프레임워크
    "Dockerfile": "L",  # 도커파일
    "lockfile": "L",  # 락파일
    "git": "C",  # 깃
    "gradle": "L",  # 그레이들
    "advisor": "V",  # 어드바이저
    "env": "V",  # 엔브
    "true": "V",  # 트루
    "false": "V",  # 폴스
    "none": "C",  # 논
    "static": "C",  # 스태틱
    "engine": "C",  # "Use the WSL 2 based engine": 엔진
    "containers": "V",  # "Switch to Windows containers": 컨테이너스
    "servercore": "V",  # 서버코어
    "run": "C",  # (docker) 런
    "--force": "V",  # 포스
    "take": "V",  # (--on-conflict) 테이크
    "keep": "C",  # (--on-conflict) 킵
    "-All": "L",  # (Enable-WindowsOptionalFeature … -All) 올
    # code spans, whole
    ".env": "V",  # 닷엔브
    "run.sh": "V",  # 런에스에이치
    "sh": "V",  # 에스에이치
    "sh run.sh": "V",
    "docker build": "V",  # 빌드
    "docker run": "C",  # 런
    "docker version": "C",  # 버전
    "wsl --install": "L",  # 인스톨
    "docker compose up --build": "V",  # 빌드
    "docker compose up --build --watch": "V",  # 워치
    "HTTP": "V",  # 에이치티티피
    "#": "C",  # 샵
    "MinIO": "V",  # 미니오
    "S3_ENDPOINT": "V",  # 엔드포인트
    "docker compose up --build -d": "V",  # 디
    "docker compose logs -f": "V",  # 에프
    "docker compose down": "C",  # 다운
    "collectstatic": "C",  # 콜렉트스태틱
    "Auth.js": "V",  # 오스제이에스
    "Flask-Migrate": "V",  # 플라스크 마이그레이트
    "Fastify": "V",  # 패스티파이
    "Sequelize": "V",  # 시퀄라이즈
    "SQLite": "V",  # 에스큐엘라이트
    "Flask-SQLAlchemy": "V",  # 플라스크 에스큐엘알케미
    "DATABASES": "V",  # 데이터베이시즈
    "knex": "V",  # 넥스
    "node-postgres": "V",  # 노드 포스트그레스
    "Request": "V",  # 400 Bad Request: 리퀘스트
    "localhost": "V",  # 로컬호스트
    "unhealthy": "V",  # 언헬시
    "host: '0.0.0.0'": "C",  # 호스트 영점영점영점영
    "sudo usermod -aG docker $USER": "V",  # 유저
    "S3_SECRET_ACCESS_KEY": "V",  # 키
    "~/projects": "V",  # 프로젝츠
    ".advisor-answers.yaml": "L",  # 야믈
    "compose.yaml": "L",  # 컴포즈 야믈
    "compose": "V",  # 컴포즈
    "mariadb-dump": "V",  # 마리아디비 덤프
    ".dockerignore": "V",  # 이그노어
    "root": "V",  # 루트
    "read_only": "V",  # 리드온리
    "docker compose build --pull": "L",  # 풀
    "ALTER USER": "V",  # 유저
    "ufw": "V",  # 유에프더블유
    "HTTPS": "V",  # 에이치티티피에스
    "SSH": "V",  # 에스에스에이치
    "Caddy": "V",  # 캐디
    "Node": "V",  # 노드
    "nginx": "V",  # 엔진엑스
    "CORS": "V",  # 코스
    "pnpm": "C",  # 피엔피엠
    "SITE_ADDRESS": "V",  # 어드레스
    "image:": "V",  # 이미지
    "docker compose pull && docker compose up -d": "V",  # 디
}

# Particle forms whose shape depends on the sound before them, and what they need.
NEEDS = {
    **dict.fromkeys(("을", "이", "은", "과", "이나", "으로", "으로는", "으로도", "으로만"), "C"),
    **dict.fromkeys(("를", "가", "는", "와", "나"), "V"),
    **dict.fromkeys(("로", "로는", "로도", "로만"), "VL"),
}
# what each needed reading accepts: "C" = a consonant other than ㄹ, or ㄹ for 을/이/은/과
ACCEPTS = {"C": {"C", "L"}, "V": {"V"}, "VL": {"V", "L"}}
# but 으로 after ㄹ is wrong ("PowerShell으로"): ㄹ takes 로
ACCEPTS_EURO = {"C"}

PARTICLES = (
    "에서|으로|처럼|보다|까지|부터|이나|은|는|이|가|을|를|에|의|와|과|로|도|만|나"
    "|이란|란|입니다|이며|이고|이면|이므로|이라서|일"  # 이다 (is), also attached
)
# a space between something Latin (a word, number, code span, bold text, quotation,
# placeholder) and a particle; not after a bold label ("**이유:** 이 컴퓨터에는…", where 이
# is "this" and starts the sentence)
SPACED = re.compile(
    rf"(?<!:\*)(?P<before>[A-Za-z0-9`*\"'}}>\]])[ \t]+(?P<particle>(?:{PARTICLES})(?:는|도|만|의)?)"
    r"(?=[\s.,;:!?)\"']|$)"
)
# a Latin word, code span, bold text or quotation directly followed by Hangul
ATTACHED = re.compile(
    r"(?:`(?P<code>[^`\n]+)`|\*\*(?P<bold>[^*\n]+)\*\*|\"(?P<dq>[^\"\n]+)\"|'(?P<sq>[^'\n]+)'"
    r"|(?<![\w`*\"'./-])(?P<word>[A-Za-z0-9][A-Za-z0-9.+_/-]*))(?P<hangul>[가-힣]+)"
)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}[`*'\")]*(?P<hangul>[가-힣]+)")

# Legitimate "Latin, space, particle-like syllable" sequences, each with the reason: none
# so far. Add one here when a sentence needs it.
ALLOWED_SPACED: dict[str, str] = {}


def reading(token: str) -> str | None:
    token = token.strip()
    if token and "가" <= token[-1] <= "힣":  # Hangul: the final consonant is in the code point
        final = (ord(token[-1]) - ord("가")) % 28
        return "V" if final == 0 else "L" if final == 8 else "C"
    if token in READINGS:
        return READINGS[token]
    last = re.split(r"[\s(]+", token)[-1].strip(".,:;)")
    return READINGS.get(last)


def problems(where: str, text: str, template: bool = False) -> Iterator[str]:
    for m in SPACED.finditer(text):
        snippet = text[max(0, m.start() - 20) : m.end() + 5]
        if not any(ok in snippet for ok in ALLOWED_SPACED):
            yield f"{where}: space before the particle '{m['particle']}': …{snippet}…"
    for bad, good in FORBIDDEN.items():
        if bad in text:
            i = text.index(bad)
            yield f"{where}: '{bad}' (use '{good}'): …{text[max(0, i - 20) : i + 20]}…"
    for m in ATTACHED.finditer(text):
        particle = m["hangul"]
        if particle not in NEEDS:
            continue
        token = m["code"] or m["bold"] or m["dq"] or m["sq"] or m["word"]
        if template and "{" in token:
            continue
        found = reading(token)
        if found is None:
            yield f"{where}: no reading for '{token}' before '{particle}': add it to READINGS"
            continue
        need = NEEDS[particle]
        ok = ACCEPTS_EURO if particle.startswith("으로") else ACCEPTS[need]
        if found not in ok:
            yield f"{where}: '{token}{particle}' (read '{token}' as ending in {found})"
    if template:
        for m in PLACEHOLDER.finditer(text):
            if m["hangul"] in NEEDS:
                yield f"{where}: a value of varying reading before '{m['hangul']}': …{m[0]}…"


# ---------------------------------------------------------------------------------------
# The strings


def _leaves(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, f"{path}.{k}" if path else str(k))
    elif isinstance(node, str):
        yield path, node


def catalogue_strings() -> list[tuple[str, str]]:
    doc = yaml.safe_load((locales_dir() / "ko.yaml").read_text("utf-8"))
    return list(_leaves(doc))


def rule_strings() -> list[tuple[str, str]]:
    rb = load_rules(None)
    out = [(f"rule {r.id}", r.because.ko) for d in rb.decisions for r in d.rules]
    out += [(f"finding {f.id}", f.message.ko) for f in rb.findings]
    return out


def step_strings() -> list[tuple[str, str]]:
    return [(f"next step {s.id}", s.text.ko) for s in shipped_steps()]


OSES: list[dict[str, Any]] = [{"host_os": "linux"}, {"host_os": "macos"}] + [
    {"host_os": "windows", "windows_edition": e, "wsl2_allowed": w, "windows_containers": c}
    for e, w, c in itertools.product(("home", "pro", "enterprise", "education"), (True, False), (True, False))
]
MEDIA: list[dict[str, Any]] = [{"media": "none"}] + [
    {"media": m, "media_delivery": d}
    for m, d in itertools.product(("images", "video", "images-and-video"), ("api", "direct"))
]
LANGUAGES = ("python", "node", "java", "go", "static", "other")
DATABASES = ("none", "postgres", "mysql", "mariadb", "mongodb")


def answer_grid() -> Iterator[dict[str, Any]]:
    """Every combination of the answers that decide or fire something (language and
    database reduced to one value with and one without their own rules and findings), then
    every language with every database, whose labels and ports reach the text."""
    for os_, iso, env, traffic, lang, db, cache, media in itertools.product(
        OSES, (False, True), ("development", "production"), ("low", "medium", "high"),
        ("python", "static"), ("none", "postgres"), ("none", "redis"), MEDIA,
    ):  # fmt: skip
        yield {**os_, "full_os_isolation": iso, "environment": env, "traffic": traffic,
               "language": lang, "database": db, "cache": cache, **media}  # fmt: skip
    for os_, lang, db in itertools.product(OSES[:3], LANGUAGES, DATABASES):
        for env, traffic in (("development", "low"), ("production", "high")):
            yield {**os_, "language": lang, "database": db, "environment": env, "traffic": traffic,
                   "media": "video", "media_delivery": "api"}  # fmt: skip


def rendered_strings(folder: Path) -> tuple[list[tuple[str, str]], int]:
    rb = load_rules(None)
    context = Context(folder=folder, os_name="linux")
    from advisor.engine import evaluate

    seen: set[tuple[Any, ...]] = set()
    out: list[tuple[str, str]] = []
    checked = 0
    for raw in answer_grid():
        answers = resolve_answers({"project_name": "demo", "app_dir": ".", **raw}, use_defaults=True,
                                  context=context)  # fmt: skip
        evaluation = evaluate(answers, rb)
        checked += 1
        key = (
            tuple((k, d.value) for k, d in evaluation.decisions.items()),
            tuple(f.rule for f in evaluation.findings),
            answers.database,
            answers.language,
        )
        if key in seen:
            continue
        seen.add(key)
        advice = advise_answers(answers, rb, project_dir=folder)
        name = " ".join(f"{k}={v}" for k, v in raw.items())
        out.append((f"report [{name}]", advice.report("ko")))
        out.append((f"explain [{name}]", advice.explanation("ko")))
    return out, checked


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple[str, str]], int]:
    return rendered_strings(tmp_path_factory.mktemp("empty"))


# ---------------------------------------------------------------------------------------
# The tests


def _fail_on(found: list[str]) -> None:
    assert not found, f"{len(found)} problem(s):\n" + "\n".join(found[:40])


def test_catalogue_rules_and_steps_follow_the_glossary() -> None:
    found: list[str] = []
    for where, text in catalogue_strings():
        found += problems(f"ko.yaml {where}", text, template=True)
    for where, text in rule_strings() + step_strings():
        found += problems(where, text, template=True)
    _fail_on(found)


def test_questions_follow_the_glossary() -> None:
    _fail_on(list(problems("advisor questions --lang ko", questions_text("ko"))))


def test_reports_over_the_answer_space_follow_the_glossary(
    reports: tuple[list[tuple[str, str]], int],
) -> None:
    texts, checked = reports
    assert checked > 10_000 and len(texts) > 400
    found: list[str] = []
    for where, text in texts:
        # one message per distinct problem: the same sentence recurs in many reports
        found += [
            p
            for p in problems(where, text)
            if p.split(": ", 1)[1] not in {f.split(": ", 1)[1] for f in found}
        ]
    _fail_on(found)


# ---------------------------------------------------------------------------------------
# The checks themselves


@pytest.mark.parametrize(
    "text",
    [
        "Linux 에서는 컨테이너가",
        "Compose 나 docker run으로",
        "하나의 PC 처럼 동작",
        "**Switch to Windows containers** 를 고르세요",
        "`.env` 의 주석",
        "{url} 에 접속하세요",
        "앱 주소는 {url} 입니다.",
        "Docker 란?",
        "1 부터 65535",
        "리눅스 컨테이너",
        "도커보다",
        "이름 있는 볼륨",
        "고르지 않은 선택지",
        "Docker을 설치",
        "Docker Desktop를 설치",
        "PowerShell으로",
        "VirtualBox이나 VMware",
        "Home와 Education",
        "`wsl --install`를 실행",
        "`Dockerfilez`을",  # a word with no reading in the table
    ],
)
def test_the_checks_catch(text: str) -> None:
    assert list(problems("sample", text))


@pytest.mark.parametrize(
    "text",
    [
        "Linux에서는 컨테이너가",
        "Compose나 docker run으로",
        "하나의 PC처럼 동작",
        "**Switch to Windows containers**를 선택하세요",
        "`.env`의 주석",
        "Docker를 설치",
        "Docker Desktop을 설치",
        "PowerShell로",
        "PostgreSQL은",
        "UTM이나 Parallels",
        "Windows Home과 Education",
        "`wsl --install`을 실행",
        "WSL 2(Linux용 Windows 하위 시스템)를",
        "Docker 이미지를 빌드",
        "VM 안에서",
        "**이유:** 이 컴퓨터에는",
    ],
)
def test_the_checks_pass(text: str) -> None:
    assert not list(problems("sample", text))


def test_a_placeholder_never_carries_a_particle_whose_form_varies() -> None:
    assert list(problems("sample", "{database}를 설치", template=True))
    assert list(problems("sample", "`{rule}`을 보세요", template=True))
    assert not list(problems("sample", "{database} 서버를 설치", template=True))


class _NoDuplicates(yaml.SafeLoader):
    """A loader that refuses a key given twice in one mapping (PyYAML keeps the last)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise AssertionError(f"key given twice at line {node.start_mark.line + 1}: {twice}")
        return super().construct_mapping(node, deep=deep)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_catalogue_key_is_given_twice(lang: str) -> None:
    """A second entry of the same key silently replaces the first (two notes named
    workspace-member, one with other placeholders, broke the first's report line)."""
    text = (locales_dir() / f"{lang}.yaml").read_text(encoding="utf-8")
    yaml.load(text, Loader=_NoDuplicates)
