"""Secrets the project wants in a form of its own: base64 keys (rctf's token key), and the
provider secrets advisor must not make up (a CAPTCHA service's)."""

from __future__ import annotations

import base64
from pathlib import Path

from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.buildenv import build_secret

# rctf's shape: a config module maps variables to fields, and the token module decodes the
# field from base64 into an AES-256-GCM key.
_RCTF = {
    "package.json": (
        '{"name": "ctf", "main": "dist/index.js", "scripts": {"start": "node dist/index.js",'
        ' "build": "tsc"}, "dependencies": {"fastify": "^4", "pg": "^8"},'
        ' "devDependencies": {"typescript": "^5"}}'
    ),
    "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
    "tsconfig.json": '{"compilerOptions": {"outDir": "dist"}}',
    "src/config.ts": (
        "export const config = {\n"
        "  databaseUrl: process.env.CTF_DATABASE_URL,\n"
        "  tokenKey: process.env.CTF_TOKEN_KEY,\n"
        "  recaptcha: { secretKey: process.env.CTF_RECAPTCHA_SECRET_KEY },\n"
        "}\n"
    ),
    "src/auth/token.ts": (
        "import crypto from 'crypto'\nimport { config } from '../config'\n\n"
        "const tokenKey = Buffer.from(config.tokenKey, 'base64')\n\n"
        "export const seal = (data: string, iv: Buffer) =>\n"
        "  crypto.createCipheriv('aes-256-gcm', tokenKey, iv).update(data)\n"
    ),
    "src/index.ts": "import fastify from 'fastify'\nimport './config'\nfastify().listen({ port: 3000 })\n",
}


def test_a_key_the_code_decodes_from_base64_gets_32_random_bytes_in_base64(tmp_path: Path) -> None:
    """rctf: `Buffer.from(config.tokenKey, 'base64')` as an AES-256 key, from RCTF_TOKEN_KEY.
    A random string of letters is no such key (the cipher stops: "Invalid key length"); the
    .env gets 32 random bytes in base64, and the build's placeholder decodes to 32 bytes too."""
    folder = write_tree(tmp_path / "ctf", _RCTF)
    app = inspect_project(folder).primary
    assert app is not None and ("CTF_TOKEN_KEY", "base64:32") in app.secret_forms
    advice = advise({"host_os": "linux"}, folder=folder)
    env = advice.files()[".env"]
    value = next(line.split("=", 1)[1] for line in env.splitlines() if line.startswith("CTF_TOKEN_KEY="))
    assert len(base64.b64decode(value, validate=True)) == 32
    assert "openssl rand -base64 32" in env
    var = next(v for v in advice.setup.env if v.name == "CTF_TOKEN_KEY")
    assert len(base64.b64decode(build_secret(var), validate=True)) == 32


def test_a_captcha_services_secret_is_not_made_up(tmp_path: Path) -> None:
    """CTF_RECAPTCHA_SECRET_KEY comes from Google's reCAPTCHA console: a random one would turn
    the check on with a key the service rejects. It is listed, not set."""
    folder = write_tree(tmp_path / "ctf", _RCTF)
    env = advise({"host_os": "linux"}, folder=folder).files()[".env"]
    assert "CTF_RECAPTCHA_SECRET_KEY=" not in env
    assert "CTF_RECAPTCHA_SECRET_KEY" in env


def test_a_variable_the_example_says_to_make_up_is_a_generated_secret(tmp_path: Path) -> None:
    """rallly's apps/web/.env.sample: "A secret key used to encrypt user sessions (required, at
    least 32 characters) / Generate a random secret key using: openssl rand -hex 32" above
    SECRET_PASSWORD, which no name rule takes for a secret. Left for the person, compose
    refused to start; the example says what it is: 32 random bytes as hex."""
    folder = write_tree(
        tmp_path / "polls",
        {
            **_RCTF,
            ".env.example": (
                "# A secret key used to encrypt user sessions (required, at least 32 characters)\n"
                "# Generate a random secret key using: openssl rand -hex 32\n"
                "SECRET_PASSWORD=\n\n# The site's name\nSITE_NAME=Polls\n"
            ),
            "src/session.ts": (
                "export const password = process.env.SECRET_PASSWORD!\n"
                "export const name = process.env.SITE_NAME\n"
            ),
        },
    )
    app = inspect_project(folder).primary
    assert app is not None
    roles = {v.name: v.role for v in app.env_vars}
    assert roles["SECRET_PASSWORD"] == "secret_key" and roles["SITE_NAME"] != "secret_key"
    env = advise({"host_os": "linux"}, folder=folder).files()[".env"]
    value = next(line.split("=", 1)[1] for line in env.splitlines() if line.startswith("SECRET_PASSWORD="))
    assert len(value) == 64 and int(value, 16) >= 0


def test_secret_token_is_the_apps_own_signing_secret(tmp_path: Path) -> None:
    """teikei: node-config maps SECRET_TOKEN to Feathers' `authentication.secret`, and the app
    refuses to start with the default. Rails' name for its signing secret too: generated."""
    folder = write_tree(
        tmp_path / "api",
        {
            **_RCTF,
            "src/auth.ts": "export const secret = process.env.SECRET_TOKEN!\n",
            ".env.example": "SECRET_TOKEN=\n",
        },
    )
    env = advise({"host_os": "linux"}, folder=folder).files()[".env"]
    value = next(line.split("=", 1)[1] for line in env.splitlines() if line.startswith("SECRET_TOKEN="))
    assert len(value) >= 32
