// Builds docs/openapi.yaml from one source: keel's own description of its route table and
// declared resources (`keel describe-api`, src/app/api_description.h), with the prose of
// docs/openapi/base.yaml merged in.
//
//   node build-openapi.mjs KEEL BASE.yaml > docs/openapi.yaml
//
// - A declared resource's paths and schemas (<S>, <S>Input, <S>Patch, <S>List, request
//   bodies and responses) come from its columns: types, nullability, bounds, enum values,
//   defaults, and its list's sort/filter/range fields.
// - Every other route takes its operation from base.yaml; a route with no operation, or an
//   operation for a route keel does not serve, fails the build.
// - The error statuses a route can return follow from its row (who may call it, whether
//   it takes a body, a path id, and which of app/http_semantics.h's conditional-request
//   and Idempotency-Key rules keel applies to it, as describe-api reports them) and are
//   added to every operation, with their header parameters;
//   a buffered body documented as JSON is also documented as form and multipart (§3).
// The output is deterministic: paths in route-table order, responses by status.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import YAML from "yaml";

const [keel, basePath] = process.argv.slice(2);
const api = JSON.parse(execFileSync(keel, ["describe-api"], { encoding: "utf8" }));
const doc = YAML.parse(readFileSync(basePath, "utf8"));
doc.paths ??= {};
doc.components ??= {};
for (const kind of ["schemas", "requestBodies", "responses", "parameters"]) doc.components[kind] ??= {};

const kBodyTypes = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"];
const ref = (kind, name) => ({ $ref: `#/components/${kind}/${name}` });
const lower = (m) => m.toLowerCase();
const tagOf = (resource) => resource.path.split("/")[3].replaceAll("-", " ");

// ---- a resource's schemas -------------------------------------------------------------

function columnSchema(c, input) {
  const s = {};
  switch (c.type) {
    case "text":
      s.type = "string";
      if (input) {
        if (c.required) s.minLength = 1;
        s.maxLength = c.max_length;
      }
      break;
    case "enum":
      s.type = "string";
      s.enum = c.enum;
      break;
    case "uuid":
      Object.assign(s, { type: "string", format: "uuid" });
      break;
    case "bool":
      s.type = "boolean";
      break;
    case "integer":
    case "number":
      s.type = c.type;
      if (c.minimum !== undefined) s.minimum = c.minimum;
      if (c.maximum !== undefined) s.maximum = c.maximum;
      break;
    case "timestamp":
      Object.assign(s, { type: "string", format: "date-time" });
      break;
    case "date":
      Object.assign(s, { type: "string", format: "date" });
      break;
    default:
      throw new Error(`column ${c.name}: unknown type ${c.type}`);
  }
  if (c.nullable) s.type = [s.type, "null"];
  if (input && c.default !== undefined) {
    s.default = c.type === "bool" ? c.default === "true" : c.type === "integer" ? Number(c.default) : c.default;
  }
  if (c.description) s.description = c.description;
  return s;
}

function objectSchema(description, columns, input, required) {
  const schema = { description, type: "object", properties: {} };
  for (const c of columns) schema.properties[c.name] = columnSchema(c, input);
  if (required.length) schema.required = required;
  return schema;
}

function bodyOf(schemaName) {
  const content = {};
  for (const type of kBodyTypes) {
    content[type] = { schema: ref("schemas", schemaName) };
  }
  return { required: true, content };
}

function dataResponse(description, schemaName, headers) {
  const response = { description };
  if (headers) response.headers = headers;
  response.content = {
    "application/json": {
      schema: { allOf: [ref("schemas", "Success"), { properties: { data: ref("schemas", schemaName) } }] },
    },
  };
  return response;
}

function addResourceComponents(r) {
  const S = r.schema;
  const writable = r.columns.filter((c) => c.writable);
  const c = doc.components;
  c.schemas[S] = objectSchema(r.summary, r.columns, false, r.columns.map((col) => col.name));
  c.schemas[`${S}Input`] = objectSchema(
    "A create (POST) or a full replacement (PUT): absent optional fields become null or their default.",
    writable,
    true,
    writable.filter((col) => col.required).map((col) => col.name),
  );
  c.schemas[`${S}Patch`] = objectSchema("A PATCH: any of the writable fields; only those sent change.", writable, true, []);
  c.schemas[`${S}List`] = {
    allOf: [ref("schemas", "ListEnvelope"), { properties: { data: { type: "array", items: ref("schemas", S) } } }],
  };
  c.requestBodies[S] = bodyOf(`${S}Input`);
  c.requestBodies[`${S}Patch`] = bodyOf(`${S}Patch`);
  c.responses[`${S}Response`] = dataResponse(`The ${r.singular.replaceAll("_", " ")}.`, S);
  c.responses[`${S}Created`] = dataResponse("Created.", S, { Location: ref("headers", "Location") });
}

// The query parameters of a resource's list.
function listParameters(r) {
  const params = [ref("parameters", "Page"), ref("parameters", "Limit")];
  const sortable = r.columns.filter((c) => c.sortable).map((c) => c.name);
  params.push({
    name: "sort",
    in: "query",
    description: `Comma list of ${sortable.join(", ")}; "-" for descending (default ${r.default_sort}).`,
    schema: { type: "string" },
  });
  if (r.search) params.push(ref("parameters", "Q"));
  for (const c of r.columns) {
    const schema = columnSchema({ ...c, nullable: false, description: undefined }, false);
    if (c.filterable) params.push({ name: c.name, in: "query", schema });
    if (c.ranged) {
      for (const op of ["gt", "gte", "lt", "lte"]) params.push({ name: `${c.name}_${op}`, in: "query", schema });
    }
  }
  params.push(ref("parameters", "After"), ref("parameters", "Count"));
  return params.map((p) => JSON.parse(JSON.stringify(p)));
}

function resourceOperation(r, operation) {
  const tags = [tagOf(r)];
  const name = r.singular.replaceAll("_", " ");
  const S = r.schema;
  switch (operation) {
    case "list":
      return {
        tags,
        summary: `List ${r.owner_scoped ? "the user's" : "the"} ${r.path.split("/").pop().replaceAll("-", " ")}`,
        description: r.search ? `\`q\` searches ${r.search}.` : undefined,
        parameters: listParameters(r),
        responses: { 200: { description: "A page.", content: { "application/json": { schema: ref("schemas", `${S}List`) } } } },
      };
    case "create":
      return { tags, summary: `Create a ${name}`, requestBody: ref("requestBodies", S), responses: { 201: ref("responses", `${S}Created`) } };
    case "read":
      return { tags, summary: `One ${name}`, responses: { 200: ref("responses", `${S}Response`) } };
    case "replace":
      return {
        tags,
        summary: `Replace a ${name}'s fields (absent ones back to null or their default)`,
        requestBody: ref("requestBodies", S),
        responses: { 200: ref("responses", `${S}Response`) },
      };
    case "patch":
      return {
        tags,
        summary: `Change fields of a ${name}`,
        requestBody: ref("requestBodies", `${S}Patch`),
        responses: { 200: ref("responses", `${S}Response`) },
      };
    case "delete":
      return { tags, summary: `Delete a ${name}`, responses: { 204: { description: "Deleted." } } };
  }
  throw new Error(`unknown operation ${operation}`);
}

// ---- what every route can answer ------------------------------------------------------

const routeKey = (method, path) => `${method} ${path}`;
const served = new Set(api.routes.map((r) => routeKey(r.method, r.path)));

// [status, response, header parameter or null] for each error (or 304) `route` can return.
function derived(route) {
  const out = [];
  const isApi = route.path.startsWith("/api/");
  const signedIn = ["user", "owner_read", "owner_write", "admin"].includes(route.access);
  const takesBody = ["POST", "PUT", "PATCH"].includes(route.method);
  if (isApi) out.push(["400", "ValidationError"]); // unknown query parameters, bad values
  if (signedIn) out.push(["401", "Unauthorized"]);
  // Admin-only routes; a write from a browser without its CSRF token; an API key whose
  // scopes do not cover the route.
  if (signedIn) out.push(["403", "Forbidden"]);
  if (route.path.includes("{")) out.push(["404", "NotFound"]);
  if (isApi && takesBody) out.push(["413", "PayloadTooLarge"], ["415", "UnsupportedMedia"]);
  // The conditional-request and Idempotency-Key rules are keel's (app/http_semantics.h),
  // reported per route by describe-api.
  if (route.etag) out.push(["304", "NotModified", "IfNoneMatch"]);
  if (route.if_match) out.push(["412", "PreconditionFailed", "IfMatch"]);
  if (route.idempotency_key) {
    out.push(["409", "Conflict", "IdempotencyKey"], ["422", "IdempotencyKeyReused", "IdempotencyKey"]);
  }
  if (isApi) out.push(["431", "HeaderTooLarge"]); // nginx, before keel sees the request
  if (isApi) out.push(["503", "Unavailable"]);
  return out;
}

function complete(route, operation) {
  operation.responses ??= {};
  // CONTRACT §3: a buffered body may come in any of the three forms, all read alike.
  const content = operation.requestBody?.content;
  if (route.body === "buffered" && content?.["application/json"]) {
    for (const type of kBodyTypes) content[type] ??= structuredClone(content["application/json"]);
  }
  const params = operation.parameters ?? [];
  for (const [status, response, parameter] of derived(route)) {
    operation.responses[status] ??= ref("responses", response);
    if (parameter && !params.some((p) => p.$ref === ref("parameters", parameter).$ref)) {
      params.push(ref("parameters", parameter));
    }
  }
  if (params.length) operation.parameters = params;
  const sorted = {};
  for (const status of Object.keys(operation.responses).sort()) sorted[status] = operation.responses[status];
  operation.responses = sorted;
  for (const key of Object.keys(operation)) if (operation[key] === undefined) delete operation[key];
  return operation;
}

// ---- assembling -----------------------------------------------------------------------

for (const r of api.resources) addResourceComponents(r);
const resources = new Map(api.resources.map((r) => [r.schema, r]));

for (const [path, item] of Object.entries(doc.paths)) {
  for (const method of Object.keys(item)) {
    if (method === "parameters") continue;
    if (!served.has(routeKey(method.toUpperCase(), path))) {
      throw new Error(`base.yaml documents ${method.toUpperCase()} ${path}, which keel does not serve`);
    }
  }
}

const paths = {};
for (const route of api.routes) {
  const base = doc.paths[route.path]?.[lower(route.method)];
  let operation;
  if (route.resource) {
    if (base) throw new Error(`${route.method} ${route.path} is generated from ${route.resource}; remove it from base.yaml`);
    operation = resourceOperation(resources.get(route.resource), route.operation);
  } else if (base) {
    operation = structuredClone(base);
  } else {
    throw new Error(`${route.method} ${route.path} is served but has no operation in base.yaml`);
  }
  paths[route.path] ??= {};
  const pathParameters = doc.paths[route.path]?.parameters;
  if (pathParameters) paths[route.path].parameters = pathParameters;
  else if (route.resource && route.path.endsWith("{id}")) paths[route.path].parameters = [ref("parameters", "Id")];
  paths[route.path][lower(route.method)] = complete(route, operation);
}
doc.paths = paths;

// Leaf objects and short lists on one line, as a person would write them.
const document = new YAML.Document(doc);
YAML.visit(document, {
  Map(_, node) {
    if (JSON.stringify(node.toJSON()).length <= 100) node.flow = true;
  },
  Seq(_, node) {
    if (JSON.stringify(node.toJSON()).length <= 100) node.flow = true;
  },
});
process.stdout.write(
  "# GENERATED by tests/openapi/build-openapi.mjs from `keel describe-api` (the route table and\n" +
    "# the resource declarations) and docs/openapi/base.yaml (the prose and the other routes'\n" +
    "# operations). Do not edit: change those and run `make openapi`; a test fails when this\n" +
    "# file differs from what they produce. Served by nginx at /docs/openapi.yaml.\n" +
    document.toString({ lineWidth: 0, flowCollectionPadding: false }),
);
