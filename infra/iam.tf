# One runtime service account per function, and one for the functions' builds.

resource "google_service_account" "function" {
  for_each = local.functions

  account_id   = "${var.name_prefix}-${each.key}"
  display_name = "agentfn ${each.key} function"
}

# Every function reads or writes Firestore (cache, tasks, calendar, stats), and only in the
# agentfn database.
resource "google_project_iam_member" "firestore" {
  for_each = local.functions

  project = var.project_id
  role    = "roles/datastore.user"
  member  = google_service_account.function[each.key].member

  condition {
    title      = "agentfn-firestore-only"
    expression = "resource.name == \"projects/${var.project_id}/databases/${local.firestore_database}\""
  }
}

# Cloud Functions builds each JAR into a container image with this account.
resource "google_service_account" "build" {
  account_id   = "${var.name_prefix}-build"
  display_name = "agentfn function builds"
}

resource "google_project_iam_member" "build" {
  for_each = toset([
    "roles/logging.logWriter",
    "roles/artifactregistry.writer",
  ])

  project = var.project_id
  role    = each.value
  member  = google_service_account.build.member
}

# Builds read the uploaded zips and the copies Cloud Functions stages in its gcf-v2-sources-*
# buckets, and no other bucket.
resource "google_project_iam_member" "build_reads_sources" {
  project = var.project_id
  role    = "roles/storage.objectViewer"
  member  = google_service_account.build.member

  condition {
    title      = "agentfn-function-sources-only"
    expression = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.sources.name}\") || resource.name.startsWith(\"projects/_/buckets/gcf-v2-sources-\")"
  }
}
