output "function_urls" {
  description = "HTTPS URL of each function."
  value       = { for name, fn in google_cloudfunctions2_function.fn : name => fn.url }
}

output "function_service_accounts" {
  description = "Runtime service account of each function."
  value       = { for name, sa in google_service_account.function : name => sa.email }
}

output "gemini_api_key_secret" {
  description = "Secret Manager secret to add the Gemini API key to."
  value       = google_secret_manager_secret.gemini_api_key.secret_id
}

output "api_keys_secret" {
  description = "Secret Manager secret for API_KEYS, when var.api_keys_secret is true."
  value       = var.api_keys_secret ? google_secret_manager_secret.api_keys[0].secret_id : null
}

output "source_bucket" {
  description = "Bucket holding the functions' source archives."
  value       = google_storage_bucket.sources.name
}

output "a2a_agent_headers_secret" {
  description = "Secret Manager secret for A2A_AGENT_HEADERS, when var.a2a_agent_headers_secret is true."
  value       = var.a2a_agent_headers_secret ? google_secret_manager_secret.a2a_agent_headers[0].secret_id : null
}
