# Sources: each function's deployment JAR, zipped, under a content-hashed object name so that
# a code change uploads a new object and redeploys the function.

resource "google_storage_bucket" "sources" {
  name                        = "${var.project_id}-${var.name_prefix}-sources"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  depends_on = [google_project_service.api]
}

data "archive_file" "source" {
  for_each = local.functions

  type        = "zip"
  source_file = "${path.module}/../functions/${each.value.module}/target/deployment/agentfn-${each.value.module}.jar"
  output_path = "${path.module}/.build/${each.key}.zip"
}

resource "google_storage_bucket_object" "source" {
  for_each = local.functions

  name   = "${each.key}/${data.archive_file.source[each.key].output_sha256}.zip"
  bucket = google_storage_bucket.sources.name
  source = data.archive_file.source[each.key].output_path
}
