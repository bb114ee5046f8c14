package org.safeguarding.hub.alert;

import java.util.List;
import org.safeguarding.hub.alert.AlertRules.FieldProblem;

/** Content that cannot be raised as it is; each problem names its field. Answered with 400. */
public class InvalidAlertException extends RuntimeException {

    private final transient List<FieldProblem> problems;

    public InvalidAlertException(List<FieldProblem> problems) {
        super(problems.stream().map(FieldProblem::message).reduce((a, b) -> a + "; " + b).orElse("Invalid alert"));
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
