package dev.agentfn.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** ID tokens as Cloud Run passes them to a private service's container: claims kept, signature removed. */
public final class IdTokens {
  private IdTokens() {}

  /** A Google ID token for {@code email} whose signature Cloud Run replaced by its marker. */
  public static String stripped(String email) {
    return token(email, "SIGNATURE_REMOVED_BY_GOOGLE");
  }

  /** The same token with a signature left on: what reaches a function Cloud Run did not check. */
  public static String signed(String email) {
    return token(email, "c2lnbmF0dXJl");
  }

  private static String token(String email, String signature) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    return base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString(("{\"iss\":\"https://accounts.google.com\",\"aud\":\"https://agentfn.example\","
            + "\"email\":\"" + email + "\",\"sub\":\"1234\"}").getBytes(StandardCharsets.UTF_8))
        + "." + signature;
  }
}
