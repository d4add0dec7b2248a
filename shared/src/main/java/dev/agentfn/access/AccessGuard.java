package dev.agentfn.access;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.http.Callers;
import dev.agentfn.http.Endpoint;
import dev.agentfn.http.Exchange;
import dev.agentfn.http.Guard;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The production {@link Guard}: with API keys configured every endpoint but the public ones
 * ({@code GET /health} and the API docs) needs a valid key ({@code 401 unauthenticated} otherwise).
 * Without keys the caller is its client address (open mode: single-tenant, since everyone behind
 * one address is one caller), or with {@code CALLER_IDENTITY=iam} the Google identity Cloud Run
 * verified ({@link IamIdentity}; {@code 401} without one). Then the caller spends one unit of its
 * rate limit per request, more when a handler charges them (a batch's items). Thread-safe.
 */
public final class AccessGuard implements Guard {
  private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"agentfn\"");

  private final ApiKeys keys;
  private final RateLimiter limiter;
  private final Set<String> publicPaths;
  private final boolean iamIdentity;

  /** A guard that names callers without a key by their client address. */
  public AccessGuard(ApiKeys keys, RateLimiter limiter, Set<String> publicPaths) {
    this(keys, limiter, publicPaths, false);
  }

  /**
   * @param publicPaths endpoint paths that need no key and are not rate limited (e.g. {@code /health})
   * @param iamIdentity name callers without a key by the identity Cloud Run verified ({@code CALLER_IDENTITY=iam})
   */
  public AccessGuard(ApiKeys keys, RateLimiter limiter, Set<String> publicPaths, boolean iamIdentity) {
    this.keys = keys;
    this.limiter = limiter;
    this.publicPaths = Set.copyOf(publicPaths);
    this.iamIdentity = iamIdentity;
  }

  @Override
  public String admit(Exchange exchange, Endpoint endpoint) {
    if (publicPaths.contains(endpoint.path())) {
      return Callers.clientAddress(exchange);
    }
    String caller = !keys.isEmpty() ? authenticate(exchange)
        : iamIdentity ? IamIdentity.of(exchange).orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED,
            "this deployment names callers by the Google identity Cloud Run verified, and none came with the "
                + "request: call it with an identity token (Authorization: Bearer ...)", CHALLENGE, null))
        : Callers.clientAddress(exchange);
    limiter.acquire(caller, 1);
    return caller;
  }

  @Override
  public void charge(String callerId, int units) {
    limiter.acquire(callerId, units);
  }

  private String authenticate(Exchange exchange) {
    Optional<String> presented = ApiKeys.presented(exchange);
    if (presented.isEmpty()) {
      throw new ApiException(ErrorCode.UNAUTHENTICATED,
          "an API key is required: send X-API-Key: KEY or Authorization: Bearer KEY", CHALLENGE, null);
    }
    return keys.match(presented.get()).orElseThrow(() ->
        new ApiException(ErrorCode.UNAUTHENTICATED, "the API key is not valid", CHALLENGE, null));
  }
}
