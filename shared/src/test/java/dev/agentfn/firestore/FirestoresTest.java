package dev.agentfn.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.cloud.firestore.FirestoreOptions;
import dev.agentfn.config.Config;
import io.grpc.Status;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FirestoresTest {

  @Test
  void emulatorHostGivesEmulatorCredentialsAndAnExplicitDemoProject() {
    FirestoreOptions options = Firestores.options(Config.fromEnv(Map.of("FIRESTORE_EMULATOR_HOST", "127.0.0.1:9999")));

    assertEquals("127.0.0.1:9999", options.getEmulatorHost());
    assertEquals(Firestores.EMULATOR_PROJECT, options.getProjectId());
    assertEquals("(default)", options.getDatabaseId());
    assertInstanceOf(FirestoreOptions.EmulatorCredentials.class, options.getCredentials());
  }

  @Test
  void emulatorUsesTheConfiguredProjectAndDatabase() {
    FirestoreOptions options = Firestores.options(Config.fromEnv(Map.of("FIRESTORE_EMULATOR_HOST", "127.0.0.1:9999",
        "GOOGLE_CLOUD_PROJECT", "demo-x", "FIRESTORE_DATABASE", "cache-db")));

    assertEquals("demo-x", options.getProjectId());
    assertEquals("cache-db", options.getDatabaseId());
  }

  @Test
  void describeGivesTheStatusCodeOrTheExceptionTypeNeverTheMessage() {
    ApiException unavailable = ApiExceptionFactory.createException("secret detail", new RuntimeException(),
        GrpcStatusCode.of(Status.Code.UNAVAILABLE), true);

    assertEquals("UNAVAILABLE", Firestores.describe(new ExecutionException(unavailable)));
    assertEquals("TimeoutException", Firestores.describe(new TimeoutException("secret")));
  }
}
