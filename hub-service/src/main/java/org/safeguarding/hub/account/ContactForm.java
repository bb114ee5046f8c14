package org.safeguarding.hub.account;

import jakarta.validation.constraints.NotBlank;
import java.util.Optional;
import org.safeguarding.hub.directory.ContactDetails;
import org.springframework.validation.Errors;

/** An account's email address (required) and UK mobile (optional), as an ADMIN edits them. */
record ContactForm(@NotBlank(message = "Enter the email address") String email, String mobile) {

    /** Email and mobile as stored. */
    record Contact(String email, String mobile) {
    }

    static ContactForm of(Account account) {
        return new ContactForm(account.email() == null ? "" : account.email(),
                account.mobile() == null ? "" : account.mobile());
    }

    /**
     * The email and mobile as stored (lower-case domain; mobile as +447…, null when blank), after adding any problem
     * to {@code errors} under the fields {@code email} and {@code mobile}; empty when there is one.
     */
    static Optional<Contact> normalised(String email, String mobile, Errors errors) {
        if (!errors.hasFieldErrors("email") && (email.strip().length() > 254 || !ContactDetails.isEmail(email.strip()))) {
            errors.rejectValue("email", "invalid", "Enter an email address in the correct format, like name@example.org");
        }
        String e164 = mobile == null || mobile.isBlank() ? null : ContactDetails.ukMobileE164(mobile);
        if (mobile != null && !mobile.isBlank() && e164 == null) {
            errors.rejectValue("mobile", "invalid", "Enter a UK mobile number, like 07700 900 982, or leave it blank");
        }
        if (errors.hasFieldErrors("email") || errors.hasFieldErrors("mobile")) {
            return Optional.empty();
        }
        return Optional.of(new Contact(ContactDetails.normaliseEmail(email.strip()), e164));
    }
}
