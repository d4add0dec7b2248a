# Secrets are created empty: their values are added outside Terraform (README, "Deploy"), so
# they never sit in the Terraform state.

resource "google_secret_manager_secret" "gemini_api_key" {
  secret_id = "${var.name_prefix}-gemini-api-key"

  replication {
    auto {}
  }

  depends_on = [google_project_service.api]
}

resource "google_secret_manager_secret" "api_keys" {
  count = var.api_keys_secret ? 1 : 0

  secret_id = "${var.name_prefix}-api-keys"

  replication {
    auto {}
  }

  depends_on = [google_project_service.api]
}

resource "google_secret_manager_secret" "a2a_agent_headers" {
  count = var.a2a_agent_headers_secret ? 1 : 0

  secret_id = "${var.name_prefix}-a2a-agent-headers"

  replication {
    auto {}
  }

  depends_on = [google_project_service.api]
}

# Each function's service account may read the secrets that function is given, and no others.
resource "google_secret_manager_secret_iam_member" "gemini_api_key" {
  for_each = local.functions

  secret_id = google_secret_manager_secret.gemini_api_key.id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.function[each.key].member
}

resource "google_secret_manager_secret_iam_member" "api_keys" {
  for_each = var.api_keys_secret ? local.functions : {}

  secret_id = google_secret_manager_secret.api_keys[0].id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.function[each.key].member
}

resource "google_secret_manager_secret_iam_member" "a2a_agent_headers" {
  count = var.a2a_agent_headers_secret ? 1 : 0

  secret_id = google_secret_manager_secret.a2a_agent_headers[0].id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.function["multi-agent"].member
}
