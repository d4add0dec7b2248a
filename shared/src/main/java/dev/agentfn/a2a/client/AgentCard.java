package dev.agentfn.a2a.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the client needs of a remote agent's card: its name and what it says it does (as text for
 * the planner), where its JSON-RPC interface is (on the agent's own origin), which A2A version it
 * speaks and whether it streams. Reads A2A 1.0 cards ({@code supportedInterfaces}) and 0.3 cards
 * ({@code url} with {@code protocolVersion} 0.3).
 */
record AgentCard(String name, String description, URI rpcUrl, Protocol protocol, boolean streaming) {
  private static final int MAX_DESCRIPTION = 1_000;

  /** Parses {@code card}, fetched from {@code base}; throws {@link RemoteException} when it is unusable. */
  static AgentCard parse(JsonObject card, URI base) throws RemoteException {
    String name = A2aHttp.string(card, "name");
    if (name == null || name.isBlank()) {
      throw new RemoteException("has an agent card without a name", true);
    }
    String url = null;
    Protocol protocol = null;
    JsonElement interfaces = card.get("supportedInterfaces");
    if (interfaces != null && interfaces.isJsonArray()) {
      for (JsonElement element : interfaces.getAsJsonArray()) {
        if (element.isJsonObject() && "JSONRPC".equalsIgnoreCase(A2aHttp.string(element.getAsJsonObject(),
            "protocolBinding"))) {
          String version = A2aHttp.string(element.getAsJsonObject(), "protocolVersion");
          url = A2aHttp.string(element.getAsJsonObject(), "url");
          protocol = version != null && version.startsWith("0.3") ? Protocol.V0_3 : Protocol.V1_0;
          break;
        }
      }
    } else if (A2aHttp.string(card, "url") != null) {
      String version = A2aHttp.string(card, "protocolVersion");
      String transport = A2aHttp.string(card, "preferredTransport");
      if (version != null && version.startsWith("0.3") && (transport == null || "JSONRPC".equalsIgnoreCase(transport))) {
        url = A2aHttp.string(card, "url");
        protocol = Protocol.V0_3;
      }
    }
    if (url == null) {
      throw new RemoteException("offers no A2A 1.0 or 0.3 JSON-RPC interface on its card", true);
    }
    URI rpcUrl;
    try {
      rpcUrl = base.resolve(url);
    } catch (IllegalArgumentException e) {
      throw new RemoteException("names an invalid interface URL on its card", true);
    }
    if (!A2aHttp.sameOrigin(base, rpcUrl)) {
      throw new RemoteException("names an interface on another host (" + rpcUrl.getHost()
          + "); only the configured origin is called", true);
    }
    JsonElement capabilities = card.get("capabilities");
    boolean streaming = capabilities != null && capabilities.isJsonObject()
        && capabilities.getAsJsonObject().has("streaming")
        && capabilities.getAsJsonObject().get("streaming").isJsonPrimitive()
        && capabilities.getAsJsonObject().get("streaming").getAsBoolean();
    return new AgentCard(A2aHttp.clean(name.strip(), 100), describe(card), rpcUrl, protocol, streaming);
  }

  /** The card's description and skills as one line of quoted text for the planner. */
  private static String describe(JsonObject card) {
    List<String> skills = new ArrayList<>();
    JsonElement list = card.get("skills");
    if (list != null && list.isJsonArray()) {
      for (JsonElement element : list.getAsJsonArray()) {
        if (element.isJsonObject()) {
          JsonObject skill = element.getAsJsonObject();
          String skillName = A2aHttp.string(skill, "name");
          String what = A2aHttp.string(skill, "description");
          skills.add((skillName == null ? "" : skillName) + (what == null ? "" : ": " + what));
        }
      }
    }
    String description = A2aHttp.string(card, "description");
    String text = (description == null ? "" : description)
        + (skills.isEmpty() ? "" : " Skills: " + String.join("; ", skills));
    return A2aHttp.clean(text.replaceAll("\\s+", " ").strip(), MAX_DESCRIPTION);
  }

  /** The tool name's slug: the name lower-cased, every run of other characters a dash ({@code agent} if none is left). */
  static String slug(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "agent" : slug;
  }
}
