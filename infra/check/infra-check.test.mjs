// The repository's infra/ must pass every rule, and each rule must catch the drift it is for:
// every drift test mutates an in-memory copy of the real configuration or Java sources.

import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join, dirname } from "node:path";
import { loadProject, copyProject, checkProject } from "./infra-check.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const project = loadProject(root);

/** A copy of the project with `from` replaced by `to` in one file (which must contain `from`). */
function mutated(file, from, to, base = project) {
  const copy = copyProject(base);
  const map = file.endsWith(".java") ? copy.java : copy.tf;
  const key = [...map.keys()].find((k) => k === file || k.endsWith(`/${file}`));
  assert.ok(key, `no file ${file}`);
  const text = map.get(key);
  assert.ok(text.includes(from), `${file} does not contain ${JSON.stringify(from)}`);
  map.set(key, text.replace(from, to));
  return copy;
}

async function assertProblem(copy, pattern) {
  const problems = await checkProject(copy);
  assert.ok(problems.some((p) => pattern.test(p)), `expected a problem matching ${pattern}, got:\n${problems.join("\n")}`);
}

test("the repository's infra matches the code and the google provider 6.50", async () => {
  assert.deepEqual(await checkProject(project), []);
});

test("an entry point that names no HttpFunction class fails", async () => {
  const copy = mutated("functions.tf", '"dev.agentfn.function.batch.BatchFunction"', '"dev.agentfn.function.batch.BatchFunctions"');
  await assertProblem(copy, /\["batch"\]: entry point dev\.agentfn\.function\.batch\.BatchFunctions is not/);
});

test("a function class that stops implementing HttpFunction fails", async () => {
  const copy = mutated("ChatFunction.java", "implements HttpFunction", "implements Runnable");
  await assertProblem(copy, /\["chat"\]: entry point dev\.agentfn\.function\.chat\.ChatFunction is not/);
});

test("an environment variable the code does not read fails", async () => {
  const copy = mutated("functions.tf", "        REQUEST_TIMEOUT_MS = \"55000\"\n", "        REQUEST_TIMEOUT_MS = \"55000\"\n        CACHE_TTL_SECS     = \"60\"\n");
  await assertProblem(copy, /\["chat"\]: sets CACHE_TTL_SECS, which the code does not read/);
});

test("a variable renamed in Config.java fails where Terraform still sets the old name", async () => {
  const copy = mutated("Config.java", '"MODEL_STRONG"', '"MODEL_LARGE"');
  await assertProblem(copy, /sets MODEL_STRONG, which the code does not read/);
});

test("a variable Config reads that a function does not set fails", async () => {
  const copy = mutated("functions.tf", '    CACHE_FIRESTORE       = "on"\n', "");
  await assertProblem(copy, /^Config reads CACHE_FIRESTORE, which is neither set for google_cloudfunctions2_function\.fn\["batch"\], .*fn\["chat"\].* nor listed in local\.env_at_code_defaults/);
});

test("a variable Config starts reading fails until Terraform sets it or keeps its default", async () => {
  const copy = mutated("Config.java", 'env.bool("LOG_PROMPTS", false)', 'env.bool("LOG_PROMPTS", env.bool("LOG_EVERYTHING", false))');
  await assertProblem(copy, /^Config reads LOG_EVERYTHING, which is neither set for .*fn\["chat"\].* nor listed in local\.env_at_code_defaults/);
  const decided = mutated("functions.tf", '    "LOG_PROMPTS",\n', '    "LOG_EVERYTHING",\n    "LOG_PROMPTS",\n', copy);
  assert.deepEqual(await checkProject(decided), []);
});

test("a variable set for only some functions fails for the others", async () => {
  const copy = mutated("functions.tf", '    "BATCH_MAX_ITEMS",\n', "");
  await assertProblem(copy, /^Config reads BATCH_MAX_ITEMS, which is neither set for .*fn\["chat"\]/);
  const problems = await checkProject(copy);
  assert.ok(!problems.some((p) => /BATCH_MAX_ITEMS.*fn\["batch"\]/.test(p)), problems.join("\n"));
});

test("a variable Config reads through a constant is seen by its value", async () => {
  const copy = mutated("ApiKeyFile.java", 'VARIABLE = "API_KEYS_FILE"', 'VARIABLE = "API_KEYS_PATH"');
  await assertProblem(copy, /^Config reads API_KEYS_PATH, which is neither set/);
  await assertProblem(copy, /local\.env_at_code_defaults lists API_KEYS_FILE, which Config does not read/);
});

test("a default kept for a variable Config does not read fails", async () => {
  const copy = mutated("functions.tf", '    "MAX_BODY_BYTES",\n', '    "MAX_BODY_BYTE",\n');
  await assertProblem(copy, /local\.env_at_code_defaults lists MAX_BODY_BYTE, which Config does not read/);
  await assertProblem(copy, /^Config reads MAX_BODY_BYTES, which is neither set/);
});

test("the Gemini key as a plain environment variable fails", async () => {
  const copy = mutated("functions.tf", "GOOGLE_CLOUD_PROJECT  = var.project_id", "GEMINI_API_KEY        = var.project_id");
  await assertProblem(copy, /GEMINI_API_KEY must not be a plain environment variable/);
});

test("a variable Cloud Functions reserves fails", async () => {
  const copy = mutated("functions.tf", "        REQUEST_TIMEOUT_MS = \"25000\"\n", "        REQUEST_TIMEOUT_MS = \"25000\"\n        PORT               = \"8080\"\n");
  await assertProblem(copy, /\["health"\]: PORT is set by Cloud Functions itself/);
});

test("a request deadline not below the function timeout fails", async () => {
  const copy = mutated("functions.tf", 'REQUEST_TIMEOUT_MS = "55000"', 'REQUEST_TIMEOUT_MS = "60000"');
  await assertProblem(copy, /\["chat"\]: REQUEST_TIMEOUT_MS \(60000\) must stay below the function timeout \(60 s\)/);
});

test("one request per instance, or less than one vCPU, fails", async () => {
  await assertProblem(mutated("variables.tf", "default     = 80", "default     = 1"), /max_instance_request_concurrency must be above 1/);
  await assertProblem(mutated("variables.tf", 'default     = "1"\n', 'default     = "0.5"\n'), /available_cpu must be at least 1/);
});

test("a TTL field that differs from the one the cache writes fails", async () => {
  const copy = mutated("firestore.tf", 'cache_ttl_field     = "expireAt"', 'cache_ttl_field     = "createdAt"');
  await assertProblem(copy, /google_firestore_field\.cache_ttl: TTL field "createdAt" differs from the field FirestoreCacheStore\.java expires its documents by, EXPIRE_AT = "expireAt"/);
});

test("a cache that renames its expiry field fails", async () => {
  const copy = mutated("FirestoreCacheStore.java", 'EXPIRE_AT = "expireAt"', 'EXPIRE_AT = "validUntil"');
  await assertProblem(copy, /cache_ttl: TTL field "expireAt" differs from the field FirestoreCacheStore\.java expires its documents by, EXPIRE_AT = "validUntil"/);
});

test("a store that declares its expiry field but writes another fails", async () => {
  const copy = mutated("FirestoreTaskStore.java", "document.put(EXPIRE_AT, ", 'document.put("expiresAt", ');
  await assertProblem(copy, /FirestoreTaskStore\.java: declares EXPIRE_AT = "expireAt" but never writes a field by it/);
});

test("sources without the cache's expiry constant fail clearly", async () => {
  const copy = copyProject(project);
  for (const key of [...copy.java.keys()].filter((k) => k.endsWith("FirestoreCacheStore.java"))) {
    copy.java.delete(key);
  }
  await assertProblem(copy, /no FirestoreCacheStore\.java in the Java sources/);
});

test("an unindexed cache field the cache does not write fails", async () => {
  const copy = mutated("firestore.tf", 'cache_answer_field  = "answer"', 'cache_answer_field  = "answer_text"');
  await assertProblem(copy, /unindexed field "answer_text" is not a field name/);
});

test("allUsers without a variable gating it fails", async () => {
  const copy = copyProject(project);
  copy.tf.set("extra.tf", 'resource "google_cloud_run_v2_service_iam_member" "open" {\n  name   = "x"\n  role   = "roles/run.invoker"\n  member = "allUsers"\n}\n');
  await assertProblem(copy, /grants allUsers without a variable gating it/);
});

test("a public grant without the precondition that requires API keys fails", async () => {
  const copy = mutated("functions.tf", "|| var.api_keys_secret", "|| true");
  await assertProblem(copy, /no resource has a lifecycle precondition that requires API keys \(var\.api_keys_secret\)/);
});

test("functions public by default fail", async () => {
  const copy = mutated("variables.tf", "  type        = set(string)\n  default     = []", '  type        = set(string)\n  default     = ["chat"]');
  await assertProblem(copy, /gated by var\.public_functions, whose default \["chat"\] makes it public by default/);
});

test("an unformatted file fails", async () => {
  const copy = mutated("outputs.tf", '  description = "HTTPS URL of each function."', '  description   = "HTTPS URL of each function."');
  await assertProblem(copy, /^outputs\.tf: not formatted as terraform fmt would \(first difference at line 2\)/);
});

test("an argument the provider does not have fails", async () => {
  const copy = mutated("functions.tf", "    available_memory                 = var.memory", "    available_memory_mb              = var.memory");
  await assertProblem(copy, /resource\.google_cloudfunctions2_function\.fn\.service_config: "available_memory_mb" is not an argument/);
});

test("a resource type the provider does not have fails", async () => {
  const copy = mutated("apis.tf", 'resource "google_project_service" "api"', 'resource "google_project_services" "api"');
  await assertProblem(copy, /resource "google_project_services" is not a type of the google provider 6\.50/);
});

test("a block written as an attribute fails", async () => {
  const copy = mutated("firestore.tf", "  ttl_config {}\n\n  depends_on = [google_firestore_field.cache_answer]", "  ttl_config = {}\n\n  depends_on = [google_firestore_field.cache_answer]");
  await assertProblem(copy, /"ttl_config" is a block in the provider schema/);
});

test("a google provider not pinned to ~> 6.50 fails", async () => {
  const copy = mutated("versions.tf", '"~> 6.50"', '"~> 5.0"');
  await assertProblem(copy, /the google provider must be hashicorp\/google pinned "~> 6\.50"/);
});

test("a variable without a description or type fails", async () => {
  const copy = mutated("variables.tf", '  description = "Memory per instance, e.g. 1Gi."\n  type        = string\n', "");
  await assertProblem(copy, /variable "memory" has no description/);
  await assertProblem(copy, /variable "memory" has no type/);
});

test("a composite index on a collection the code does not use fails", async () => {
  const copy = mutated("firestore.tf", "  collection = local.a2a_task_collection\n\n  dynamic", '  collection = "a2a_task"\n\n  dynamic');
  await assertProblem(copy, /google_firestore_index\.a2a_tasks\["owner"\]: collection "a2a_task" is not one the code uses/);
});

test("a composite index on a field the store does not write fails", async () => {
  const copy = mutated("firestore.tf", '{ field = "contextId", order = "ASCENDING" }', '{ field = "context_id", order = "ASCENDING" }');
  await assertProblem(copy, /google_firestore_index\.a2a_tasks\["owner-context"\]: field "context_id" is not a field name in .*FirestoreTaskStore\.java/);
});

test("a listing without its composite index fails", async () => {
  const copy = mutated("firestore.tf", '      { field = "state", order = "ASCENDING" },\n', "");
  await assertProblem(copy, /FirestoreTaskStore\.java lists a2a_tasks by owner ==, state == ordered by updatedAt DESCENDING: no google_firestore_index on "a2a_tasks" with fields owner, state, updatedAt/);
});

test("an index whose order differs from the listing's fails", async () => {
  const copy = mutated("firestore.tf", '      { field = "updatedAt", order = "DESCENDING" },\n    ]\n    owner-context', '      { field = "updatedAt", order = "ASCENDING" },\n    ]\n    owner-context');
  await assertProblem(copy, /lists a2a_tasks by owner == ordered by updatedAt DESCENDING: no google_firestore_index/);
});

test("a store that filters or orders by a new field fails until its index exists", async () => {
  await assertProblem(mutated("FirestoreTaskStore.java", 'filtered.whereEqualTo("contextId"', 'filtered.whereEqualTo("context"'),
    /lists a2a_tasks by owner ==, context == ordered by updatedAt DESCENDING: no google_firestore_index/);
  await assertProblem(mutated("FirestoreCalendarStore.java", ".limit(MAX_EVENTS_PER_DAY)", '.orderBy("createdAt").limit(MAX_EVENTS_PER_DAY)'),
    /FirestoreCalendarStore\.java lists calendar_events by owner ==, date == ordered by createdAt ASCENDING: no google_firestore_index/);
});

test("an A2A task TTL on updatedAt, a field the store writes but not its expiry, fails", async () => {
  const copy = mutated("firestore.tf", 'a2a_task_ttl_field  = "expireAt"', 'a2a_task_ttl_field  = "updatedAt"');
  await assertProblem(copy, /google_firestore_field\.a2a_task_ttl: TTL field "updatedAt" differs from the field FirestoreTaskStore\.java expires its documents by, EXPIRE_AT = "expireAt"/);
});

test("an A2A task store that expires tasks by updatedAt fails", async () => {
  const copy = mutated("FirestoreTaskStore.java", 'EXPIRE_AT = "expireAt"', 'EXPIRE_AT = "updatedAt"');
  await assertProblem(copy, /google_firestore_field\.a2a_task_ttl: TTL field "expireAt" differs from the field FirestoreTaskStore\.java expires its documents by, EXPIRE_AT = "updatedAt"/);
});

test("a store whose documents expire without a TTL policy fails", async () => {
  const copy = mutated("firestore.tf", '  collection = local.a2a_task_collection\n  field      = local.a2a_task_ttl_field\n\n  ttl_config {}\n',
    '  collection = local.a2a_task_collection\n  field      = local.a2a_task_ttl_field\n');
  await assertProblem(copy, /no google_firestore_field with ttl_config on "a2a_tasks", whose documents expire by expireAt \(EXPIRE_AT in .*FirestoreTaskStore\.java\)/);
});

test("the sessions store's expiry field and its TTL policy must agree", async () => {
  await assertProblem(mutated("FirestoreSessionStore.java", 'EXPIRE_AT = "expireAt"', 'EXPIRE_AT = "expiresAt"'),
    /google_firestore_field\.session_ttl: TTL field "expireAt" differs from the field FirestoreSessionStore\.java expires its documents by/);
  await assertProblem(mutated("firestore.tf", 'collection = local.session_collection\n  field      = local.session_ttl_field\n\n  ttl_config {}', 'collection = local.session_collection\n  field      = local.session_ttl_field\n\n  index_config {}'),
    /no google_firestore_field with ttl_config on "agent_sessions", whose documents expire by expireAt/);
});

test("a session field exempted from indexing that the store does not write fails", async () => {
  await assertProblem(mutated("firestore.tf", '    summary = "the running summary of older turns"', '    digest  = "the running summary of older turns"'),
    /google_firestore_field\.session_texts\["digest"\]: field "digest" is not a field name in .*FirestoreSessionStore\.java/);
});

test("the session listing without its composite index fails", async () => {
  await assertProblem(mutated("firestore.tf", '{ field = "turn", order = "DESCENDING" }', '{ field = "turn", order = "ASCENDING" }'),
    /FirestoreSessionStore\.java lists agent_sessions by session == ordered by turn DESCENDING: no google_firestore_index/);
});

test("all egress routed into a VPC fails", async () => {
  const copy = mutated("functions.tf", '    ingress_settings                 = "ALLOW_ALL"\n',
    '    vpc_connector_egress_settings    = "ALL_TRAFFIC"\n    ingress_settings                 = "ALLOW_ALL"\n');
  await assertProblem(copy, /\["multi-agent"\]: vpc_connector_egress_settings ALL_TRAFFIC sends all egress into a VPC/);
});

test("a collection of leases without a TTL policy on the claims' expiry field fails", async () => {
  const copy = mutated("firestore.tf", "collection = local.lease_collection", "collection = local.budget_collection");
  await assertProblem(copy, /no google_firestore_field with ttl_config on "agent_cache_leases", whose documents expire by expireAt \(EXPIRE_AT in .*LeasedCoalescer\.java\)/);
});

test("a budget ledger that renames its collection fails where Terraform still names the old one", async () => {
  const copy = mutated("FirestoreLedger.java", 'COLLECTION = "budget_slices"', 'COLLECTION = "budget_parts"');
  await assertProblem(copy, /collection "budget_slices" is not one the code uses/);
});

test("a TTL field the claims do not write fails", async () => {
  const copy = mutated("Claims.java", 'EXPIRE_AT = "expireAt"', 'EXPIRE_AT = "expiresAt"');
  await assertProblem(copy, /budget_slice_ttl: TTL field "expireAt" differs from the field FirestoreLedger\.java expires its documents by, EXPIRE_AT = "expiresAt"/);
});
