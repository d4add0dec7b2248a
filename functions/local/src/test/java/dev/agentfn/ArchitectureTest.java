package dev.agentfn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.regex.Pattern;

/**
 * Rules over the main code of every module (this module's class path holds them all): no script
 * engines, no process spawning, and a core that knows nothing of Cloud Functions.
 */
@AnalyzeClasses(packages = "dev.agentfn", importOptions = ArchitectureTest.MainCodeOnly.class)
class ArchitectureTest {
  /** Main classes only: not test classes, nor the test fixtures JAR (which starts the invoker). */
  static final class MainCodeOnly implements ImportOption {
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

    @Override
    public boolean includes(Location location) {
      return new DoNotIncludeTests().includes(location) && !location.matches(TEST_JAR);
    }
  }

  @ArchTest
  static final ArchRule noScriptEngines = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("javax.script..", "jdk.nashorn..", "org.openjdk.nashorn..", "org.graalvm.polyglot..")
      .because("expressions (the calculator) are parsed, never evaluated by a script engine");

  @ArchTest
  static final ArchRule noProcesses = noClasses().should().callMethod(Runtime.class, "exec", String.class)
      .orShould().callMethod(Runtime.class, "exec", String[].class)
      .orShould().callMethod(Runtime.class, "exec", String.class, String[].class)
      .orShould().callMethod(Runtime.class, "exec", String[].class, String[].class)
      .orShould().callMethod(Runtime.class, "exec", String.class, String[].class, java.io.File.class)
      .orShould().callMethod(Runtime.class, "exec", String[].class, String[].class, java.io.File.class)
      .orShould().dependOnClassesThat().areAssignableTo(ProcessBuilder.class)
      .because("a function never starts processes");

  @ArchTest
  static final ArchRule coreKnowsNoCloudFunctions = noClasses()
      .that().resideInAPackage("dev.agentfn..").and().resideOutsideOfPackage("dev.agentfn.function..")
      .should().dependOnClassesThat().resideInAPackage("com.google.cloud.functions..")
      .because("only functions/* bridge to the Functions Framework; the core is server-neutral");
}
