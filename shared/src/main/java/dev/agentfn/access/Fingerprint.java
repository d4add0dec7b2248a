package dev.agentfn.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Short SHA-256 fingerprints: a stable name for a secret or a private text that is safe to log. */
public final class Fingerprint {
  /**
   * Cloned per digest: {@code MessageDigest.getInstance} looks the algorithm up among the security
   * providers and instantiates it reflectively, which showed in the cache-hit path's profile.
   */
  private static final MessageDigest SHA256 = newSha256();

  private Fingerprint() {}

  /** The SHA-256 of {@code text}'s UTF-8 bytes. */
  public static byte[] sha256(String text) {
    return sha256().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
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
