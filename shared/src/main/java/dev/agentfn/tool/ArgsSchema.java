package dev.agentfn.tool;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schema of a tool's arguments: an object of string properties (optionally an enum or a
 * length limit), some required, no others allowed. Validates arguments and renders itself as JSON
 * Schema for the planner model.
 */
public final class ArgsSchema {
  private final Map<String, Property> properties;
  private final Set<String> required;
  private final List<String> order;

  private ArgsSchema(Map<String, Property> properties, Set<String> required) {
    this.properties = Map.copyOf(properties);
    this.required = Set.copyOf(required);
    this.order = List.copyOf(properties.keySet());
  }

  /** A string property. */
  public record Property(String name, String description, int maxLength, List<String> allowed, boolean required) {
    public Property {
      allowed = List.copyOf(allowed);
    }
  }

  /** A required string property of at most {@code maxLength} characters. */
  public static Property required(String name, String description, int maxLength) {
    return new Property(name, description, maxLength, List.of(), true);
  }

  /** An optional string property of at most {@code maxLength} characters. */
  public static Property optional(String name, String description, int maxLength) {
    return new Property(name, description, maxLength, List.of(), false);
  }

  /** A required string property limited to {@code allowed}. */
  public static Property oneOf(String name, String description, List<String> allowed) {
    return new Property(name, description, 64, allowed, true);
  }

  public static ArgsSchema of(Property... properties) {
    Map<String, Property> byName = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Property property : properties) {
      byName.put(property.name(), property);
      if (property.required()) {
        required.add(property.name());
      }
    }
    return new ArgsSchema(byName, Set.copyOf(required));
  }

  /** Property names in declaration order. */
  public List<String> names() {
    return order;
  }

  /** Every way {@code args} breaks this schema (empty when valid); each message names the argument. */
  public List<String> validate(JsonObject args) {
    List<String> errors = new ArrayList<>();
    if (args == null) {
      errors.add("args must be an object");
      return errors;
    }
    for (String name : order) {
      if (required.contains(name) && !args.has(name)) {
        errors.add("args." + name + " is required");
      }
    }
    for (Map.Entry<String, JsonElement> entry : args.entrySet()) {
      Property property = properties.get(entry.getKey());
      if (property == null) {
        errors.add("args." + entry.getKey() + " is not an argument of this tool (allowed: " + String.join(", ", order) + ")");
        continue;
      }
      JsonElement value = entry.getValue();
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
        errors.add("args." + property.name() + " must be a string");
        continue;
      }
      String text = value.getAsString();
      if (property.required() && text.isBlank()) {
        errors.add("args." + property.name() + " must not be empty");
      }
      if (text.length() > property.maxLength()) {
        errors.add("args." + property.name() + " must be at most " + property.maxLength() + " characters");
      }
      if (!property.allowed().isEmpty() && !property.allowed().contains(text)) {
        errors.add("args." + property.name() + " must be one of " + property.allowed());
      }
    }
    return errors;
  }

  /** This schema as a JSON Schema object. */
  public JsonObject toJson() {
    JsonObject props = new JsonObject();
    for (String name : order) {
      Property property = properties.get(name);
      JsonObject p = new JsonObject();
      p.addProperty("type", "string");
      p.addProperty("description", property.description());
      if (!property.allowed().isEmpty()) {
        JsonArray values = new JsonArray();
        property.allowed().forEach(values::add);
        p.add("enum", values);
      } else {
        p.addProperty("maxLength", property.maxLength());
      }
      props.add(name, p);
    }
    JsonObject schema = new JsonObject();
    schema.addProperty("type", "object");
    schema.add("properties", props);
    JsonArray req = new JsonArray();
    order.stream().filter(required::contains).forEach(req::add);
    schema.add("required", req);
    schema.add("additionalProperties", new JsonPrimitive(false));
    return schema;
  }
}
