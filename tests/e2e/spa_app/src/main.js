// Client-side routing: the page shows the path it was loaded at; the server answers every
// unknown path with index.html.
document.getElementById("app").textContent = `advisor-e2e-spa at ${window.location.pathname}`;
