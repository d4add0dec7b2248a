package dev.agentfn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code A2A_AGENTS} and {@code A2A_AGENT_HEADERS}. */
class RemoteAgentsConfigTest {

  @Test
  void noAgentsByDefault() {
    assertEquals(List.of(), Config.defaults().a2aAgents());
  }

  @Test
  void agentsWithTheirHeaderAndTheSecretMaskedInTheLog() {
    Config config = Config.fromEnv(Map.of(
        "A2A_AGENTS", "https://agents.example.com/weather/, http://127.0.0.1:9000",
        "A2A_AGENT_HEADERS", "https://agents.example.com/weather=Authorization: Bearer abc=="));

    assertEquals(List.of(
        new Config.RemoteAgent("https://agents.example.com/weather", "Authorization", "Bearer abc==", false),
        new Config.RemoteAgent("http://127.0.0.1:9000", null, null, false)), config.a2aAgents());
    String described = config.describe().get("a2a_agents").toString();
    assertTrue(described.contains("https://agents.example.com/weather (Authorization: ****(12 chars))"), described);
    assertFalse(described.contains("abc=="), described);
  }

  @Test
  void anAgentCanTakeAGoogleIdTokenFromTheMetadataServer() {
    Config config = Config.fromEnv(Map.of("A2A_AGENTS", "https://fn-abc.a.run.app",
        "A2A_AGENT_HEADERS", "https://fn-abc.a.run.app/=google-id-token", "GCE_METADATA_HOST", "127.0.0.1:8181"));

    assertEquals(List.of(new Config.RemoteAgent("https://fn-abc.a.run.app", null, null, true)), config.a2aAgents());
    assertEquals("127.0.0.1:8181", config.gceMetadataHost());
    assertEquals("metadata.google.internal", Config.defaults().gceMetadataHost());
    assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("GCE_METADATA_HOST", "http://x/")));
  }

  @Test
  void badValuesFailNamingTheVariable() {
    for (String bad : List.of("ftp://x.example", "https://user:pw@x.example", "https://x.example/?q=1",
        "https://x.example/#top", "x.example")) {
      ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("A2A_AGENTS", bad)));
      assertTrue(e.getMessage().contains("A2A_AGENTS"), e.getMessage());
    }
    for (String bad : List.of("https://y.example=Authorization: Bearer t", "https://x.example=Authorization",
        "https://x.example=Bad Header: v", "https://x.example=X-Key: ")) {
      ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of(
          "A2A_AGENTS", "https://x.example", "A2A_AGENT_HEADERS", bad)));
      assertTrue(e.getMessage().contains("A2A_AGENT_HEADERS"), e.getMessage());
    }
  }
}
