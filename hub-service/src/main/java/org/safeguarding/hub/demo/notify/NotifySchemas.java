package org.safeguarding.hub.demo.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notify's own JSON schemas for its v2 API (post_sms_request, post_sms_response, get_notification_response, …), read
 * from the file transcribed from alphagov/notifications-api. Notify's custom formats (phone_number, validate_uuid)
 * are not known to a stock validator and pass; the simulator checks the phone number itself.
 */
public final class NotifySchemas {

    private final JsonNode all;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    public NotifySchemas(Path file) {
        try {
            this.all = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Notify schemas at " + file, e);
        }
    }

    /** @return what is wrong with {@code json} by the schema {@code name}; empty when it is valid */
    public List<String> problems(String name, String json) {
        Schema schema = schemas.computeIfAbsent(name, n -> {
            JsonNode node = all.get(n);
            if (node == null) {
                throw new IllegalArgumentException("No Notify schema " + n);
            }
            return registry.getSchema(node.toString(), InputFormat.JSON);
        });
        return schema.validate(json, InputFormat.JSON).stream().map(Error::getMessage).toList();
    }
}
