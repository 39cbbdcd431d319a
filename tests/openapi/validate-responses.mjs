// Validates recorded API exchanges against docs/openapi.yaml: each one's status must be
// documented for its route, its media type documented for that status, and its JSON body
// valid against the documented schema (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses).
//
//   node validate-responses.mjs OPENAPI.yaml EXCHANGES.jsonl
//
// EXCHANGES.jsonl: one {"method","path","status","content_type","body"} per line, path
// as requested (/api/v1/tasks/<uuid>?x=y). Prints `ok - ...` / `not ok - ...` (TAP-like)
// per exchange and exits 1 if any failed.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import YAML from "yaml";

const [docPath, exchangesPath] = process.argv.slice(2);
const doc = YAML.parse(readFileSync(docPath, "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, "openapi");

const pointer = (parts) =>
  "openapi#/" + parts.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

// The document's path template for a concrete path, e.g. /api/v1/tasks/{id}.
function templateOf(path) {
  const want = path.split("?")[0].replace(/^\/api\/(?!v1\/)/, "/api/v1/").split("/");
  for (const template of Object.keys(doc.paths)) {
    const parts = template.split("/");
    if (parts.length !== want.length) continue;
    if (parts.every((p, i) => p === want[i] || /^\{.+\}$/.test(p))) return template;
  }
  return null;
}

// Follows a local $ref (#/components/...) to the object and its location.
function deref(obj, location) {
  while (obj && obj.$ref) {
    location = obj.$ref.replace(/^#\//, "").split("/");
    obj = location.reduce((o, k) => o?.[k.replaceAll("~1", "/").replaceAll("~0", "~")], doc);
  }
  return [obj, location];
}

let failures = 0;
const lines = readFileSync(exchangesPath, "utf8").split("\n").filter(Boolean);
for (const line of lines) {
  const ex = JSON.parse(line);
  const what = `${ex.method} ${ex.path.split("?")[0]} ${ex.status}`;
  const problem = check(ex);
  if (problem) {
    failures++;
    console.log(`not ok - ${what}: ${problem}`);
  } else {
    console.log(`ok - ${what} matches the document`);
  }
}
process.exit(failures ? 1 : 0);

function check(ex) {
  const template = templateOf(ex.path);
  if (!template) return "route not documented";
  const method = ex.method.toLowerCase();
  const op = doc.paths[template][method];
  if (!op) return `method not documented for ${template}`;
  const declared = op.responses?.[String(ex.status)];
  if (!declared) return `status ${ex.status} not documented for ${method} ${template}`;
  const [response, location] = deref(declared, ["paths", template, method, "responses", String(ex.status)]);
  const mediaType = (ex.content_type || "").split(";")[0].trim();
  if (!response.content) return mediaType && ex.body ? `a body (${mediaType}) where none is documented` : null;
  if (!response.content[mediaType]) return `media type "${mediaType}" not documented`;
  const schema = response.content[mediaType].schema;
  if (!schema || mediaType !== "application/json") return null;
  let body;
  try {
    body = JSON.parse(ex.body);
  } catch {
    return "body is not JSON";
  }
  const validate = ajv.getSchema(pointer([...location, "content", mediaType, "schema"]));
  if (!validate) return "schema not found";
  if (validate(body)) return null;
  return ajv.errorsText(validate.errors, { dataVar: "body" }).slice(0, 400);
}
