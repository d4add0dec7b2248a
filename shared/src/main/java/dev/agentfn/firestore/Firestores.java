package dev.agentfn.firestore;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import dev.agentfn.config.Config;
import java.time.Instant;
import java.util.concurrent.ExecutionException;

/**
 * Builds the Firestore client from the configuration: against the emulator when
 * {@code FIRESTORE_EMULATOR_HOST} is set (explicit project id and emulator credentials, so nothing
 * contacts the cloud metadata server), else with Application Default Credentials.
 */
public final class Firestores {
  /** Project id used with the emulator when {@code GOOGLE_CLOUD_PROJECT} is not set. */
  public static final String EMULATOR_PROJECT = "demo-agentfn";

  private Firestores() {}

  /** A new client for {@code config} (create one per instance and share it). */
  public static Firestore open(Config config) {
    return options(config).getService();
  }

  /** The client options for {@code config}. */
  public static FirestoreOptions options(Config config) {
    if (config.firestoreEmulatorHost() != null) {
      String project = config.googleCloudProject() != null ? config.googleCloudProject() : EMULATOR_PROJECT;
      return emulator(config.firestoreEmulatorHost(), project, config.firestoreDatabase());
    }
    FirestoreOptions.Builder builder = FirestoreOptions.newBuilder().setDatabaseId(config.firestoreDatabase());
    if (config.googleCloudProject() != null) {
      builder.setProjectId(config.googleCloudProject());
    }
    return builder.build();
  }

  /** Options for the emulator at {@code host} ({@code host:port}), never touching Google credentials. */
  public static FirestoreOptions emulator(String host, String projectId, String databaseId) {
    return FirestoreOptions.newBuilder()
        .setProjectId(projectId)
        .setDatabaseId(databaseId)
        .setEmulatorHost(host)
        .setCredentials(new FirestoreOptions.EmulatorCredentials())
        .build();
  }

  /**
   * A short reason for a failed Firestore call that is safe to show in {@code /health} and logs:
   * the gRPC status code (e.g. {@code UNAVAILABLE}) or the exception's simple class name.
   */
  public static String describe(Throwable failure) {
    Throwable t = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
    if (t instanceof ApiException api) {
      return api.getStatusCode().getCode().name();
    }
    return t.getClass().getSimpleName();
  }

  /** {@code instant} as a Firestore Timestamp. */
  public static Timestamp timestamp(Instant instant) {
    return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
  }

  /** {@code timestamp} as an Instant, or null for null. */
  public static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
