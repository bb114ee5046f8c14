package org.safeguarding.hub.cap;

/** A CAP document the hub will not take as an alert; the message says what is wrong in words the sender can act on. */
public class InvalidCapException extends RuntimeException {

    public InvalidCapException(String message) {
        super(message);
    }

    public InvalidCapException(String message, Throwable cause) {
        super(message, cause);
    }
}
