package dev.agentfn.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Short SHA-256 fingerprints: a stable name for a secret or a private text that is safe to log. */
public final class Fingerprint {
  private Fingerprint() {}

  /** The SHA-256 of {@code text}'s UTF-8 bytes. */
  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The first 12 hex digits of {@code digest}. */
  public static String of(byte[] digest) {
    return HexFormat.of().formatHex(digest, 0, 6);
  }

  /** The first 12 hex digits of {@code text}'s SHA-256. */
  public static String of(String text) {
    return of(sha256(text));
  }
}
