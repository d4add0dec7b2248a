package dev.agentfn.access;

import dev.agentfn.http.Exchange;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The accepted API keys, kept only as SHA-256 digests. A presented key is hashed and compared with
 * every accepted digest in constant time; the caller is then named by a short hash of the key, so
 * key values never reach logs, errors or stats. Thread-safe.
 */
public final class ApiKeys {
  /** Longest key value looked at; anything longer is refused without hashing. */
  static final int MAX_KEY_CHARS = 512;

  private final List<byte[]> digests;

  public ApiKeys(List<String> keys) {
    this.digests = keys.stream().map(Fingerprint::sha256).toList();
  }

  /** True when no keys are configured (the API is open). */
  public boolean isEmpty() {
    return digests.isEmpty();
  }

  /** The caller ids of the accepted keys, in the order they were configured. */
  public List<String> callerIds() {
    return digests.stream().map(ApiKeys::callerId).toList();
  }

  /** The key the request presents in {@code X-API-Key} or {@code Authorization: Bearer}, if any. */
  public static Optional<String> presented(Exchange exchange) {
    Optional<String> header = exchange.header("X-API-Key").map(String::strip).filter(k -> !k.isEmpty());
    if (header.isPresent()) {
      return header;
    }
    return exchange.header("Authorization")
        .map(String::strip)
        .filter(value -> value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer "))
        .map(value -> value.substring(7).strip())
        .filter(k -> !k.isEmpty());
  }

  /** The caller id of {@code key} when it is accepted. */
  public Optional<String> match(String key) {
    if (key.length() > MAX_KEY_CHARS) {
      return Optional.empty();
    }
    byte[] digest = Fingerprint.sha256(key);
    boolean matched = false;
    for (byte[] accepted : digests) {
      matched |= MessageDigest.isEqual(accepted, digest);
    }
    return matched ? Optional.of(callerId(digest)) : Optional.empty();
  }

  /** {@code key:} and the first 12 hex digits of the key's SHA-256: stable, short, and not the key. */
  static String callerId(byte[] digest) {
    return "key:" + Fingerprint.of(digest);
  }
}
