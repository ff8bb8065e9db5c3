// The package's build: dist/built.js, which the app requires (it fails to start without it).
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const util = require("@e2e/util/dist/stamp.js");
fs.mkdirSync(path.join(__dirname, "dist"), { recursive: true });
fs.writeFileSync(path.join(__dirname, "dist", "built.js"), `module.exports = ${JSON.stringify(util)};\n`);
