// Built before @e2e/db, whose build requires what this one writes (the build order).
"use strict";

const fs = require("node:fs");
const path = require("node:path");

fs.mkdirSync(path.join(__dirname, "dist"), { recursive: true });
fs.writeFileSync(path.join(__dirname, "dist", "stamp.js"), 'module.exports = "built";\n');
