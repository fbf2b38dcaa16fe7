package io.github.kcrecovery;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import io.github.kcrecovery.flow.RecoveryStep;
import org.keycloak.authentication.AuthenticatorFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the code, as docs/architecture.md draws it: packages in four layers whose imports point down only,
 * features that do not import each other, no package cycles, and every flow step in one shape (the page in one class,
 * its registration in a {@code ...Factory}). A new package must be placed in a layer here. Only our compiled classes
 * are read ({@link MainClasses}; {@code archunit.properties}: Keycloak's jars are not resolved), so it stays a unit test.
 */
@AnalyzeClasses(locations = ArchitectureTest.MainClasses.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String ROOT = "io.github.kcrecovery";
    /** The REST roots: they route to the features and own no page of their own. */
    static final String[] ENTRY_POINTS = {"rest"};
    /** One page or one admin task each; they share nothing directly. */
    static final String[] FEATURES = {"chooser", "identify", "phonerecovery", "username", "emaillink", "contacts", "admin"};
    /** What several features use: the one recovery state, the one SMS path, captcha, mail, settings store, public links. */
    static final String[] SERVICES = {"state", "sms", "captcha", "mail", "settings", "links"};
    /** Import nothing of ours above them. */
    static final String[] UTILITIES = {"phone", "throttle", "code", "event", "flow", "outbound"};

    @ArchTest
    static final ArchRule importsPointDown = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("Entry points").definedBy(packages(ENTRY_POINTS))
            .layer("Features").definedBy(packages(FEATURES))
            .layer("Services").definedBy(packages(SERVICES))
            .layer("Utilities").definedBy(packages(UTILITIES))
            .whereLayer("Entry points").mayNotBeAccessedByAnyLayer()
            .whereLayer("Features").mayOnlyBeAccessedByLayers("Entry points")
            .whereLayer("Services").mayOnlyBeAccessedByLayers("Entry points", "Features")
            .whereLayer("Utilities").mayOnlyBeAccessedByLayers("Entry points", "Features", "Services");

    @ArchTest
    static final ArchRule featuresDoNotImportEachOther = CompositeArchRule.of(featureRules());

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule oneShapePerStep = noClasses().that().areAssignableTo(RecoveryStep.class)
            .should().beAssignableTo(AuthenticatorFactory.class)
            .because("every step is its page (an Authenticator) and its registration (a ...Factory), as two classes");

    /** The directory of the main classes (target/classes), rather than a scan of every jar on the test classpath. */
    public static final class MainClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Set.of(Location.of(RecoveryStep.class.getProtectionDomain().getCodeSource().getLocation()));
        }
    }

    private static List<ArchRule> featureRules() {
        return Arrays.stream(FEATURES).map(feature -> (ArchRule) noClasses()
                .that().resideInAPackage(ROOT + "." + feature + "..")
                .should().dependOnClassesThat().resideInAnyPackage(packages(Arrays.stream(FEATURES)
                        .filter(other -> !other.equals(feature)).toArray(String[]::new)))
                .because("what two features share belongs to a layer below them")).toList();
    }

    private static String[] packages(String... names) {
        return Arrays.stream(names).map(name -> ROOT + "." + name + "..").toArray(String[]::new);
    }
}
