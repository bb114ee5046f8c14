package org.safeguarding.hub.system;

import org.safeguarding.hub.system.ProductionSettingsCheck.MissingProductionSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing prod setting into Spring Boot's plain "APPLICATION FAILED TO START" report. */
public class MissingProductionSettingFailureAnalyzer extends AbstractFailureAnalyzer<MissingProductionSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingProductionSettingException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + cause.setting() + " (or its environment variable, e.g. "
                        + cause.setting().toUpperCase().replace('.', '_').replace("-", "")
                        + ") and start the hub again. The README lists every setting.",
                cause);
    }
}
