package org.safeguarding.hub.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The "change your password" form. */
record PasswordForm(
        @NotBlank(message = "Enter your current password") String currentPassword,
        @NotBlank(message = "Enter a new password")
        @Size(min = PasswordStrength.MIN_LENGTH, max = PasswordStrength.MAX_LENGTH, message = "New password must be 12 to 128 characters")
        String newPassword,
        @NotBlank(message = "Confirm your new password") String confirmPassword) {

    static PasswordForm empty() {
        return new PasswordForm("", "", "");
    }
}
