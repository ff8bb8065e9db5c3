"""The advisor e2e suite's fixture app: a small HTTP service on the standard library.

It reads only what the generated files give it: PORT and MEDIA_ROOT (the Dockerfile),
DATABASE_URL and REDIS_URL (compose.yaml), APP_ENV (.env); without DATABASE_URL, the
SQLite file app.db beside the code.

    GET  /health          200 "ok"
    GET  /whoami          the process's uid and gid
    POST /items           stores the request body as a row; answers the rows' values
    GET  /items           the rows' values (JSON list)
    PUT  /media/NAME      stores the body as MEDIA_ROOT/NAME
    GET  /media/NAME      that file
    POST /cache           INCR of a counter in Redis; answers the new value
"""

import json
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

MEDIA_ROOT = os.environ.get("MEDIA_ROOT", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
NAME = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def connect():
    if not DATABASE_URL:
        # No server: an SQLite file at a fixed place among the code, as Django's default
        # BASE_DIR / "db.sqlite3" is (advisor's image links it into its data volume).
        import sqlite3

        ddl = "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, value TEXT NOT NULL)"
        return sqlite3.connect("app.db"), ddl, "?"
    url = urlsplit(DATABASE_URL)
    user, password = unquote(url.username or ""), unquote(url.password or "")
    database = url.path.lstrip("/")
    if url.scheme in ("postgres", "postgresql"):
        import pg8000.dbapi

        conn = pg8000.dbapi.connect(
            user=user, password=password, host=url.hostname, port=url.port or 5432, database=database
        )
        ddl = "CREATE TABLE IF NOT EXISTS items (id SERIAL PRIMARY KEY, value TEXT NOT NULL)"
        return conn, ddl, "%s"
    if url.scheme in ("mysql", "mariadb"):
        import pymysql

        conn = pymysql.connect(
            user=user, password=password, host=url.hostname, port=url.port or 3306, database=database
        )
        ddl = "CREATE TABLE IF NOT EXISTS items (id INT AUTO_INCREMENT PRIMARY KEY, value TEXT NOT NULL)"
        return conn, ddl, "%s"
    raise ValueError(f"unsupported DATABASE_URL scheme: {url.scheme!r}")


def items(new_value=None):
    conn, _, mark = connect()
    try:
        cur = conn.cursor()
        if new_value is not None:
            cur.execute(f"INSERT INTO items (value) VALUES ({mark})", (new_value,))
        conn.commit()
        cur.execute("SELECT value FROM items ORDER BY id")
        return [row[0] for row in cur.fetchall()]
    finally:
        conn.close()


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def media_path(self):
        name = self.path[len("/media/") :]
        if not MEDIA_ROOT or not NAME.match(name):
            return None
        return os.path.join(MEDIA_ROOT, name)

    def handle_one(self, method):
        try:
            if method == "GET" and self.path == "/health":
                return self.answer(200, b"ok", "text/plain")
            if method == "GET" and self.path == "/whoami":
                return self.answer(200, {"uid": os.getuid(), "gid": os.getgid()})
            if self.path == "/items" and method in ("GET", "POST"):
                value = self.body().decode() if method == "POST" else None
                return self.answer(200, items(value))
            if self.path.startswith("/media/") and method in ("GET", "PUT"):
                path = self.media_path()
                if path is None:
                    return self.answer(501 if not MEDIA_ROOT else 400, {"error": "no MEDIA_ROOT or bad name"})
                if method == "PUT":
                    data = self.body()
                    with open(path, "wb") as f:
                        f.write(data)
                    return self.answer(201, {"stored": path, "bytes": len(data)})
                if not os.path.exists(path):
                    return self.answer(404, {"error": "no such file"})
                with open(path, "rb") as f:
                    return self.answer(200, f.read(), "application/octet-stream")
            if method == "POST" and self.path == "/cache":
                if not REDIS_URL:
                    return self.answer(501, {"error": "no REDIS_URL"})
                import redis

                return self.answer(200, {"hits": redis.Redis.from_url(REDIS_URL).incr("e2e-hits")})
            return self.answer(404, {"error": "not found"})
        except Exception as exc:
            print(f"{method} {self.path}: {exc!r}", file=sys.stderr)
            return self.answer(500, {"error": repr(exc)})

    def do_GET(self):
        self.handle_one("GET")

    def do_POST(self):
        self.handle_one("POST")

    def do_PUT(self):
        self.handle_one("PUT")


def migrate():
    """The release step (`release:` in the Procfile): creates the table. The app itself never
    does, so a round trip proves the generated files ran this step before the app."""
    conn, ddl, _ = connect()
    try:
        conn.cursor().execute(ddl)
        conn.commit()
    finally:
        conn.close()
    print("migrated")


if __name__ == "__main__" and sys.argv[1:] == ["migrate"]:
    migrate()
elif __name__ == "__main__":
    port = int(os.environ.get("PORT", "8000"))
    print(f"fixture app on 0.0.0.0:{port} (APP_ENV={os.environ.get('APP_ENV')}, MEDIA_ROOT={MEDIA_ROOT})")
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
