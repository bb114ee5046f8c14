package org.safeguarding.hub.system;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;
import org.springframework.beans.PropertyAccessException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.DefaultBindingErrorProcessor;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * What a value must be, in plain words ("one of RAISER, APPROVER, OPS or ADMIN", "a whole number"), for messages that
 * would otherwise name the Java type (e.g. {@code org.safeguarding.hub.account.Role}): the API's unreadable JSON, and
 * every page form's binding.
 */
@ControllerAdvice
public class PlainValues {

    /** The words after "must be". */
    public static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type.isEnum()) {
            String[] names = Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toArray(String[]::new);
            return names.length == 1 ? names[0] : "one of " + Arrays.stream(names, 0, names.length - 1)
                    .collect(Collectors.joining(", ")) + " or " + names[names.length - 1];
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date and time like 2026-11-29T17:30:00Z";
        }
        if (type == String.class) {
            return "text";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    /** "displayName" → "Display name". */
    static String label(String field) {
        String words = field.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    @InitBinder
    void plainBindingErrors(WebDataBinder binder) {
        binder.setBindingErrorProcessor(new DefaultBindingErrorProcessor() {
            @Override
            public void processPropertyAccessException(PropertyAccessException e, BindingResult result) {
                if (!(e instanceof TypeMismatchException mismatch) || mismatch.getPropertyName() == null) {
                    super.processPropertyAccessException(e, result);
                    return;
                }
                String field = mismatch.getPropertyName();
                String[] codes = result.resolveMessageCodes(e.getErrorCode(), field);
                result.addError(new FieldError(result.getObjectName(), field, e.getValue(), true, codes, null,
                        label(field) + " must be " + expected(mismatch.getRequiredType())));
            }
        });
    }
}
