package org.safeguarding.hub.acknowledgement;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The confirm form on a school's acknowledgement page. Confirming receipt needs a name and role only: what the school
 * has done is optional, so a school can confirm as soon as it has read the alert.
 */
record AcknowledgementForm(
        @NotBlank(message = "Enter your name") @Size(max = 200, message = "Your name must be 200 characters or fewer")
        String name,
        @NotBlank(message = "Enter your role, for example designated safeguarding lead")
        @Size(max = 100, message = "Your role must be 100 characters or fewer")
        String role,
        @Size(max = 2000, message = "What the school has done must be 2,000 characters or fewer")
        String actions) {

    static AcknowledgementForm empty() {
        return new AcknowledgementForm("", "", "");
    }

    /** What the school has done, stripped; empty when it said nothing. */
    String actionsTaken() {
        return actions == null ? "" : actions.strip();
    }
}
