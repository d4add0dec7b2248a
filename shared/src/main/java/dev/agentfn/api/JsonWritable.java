package dev.agentfn.api;

/**
 * A value that writes its own JSON with {@link JsonText} instead of Gson's reflection ({@link
 * Json#write} uses it). Its output must equal what the API's Gson writes for it: each implementation
 * has a test comparing the two with every field set.
 */
public interface JsonWritable {
  /** Writes this value as one JSON value. */
  void writeJson(JsonText json);
}
