package dev.agentfn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The committed regression inputs of a Jazzer {@code @FuzzTest}, as its JUnit runner finds them:
 * the files under {@code <package>/<TestClass>Inputs/<method>/} on the test classpath. For a
 * {@code byte[]} parameter the runner passes each file's bytes unchanged, so an ordinary test can
 * replay them and check what each one reaches.
 */
public final class FuzzInputs {
  private FuzzInputs() {}

  /** Each committed input of {@code testClass}'s fuzz test {@code method}, by file name. */
  public static Map<String, byte[]> of(Class<?> testClass, String method) {
    String dir = testClass.getSimpleName() + "Inputs/" + method;
    URL url = testClass.getResource(dir);
    if (url == null) {
      throw new IllegalStateException("no committed inputs at " + dir + " beside " + testClass.getName());
    }
    Map<String, byte[]> inputs = new TreeMap<>();
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        inputs.put(file.getFileName().toString(), Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return inputs;
  }
}
