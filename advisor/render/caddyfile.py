"""Caddyfile: the reverse proxy in front of the app in production on one host.

Caddy gets and renews the HTTPS certificate for SITE_ADDRESS itself (automatic HTTPS) and
passes every request to the app over Compose's network; with direct media delivery it also
serves the media volume, read-only, at /media/.
"""

from __future__ import annotations

from ..setup import Setup

MEDIA_MOUNT = "/srv/media"


def render_caddyfile(setup: Setup) -> str:
    proxy = setup.proxy
    if proxy is None:
        raise ValueError("the plan has no reverse proxy")
    site = "{$" + proxy.site_var + "}"
    lines = [
        f"# Caddyfile for {setup.project}, written by advisor. Caddy answers on ports 80 and 443 for",
        f"# {proxy.site_var} (set in .env: your domain, whose DNS points at this server; with",
        "# `localhost` Caddy uses its own local certificate authority, for a first test).",
        "# For a domain it gets a certificate from Let's Encrypt or ZeroSSL and renews it, and",
        "# redirects HTTP to HTTPS. The app itself publishes no port: only Caddy reaches it.",
        site + " {",
        "\t# Compressed responses for clients that accept them.",
        "\tencode zstd gzip",
    ]
    if proxy.media:
        lines += [
            "",
            "\t# User media straight from its volume (mounted read-only): the app is not involved.",
            "\thandle_path /media/* {",
            f"\t\troot * {MEDIA_MOUNT}",
            "\t\tfile_server",
            "\t}",
        ]
    front = setup.front
    if front is None:
        lines += [
            "",
            "\t# Everything else goes to the app, with X-Forwarded-For/-Proto set: tell your framework",
            "\t# to trust the proxy so it sees the client's address and https.",
            f"\treverse_proxy app:{setup.app_port}",
            "}",
        ]
        return "\n".join(lines) + "\n"
    for i, (path, strip) in enumerate(front.proxied):
        lines += [
            "",
            f"\t# The API's paths (its front end's dev server forwards {path}) go to the app, with",
            "\t# X-Forwarded-For/-Proto set: tell your framework to trust the proxy."
            + (f" {path} is stripped, as in development." if strip else ""),
            f"\t@api{i} path {path} {path}/*",
            f"\thandle @api{i} {{",
            *([f"\t\turi strip_prefix {path}"] if strip else []),
            f"\t\treverse_proxy app:{setup.app_port}",
            "\t}",
        ]
    lines += [
        "",
        f"\t# Everything else is the front end ({front.folder}/), served by the web service's nginx.",
        "\thandle {",
        f"\t\treverse_proxy web:{front.setup.app_port}",
        "\t}",
        "}",
    ]
    return "\n".join(lines) + "\n"


__all__ = ["MEDIA_MOUNT", "render_caddyfile"]
