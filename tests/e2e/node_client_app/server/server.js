// The advisor e2e suite's server beside its client (../client, built with Vite): it answers
// /health and serves the client's build, with index.html for every other route.
const express = require("express");
const path = require("path");

const app = express();
const client = path.join(__dirname, "../client/dist");

app.get("/health", (req, res) => res.type("text/plain").send("ok"));
app.use(express.static(client));
app.get("*", (req, res) => res.sendFile(path.join(client, "index.html")));

app.listen(Number(process.env.PORT || 3000), "0.0.0.0", () => {
  console.log(`listening on ${process.env.PORT || 3000}`);
});
