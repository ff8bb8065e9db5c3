// The advisor e2e suite's Node fixture app: Node's own http module and three drivers from
// the npm registry (pg, mysql2, redis), installed by the generated Dockerfile from the
// lockfile. It reads only what the generated files give it: PORT and MEDIA_ROOT (the
// Dockerfile), DATABASE_URL and REDIS_URL (compose.yaml or .env).
//
//   GET  /health          200 "ok"
//   GET  /whoami          the process's uid and gid
//   POST /items           stores the request body as a row; answers the rows' values
//   GET  /items           the rows' values (JSON list)
//   PUT  /media/NAME      stores the body as MEDIA_ROOT/NAME
//   GET  /media/NAME      that file
//   POST /cache           INCR of a counter in Redis; answers the new value
//
// `node server.js migrate` is the release step (the Procfile's release: line): it alone
// creates the table, so a round trip proves the generated files ran it before the app.
"use strict";

const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");

const MEDIA_ROOT = process.env.MEDIA_ROOT || "";
const DATABASE_URL = process.env.DATABASE_URL || "";
const REDIS_URL = process.env.REDIS_URL || "";
const NAME = /^[A-Za-z0-9._-]{1,64}$/;

// A connection with one interface over both drivers: query(sql, params) -> rows, end().
async function connect() {
  const url = new URL(DATABASE_URL);
  const scheme = url.protocol.replace(/:$/, "");
  const options = {
    host: url.hostname,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, "")),
  };
  if (scheme === "postgres" || scheme === "postgresql") {
    const { Client } = require("pg");
    const client = new Client({ ...options, port: Number(url.port || 5432) });
    await client.connect();
    return {
      ddl: "CREATE TABLE IF NOT EXISTS items (id SERIAL PRIMARY KEY, value TEXT NOT NULL)",
      mark: (i) => `$${i}`,
      query: async (sql, params) => (await client.query(sql, params)).rows,
      end: () => client.end(),
    };
  }
  if (scheme === "mysql" || scheme === "mariadb") {
    const mysql = require("mysql2/promise");
    const conn = await mysql.createConnection({ ...options, port: Number(url.port || 3306) });
    return {
      ddl: "CREATE TABLE IF NOT EXISTS items (id INT AUTO_INCREMENT PRIMARY KEY, value TEXT NOT NULL)",
      mark: () => "?",
      query: async (sql, params) => (await conn.query(sql, params))[0],
      end: () => conn.end(),
    };
  }
  throw new Error(`unsupported DATABASE_URL scheme: ${scheme}`);
}

async function items(newValue) {
  const db = await connect();
  try {
    if (newValue !== undefined) {
      await db.query(`INSERT INTO items (value) VALUES (${db.mark(1)})`, [newValue]);
    }
    const rows = await db.query("SELECT value FROM items ORDER BY id", []);
    return rows.map((row) => row.value);
  } finally {
    await db.end();
  }
}

async function incrementCounter() {
  const { createClient } = require("redis");
  const client = createClient({ url: REDIS_URL });
  client.on("error", () => {}); // a failed connect rejects connect() below
  await client.connect();
  try {
    return await client.incr("e2e-hits");
  } finally {
    await client.quit();
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function answer(res, status, body, contentType = "application/json") {
  const data = Buffer.isBuffer(body) || typeof body === "string" ? Buffer.from(body) : Buffer.from(JSON.stringify(body));
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": data.length });
  res.end(data);
}

async function handle(req, res) {
  const { method, url } = req;
  if (method === "GET" && url === "/health") return answer(res, 200, "ok", "text/plain");
  if (method === "GET" && url === "/whoami") {
    return answer(res, 200, { uid: process.getuid(), gid: process.getgid() });
  }
  if (url === "/items" && (method === "GET" || method === "POST")) {
    if (!DATABASE_URL) return answer(res, 501, { error: "no DATABASE_URL" });
    const value = method === "POST" ? (await readBody(req)).toString("utf8") : undefined;
    return answer(res, 200, await items(value));
  }
  if (url.startsWith("/media/") && (method === "GET" || method === "PUT")) {
    const name = url.slice("/media/".length);
    if (!MEDIA_ROOT || !NAME.test(name)) {
      return answer(res, MEDIA_ROOT ? 400 : 501, { error: "no MEDIA_ROOT or bad name" });
    }
    const file = path.join(MEDIA_ROOT, name);
    if (method === "PUT") {
      const data = await readBody(req);
      await fs.promises.writeFile(file, data);
      return answer(res, 201, { stored: file, bytes: data.length });
    }
    if (!fs.existsSync(file)) return answer(res, 404, { error: "no such file" });
    return answer(res, 200, await fs.promises.readFile(file), "application/octet-stream");
  }
  if (method === "POST" && url === "/cache") {
    if (!REDIS_URL) return answer(res, 501, { error: "no REDIS_URL" });
    return answer(res, 200, { hits: await incrementCounter() });
  }
  return answer(res, 404, { error: "not found" });
}

async function migrate() {
  if (!DATABASE_URL) {
    console.log("no database: nothing to migrate");
    return;
  }
  const db = await connect();
  try {
    await db.query(db.ddl, []);
  } finally {
    await db.end();
  }
  console.log("migrated");
}

if (process.argv[2] === "migrate") {
  migrate().catch((err) => {
    console.error(`migrate: ${err.stack || err}`);
    process.exit(1);
  });
} else {
  const port = Number(process.env.PORT || 3000);
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error(`${req.method} ${req.url}: ${err.stack || err}`);
      answer(res, 500, { error: String(err) });
    });
  });
  server.listen(port, "0.0.0.0", () => {
    console.log(`node fixture app on 0.0.0.0:${port} (NODE_ENV=${process.env.NODE_ENV}, MEDIA_ROOT=${MEDIA_ROOT})`);
  });
  // The stop signal reaches node directly (exec-form CMD): close and exit at once.
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  }
}
