package dev.agentfn.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.JsonSerializable;
import com.google.genai.ResponseStream;
import com.google.genai.types.Candidate;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentParameters;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.GoogleSearch;
import com.google.genai.types.GroundingChunk;
import com.google.genai.types.GroundingChunkWeb;
import com.google.genai.types.GroundingMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Tool;
import dev.agentfn.api.ApiException;
import dev.agentfn.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One attempt at a Gemini call through the official google-genai SDK (Gemini Developer API key or
 * Vertex AI with Application Default Credentials). The SDK's own retries are off: the retry loop is
 * {@link ResilientModelClient}'s. Transport failures are thrown as {@link UpstreamException}; an
 * answer that fails the quality gate (blocked prompt, finish reason other than STOP, empty text) as
 * a caller-safe {@link ApiException}: an answer cut off at the token limit or stopped for safety as
 * an {@link IncompleteAnswerException} carrying what came. The SDK {@link Client} is built once, lazily. Thread-safe.
 */
final class GeminiModelClient implements ModelClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"([0-9.]+)s\"");
  private static final Pattern PER_DAY = Pattern.compile("PerDay", Pattern.CASE_INSENSITIVE);
  /** Concurrent calls per host; the SDK's default of 5 would queue a busy instance's requests. */
  static final int MAX_CONNECTIONS = 256;
  /** A minimal reply, parsed once by {@link #prepare()} to load the SDK's JSON mapping. */
  private static final String PREPARE_REPLY = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},"
      + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":1,\"candidatesTokenCount\":1}}";

  private final Config config;
  private final Clock clock;
  private volatile Client client;

  GeminiModelClient(Config config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public String provider() {
    return "gemini";
  }

  @Override
  public ModelReply generate(ModelRequest request) {
    GenerateContentConfig generation = generationConfig(request);
    GenerateContentResponse response;
    try {
      response = client().models.generateContent(request.model(), contents(request), generation);
    } catch (RuntimeException e) {
      throw upstream(e);
    }
    return reply(request.model(), text(response), response, sources(response, new LinkedHashSet<>()), usage(response));
  }

  @Override
  public ModelReply stream(ModelRequest request, Consumer<String> onDelta) {
    StringBuilder text = new StringBuilder();
    Set<String> sources = new LinkedHashSet<>();
    GenerateContentResponse last = null;
    Usage usage = Usage.ZERO;
    GenerateContentConfig generation = generationConfig(request);
    ResponseStream<GenerateContentResponse> stream;
    try {
      stream = client().models.generateContentStream(request.model(), contents(request), generation);
    } catch (RuntimeException e) {
      throw upstream(e);
    }
    try (stream) {
      Iterator<GenerateContentResponse> chunks = stream.iterator();
      while (true) {
        GenerateContentResponse chunk;
        try {
          if (!chunks.hasNext()) {
            break;
          }
          chunk = chunks.next();
        } catch (RuntimeException e) {
          throw upstream(e);
        }
        last = chunk;
        sources(chunk, sources);
        if (chunk.usageMetadata().isPresent()) {
          usage = usage(chunk);
        }
        String delta = text(chunk);
        if (delta != null && !delta.isEmpty()) {
          text.append(delta);
          onDelta.accept(delta);
        }
      }
    }
    if (last == null) {
      throw new UpstreamException(0, null, false, null);
    }
    return reply(request.model(), text.toString(), last, sources, usage);
  }

  /**
   * Builds the SDK client and loads the SDK's JSON mapping both ways (a call's request serialised as
   * the SDK serialises it first, a reply parsed), so that the first call finds them ready.
   */
  @Override
  public void prepare() {
    client();
    ModelRequest sample = new ModelRequest("prepare", "ok", "ok", 0.5, 1, null, false, null);
    JsonSerializable.toJsonNode(GenerateContentParameters.builder().model(sample.model()).contents(contents(sample))
        .config(generationConfig(sample)).build());
    GenerateContentResponse.fromJson(PREPARE_REPLY).text();
  }

  /** The SDK client, built on first use with our limits and no SDK retries. */
  Client client() {
    Client result = client;
    if (result == null) {
      synchronized (this) {
        result = client;
        if (result == null) {
          result = buildClient();
          client = result;
        }
      }
    }
    return result;
  }

  private Client buildClient() {
    HttpOptions.Builder http = HttpOptions.builder()
        .timeout(Math.toIntExact(config.modelTimeout().toMillis()))
        .retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build());
    if (config.geminiBaseUrl() != null) {
      http.baseUrl(config.geminiBaseUrl());
    }
    Client.Builder builder = Client.builder()
        .httpOptions(http.build())
        .clientOptions(ClientOptions.builder().maxConnections(MAX_CONNECTIONS)
            .maxConnectionsPerHost(MAX_CONNECTIONS).build());
    if (config.vertexAi() && config.googleCloudProject() != null) {
      builder.vertexAI(true).project(config.googleCloudProject())
          .location(config.googleCloudLocation() == null ? "global" : config.googleCloudLocation());
    } else {
      builder.apiKey(config.geminiApiKey());
    }
    return builder.build();
  }

  /** The conversation's earlier turns with their roles, then the prompt as the user's last turn. */
  static List<Content> contents(ModelRequest request) {
    List<Content> contents = new ArrayList<>(request.history().size() + 1);
    for (Turn turn : request.history()) {
      contents.add(Content.builder().role(turn.role().wireName()).parts(Part.fromText(turn.text())).build());
    }
    contents.add(Content.builder().role(Turn.Role.USER.wireName()).parts(Part.fromText(request.prompt())).build());
    return contents;
  }

  private GenerateContentConfig generationConfig(ModelRequest request) {
    GenerateContentConfig.Builder builder = GenerateContentConfig.builder()
        .httpOptions(HttpOptions.builder().timeout(attemptTimeoutMs(request.deadline())).build());
    if (request.systemInstruction() != null) {
      builder.systemInstruction(Content.fromParts(Part.fromText(request.systemInstruction())));
    }
    if (request.temperature() != null) {
      builder.temperature(request.temperature().floatValue());
    }
    if (request.maxOutputTokens() != null) {
      builder.maxOutputTokens(request.maxOutputTokens());
    }
    if (request.responseJsonSchema() != null) {
      try {
        builder.responseMimeType("application/json").responseJsonSchema(JSON.readTree(request.responseJsonSchema()));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("responseJsonSchema is not valid JSON", e);
      }
    }
    if (request.googleSearch()) {
      builder.tools(List.of(Tool.builder().googleSearch(GoogleSearch.builder().build()).build()));
    }
    return builder.build();
  }

  /** The attempt ends at its deadline (the retry loop's per-attempt limit), else after {@code MODEL_TIMEOUT_MS}. */
  private int attemptTimeoutMs(Instant deadline) {
    Duration timeout = deadline == null ? config.modelTimeout() : Duration.between(clock.instant(), deadline);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  /** The quality gate, then the reply. */
  private static ModelReply reply(String model, String text, GenerateContentResponse last, Set<String> sources,
      Usage usage) {
    Optional<String> blocked = last.promptFeedback().flatMap(f -> f.blockReason()).map(Object::toString);
    if (blocked.isPresent()) {
      throw ApiException.invalidArgument("the model declined this query (blocked: " + blocked.get() + ")");
    }
    Optional<FinishReason> finish = last.candidates().flatMap(c -> c.isEmpty() ? Optional.empty() : Optional.of(c.get(0)))
        .flatMap(Candidate::finishReason);
    if (finish.isEmpty()) {
      throw ApiException.upstreamUnavailable("the model returned an incomplete answer", 1, null);
    }
    switch (finish.get().knownEnum()) {
      case STOP -> { }
      case MAX_TOKENS -> throw new IncompleteAnswerException(
          "the answer was cut off at the output token limit; raise max_output_tokens",
          new ModelReply(text, model, usage, List.copyOf(sources), ModelReply.Finish.LENGTH));
      case SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII, LANGUAGE -> throw new IncompleteAnswerException(
          "the model declined to answer this query (finish reason " + finish.get() + ")",
          new ModelReply(text, model, usage, List.copyOf(sources), ModelReply.Finish.CONTENT_FILTER));
      default -> throw ApiException.upstreamUnavailable(
          "the model returned no usable answer (finish reason " + finish.get() + ")", 1, null);
    }
    if (text == null || text.isBlank()) {
      throw ApiException.upstreamUnavailable("the model returned an empty answer", 1, null);
    }
    return new ModelReply(text, model, usage, List.copyOf(sources));
  }

  /**
   * The answer text of a response: the first candidate's non-thought text parts (the SDK's own
   * {@code text()} throws on a finish reason other than STOP, which the quality gate reports instead).
   */
  private static String text(GenerateContentResponse response) {
    StringBuilder text = new StringBuilder();
    response.candidates().filter(c -> !c.isEmpty()).flatMap(c -> c.get(0).content()).flatMap(Content::parts)
        .ifPresent(parts -> parts.stream().filter(p -> !p.thought().orElse(false))
            .forEach(p -> p.text().ifPresent(text::append)));
    return text.toString();
  }

  /** Tokens of a response: thinking and candidates are output; prompt and tool-use prompt are input. */
  private static Usage usage(GenerateContentResponse response) {
    Optional<GenerateContentResponseUsageMetadata> metadata = response.usageMetadata();
    if (metadata.isEmpty()) {
      return Usage.ZERO;
    }
    GenerateContentResponseUsageMetadata m = metadata.get();
    long input = m.promptTokenCount().orElse(0) + m.toolUsePromptTokenCount().orElse(0);
    long output = m.candidatesTokenCount().orElse(0) + m.thoughtsTokenCount().orElse(0);
    return Usage.of(input, output);
  }

  /** Adds the grounding source links of a response to {@code into}. */
  private static Set<String> sources(GenerateContentResponse response, Set<String> into) {
    response.candidates().ifPresent(candidates -> candidates.forEach(candidate -> candidate.groundingMetadata()
        .flatMap(GroundingMetadata::groundingChunks)
        .ifPresent(chunks -> chunks.stream().map(GroundingChunk::web).flatMap(Optional::stream)
            .map(GroundingChunkWeb::uri).flatMap(Optional::stream).forEach(into::add))));
    return into;
  }

  /** Classifies an SDK failure for the retry loop; the upstream's text stays in the cause (logs only). */
  private static UpstreamException upstream(RuntimeException e) {
    if (e instanceof com.google.genai.errors.ApiException api) {
      String details = String.valueOf(api.getMessage());
      Duration retryDelay = null;
      Matcher m = RETRY_DELAY.matcher(details);
      if (m.find()) {
        retryDelay = Duration.ofMillis((long) (Double.parseDouble(m.group(1)) * 1000));
      }
      boolean perDay = api.code() == 429 && PER_DAY.matcher(details).find();
      return new UpstreamException(api.code(), retryDelay, perDay, e);
    }
    return new UpstreamException(0, null, false, e);
  }
}
