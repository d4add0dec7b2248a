// Offline check of infra/*.tf: Terraform and its providers cannot be installed here, so this
// parses every .tf file with @cdktf/hcl2json, formats it with @cdktf/hcl-tools (hclwrite, the
// formatter behind `terraform fmt`), reads the google provider 6.50 schema from
// @cdktf/provider-google, and compares the configuration with the Java sources.
//
// loadProject(root) reads the inputs; checkProject(project) returns a list of problems (strings).
// Tests mutate a copy of a loaded project to prove each rule catches drift.

import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, relative, dirname, basename } from "node:path";
import { createRequire } from "node:module";
import { parse } from "@cdktf/hcl2json";
import { format } from "@cdktf/hcl-tools";

const require = createRequire(import.meta.url);

/** Variables that must come from Secret Manager, never as plain environment variables. */
export const REQUIRED_SECRET_ENV = ["GEMINI_API_KEY"];

/**
 * The functions.tf local listing the variables Config reads that the deployment deliberately
 * leaves at the code's default. Every other variable Config reads must be set for every function.
 */
const ENV_DEFAULTS_LOCAL = "env_at_code_defaults";

/** Set by Cloud Functions / Cloud Run itself; a deployment that sets them is rejected. */
const RESERVED_ENV = ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION", "FUNCTION_TARGET", "FUNCTION_SIGNATURE_TYPE"];

const FUNCTION_TYPE = "google_cloudfunctions2_function";
const FIELD_TYPE = "google_firestore_field";
const INDEX_TYPE = "google_firestore_index";
const CACHE_STORE_FILE = "FirestoreCacheStore.java";
const CLAIMS_FILE = "Claims.java";
/** The constant a Firestore store names its TTL field by, written with `.put(EXPIRE_AT, ...)`. */
const TTL_CONSTANT = "EXPIRE_AT";
const META_ARGUMENTS = new Set(["count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection"]);
const PUBLIC_MEMBERS = /\ballUsers\b|\ballAuthenticatedUsers\b/;
/** The variable that turns API keys on; a public non-health function must require it. */
const API_KEYS_GATE = "api_keys_secret";

/** Reads infra/*.tf (and terraform.tfvars.example) and every main Java source under root. */
export function loadProject(root) {
  const infraDir = join(root, "infra");
  const tf = new Map();
  for (const name of readdirSync(infraDir).sort()) {
    if (name.endsWith(".tf") || name.endsWith(".tfvars.example")) {
      tf.set(name, readFileSync(join(infraDir, name), "utf8"));
    }
  }
  const java = new Map();
  for (const file of javaSources(root)) {
    java.set(relative(root, file), readFileSync(file, "utf8"));
  }
  return { tf, java };
}

/** A copy whose files tests may replace without touching the original. */
export function copyProject(project) {
  return { tf: new Map(project.tf), java: new Map(project.java) };
}

function javaSources(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "target" || entry.name.startsWith(".")) {
        continue;
      }
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name.endsWith(".java") && path.includes(join("src", "main", "java"))) {
        out.push(path);
      }
    }
  };
  for (const top of ["shared", "functions"]) {
    if (existsSync(join(root, top))) {
      walk(join(root, top));
    }
  }
  return out;
}

/** Runs every rule; an empty list means the configuration matches the code and the provider. */
export async function checkProject(project) {
  const problems = [];
  const parsed = new Map();
  for (const [name, text] of project.tf) {
    try {
      parsed.set(name, await parse(name, text));
    } catch (e) {
      problems.push(`${name}: does not parse as HCL: ${e.message ?? e}`);
      continue;
    }
    const formatted = await format(text);
    if (formatted !== text) {
      problems.push(`${name}: not formatted as terraform fmt would (first difference at line ${firstDifferentLine(text, formatted)})`);
    }
  }
  const config = merged([...parsed].filter(([name]) => name.endsWith(".tf")).map(([, json]) => json));
  const facts = javaFacts(project.java);
  problems.push(...checkProviders(config));
  problems.push(...checkSchema(config));
  problems.push(...checkFunctions(config, facts));
  problems.push(...checkEnvDecided(config, facts));
  problems.push(...checkTtl(config, facts));
  problems.push(...checkFirestoreSchema(config, facts));
  problems.push(...checkPublicAccess(config));
  problems.push(...checkDocumented(config));
  return problems;
}

function firstDifferentLine(a, b) {
  const x = a.split("\n");
  const y = b.split("\n");
  let i = 0;
  while (i < x.length && x[i] === y[i]) {
    i++;
  }
  return i + 1;
}

/** Merges the per-file JSON of hcl2json into one configuration. */
function merged(files) {
  const config = { resource: {}, data: {}, variable: {}, locals: {}, terraform: [], output: {} };
  for (const json of files) {
    for (const kind of ["resource", "data"]) {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        config[kind][type] = { ...(config[kind][type] ?? {}), ...byName };
      }
    }
    for (const [name, blocks] of Object.entries(json.variable ?? {})) {
      config.variable[name] = blocks[0];
    }
    for (const block of json.locals ?? []) {
      Object.assign(config.locals, block);
    }
    config.terraform.push(...(json.terraform ?? []));
    Object.assign(config.output, json.output ?? {});
  }
  return config;
}

// ---------------------------------------------------------------------------------------------
// Java facts: HttpFunction classes, environment variables read, the cache store's field names.

/**
 * What the Java sources say: HttpFunction classes, env vars read (anywhere, and by Config), the
 * cache store, and the stores of fixed collections (a `static final String COLLECTION = "name"`
 * constant), by name.
 */
export function javaFacts(java) {
  const httpFunctions = new Set();
  const envVars = new Set();
  const configEnvVars = new Set();
  const stores = new Map();
  let cacheStore = null;
  // UPPER_SNAKE String constants by class and name, e.g. ApiKeyFile.VARIABLE = "API_KEYS_FILE".
  const constants = new Map();
  for (const [path, source] of java) {
    for (const m of source.matchAll(/static\s+final\s+String\s+(\w+)\s*=\s*"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)"\s*;/g)) {
      constants.set(`${basename(path, ".java")}.${m[1]}`, m[2]);
    }
  }
  for (const [path, source] of java) {
    const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(source)?.[1];
    const cls = /public\s+(?:final\s+)?class\s+(\w+)[^{]*\bimplements\b[^{]*\bHttpFunction\b/.exec(source);
    if (pkg && cls && new RegExp(`public\\s+${cls[1]}\\s*\\(\\s*\\)`).test(source)) {
      httpFunctions.add(`${pkg}.${cls[1]}`);
    }
    for (const m of source.matchAll(/System\.getenv\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/g)) {
      envVars.add(m[1]);
    }
    if (basename(path) === "Config.java" && path.includes(join("dev", "agentfn", "config"))) {
      // Every call whose first argument (after `env,`) is an UPPER_SNAKE literal names a variable:
      // env.get("X"), env.intIn("X", ...), httpUrl(env, "X", ...), new ConfigException("X", ...).
      for (const m of source.matchAll(/[\w.]+\(\s*(?:env\s*,\s*)?"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)"/g)) {
        envVars.add(m[1]);
        configEnvVars.add(m[1]);
      }
      // The same calls naming the variable by a constant: env.get(ApiKeyFile.VARIABLE), env.get(NAME).
      for (const m of source.matchAll(/[\w.]+\(\s*(?:env\s*,\s*)?(?:(\w+)\.)?([A-Z][A-Z0-9_]*)\s*[,)]/g)) {
        const name = constants.get(`${m[1] ?? basename(path, ".java")}.${m[2]}`);
        if (name) {
          envVars.add(name);
          configEnvVars.add(name);
        }
      }
    }
    if (basename(path) === CACHE_STORE_FILE) {
      cacheStore = { path, source };
    }
    const collection = /static\s+final\s+String\s+COLLECTION\s*=\s*"([^"]+)"/.exec(source);
    if (collection) {
      stores.set(collection[1], { path, source });
    }
  }
  // A store whose documents expire through firestore/Claims (leases, budget slices) writes Claims'
  // fields: Claims' EXPIRE_AT, which its claims put, names the field they expire by.
  const claims = [...java].find(([path]) => basename(path) === CLAIMS_FILE && path.includes(join("dev", "agentfn", "firestore")));
  for (const store of stores.values()) {
    if (claims && /\bClaims\.EXPIRE_AT\b/.test(store.source)) {
      store.source += `\n${claims[1]}`;
    }
  }
  return { httpFunctions, envVars, configEnvVars, cacheStore, stores };
}

/**
 * The field a store's documents expire by, read from its code: the value of its
 * `static final String EXPIRE_AT` constant, which it must write (`.put(EXPIRE_AT, ...)`).
 * Null when the store declares no such constant (its documents do not expire).
 */
export function storeTtlField(store) {
  const declared = new RegExp(`static\\s+final\\s+String\\s+${TTL_CONSTANT}\\s*=\\s*"([^"]+)"`).exec(store.source);
  if (!declared) {
    return null;
  }
  if (!new RegExp(`\\.put\\(\\s*${TTL_CONSTANT}\\s*,`).test(store.source)) {
    return { error: `${store.path}: declares ${TTL_CONSTANT} = "${declared[1]}" but never writes a field by it (.put(${TTL_CONSTANT}, ...))` };
  }
  return { field: declared[1], path: store.path };
}

// ---------------------------------------------------------------------------------------------
// Expression resolution: literals, var.* defaults, local.*, each.key / each.value.*, merge().

function resolve(value, config, each) {
  if (typeof value !== "string") {
    return value;
  }
  const whole = /^\$\{(.*)\}$/s.exec(value);
  if (!whole) {
    return value.includes("${") ? undefined : value;
  }
  const expr = whole[1].trim();
  const merge = /^merge\((.*)\)$/s.exec(expr);
  if (merge) {
    const parts = splitTopLevel(merge[1]).map((p) => resolve(`\${${p}}`, config, each));
    return parts.some((p) => p === undefined || typeof p !== "object") ? undefined : Object.assign({}, ...parts);
  }
  const tostring = /^tostring\((.*)\)$/s.exec(expr);
  if (tostring) {
    const inner = resolve(`\${${tostring[1]}}`, config, each);
    return inner === undefined ? undefined : String(inner);
  }
  if (expr === "each.key") {
    return each?.key;
  }
  let path = expr.split(".");
  let current;
  if (path[0] === "each" && path[1] === "value") {
    current = each?.value;
    path = path.slice(2);
  } else if (each?.iterator && path[0] === each.iterator.name && path[1] === "value") {
    current = each.iterator.value;
    path = path.slice(2);
  } else if (path[0] === "local") {
    current = resolve(config.locals[path[1]], config, each);
    path = path.slice(2);
  } else if (path[0] === "var") {
    current = config.variable[path[1]]?.default;
    path = path.slice(2);
  } else {
    return undefined;
  }
  for (const key of path) {
    if (current === undefined || current === null || !/^[\w-]+$/.test(key)) {
      return undefined;
    }
    current = current[key];
  }
  return current;
}

function splitTopLevel(text) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}

/** Each instance of a resource: [{ key, value }] from for_each (or one instance without it). */
function instances(block, config) {
  if (block.for_each === undefined) {
    return [{ key: undefined, value: undefined }];
  }
  const items = resolve(block.for_each, config);
  if (!items || typeof items !== "object" || Array.isArray(items)) {
    return null;
  }
  return Object.entries(items).map(([key, value]) => ({ key, value }));
}

// ---------------------------------------------------------------------------------------------
// The rules.

function checkProviders(config) {
  const problems = [];
  const required = {};
  for (const block of config.terraform) {
    for (const providers of block.required_providers ?? []) {
      Object.assign(required, providers);
    }
  }
  const google = required.google;
  if (!google || google.source !== "hashicorp/google" || google.version !== "~> 6.50") {
    problems.push(`versions.tf: the google provider must be hashicorp/google pinned "~> 6.50", got ${JSON.stringify(google)}`);
  }
  for (const kind of ["resource", "data"]) {
    for (const type of Object.keys(config[kind])) {
      const provider = type.split("_")[0];
      if (!required[provider]) {
        problems.push(`${kind} "${type}": provider "${provider}" is not in required_providers`);
      }
    }
  }
  return problems;
}

function checkSchema(config) {
  const problems = [];
  for (const kind of ["resource", "data"]) {
    for (const [type, byName] of Object.entries(config[kind])) {
      if (!type.startsWith("google_")) {
        continue;
      }
      const schema = providerSchema(type, kind);
      if (!schema) {
        problems.push(`${kind} "${type}" is not a type of the google provider 6.50`);
        continue;
      }
      for (const [name, blocks] of Object.entries(byName)) {
        for (const body of blocks) {
          checkBody(body, schema, `${kind}.${type}.${name}`, problems, true);
        }
      }
    }
  }
  return problems;
}

function checkBody(body, schema, where, problems, topLevel) {
  for (const [arg, value] of Object.entries(body)) {
    if (topLevel && META_ARGUMENTS.has(arg)) {
      continue;
    }
    if (arg === "dynamic") {
      for (const [blockName, dynamics] of Object.entries(value)) {
        for (const dyn of dynamics) {
          checkArgument(blockName, dyn.content ?? [], schema, `${where} (dynamic)`, problems);
        }
      }
      continue;
    }
    checkArgument(arg, value, schema, where, problems);
  }
}

function checkArgument(arg, value, schema, where, problems) {
  const spec = schema.get(arg);
  if (!spec) {
    problems.push(`${where}: "${arg}" is not an argument of the google provider 6.50 (known: ${[...schema.keys()].join(", ")})`);
    return;
  }
  const written = Array.isArray(value) && value.every((v) => v !== null && typeof v === "object" && !Array.isArray(v));
  if (spec.isBlock && !written) {
    problems.push(`${where}: "${arg}" is a block in the provider schema, not an attribute`);
  } else if (!spec.isBlock && written && value.length > 0) {
    problems.push(`${where}: "${arg}" is an attribute in the provider schema, not a block`);
  } else if (spec.isBlock) {
    for (const nested of value) {
      checkBody(nested, spec.children, `${where}.${arg}`, problems, false);
    }
  }
}

const schemaCache = new Map();

/**
 * The argument tree of a google resource or data source, read from the generated bindings of
 * @cdktf/provider-google: each `*ToHclTerraform` function lists a block's arguments with
 * `isBlock`, and a block's value names the function of its nested block.
 */
export function providerSchema(type, kind = "resource") {
  const cacheKey = `${kind}:${type}`;
  if (!schemaCache.has(cacheKey)) {
    schemaCache.set(cacheKey, readSchema(type, kind));
  }
  return schemaCache.get(cacheKey);
}

function readSchema(type, kind) {
  const lib = join(dirname(require.resolve("@cdktf/provider-google/package.json")), "lib");
  const dir = (kind === "data" ? "data-google-" : "") + type.replace(/^google_/, "").replace(/_/g, "-");
  const file = join(lib, dir, "index.js");
  if (!existsSync(file)) {
    return null;
  }
  const js = readFileSync(file, "utf8");
  if (!js.includes(`.tfResourceType = "${type}";`)) {
    return null;
  }
  const functions = new Map();
  for (const m of js.matchAll(/^function (\w+)ToHclTerraform\(struct\) \{\n([\s\S]*?)^\}/gm)) {
    functions.set(m[1], m[2]);
  }
  const top = /synthesizeHclAttributes\(\) \{\n([\s\S]*?)\n {4}\}\n/.exec(js);
  if (!top) {
    return null;
  }
  const build = (body, depth) => {
    const args = new Map();
    for (const m of body.matchAll(/^\s+(\w+): \{\n\s+value: (.*),\n\s+isBlock: (true|false),/gm)) {
      const isBlock = m[3] === "true";
      const child = isBlock ? /(?<![\w.])(\w+)ToHclTerraform\b/.exec(m[2])?.[1] : undefined;
      const childBody = child ? functions.get(child) : undefined;
      args.set(m[1], { isBlock, children: childBody !== undefined && depth < 12 ? build(childBody, depth + 1) : new Map() });
    }
    return args;
  };
  return build(top[1], 0);
}

function checkFunctions(config, facts) {
  const problems = [];
  const functions = config.resource[FUNCTION_TYPE] ?? {};
  if (Object.keys(functions).length === 0) {
    return [`no ${FUNCTION_TYPE} in infra/`];
  }
  for (const [name, [block]] of Object.entries(functions)) {
    const each = instances(block, config);
    if (!each) {
      problems.push(`${FUNCTION_TYPE}.${name}: cannot resolve for_each ${block.for_each}`);
      continue;
    }
    for (const instance of each) {
      const where = `${FUNCTION_TYPE}.${name}${instance.key ? `["${instance.key}"]` : ""}`;
      problems.push(...checkFunction(block, instance, config, facts, where));
    }
  }
  return problems;
}

function checkFunction(block, instance, config, facts, where) {
  const problems = [];
  const build = block.build_config?.[0] ?? {};
  const service = block.service_config?.[0] ?? {};
  const runtime = resolve(build.runtime, config, instance);
  if (runtime !== "java21") {
    problems.push(`${where}: runtime must be java21, got ${runtime}`);
  }
  const entryPoint = resolve(build.entry_point, config, instance);
  if (!facts.httpFunctions.has(entryPoint)) {
    problems.push(`${where}: entry point ${entryPoint} is not a public HttpFunction class with a public no-arg constructor in the sources (known: ${[...facts.httpFunctions].sort().join(", ")})`);
  }

  const concurrency = Number(resolve(service.max_instance_request_concurrency, config, instance));
  const cpu = Number(resolve(service.available_cpu, config, instance));
  if (!(concurrency > 1)) {
    problems.push(`${where}: max_instance_request_concurrency must be above 1, got ${service.max_instance_request_concurrency}`);
  }
  if (!(cpu >= 1)) {
    problems.push(`${where}: available_cpu must be at least 1 for concurrent requests, got ${service.available_cpu}`);
  }

  if (resolve(service.vpc_connector_egress_settings, config, instance) === "ALL_TRAFFIC") {
    problems.push(`${where}: vpc_connector_egress_settings ALL_TRAFFIC sends all egress into a VPC, but the functions call the Gemini API and (multi-agent's weather tool) Open-Meteo on the internet, and infra/ creates no Cloud NAT`);
  }

  const env = resolve(service.environment_variables, config, instance);
  if (!env || typeof env !== "object") {
    problems.push(`${where}: cannot resolve environment_variables ${service.environment_variables} (use a map literal, local.*, each.value.* or merge() of those)`);
    return problems;
  }
  const secretEnv = secretEnvNames(service);
  for (const name of [...Object.keys(env), ...secretEnv]) {
    if (RESERVED_ENV.includes(name)) {
      problems.push(`${where}: ${name} is set by Cloud Functions itself and must not be configured`);
    } else if (!facts.envVars.has(name)) {
      problems.push(`${where}: sets ${name}, which the code does not read (read: ${[...facts.envVars].sort().join(", ")})`);
    }
  }
  for (const name of REQUIRED_SECRET_ENV) {
    if (!secretEnv.includes(name)) {
      problems.push(`${where}: ${name} must come from Secret Manager (secret_environment_variables)`);
    }
    if (name in env) {
      problems.push(`${where}: ${name} must not be a plain environment variable`);
    }
  }

  const timeout = Number(resolve(service.timeout_seconds, config, instance));
  const requestTimeout = Number(resolve(env.REQUEST_TIMEOUT_MS, config, instance));
  if (!(timeout > 0)) {
    problems.push(`${where}: cannot resolve timeout_seconds ${service.timeout_seconds}`);
  } else if (!(requestTimeout < timeout * 1000)) {
    problems.push(`${where}: REQUEST_TIMEOUT_MS (${env.REQUEST_TIMEOUT_MS}) must stay below the function timeout (${timeout} s)`);
  }
  return problems;
}

/**
 * Every variable Config reads is decided in Terraform: set (plainly or as a secret) for every
 * function, or listed in local.env_at_code_defaults as left at the code's default; and each name
 * listed there is one Config reads. A variable Config starts reading fails here until it is decided.
 */
function checkEnvDecided(config, facts) {
  const names = resolve(config.locals[ENV_DEFAULTS_LOCAL], config);
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
    return [`local.${ENV_DEFAULTS_LOCAL} must be a list of variable names (functions.tf), got ${JSON.stringify(config.locals[ENV_DEFAULTS_LOCAL])}`];
  }
  const problems = [];
  for (const name of names) {
    if (!facts.configEnvVars.has(name)) {
      problems.push(`local.${ENV_DEFAULTS_LOCAL} lists ${name}, which Config does not read (read: ${[...facts.configEnvVars].sort().join(", ")})`);
    } else if (RESERVED_ENV.includes(name)) {
      problems.push(`local.${ENV_DEFAULTS_LOCAL} lists ${name}, which Cloud Functions sets itself`);
    }
  }
  const unset = new Map();
  for (const [resource, [block]] of Object.entries(config.resource[FUNCTION_TYPE] ?? {})) {
    for (const instance of instances(block, config) ?? []) {
      const service = block.service_config?.[0] ?? {};
      const env = resolve(service.environment_variables, config, instance);
      const set = new Set([...Object.keys(env && typeof env === "object" ? env : {}), ...secretEnvNames(service)]);
      for (const name of facts.configEnvVars) {
        if (!set.has(name) && !names.includes(name) && !RESERVED_ENV.includes(name)) {
          unset.set(name, [...(unset.get(name) ?? []), `${FUNCTION_TYPE}.${resource}${instance.key ? `["${instance.key}"]` : ""}`]);
        }
      }
    }
  }
  for (const [name, where] of [...unset].sort()) {
    problems.push(`Config reads ${name}, which is neither set for ${where.join(", ")} nor listed in local.${ENV_DEFAULTS_LOCAL} (functions.tf) as left at the code's default`);
  }
  return problems;
}

function secretEnvNames(service) {
  const direct = service.secret_environment_variables ?? [];
  const dynamic = (service.dynamic?.secret_environment_variables ?? []).flatMap((d) => d.content ?? []);
  return [...direct, ...dynamic].map((s) => s.key);
}

/**
 * TTL policies name the field each store expires its documents by (its EXPIRE_AT constant, read
 * from its code); the cache collection and every store with such a constant has one.
 */
function checkTtl(config, facts) {
  if (!facts.cacheStore) {
    return [`no ${CACHE_STORE_FILE} in the Java sources: cannot tell which field the L2 cache expires by`];
  }
  const problems = [];
  const cacheCollections = new Set(configuredCollections(config).get("CACHE_COLLECTION"));
  const storeOf = (collection) => (cacheCollections.has(collection) ? facts.cacheStore : facts.stores.get(collection));
  const fields = firestoreFields(config);
  const expiring = new Map([...cacheCollections].map((c) => [c, facts.cacheStore]));
  for (const [collection, store] of facts.stores) {
    if (storeTtlField(store)) {
      expiring.set(collection, store);
    }
  }
  for (const [collection, store] of expiring) {
    const expected = storeTtlField(store);
    if (!expected) {
      problems.push(`${store.path}: no static final String ${TTL_CONSTANT} naming the field its documents expire by`);
      continue;
    }
    if (expected.error) {
      problems.push(expected.error);
      continue;
    }
    if (!fields.some((f) => f.ttl && f.collection === collection)) {
      problems.push(`no ${FIELD_TYPE} with ttl_config on "${collection}", whose documents expire by ${expected.field} (${TTL_CONSTANT} in ${expected.path})`);
    }
  }
  for (const f of fields.filter((x) => x.ttl)) {
    const store = storeOf(f.collection);
    const expected = store && storeTtlField(store);
    if (store && !expected) {
      problems.push(`${FIELD_TYPE}.${f.name}: TTL policy on "${f.collection}", but ${store.path} declares no ${TTL_CONSTANT} field its documents expire by`);
    } else if (expected && !expected.error && f.field !== expected.field) {
      problems.push(`${FIELD_TYPE}.${f.name}: TTL field "${f.field}" differs from the field ${basename(expected.path)} expires its documents by, ${TTL_CONSTANT} = "${expected.field}" in ${expected.path}`);
    }
  }
  for (const collection of cacheCollections) {
    for (const f of fields.filter((x) => x.unindexed && x.collection === collection)) {
      if (!facts.cacheStore.source.includes(`"${f.field}"`)) {
        problems.push(`${FIELD_TYPE}.${f.name}: unindexed field "${f.field}" is not a field name in ${facts.cacheStore.path}`);
      }
    }
  }
  return problems;
}

function checkDocumented(config) {
  const problems = [];
  for (const [name, block] of Object.entries(config.variable)) {
    for (const key of ["description", "type"]) {
      if (!block[key]) {
        problems.push(`variable "${name}" has no ${key}`);
      }
    }
  }
  for (const [name, [block]] of Object.entries(config.output)) {
    if (!block.description) {
      problems.push(`output "${name}" has no description`);
    }
  }
  return problems;
}

function checkPublicAccess(config) {
  const problems = [];
  const visit = (value, where) => {
    if (typeof value === "string") {
      if (PUBLIC_MEMBERS.test(value)) {
        const gates = [...value.matchAll(/\bvar\.(\w+)/g)].map((m) => m[1]);
        if (gates.length === 0) {
          problems.push(`${where}: grants ${value.match(PUBLIC_MEMBERS)[0]} without a variable gating it`);
        }
        for (const gate of gates) {
          const fallback = config.variable[gate]?.default;
          if (!isEmpty(fallback)) {
            problems.push(`${where}: public access is gated by var.${gate}, whose default ${JSON.stringify(fallback)} makes it public by default`);
          }
        }
      }
    } else if (value && typeof value === "object") {
      for (const [key, nested] of Object.entries(value)) {
        visit(nested, `${where}.${key}`);
      }
    }
  };
  visit(config.resource, "resource");
  visit(config.data, "data");
  visit(config.locals, "locals");
  const grantsPublic = PUBLIC_MEMBERS.test(JSON.stringify([config.resource, config.data, config.locals]));
  if (grantsPublic && !requiresKeysWhenPublic(config)) {
    problems.push(`public access (allUsers) can be granted, but no resource has a lifecycle precondition that requires API keys (var.${API_KEYS_GATE}) for a public function other than health: open mode names callers by address only and is single-tenant`);
  }
  return problems;
}

/** Whether some resource refuses, by a lifecycle precondition, a public grant without API keys. */
function requiresKeysWhenPublic(config) {
  for (const blocks of Object.values(config.resource ?? {})) {
    for (const [block] of Object.values(blocks)) {
      for (const lifecycle of block.lifecycle ?? []) {
        for (const precondition of lifecycle.precondition ?? []) {
          const condition = String(precondition.condition ?? "");
          if (PUBLIC_MEMBERS.test(condition) && condition.includes(`var.${API_KEYS_GATE}`)) {
            return true;
          }
        }
      }
    }
  }
  return false;
}

function isEmpty(value) {
  return value === undefined || value === null || value === false || value === "" || value === 0
    || (Array.isArray(value) && value.length === 0)
    || (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
}

/** The values the functions give each *_COLLECTION variable: name -> [collection]. */
function configuredCollections(config) {
  const out = new Map();
  for (const [, [block]] of Object.entries(config.resource[FUNCTION_TYPE] ?? {})) {
    for (const instance of instances(block, config) ?? []) {
      const env = resolve(block.service_config?.[0]?.environment_variables, config, instance);
      for (const [name, value] of Object.entries(env && typeof env === "object" ? env : {})) {
        if (name.endsWith("_COLLECTION")) {
          out.set(name, [...new Set([...(out.get(name) ?? []), resolve(value, config, instance)])]);
        }
      }
    }
  }
  return out;
}

function firestoreFields(config) {
  return Object.entries(config.resource[FIELD_TYPE] ?? {}).flatMap(([name, [block]]) =>
    (instances(block, config) ?? [{ key: undefined }]).map((instance) => ({
      name: instance.key === undefined ? name : `${name}["${instance.key}"]`,
      collection: resolve(block.collection, config, instance),
      field: resolve(block.field, config, instance),
      ttl: Array.isArray(block.ttl_config),
      unindexed: Array.isArray(block.index_config) && block.index_config.every((c) => Object.keys(c).length === 0),
    })));
}

/**
 * Each composite index instance: its collection and ordered [field_path, order] pairs, from
 * `fields` blocks or from one `dynamic "fields"` block (not both: their relative order is lost).
 */
function firestoreIndexes(config, problems) {
  const out = [];
  for (const [name, [block]] of Object.entries(config.resource[INDEX_TYPE] ?? {})) {
    for (const instance of instances(block, config) ?? [{ key: undefined }]) {
      const where = `${INDEX_TYPE}.${name}${instance.key ? `["${instance.key}"]` : ""}`;
      const dynamic = block.dynamic?.fields ?? [];
      if (dynamic.length > 0 && block.fields) {
        problems.push(`${where}: mixes fields blocks with a dynamic "fields" block, so the fields' order cannot be checked`);
        continue;
      }
      let fields = (block.fields ?? []).map((f) => [resolve(f.field_path, config, instance), resolve(f.order, config, instance)]);
      for (const dyn of dynamic) {
        const items = resolve(dyn.for_each, config, instance);
        const content = dyn.content?.[0] ?? {};
        const iterate = (value) => ({ ...instance, iterator: { name: dyn.iterator ?? "fields", value } });
        fields = Array.isArray(items)
          ? items.map((item) => [resolve(content.field_path, config, iterate(item)), resolve(content.order, config, iterate(item))])
          : [[undefined, undefined]];
      }
      if (fields.some(([path]) => typeof path !== "string")) {
        problems.push(`${where}: cannot resolve its field paths (use literals, local.*, each.value.* or a dynamic block over one of those)`);
        continue;
      }
      out.push({ where, collection: resolve(block.collection, config, instance), fields });
    }
  }
  return out;
}

/**
 * Firestore fields and composite indexes name collections the code uses and fields their store
 * writes, TTL fields included; and every ordered listing a store runs has its composite indexes.
 * A store's first whereEqualTo filter is taken as applied to every listing and each later one as
 * optional: the listing needs (first, order field) and (first, later, order field) indexes, and
 * Firestore merges them when several optional filters are combined. Equality-only queries (no
 * orderBy) are served by single-field indexes and need none.
 */
function checkFirestoreSchema(config, facts) {
  const problems = [];
  const configured = configuredCollections(config);
  const used = new Set([...facts.stores.keys(), ...[...configured.values()].flat()]);
  const cache = new Set(configured.get("CACHE_COLLECTION"));
  const known = `known: ${[...used].sort().join(", ")}`;
  const inStore = (collection, field, where) => {
    const store = facts.stores.get(collection);
    if (store && !store.source.includes(`"${field}"`)) {
      problems.push(`${where}: field "${field}" is not a field name in ${store.path}`);
    }
  };
  for (const f of firestoreFields(config)) {
    const where = `${FIELD_TYPE}.${f.name}`;
    if (!used.has(f.collection)) {
      problems.push(`${where}: collection "${f.collection}" is not one the code uses (${known})`);
    } else if (!cache.has(f.collection)) {
      inStore(f.collection, f.field, where);
    }
  }
  const indexes = firestoreIndexes(config, problems);
  for (const index of indexes) {
    if (!used.has(index.collection)) {
      problems.push(`${index.where}: collection "${index.collection}" is not one the code uses (${known})`);
      continue;
    }
    for (const [path] of index.fields) {
      inStore(index.collection, path, index.where);
    }
  }
  for (const [collection, store] of facts.stores) {
    const order = /\.orderBy\(\s*"(\w+)"\s*(?:,\s*Query\.Direction\.(ASCENDING|DESCENDING)\s*)?\)/.exec(store.source);
    if (!order) {
      continue;
    }
    const direction = order[2] ?? "ASCENDING";
    const equalities = [...new Set([...store.source.matchAll(/\.whereEqualTo\(\s*"(\w+)"/g)].map((m) => m[1]))];
    if (equalities.length === 0) {
      continue;
    }
    for (const prefix of [[equalities[0]], ...equalities.slice(1).map((e) => [equalities[0], e])]) {
      const paths = [...prefix, order[1]];
      const found = indexes.some((index) => index.collection === collection
        && index.fields.length === paths.length
        && index.fields.every(([path], i) => path === paths[i])
        && index.fields[paths.length - 1][1] === direction);
      if (!found) {
        problems.push(`${store.path} lists ${collection} by ${prefix.map((p) => `${p} ==`).join(", ")} ordered by ${order[1]} ${direction}: no ${INDEX_TYPE} on "${collection}" with fields ${paths.join(", ")} (${order[1]} ${direction})`);
      }
    }
  }
  return problems;
}
