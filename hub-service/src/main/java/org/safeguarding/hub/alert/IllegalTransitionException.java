package org.safeguarding.hub.alert;

/** A status change the state machine does not allow: answered with 409 and the reason. */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(String message) {
        super(message);
    }
}
