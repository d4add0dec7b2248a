# Firestore (native mode) holds what instances share: the L2 answer cache with its leases (one
# model call per missing answer across instances), spend budget slices, conversations (one document
# per turn), A2A tasks, calendar events and the global usage counters. TTL policies delete expired
# documents (up to a day late; the code checks expireAt on every read).

locals {
  firestore_database = var.create_firestore_database ? google_firestore_database.main[0].name : var.firestore_database

  # Collection and field names the code uses (infra/check compares them with the Java sources).
  cache_collection    = "agent_cache"
  cache_ttl_field     = "expireAt"
  cache_answer_field  = "answer"
  a2a_task_collection = "a2a_tasks"
  a2a_task_ttl_field  = "expireAt"
  a2a_task_body_field = "task"
  stats_collection    = "agent_stats"
  session_collection  = "agent_sessions"
  session_ttl_field   = "expireAt"

  # A session's turns are read by session == ordered by turn descending (FirestoreSessionStore).
  session_index = [
    { field = "session", order = "ASCENDING" },
    { field = "turn", order = "DESCENDING" },
  ]
  # A turn's texts can be large and are never queried: no single-field indexes on them.
  session_unindexed_fields = {
    query   = "the caller's question"
    answer  = "the model's answer"
    summary = "the running summary of older turns"
  }

  # Leases on missing answers and budget slices are claimed with create(); both expire through
  # expireAt (firestore/Claims.EXPIRE_AT): dead holders' leases, and slices a day after their period.
  lease_collection  = "agent_cache_leases"
  budget_collection = "budget_slices"
  claims_ttl_field  = "expireAt"

  # ListTasks (FirestoreTaskStore.list) filters on owner, optionally on contextId and state, and
  # orders by updatedAt descending; with both filters Firestore merges the last two indexes.
  # Calendar lookups (owner == and date ==, no order) and the stats shards (read whole) need none.
  a2a_task_indexes = {
    owner = [
      { field = "owner", order = "ASCENDING" },
      { field = "updatedAt", order = "DESCENDING" },
    ]
    owner-context = [
      { field = "owner", order = "ASCENDING" },
      { field = "contextId", order = "ASCENDING" },
      { field = "updatedAt", order = "DESCENDING" },
    ]
    owner-state = [
      { field = "owner", order = "ASCENDING" },
      { field = "state", order = "ASCENDING" },
      { field = "updatedAt", order = "DESCENDING" },
    ]
  }
}

resource "google_firestore_database" "main" {
  count = var.create_firestore_database ? 1 : 0

  project                 = var.project_id
  name                    = var.firestore_database
  location_id             = var.firestore_location
  type                    = "FIRESTORE_NATIVE"
  concurrency_mode        = "OPTIMISTIC"
  delete_protection_state = var.firestore_delete_on_destroy ? "DELETE_PROTECTION_DISABLED" : "DELETE_PROTECTION_ENABLED"
  deletion_policy         = var.firestore_delete_on_destroy ? "DELETE" : "ABANDON"

  depends_on = [google_project_service.api]
}

# Cached answers expire through expireAt (a Timestamp written by FirestoreCacheStore).
resource "google_firestore_field" "cache_ttl" {
  project    = var.project_id
  database   = local.firestore_database
  collection = local.cache_collection
  field      = local.cache_ttl_field

  ttl_config {}
}

# The answer can be large and is never queried: no single-field indexes on it.
resource "google_firestore_field" "cache_answer" {
  project    = var.project_id
  database   = local.firestore_database
  collection = local.cache_collection
  field      = local.cache_answer_field

  index_config {}

  # Field operations on one database run one at a time.
  depends_on = [google_firestore_field.cache_ttl]
}

# Leases left behind by instances that died holding them, and budget slices of past periods.
resource "google_firestore_field" "lease_ttl" {
  project    = var.project_id
  database   = local.firestore_database
  collection = local.lease_collection
  field      = local.claims_ttl_field

  ttl_config {}

  depends_on = [google_firestore_field.cache_answer]
}

resource "google_firestore_field" "budget_slice_ttl" {
  project    = var.project_id
  database   = local.firestore_database
  collection = local.budget_collection
  field      = local.claims_ttl_field

  ttl_config {}

  depends_on = [google_firestore_field.lease_ttl]
}

# A2A tasks expire through their expireAt field; var.a2a_tasks_ttl turns the policy off.
resource "google_firestore_field" "a2a_task_ttl" {
  count = var.a2a_tasks_ttl ? 1 : 0

  project    = var.project_id
  database   = local.firestore_database
  collection = local.a2a_task_collection
  field      = local.a2a_task_ttl_field

  ttl_config {}

  depends_on = [google_firestore_field.budget_slice_ttl]
}

# The task JSON (up to 900 kB) is never queried either.
resource "google_firestore_field" "a2a_task_body" {
  project    = var.project_id
  database   = local.firestore_database
  collection = local.a2a_task_collection
  field      = local.a2a_task_body_field

  index_config {}

  depends_on = [google_firestore_field.a2a_task_ttl, google_firestore_field.cache_answer]
}

# The composite indexes of the A2A task listings (local.a2a_task_indexes).
resource "google_firestore_index" "a2a_tasks" {
  for_each = local.a2a_task_indexes

  project    = var.project_id
  database   = local.firestore_database
  collection = local.a2a_task_collection

  dynamic "fields" {
    for_each = each.value
    content {
      field_path = fields.value.field
      order      = fields.value.order
    }
  }

  depends_on = [google_firestore_field.a2a_task_body]
}

# Conversation turns expire through expireAt (SESSION_TTL_HOURS after each turn was recorded).
resource "google_firestore_field" "session_ttl" {
  project    = var.project_id
  database   = local.firestore_database
  collection = local.session_collection
  field      = local.session_ttl_field

  ttl_config {}

  depends_on = [google_firestore_field.a2a_task_body]
}

resource "google_firestore_field" "session_texts" {
  for_each = local.session_unindexed_fields

  project    = var.project_id
  database   = local.firestore_database
  collection = local.session_collection
  field      = each.key

  index_config {}

  depends_on = [google_firestore_field.session_ttl]
}

# The index of a session's turns, newest first (local.session_index).
resource "google_firestore_index" "sessions" {
  project    = var.project_id
  database   = local.firestore_database
  collection = local.session_collection

  dynamic "fields" {
    for_each = local.session_index
    content {
      field_path = fields.value.field
      order      = fields.value.order
    }
  }

  depends_on = [google_firestore_field.session_texts]
}
