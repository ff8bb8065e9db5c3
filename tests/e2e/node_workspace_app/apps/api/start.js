// The workspace fixture's entry: the workspace package @e2e/db must be linked into
// node_modules and built (its dist/ is made by its own build script, which the image runs
// before the app's), then the shared fixture server starts.
"use strict";

require("@e2e/db/dist/built.js");
require("./server.js");
