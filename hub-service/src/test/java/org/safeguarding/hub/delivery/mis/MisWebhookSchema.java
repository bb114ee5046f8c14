package org.safeguarding.hub.delivery.mis;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The vendor guide's JSON Schema (docs/mis-webhook.schema.json): every payload the hub sends must pass it. */
final class MisWebhookSchema {

    static final Path FILE = Path.of("..", "docs", "mis-webhook.schema.json");
    private static final Schema SCHEMA = load();

    private MisWebhookSchema() {
    }

    private static Schema load() {
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                            builder -> builder.schemaRegistryConfig(
                                    com.networknt.schema.SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()))
                    .getSchema(Files.readString(FILE), InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertValid(String payload) {
        assertThat(SCHEMA.validate(payload, InputFormat.JSON)).as("schema errors of\n" + payload).isEmpty();
    }

    /** The schema must be able to fail: a payload it would accept whatever it holds proves nothing. */
    static boolean accepts(String payload) {
        return SCHEMA.validate(payload, InputFormat.JSON).isEmpty();
    }
}
