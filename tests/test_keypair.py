"""The RSA key pair advisor generates for apps that sign their tokens with one."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from advisor.api import advise
from advisor.errors import UserError
from advisor.render.files import parse_env, render_files
from advisor.render.keypair import rsa_key_pair


def test_the_key_pair_is_one_openssl_accepts_and_signs_with() -> None:
    """The private key passes `openssl rsa -check`, its public half is the public key written
    beside it, and a signature made with one verifies with the other."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("no openssl on this machine")
    private, public = rsa_key_pair()
    assert private.startswith("-----BEGIN PRIVATE KEY-----\n") and public.startswith(
        "-----BEGIN PUBLIC KEY-----\n"
    )
    check = subprocess.run(
        [openssl, "rsa", "-check", "-noout"], input=private, capture_output=True, text=True
    )
    assert check.returncode == 0 and "RSA key ok" in check.stdout, check.stderr
    derived = subprocess.run([openssl, "pkey", "-pubout"], input=private, capture_output=True, text=True)
    assert derived.stdout == public
    bits = subprocess.run([openssl, "pkey", "-noout", "-text"], input=private, capture_output=True, text=True)
    assert "2048 bit" in bits.stdout


def _nest_like(folder: Path) -> None:
    """A NestJS starter whose config requires the RS256 key pair in base64 (monstar-lab's)."""
    package = {"name": "api", "scripts": {"build": "nest build", "start:prod": "node dist/main.js"}}
    package["dependencies"] = {"@nestjs/core": "10.0.0", "@nestjs/jwt": "10.0.0"}
    (folder / "package.json").write_text(json.dumps(package))
    (folder / "src").mkdir()
    (folder / "src" / "configuration.ts").write_text(
        "export default () => ({\n"
        "  publicKey: Buffer.from(process.env.JWT_PUBLIC_KEY_BASE64!, 'base64').toString('utf8'),\n"
        "  privateKey: Buffer.from(process.env.JWT_PRIVATE_KEY_BASE64!, 'base64').toString('utf8'),\n"
        "});\n"
    )
    (folder / ".env.template").write_text("JWT_PUBLIC_KEY_BASE64=\nJWT_PRIVATE_KEY_BASE64=\n")


def test_an_apps_token_key_pair_is_generated_together_and_kept_on_regeneration(tmp_path: Path) -> None:
    """.env gets a matching pair (each a PEM document in base64 on one line), .env.example
    placeholders, compose passes both; a second run keeps the pair of the first, and a
    value .env cannot be a key is refused by name."""
    _nest_like(tmp_path)
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    env = parse_env(files[".env"])
    private = base64.b64decode(env["JWT_PRIVATE_KEY_BASE64"]).decode()
    public = base64.b64decode(env["JWT_PUBLIC_KEY_BASE64"]).decode()
    assert private.startswith("-----BEGIN PRIVATE KEY-----") and public.startswith(
        "-----BEGIN PUBLIC KEY-----"
    )
    assert "JWT_PRIVATE_KEY_BASE64=change-me" in files[".env.example"]
    openssl = shutil.which("openssl")
    if openssl is not None:
        derived = subprocess.run([openssl, "pkey", "-pubout"], input=private, capture_output=True, text=True)
        assert derived.stdout == public  # the two halves belong together
    again = {f.name: f.content for f in render_files(advice.setup, "en", existing={".env": files[".env"]})}
    assert parse_env(again[".env"])["JWT_PRIVATE_KEY_BASE64"] == env["JWT_PRIVATE_KEY_BASE64"]
    with pytest.raises(UserError, match="JWT_PRIVATE_KEY_BASE64"):
        render_files(advice.setup, "en", existing={".env": "JWT_PRIVATE_KEY_BASE64=not a key\n"})


def test_one_half_alone_or_a_providers_key_is_not_generated(tmp_path: Path) -> None:
    """Only a private key read (its public half comes from elsewhere), or a provider's key
    (STRIPE_PUBLIC_KEY): nothing is generated for them."""
    _nest_like(tmp_path)
    (tmp_path / ".env.template").write_text("JWT_PRIVATE_KEY_BASE64=\n")
    (tmp_path / "src" / "configuration.ts").write_text(
        "export const k = process.env.JWT_PRIVATE_KEY_BASE64;\n"
        "export const s = process.env.STRIPE_PUBLIC_KEY;\n"
    )
    env = {v.name: v.role for v in advise({"host_os": "linux"}, folder=tmp_path).setup.env}
    assert "key-private" not in env.values() and env.get("STRIPE_PUBLIC_KEY") != "key-public"
