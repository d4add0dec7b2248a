package dev.agentfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.agentfn.model.Usage;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link ChatResponse#writeJson} must write exactly what the API's Gson writes reflectively. The
 * values are made from the record's components, so a component added without a line in the writer
 * (or a component type nobody thought of) fails here instead of silently missing from responses.
 */
class ChatResponseJsonTest {
  private static final String[] AWKWARD = {
      "plain", "quote \" backslash \\ slash /", "controls \t\b\n\r\f \u0000 \u001f \u007f",
      "separators \u2028 \u2029, html <b>&amp;</b> = '", "non-ASCII é ß 東京 😀", ""};

  @Test
  void everyComponentIsWrittenAsGsonWritesIt() {
    for (int variant = 0; variant < AWKWARD.length; variant++) {
      ChatResponse response = build(ChatResponse.class, new AtomicInteger(variant), variant, false);
      assertEquals(Json.gson().toJson(response), Json.write(response), "variant " + variant);
    }
  }

  @Test
  void nullsAreWrittenAsGsonWritesThem() {
    ChatResponse response = build(ChatResponse.class, new AtomicInteger(), 0, true);
    assertEquals(Json.gson().toJson(response), Json.write(response));
  }

  @Test
  void numbersAreWrittenAsGsonWritesThem() {
    for (double cost : new double[] {0.0, 1.0, 0.000125, 1.5e-9, 123456789.25, Double.MIN_VALUE, 1e21}) {
      ChatResponse response = new ChatResponse("a", "m", "r", Long.MAX_VALUE, false, "l1",
          new Usage(0, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2), cost, "id");
      assertEquals(Json.gson().toJson(response), Json.write(response), "cost " + cost);
    }
  }

  /** A record with a distinct value in each component (nested records built the same way). */
  private static <T> T build(Class<T> type, AtomicInteger counter, int variant, boolean nulls) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = value(components[i], counter, variant, nulls);
    }
    try {
      Constructor<T> constructor = type.getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object value(RecordComponent component, AtomicInteger counter, int variant, boolean nulls) {
    Class<?> type = component.getType();
    int n = counter.incrementAndGet();
    if (type == String.class) {
      return nulls ? null : component.getName() + " " + AWKWARD[variant];
    } else if (type == long.class || type == Long.class) {
      return nulls && !type.isPrimitive() ? null : 1_000_000_007L * n;
    } else if (type == int.class || type == Integer.class) {
      return nulls && !type.isPrimitive() ? null : 1_000 + n;
    } else if (type == double.class || type == Double.class) {
      return nulls && !type.isPrimitive() ? null : n / 7.0;
    } else if (type == boolean.class || type == Boolean.class) {
      return nulls && !type.isPrimitive() ? null : n % 2 == 0;
    } else if (type.isRecord()) {
      return nulls ? null : build(type, counter, variant, false);
    }
    return fail("no test value for " + component + ": add one here and write it in writeJson");
  }
}
