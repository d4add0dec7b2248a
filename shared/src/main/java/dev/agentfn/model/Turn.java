package dev.agentfn.model;

import java.util.Objects;

/**
 * One earlier message of a conversation, sent to the model before the current prompt (Gemini
 * {@code contents} with role {@code user} or {@code model}).
 *
 * @param role who said it
 * @param text what was said
 */
public record Turn(Role role, String text) {

  /** The two speakers of a conversation, by their Gemini wire names. */
  public enum Role {
    USER("user"),
    MODEL("model");

    private final String wireName;

    Role(String wireName) {
      this.wireName = wireName;
    }

    /** The role as Gemini names it in {@code contents}. */
    public String wireName() {
      return wireName;
    }
  }

  public Turn {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
  }

  /** A message from the user. */
  public static Turn user(String text) {
    return new Turn(Role.USER, text);
  }

  /** A message from the model. */
  public static Turn model(String text) {
    return new Turn(Role.MODEL, text);
  }
}
