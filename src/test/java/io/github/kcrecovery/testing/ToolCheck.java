package io.github.kcrecovery.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The rule behind {@link RequiresTools}: decided once per class, before anything starts. */
final class ToolCheck implements ExecutionCondition {

    static final String REQUIRE_ALL = "it.requireAllTools";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        Tool[] tools = context.getTestClass()
                .flatMap(type -> AnnotationSupport.findAnnotation(type, RequiresTools.class))
                .map(RequiresTools::value).orElse(new Tool[0]);
        List<String> missing = new ArrayList<>();
        Set<String> packages = new LinkedHashSet<>();
        for (Tool tool : tools) {
            List<String> commands = tool.missingCommands();
            if (!commands.isEmpty()) {
                missing.addAll(commands);
                packages.add(tool.debianPackages());
            }
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("all tools found");
        }
        String line = context.getRequiredTestClass().getSimpleName() + " needs " + String.join(", ", missing)
                + " on the PATH; install (Debian) " + String.join("; ", packages);
        if (Boolean.getBoolean(REQUIRE_ALL)) {
            throw new IllegalStateException(line + " [-D" + REQUIRE_ALL + "=true: missing tools fail instead of skipping]");
        }
        System.out.println("SKIPPED: " + line);
        return ConditionEvaluationResult.disabled(line);
    }
}
