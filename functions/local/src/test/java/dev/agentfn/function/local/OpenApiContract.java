package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.agentfn.docs.ApiDocs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;

/**
 * The OpenAPI document as a test oracle: a real response is looked up by method, path and status in
 * the document, and its body validated against the JSON Schema the document gives for it. A status
 * the document does not list, or a body that does not match, fails the test, so the document cannot
 * drift from behaviour.
 */
final class OpenApiContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private final JsonNode document;

  OpenApiContract() {
    try (InputStream in = ApiDocs.class.getResourceAsStream(ApiDocs.OPENAPI_RESOURCE)) {
      this.document = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Asserts that {@code response} to {@code method path} has {@code status}, and that the document
   * lists that status there with a schema the body matches. Checking the status first keeps an
   * error the document also lists (a 500 has a documented shape too) from passing as an answer.
   */
  void assertMatches(String method, String path, int status, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), () -> method + " " + path + ": " + response.body());
    assertMatches(method, path, response);
  }

  /** Asserts that {@code response} to {@code method path} is documented and matches its schema. */
  private void assertMatches(String method, String path, HttpResponse<String> response) {
    JsonNode item = document.path("paths").path(path);
    JsonNode operation = item.path(method.toLowerCase(Locale.ROOT));
    String status = Integer.toString(response.statusCode());
    JsonNode schema;
    if (item.isMissingNode()) {
      assertEquals(404, response.statusCode(), path + " is not documented");
      schema = ref("Error");
    } else if (operation.isMissingNode()) {
      assertEquals(405, response.statusCode(), method + " " + path + " is not documented");
      schema = methodNotAllowedSchema(item);
    } else {
      JsonNode documented = operation.path("responses").path(status);
      if (documented.isMissingNode()) {
        fail(method + " " + path + " answered " + status + ", which the document does not list: " + response.body());
      }
      schema = documented.path("content").path("application/json").path("schema");
      assertFalse(schema.isMissingNode() || schema.isEmpty(), method + " " + path + " " + status
          + " has no JSON schema in the document");
    }
    assertValid(schema, response.body(), method + " " + path + " -> " + status);
  }

  /** The 405 body schema the path's own operations document (the {@code /v1} paths have OpenAI's), else Error. */
  private static JsonNode methodNotAllowedSchema(JsonNode item) {
    for (JsonNode operation : item) {
      JsonNode schema = operation.path("responses").path("405").path("content").path("application/json").path("schema");
      if (!schema.isMissingNode()) {
        return schema;
      }
    }
    return ref("Error");
  }

  /** Asserts that {@code body} matches the document's component schema {@code name}. */
  void assertMatchesSchema(String name, String body) {
    assertValid(ref(name), body, name);
  }

  private void assertValid(JsonNode schema, String body, String what) {
    ObjectNode root = JSON.createObjectNode();
    root.setAll((ObjectNode) schema.deepCopy());
    root.set("components", document.path("components"));
    JsonSchema validator = SCHEMAS.getSchema(root);
    Set<ValidationMessage> errors;
    try {
      errors = validator.validate(JSON.readTree(body));
    } catch (IOException e) {
      throw new AssertionError(what + ": body is not JSON: " + body, e);
    }
    if (!errors.isEmpty()) {
      fail(what + " does not match the OpenAPI document: " + errors + "\nbody: " + body);
    }
  }

  private static ObjectNode ref(String name) {
    return JSON.createObjectNode().put("$ref", "#/components/schemas/" + name);
  }
}
