variable "project_id" {
  description = "Google Cloud project that hosts the functions, Firestore and the secrets."
  type        = string
}

variable "region" {
  description = "Region of the functions and of the source bucket."
  type        = string
  default     = "us-central1"
}

variable "name_prefix" {
  description = "Prefix of every resource name (functions, service accounts, secrets, bucket)."
  type        = string
  default     = "agentfn"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,14}$", var.name_prefix))
    error_message = "name_prefix must be 2-15 lower-case letters, digits or dashes, starting with a letter (service account ids are limited to 30 characters)."
  }
}

variable "model_provider" {
  description = "MODEL_PROVIDER of the functions: gemini (fails fast without the key), auto or offline."
  type        = string
  default     = "gemini"

  validation {
    condition     = contains(["auto", "gemini", "offline"], var.model_provider)
    error_message = "model_provider must be auto, gemini or offline."
  }
}

variable "model_fast" {
  description = "MODEL_FAST: the router's fast tier."
  type        = string
  default     = "gemini-3.1-flash-lite"
}

variable "model_strong" {
  description = "MODEL_STRONG: the router's strong tier."
  type        = string
  default     = "gemini-3.5-flash"
}

variable "cache_ttl_seconds" {
  description = "CACHE_TTL_SECONDS: lifetime of a cached answer (L1 and the Firestore expireAt)."
  type        = number
  default     = 3600

  validation {
    condition     = var.cache_ttl_seconds >= 1 && var.cache_ttl_seconds <= 2592000
    error_message = "cache_ttl_seconds must be between 1 and 2592000 (30 days)."
  }
}

variable "rate_limit_per_minute" {
  description = "RATE_LIMIT_PER_MINUTE per API key (or client address); 0 turns the limit off."
  type        = number
  default     = 120
}

variable "min_instances" {
  description = "Instances kept warm per function (0 = scale to zero; each warm instance is billed while idle)."
  type        = number
  default     = 0
}

variable "max_instances" {
  description = "Upper bound of instances per function."
  type        = number
  default     = 10
}

variable "instance_concurrency" {
  description = "Requests one instance serves at once (max_instance_request_concurrency); above 1 needs at least 1 vCPU."
  type        = number
  default     = 80

  validation {
    condition     = var.instance_concurrency > 1 && var.instance_concurrency <= 1000
    error_message = "instance_concurrency must be between 2 and 1000."
  }
}

variable "cpu" {
  description = "vCPUs per instance (at least 1, since instances serve concurrent requests)."
  type        = string
  default     = "1"

  validation {
    condition     = tonumber(var.cpu) >= 1
    error_message = "cpu must be at least 1 when instances serve concurrent requests."
  }
}

variable "memory" {
  description = "Memory per instance, e.g. 1Gi."
  type        = string
  default     = "1Gi"
}

variable "invoker_members" {
  description = "IAM members allowed to call every function (roles/run.invoker), e.g. [\"user:dev@example.com\", \"serviceAccount:app@p.iam.gserviceaccount.com\"]."
  type        = list(string)
  default     = []
}

variable "public_functions" {
  description = "Functions (chat, batch, multi-agent, health) that anyone may call (allUsers). Empty = all private. Any but health needs api_keys_secret = true (without keys, callers are told apart only by address)."
  type        = set(string)
  default     = []

  validation {
    condition     = alltrue([for f in var.public_functions : contains(["chat", "batch", "multi-agent", "health"], f)])
    error_message = "public_functions may only name chat, batch, multi-agent or health."
  }
}

variable "api_keys_secret" {
  description = "Create an API_KEYS secret and pass it to the functions (its value, comma-separated keys, is added outside Terraform)."
  type        = bool
  default     = false
}

variable "create_firestore_database" {
  description = "Create the Firestore database; false when firestore_database already exists in the project."
  type        = bool
  default     = true
}

variable "firestore_database" {
  description = "FIRESTORE_DATABASE: the Firestore database id."
  type        = string
  default     = "(default)"
}

variable "firestore_location" {
  description = "Location of the Firestore database (a multi-region such as nam5 or a region)."
  type        = string
  default     = "nam5"
}

variable "firestore_delete_on_destroy" {
  description = "Delete the Firestore database on terraform destroy (false: it is abandoned and keeps its data)."
  type        = bool
  default     = false
}

variable "a2a_tasks_ttl" {
  description = "Put a TTL policy on the expireAt field of the A2A task collection (a2a_tasks)."
  type        = bool
  default     = true
}

variable "cache_scope" {
  description = "CACHE_SCOPE: global (all callers share cached answers) or key (answers kept per API key, or per client address)."
  type        = string
  default     = "global"

  validation {
    condition     = contains(["global", "key"], var.cache_scope)
    error_message = "cache_scope must be global or key."
  }
}

variable "cache_l2_timeout_ms" {
  description = "CACHE_L2_TIMEOUT_MS: longest a request waits for a Firestore cache read before it carries on without it."
  type        = number
  default     = 300

  validation {
    condition     = var.cache_l2_timeout_ms >= 10 && var.cache_l2_timeout_ms <= 10000
    error_message = "cache_l2_timeout_ms must be between 10 and 10000."
  }
}

variable "stats_flush_seconds" {
  description = "STATS_FLUSH_SECONDS: how often each instance adds its usage counters to the shared ones in Firestore (GET /stats lags by up to this)."
  type        = number
  default     = 10

  validation {
    condition     = var.stats_flush_seconds >= 1 && var.stats_flush_seconds <= 3600
    error_message = "stats_flush_seconds must be between 1 and 3600."
  }
}

variable "model_backoff_ms" {
  description = "MODEL_BACKOFF_MS: first delay before retrying a failed model call (doubled per retry, with jitter)."
  type        = number
  default     = 500

  validation {
    condition     = var.model_backoff_ms >= 0 && var.model_backoff_ms <= 60000
    error_message = "model_backoff_ms must be between 0 and 60000."
  }
}

variable "model_backoff_max_ms" {
  description = "MODEL_BACKOFF_MAX_MS: cap of any retry delay, including one the model API asks for."
  type        = number
  default     = 10000

  validation {
    condition     = var.model_backoff_max_ms >= 0 && var.model_backoff_max_ms <= 300000
    error_message = "model_backoff_max_ms must be between 0 and 300000."
  }
}

variable "model_max_concurrency" {
  description = "MODEL_MAX_CONCURRENCY: most model calls in flight at once per instance, shared by all its requests (bounds the Gemini quota one instance can use)."
  type        = number
  default     = 64

  validation {
    condition     = var.model_max_concurrency >= 1 && var.model_max_concurrency <= 4096
    error_message = "model_max_concurrency must be between 1 and 4096."
  }
}

variable "model_prices" {
  description = "MODEL_PRICES: price overrides in USD per million tokens, \"model=input/output,...\" (e.g. \"gemini-3.5-flash=1.50/9.00\"); empty = list prices."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^\\s*$|^(\\s*[^=,\\s][^=,]*=\\s*[0-9.]+\\s*/\\s*[0-9.]+\\s*)(,\\s*[^=,\\s][^=,]*=\\s*[0-9.]+\\s*/\\s*[0-9.]+\\s*)*,?\\s*$", var.model_prices))
    error_message = "model_prices must look like \"model=0.25/1.50,other-model=1.50/9.00\" (USD per million input/output tokens)."
  }
}

variable "session_ttl_hours" {
  description = "SESSION_TTL_HOURS: how long each turn of a conversation is kept after it was recorded (the Firestore expireAt of agent_sessions)."
  type        = number
  default     = 24

  validation {
    condition     = var.session_ttl_hours >= 1 && var.session_ttl_hours <= 8760
    error_message = "session_ttl_hours must be between 1 and 8760 (a year)."
  }
}

variable "session_max_context_tokens" {
  description = "SESSION_MAX_CONTEXT_TOKENS: most tokens of a conversation (summary, earlier turns, query) sent to the model per turn."
  type        = number
  default     = 8000

  validation {
    condition     = var.session_max_context_tokens >= 1000 && var.session_max_context_tokens <= 200000
    error_message = "session_max_context_tokens must be between 1000 and 200000."
  }
}

variable "cache_lease_seconds" {
  description = "CACHE_LEASE_SECONDS: life of an unrenewed lease on a missing answer (how long waiters wait for an instance that died computing it)."
  type        = number
  default     = 10
}

variable "budget_usd" {
  description = "BUDGET_USD: spend limit of each API key per budget_period in USD; empty = no budgets. Needs api_keys_secret (the functions refuse to start without keys)."
  type        = string
  default     = ""
}

variable "budget_period" {
  description = "BUDGET_PERIOD: the period budgets apply to, day or month (UTC)."
  type        = string
  default     = "day"

  validation {
    condition     = contains(["day", "month"], var.budget_period)
    error_message = "budget_period must be day or month."
  }
}

variable "a2a_agents" {
  description = "A2A_AGENTS of the multi-agent function: base URLs of remote A2A agents it may call as plan steps (agent:<slug>); empty = none."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for url in var.a2a_agents : can(regex("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&'()*+;:@/-]*)?$", url))])
    error_message = "a2a_agents must be http(s) base URLs without user info, query or fragment."
  }
}

variable "a2a_agent_headers_secret" {
  description = "Create an A2A_AGENT_HEADERS secret for the multi-agent function (its value, \"BASE_URL=Header-Name: value,...\" such as a bearer token per agent, or \"BASE_URL=google-id-token\" for a private Cloud Function, is added outside Terraform)."
  type        = bool
  default     = false
}
