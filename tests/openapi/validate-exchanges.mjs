// Checks recorded API exchanges against docs/openapi.yaml (Ajv, JSON Schema 2020-12 as
// OpenAPI 3.1 uses):
//   - the route and method are documented (an undocumented /api/ route or method answering
//     4xx — 404/405 from the router, 413/431 from nginx — is refused as it should be and
//     is skipped);
//   - the status is documented for the operation (or a `4XX`/`default` response is);
//   - the response's media type is documented for that status, and a response documented
//     without content has no body;
//   - a JSON body is valid against that media type's schema (gzip/br bodies decoded);
//   - for 2xx answers only (a test may send a malformed body on purpose and expect 4xx),
//     the request's media type is documented in requestBody and a JSON or form body is
//     valid against its schema (form fields as strings, coerced to the schema's types).
// Paths outside /api/ are checked only when the document names them (/health); others
// (static files, the OpenID provider, webhook receivers) are skipped.
//
//   node validate-exchanges.mjs OPENAPI.yaml DIR [--show REGEX]
//
// DIR holds what scripts/run-tests recorded (KEEL_TEST_EXCHANGES):
//   *.jsonl   one exchange a line, {suite, method, url, request_content_type, request_body,
//             status, content_type, content_encoding, body_length, body} (the gtest
//             HttpClient, tests/support/http_client.cc, writes these)
//   curl/*    `curl --trace` files written through tests/e2e/lib/record/curl, named
//             SUITE.XXXXXXXX; each may hold several exchanges
// Prints `ok - ...` per documented operation the exchanges exercised, `not ok - ...` per
// distinct problem (how often, and one example), `# ...` counts; exits 1 on any problem.
// --show REGEX prints instead the exchanges whose "METHOD URL STATUS" matches, as JSON.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, inflateSync, brotliDecompressSync } from "node:zlib";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import YAML from "yaml";

const [docPath, dir, showFlag, showPattern] = process.argv.slice(2);
const doc = YAML.parse(readFileSync(docPath, "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, "openapi");
// Form fields arrive as strings; the schema says what they stand for.
const ajvForm = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true });
addFormats(ajvForm);
ajvForm.addSchema(doc, "openapi");

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

// ---- reading what was recorded -------------------------------------------------------------

function readExchanges(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".jsonl")) continue;
    for (const line of readFileSync(join(dir, name), "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line));
      } catch {
        // a line cut short (a test process killed mid-write) is not an exchange
      }
    }
  }
  const curlDir = join(dir, "curl");
  if (existsSync(curlDir)) {
    for (const name of readdirSync(curlDir).sort()) {
      const suite = name.replace(/\.[^.]*$/, "");
      for (const ex of parseTrace(readFileSync(join(curlDir, name), "latin1"))) {
        out.push({ suite, ...ex });
      }
    }
  }
  return out;
}

// The exchanges in a `curl --trace` file: blocks "=> Send header, N bytes (0xN)" etc.,
// each followed by hex dump lines "0000: 50 4f 53 54 ...  POST ...". Only the bytes of
// headers and of JSON or form bodies are decoded (uploads of megabytes are only counted).
function parseTrace(text) {
  const exchanges = [];
  let ex = null;
  let block = null; // {kind, keep, bytes}
  const finishExchange = () => {
    if (ex && ex.status) exchanges.push(toExchange(ex));
    ex = null;
  };
  const apply = () => {
    if (!block) return;
    const buf = Buffer.from(block.bytes);
    if (block.kind === "Send header") {
      finishExchange();
      const lines = buf.toString("latin1").split("\r\n");
      const [method, url] = lines[0].split(" ");
      ex = { method, url, reqHeaders: headerMap(lines.slice(1)), reqBody: [], reqLength: 0, resHeaders: {}, resBody: [], resLength: 0 };
    } else if (!ex) {
      // data before any request: nothing to attach it to
    } else if (block.kind === "Send data") {
      ex.reqBody.push(buf);
      ex.reqLength += block.length;
    } else if (block.kind === "Recv header") {
      const line = buf.toString("latin1").replace(/\r?\n$/, "");
      const status = /^HTTP\/[\d.]+ (\d{3})/.exec(line);
      if (status) {
        // a new response: after a 1xx the final one follows
        ex.status = Number(status[1]);
        ex.resHeaders = {};
        ex.resBody = [];
        ex.resLength = 0;
      } else {
        Object.assign(ex.resHeaders, headerMap([line]));
      }
    } else if (block.kind === "Recv data") {
      ex.resBody.push(buf);
      ex.resLength += block.length;
    }
    block = null;
  };
  for (const line of text.split("\n")) {
    const head = /^(=>|<=) (Send header|Send data|Recv header|Recv data), (\d+) bytes/.exec(line);
    if (head) {
      apply();
      const kind = head[2];
      let keep = true;
      if (kind === "Send data") keep = !!ex && textual(ex.reqHeaders["content-type"]);
      if (kind === "Recv data") keep = !!ex && textual(ex.resHeaders["content-type"]);
      block = { kind, keep, bytes: [], length: Number(head[3]) };
      continue;
    }
    if (/^(==|=>|<=) /.test(line)) {
      apply(); // Info, SSL data: not part of an exchange
      continue;
    }
    if (!block || !block.keep) continue;
    const hex = /^[0-9a-f]{4,}: /.exec(line);
    if (!hex) continue;
    for (const b of line.slice(hex[0].length, hex[0].length + 48).trim().split(/\s+/)) {
      if (/^[0-9a-f]{2}$/.test(b)) block.bytes.push(parseInt(b, 16));
    }
  }
  apply();
  finishExchange();
  return exchanges;
}

function headerMap(lines) {
  const map = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    if (i > 0) map[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return map;
}

function toExchange(ex) {
  let body = Buffer.concat(ex.resBody);
  if (/chunked/i.test(ex.resHeaders["transfer-encoding"] || "")) body = dechunk(body);
  const reqBody = Buffer.concat(ex.reqBody);
  return {
    method: ex.method,
    url: ex.url,
    request_content_type: ex.reqHeaders["content-type"] || "",
    request_body: textual(ex.reqHeaders["content-type"]) ? reqBody.toString("utf8") : undefined,
    request_body_length: ex.reqLength,
    status: ex.status,
    content_type: ex.resHeaders["content-type"] || "",
    content_encoding: ex.resHeaders["content-encoding"] || "",
    body_length: ex.resLength,
    body_bytes: body,
  };
}

function dechunk(buf) {
  const parts = [];
  let i = 0;
  while (i < buf.length) {
    const eol = buf.indexOf("\r\n", i);
    if (eol < 0) return buf;
    const size = parseInt(buf.slice(i, eol).toString("latin1"), 16);
    if (Number.isNaN(size)) return buf;
    if (size === 0) break;
    parts.push(buf.slice(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

const mediaTypeOf = (ct) => (ct || "").split(";")[0].trim().toLowerCase();
const isJson = (mt) => mt === "application/json" || mt.endsWith("+json");
const isForm = (mt) => mt === "application/x-www-form-urlencoded";
function textual(ct) {
  const mt = mediaTypeOf(ct);
  return isJson(mt) || isForm(mt);
}

// The response body as text (decoded), or null when it cannot be had.
function bodyText(ex) {
  if (ex.body_bytes) {
    let b = ex.body_bytes;
    try {
      if (/gzip/i.test(ex.content_encoding)) b = gunzipSync(b);
      else if (/deflate/i.test(ex.content_encoding)) b = inflateSync(b);
      else if (/br/i.test(ex.content_encoding)) b = brotliDecompressSync(b);
    } catch {
      return null;
    }
    return b.toString("utf8");
  }
  if (ex.content_encoding) return null; // the gtest client asks for no encoding
  return ex.body ?? null;
}

// ---- the document --------------------------------------------------------------------------

const pointer = (parts) =>
  "openapi#/" + parts.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

// The document's path template for a concrete path, e.g. /api/v1/tasks/{id}; of several
// that match, the one with the most literal segments (/metrics/summary over /metrics/{id}).
function templateOf(path) {
  const want = path.replace(/^\/api\/(?!v1\/)/, "/api/v1/").split("/");
  let best = null;
  let bestLiterals = -1;
  for (const template of Object.keys(doc.paths)) {
    const parts = template.split("/");
    if (parts.length !== want.length) continue;
    let literals = 0;
    const match = parts.every((p, i) => {
      if (/^\{.+\}$/.test(p)) return want[i] !== "";
      literals++;
      return p === want[i];
    });
    if (match && literals > bestLiterals) {
      best = template;
      bestLiterals = literals;
    }
  }
  return best;
}

// Follows local $refs (#/components/...) to the object and its location.
function deref(obj, location) {
  while (obj && obj.$ref) {
    location = obj.$ref.replace(/^#\//, "").split("/").map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
    obj = location.reduce((o, k) => o?.[k], doc);
  }
  return [obj, location];
}

// The documented media type key for an actual media type (exact, then type/*, then */*).
function mediaKey(content, mt) {
  if (content[mt]) return mt;
  const wild = mt.split("/")[0] + "/*";
  if (content[wild]) return wild;
  if (content["*/*"]) return "*/*";
  return null;
}

function validateAgainst(validator, location, data) {
  const validate = validator.getSchema(pointer(location));
  if (!validate) return `schema not found at ${location.join("/")}`;
  if (validate(data)) return null;
  return validator.errorsText(validate.errors, { dataVar: "body" }).slice(0, 300);
}

// ---- checking one exchange -----------------------------------------------------------------

// -> {skip: reason} | {op: "METHOD /template", problems: [..], requestChecked: bool}
function check(ex) {
  let path;
  try {
    path = new URL(ex.url, "https://x").pathname;
  } catch {
    return { skip: "unparsable URL" };
  }
  const template = templateOf(path);
  if (!template) {
    if (!/^\/api(\/|$)/.test(path)) return { skip: "not an API path" };
    // The router (404) or nginx before it (413, 431) refusing a route that does not exist.
    if (ex.status >= 400 && ex.status < 500) return { skip: "an unknown /api/ route answering 4xx" };
    return { op: `${ex.method} ${path}`, problems: [`route not documented (status ${ex.status})`] };
  }
  let method = ex.method.toLowerCase();
  const item = doc.paths[template];
  const isHead = method === "head" && !item.head && item.get;
  if (isHead) method = "get";
  const op = item[method];
  const opName = `${method.toUpperCase()} ${template}`;
  if (!op) {
    if (ex.status >= 400 && ex.status < 500) return { skip: "an undocumented method answering 4xx (405, or nginx's 413)" };
    return { op: opName, problems: [`method not documented (status ${ex.status})`] };
  }
  const problems = [];
  const status = String(ex.status);
  const key = op.responses?.[status] ? status : op.responses?.[`${status[0]}XX`] ? `${status[0]}XX` : op.responses?.default ? "default" : null;
  if (!key) {
    problems.push(`status ${status} not documented`);
  } else {
    const [response, location] = deref(op.responses[key], ["paths", template, method, "responses", key]);
    const mt = mediaTypeOf(ex.content_type);
    const hasBody = ex.body_length > 0;
    if (!response.content || Object.keys(response.content).length === 0) {
      if (hasBody && !isHead) problems.push(`status ${status}: a body (${mt || "no media type"}) where none is documented`);
    } else if (!mt) {
      if (hasBody) problems.push(`status ${status}: a body without Content-Type`);
    } else {
      const mk = mediaKey(response.content, mt);
      if (!mk) {
        problems.push(`status ${status}: media type ${mt} not documented (documented: ${Object.keys(response.content).join(", ")})`);
      } else if (isJson(mt) && response.content[mk].schema && !isHead && ex.status !== 304) {
        const text = bodyText(ex);
        if (text !== null) {
          let body;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
            problems.push(`status ${status}: body is not JSON`);
          }
          if (body !== undefined) {
            const p = validateAgainst(ajv, [...location, "content", mk, "schema"], body);
            if (p) problems.push(`status ${status} ${mt}: ${p}`);
          }
        }
      }
    }
  }
  let requestChecked = false;
  if (ex.status >= 200 && ex.status < 300 && ex.request_content_type) {
    const mt = mediaTypeOf(ex.request_content_type);
    const [rb, rbLocation] = deref(op.requestBody, ["paths", template, method, "requestBody"]);
    const sent = ex.request_body_length ?? (ex.request_body ?? "").length;
    if (!rb || !rb.content) {
      if (sent > 0) problems.push(`request: a ${mt} body where no requestBody is documented`);
    } else {
      const mk = mediaKey(rb.content, mt);
      if (!mk) {
        problems.push(`request: media type ${mt} not documented (documented: ${Object.keys(rb.content).join(", ")})`);
      } else if (rb.content[mk].schema && ex.request_body !== undefined && (isJson(mt) || isForm(mt))) {
        const schemaAt = [...rbLocation, "content", mk, "schema"];
        let p;
        if (isJson(mt)) {
          let body;
          try {
            body = JSON.parse(ex.request_body);
          } catch {
            p = "request body is not JSON (answered 2xx)";
          }
          if (!p) p = validateAgainst(ajv, schemaAt, body);
        } else {
          const fields = Object.fromEntries(new URLSearchParams(ex.request_body));
          p = validateAgainst(ajvForm, schemaAt, fields);
        }
        if (p) problems.push(`request ${mt}: ${p.replaceAll("body", "request")}`);
        requestChecked = true;
      }
    }
  }
  return { op: opName, problems, requestChecked };
}

// ---- the run -------------------------------------------------------------------------------

const exchanges = readExchanges(dir);
if (showFlag === "--show") {
  const re = new RegExp(showPattern);
  for (const ex of exchanges) {
    if (!re.test(`${ex.method} ${ex.url} ${ex.status}`)) continue;
    const { body_bytes, ...rest } = ex;
    console.log(JSON.stringify({ ...rest, body: bodyText(ex)?.slice(0, 2000) }));
  }
} else {
  report(exchanges);
}

function report(exchanges) {
  const skipped = new Map();
  const ops = new Map(); // "METHOD /template" -> {n, statuses:Set, requests}
  const failures = new Map(); // "op: problem" -> {n, example}
  let validated = 0;
  let requests = 0;
  for (const ex of exchanges) {
    const r = check(ex);
    if (r.skip) {
      skipped.set(r.skip, (skipped.get(r.skip) || 0) + 1);
      continue;
    }
    validated++;
    if (r.requestChecked) requests++;
    const o = ops.get(r.op) || { n: 0, statuses: new Set(), requests: 0, bad: 0 };
    o.n++;
    o.statuses.add(ex.status);
    if (r.requestChecked) o.requests++;
    if (r.problems.length) o.bad++;
    ops.set(r.op, o);
    for (const p of r.problems) {
      const k = `${r.op}: ${p}`;
      const f = failures.get(k) || { n: 0, example: `${ex.suite || "?"}: ${ex.method} ${ex.url}` };
      f.n++;
      failures.set(k, f);
    }
  }

  for (const [op, o] of [...ops].sort()) {
    if (o.bad) continue;
    const statuses = [...o.statuses].sort().join(", ");
    const req = o.requests ? `, ${o.requests} request bodies` : "";
    console.log(`ok - ${op}: ${o.n} exchanges (${statuses}${req}) match docs/openapi.yaml`);
  }
  for (const [k, f] of [...failures].sort()) {
    console.log(`not ok - ${k} (${f.n}x; e.g. ${f.example})`);
  }

  let documented = 0;
  const unexercised = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      if (!item[m]) continue;
      documented++;
      if (!ops.has(`${m.toUpperCase()} ${template}`)) unexercised.push(`${m.toUpperCase()} ${template}`);
    }
  }
  const covered = [...ops.keys()].filter((k) => !unexercised.includes(k) && doc.paths[k.split(" ")[1]]).length;
  console.log(`# ${exchanges.length} exchanges recorded, ${validated} checked against the document, ` +
    `${exchanges.length - validated} skipped (${[...skipped].map(([r, n]) => `${n} ${r}`).join("; ") || "none"})`);
  console.log(`# ${covered} of ${documented} documented operations exercised; ${requests} request bodies validated; ` +
    `${failures.size} distinct problems`);
  if (unexercised.length) console.log(`# not exercised: ${unexercised.join(", ")}`);
  // exitCode, not exit(): the output to a pipe is written out first.
  process.exitCode = failures.size ? 1 : 0;
}
