package org.safeguarding.hub.alert;

/** Someone tried to approve or reject an alert they raised or last edited: answered with 403 and the reason. */
public class FourEyesException extends RuntimeException {

    public FourEyesException(String message) {
        super(message);
    }
}
