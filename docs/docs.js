// Renders the route list of docs/index.html from openapi.yaml. The document's layout is
// regular (paths indented by two spaces, operations by four, their keys by six), so a
// line scan is enough and no YAML library is needed. Text from the document is only
// ever inserted with textContent.
"use strict";

(function () {
  const METHODS = ["get", "post", "put", "patch", "delete"];

  function unquote(text) {
    const t = text.trim();
    if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) {
      return t.slice(1, -1);
    }
    return t;
  }

  // [{method, path, summary, tag, access}] in document order.
  function parseRoutes(yaml) {
    const routes = [];
    let inPaths = false;
    let path = null;
    let op = null;
    for (const raw of yaml.split("\n")) {
      const line = raw.replace(/\r$/, "");
      if (/^\S/.test(line) && !line.startsWith("#")) {
        inPaths = line.startsWith("paths:");
        path = null;
        op = null;
        continue;
      }
      if (!inPaths) continue;
      let m = /^  (\/[^:\s]*):\s*(#.*)?$/.exec(line);
      if (m) {
        path = m[1];
        op = null;
        continue;
      }
      m = /^    ([a-z]+):/.exec(line);
      if (m) {
        op = null;
        if (path && METHODS.includes(m[1])) {
          op = { method: m[1], path: path, summary: "", tag: "other", access: "signed in" };
          routes.push(op);
        }
        continue;
      }
      if (!op) continue;
      if ((m = /^      summary:\s*(.*)$/.exec(line))) op.summary = unquote(m[1]);
      if ((m = /^      tags:\s*\[([^\]]*)\]/.exec(line))) op.tag = unquote(m[1].split(",")[0]);
      if (/^      security:\s*\[\]/.test(line)) op.access = "public";
      if (/\(admin\)/.test(op.summary)) op.access = "admin";
      if (/loopback/.test(op.summary)) op.access = "loopback only";
    }
    return routes;
  }

  function cell(tag, text, className) {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function render(routes, filter) {
    const list = document.getElementById("route-list");
    list.replaceChildren();
    const needle = filter.trim().toLowerCase();
    const shown = routes.filter((r) =>
      !needle || (r.method + " " + r.path + " " + r.summary + " " + r.tag).toLowerCase().includes(needle));
    const tags = [];
    for (const r of shown) if (!tags.includes(r.tag)) tags.push(r.tag);
    for (const tag of tags) {
      list.appendChild(cell("h3", tag));
      const table = cell("table");
      const head = cell("tr");
      for (const h of ["Method", "Path", "What it does", "Who"]) head.appendChild(cell("th", h));
      table.appendChild(head);
      for (const r of shown.filter((x) => x.tag === tag)) {
        const row = cell("tr");
        const method = cell("td");
        method.appendChild(cell("span", r.method.toUpperCase(), "method " + r.method));
        row.appendChild(method);
        row.appendChild(cell("td", r.path, "path"));
        row.appendChild(cell("td", r.summary));
        row.appendChild(cell("td", r.access, "access"));
        table.appendChild(row);
      }
      list.appendChild(table);
    }
    document.getElementById("count").textContent =
      shown.length + " of " + routes.length + " routes";
  }

  async function main() {
    const list = document.getElementById("route-list");
    try {
      const response = await fetch("openapi.yaml", { cache: "no-cache" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const routes = parseRoutes(await response.text());
      const filter = document.getElementById("filter");
      filter.addEventListener("input", () => render(routes, filter.value));
      render(routes, "");
    } catch (e) {
      list.replaceChildren(cell("p", "Could not load openapi.yaml (" + e.message + ").", "error"));
    }
  }

  document.addEventListener("DOMContentLoaded", main);
})();
