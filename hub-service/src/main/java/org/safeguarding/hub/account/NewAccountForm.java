package org.safeguarding.hub.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The "create an account" form. Messages are written for the GOV.UK error summary. */
record NewAccountForm(
        @NotBlank(message = "Enter a username")
        @Pattern(regexp = "^$|[a-z0-9][a-z0-9._-]{2,63}",
                message = "Username must be 3 to 64 lower-case letters, digits, dots, dashes or underscores")
        String username,
        @NotBlank(message = "Enter the full name") @Size(max = 200, message = "Full name must be 200 characters or fewer")
        String displayName,
        @NotBlank(message = "Enter the organisation") @Size(max = 200, message = "Organisation must be 200 characters or fewer")
        String organisation,
        @NotBlank(message = "Enter the email address") String email,
        String mobile,
        @NotNull(message = "Select a role")
        Role role,
        @NotBlank(message = "Enter a password")
        @Size(min = PasswordStrength.MIN_LENGTH, max = PasswordStrength.MAX_LENGTH, message = "Password must be 12 to 128 characters")
        String password) {

    static NewAccountForm empty() {
        return new NewAccountForm("", "", "", "", "", null, "");
    }
}
