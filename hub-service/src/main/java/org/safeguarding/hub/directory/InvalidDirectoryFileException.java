package org.safeguarding.hub.directory;

/** The upload as a whole cannot be imported (no header, a required column missing, broken CSV). */
public class InvalidDirectoryFileException extends RuntimeException {

    public InvalidDirectoryFileException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidDirectoryFileException(String message) {
        super(message);
    }
}
