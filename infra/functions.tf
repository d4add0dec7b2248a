# The four Cloud Functions (2nd gen), one per deployment JAR that `./mvnw package` leaves in
# functions/<module>/target/deployment/. Every environment variable set here is one that
# shared/src/main/java/dev/agentfn/config/Config.java reads (infra/check verifies it).

locals {
  # module = the Maven module under functions/; REQUEST_TIMEOUT_MS stays below timeout_seconds.
  # CALLER_IDENTITY = "iam": without API keys, callers of these private functions are named by the
  # Google identity Cloud Run verified, not by their address; health keeps none (no per-caller data).
  functions = {
    chat = {
      module          = "chat"
      entry_point     = "dev.agentfn.function.chat.ChatFunction"
      description     = "POST /chat (one query, routed and cached) and the OpenAI-compatible /v1"
      timeout_seconds = 60
      env = {
        REQUEST_TIMEOUT_MS = "55000"
        CALLER_IDENTITY    = "iam"
      }
    }
    batch = {
      module          = "batch"
      entry_point     = "dev.agentfn.function.batch.BatchFunction"
      description     = "POST /chat/batch: many queries concurrently"
      timeout_seconds = 300
      env = {
        REQUEST_TIMEOUT_MS = "290000"
        BATCH_MAX_ITEMS    = "100"
        BATCH_CONCURRENCY  = "16"
        CALLER_IDENTITY    = "iam"
      }
    }
    multi-agent = {
      module          = "multi-agent"
      entry_point     = "dev.agentfn.function.multiagent.MultiAgentFunction"
      description     = "POST /chat/multi-agent and A2A: planner and executor"
      timeout_seconds = 300
      env = {
        REQUEST_TIMEOUT_MS = "290000"
        CALLER_IDENTITY    = "iam"
        A2A_AGENTS         = join(",", var.a2a_agents)
      }
    }
    health = {
      module          = "health"
      entry_point     = "dev.agentfn.function.health.HealthFunction"
      description     = "GET /health /models /stats /cache/stats"
      timeout_seconds = 30
      env = {
        REQUEST_TIMEOUT_MS = "25000"
      }
    }
  }

  # The variables Config reads that the deployment leaves at the code's default (README's
  # configuration table), for the functions that do not set them. infra/check requires every
  # variable Config reads to be set for every function or listed here.
  env_at_code_defaults = [
    "A2A_AGENTS",
    "API_KEYS_FILE",
    "BATCH_CONCURRENCY",
    "BATCH_MAX_ITEMS",
    "CACHE_MAX_ENTRIES",
    "CACHE_MAX_MB",
    "CALLER_IDENTITY",
    "CORS_ALLOWED_ORIGINS",
    "FIRESTORE_EMULATOR_HOST",
    "GCE_METADATA_HOST",
    "GEMINI_BASE_URL",
    "GEOCODING_BASE_URL",
    "GOOGLE_API_KEY",
    "GOOGLE_CLOUD_LOCATION",
    "GOOGLE_GENAI_USE_VERTEXAI",
    "LOG_PROMPTS",
    "MAX_BODY_BYTES",
    "MODEL_MAX_ATTEMPTS",
    "MODEL_TIMEOUT_MS",
    "OFFLINE_LATENCY_MS",
    "WEATHER_BASE_URL",
  ]

  # Every function builds the same Config; all of them flush usage counters to, and health
  # reads them from, the same STATS_COLLECTION.
  common_env = {
    MODEL_PROVIDER        = var.model_provider
    MODEL_FAST            = var.model_fast
    MODEL_STRONG          = var.model_strong
    GOOGLE_CLOUD_PROJECT  = var.project_id
    CACHE_FIRESTORE       = "on"
    CACHE_COLLECTION      = local.cache_collection
    CACHE_TTL_SECONDS     = tostring(var.cache_ttl_seconds)
    FIRESTORE_DATABASE    = local.firestore_database
    RATE_LIMIT_PER_MINUTE = tostring(var.rate_limit_per_minute)
    CACHE_SCOPE           = var.cache_scope
    CACHE_L2_TIMEOUT_MS   = tostring(var.cache_l2_timeout_ms)
    STATS_COLLECTION      = local.stats_collection
    STATS_FLUSH_SECONDS   = tostring(var.stats_flush_seconds)
    MODEL_BACKOFF_MS      = tostring(var.model_backoff_ms)
    MODEL_BACKOFF_MAX_MS  = tostring(var.model_backoff_max_ms)
    MODEL_MAX_CONCURRENCY = tostring(var.model_max_concurrency)
    MODEL_PRICES          = var.model_prices
    CACHE_LEASE_SECONDS   = tostring(var.cache_lease_seconds)
    BUDGET_USD            = var.budget_usd
    BUDGET_PERIOD         = var.budget_period
    # Conversations (chat's session_id, A2A contextId) live in Firestore's agent_sessions.
    SESSION_TTL_HOURS          = tostring(var.session_ttl_hours)
    SESSION_MAX_CONTEXT_TOKENS = tostring(var.session_max_context_tokens)
  }
}

resource "google_cloudfunctions2_function" "fn" {
  for_each = local.functions

  name        = "${var.name_prefix}-${each.key}"
  location    = var.region
  description = each.value.description

  build_config {
    runtime         = "java21"
    entry_point     = each.value.entry_point
    service_account = google_service_account.build.id

    source {
      storage_source {
        bucket = google_storage_bucket.sources.name
        object = google_storage_bucket_object.source[each.key].name
      }
    }
  }

  # No VPC connector: egress goes straight to the internet, which the multi-agent function's
  # weather tool needs (Open-Meteo); routing ALL_TRAFFIC through a VPC would need Cloud NAT.
  service_config {
    available_cpu                    = var.cpu
    available_memory                 = var.memory
    max_instance_request_concurrency = var.instance_concurrency
    min_instance_count               = var.min_instances
    max_instance_count               = var.max_instances
    timeout_seconds                  = each.value.timeout_seconds
    ingress_settings                 = "ALLOW_ALL"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.function[each.key].email
    environment_variables            = merge(local.common_env, each.value.env)

    secret_environment_variables {
      key        = "GEMINI_API_KEY"
      project_id = var.project_id
      secret     = google_secret_manager_secret.gemini_api_key.secret_id
      version    = "latest"
    }

    dynamic "secret_environment_variables" {
      for_each = var.a2a_agent_headers_secret && each.key == "multi-agent" ? [1] : []
      content {
        key        = "A2A_AGENT_HEADERS"
        project_id = var.project_id
        secret     = google_secret_manager_secret.a2a_agent_headers[0].secret_id
        version    = "latest"
      }
    }

    dynamic "secret_environment_variables" {
      for_each = var.api_keys_secret ? [1] : []
      content {
        key        = "API_KEYS"
        project_id = var.project_id
        secret     = google_secret_manager_secret.api_keys[0].secret_id
        version    = "latest"
      }
    }
  }

  depends_on = [
    google_project_service.api,
    google_project_iam_member.build,
    google_project_iam_member.build_reads_sources,
    google_secret_manager_secret_iam_member.gemini_api_key,
    google_secret_manager_secret_iam_member.api_keys,
    google_secret_manager_secret_iam_member.a2a_agent_headers,
  ]
}

# Private by default: run.invoker only for var.invoker_members, allUsers only for
# var.public_functions. A public function other than health needs API keys: without keys callers are
# told apart only by their address (users behind one NAT would share A2A tasks and calendar events),
# and the IAM identity the private functions name callers by does not exist for anonymous calls.
locals {
  invoker_bindings = merge(
    { for pair in setproduct(keys(local.functions), var.invoker_members) : "${pair[0]} ${pair[1]}" => { function = pair[0], member = pair[1] } },
    { for f in var.public_functions : "${f} allUsers" => { function = f, member = "allUsers" } },
  )
}

resource "google_cloud_run_v2_service_iam_member" "invoker" {
  for_each = local.invoker_bindings

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.fn[each.value.function].service_config[0].service
  role     = "roles/run.invoker"
  member   = each.value.member

  lifecycle {
    precondition {
      condition     = each.value.member != "allUsers" || each.value.function == "health" || var.api_keys_secret
      error_message = "Function ${each.value.function} is public without API keys: set api_keys_secret = true (API keys then name its callers), or remove it from public_functions."
    }
  }
}
