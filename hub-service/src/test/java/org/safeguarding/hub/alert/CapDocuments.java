package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.safeguarding.hub.support.SharedData;
import org.w3c.dom.Document;

/** An alert's GET /cap as a partner reads it: checked against the OASIS CAP 1.2 schema (external access off), parsed. */
public final class CapDocuments {

    static final String CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2";

    private static Schema cap12;

    private CapDocuments() {
    }

    public static Document valid(AlertApi api, String user, long id) throws Exception {
        HttpResponse<String> response = api.get(user, "/api/v1/alerts/" + id + "/cap", AlertApi.CAP);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(AlertApi.CAP));
        assertValid(response.body());
        return dom(response.body());
    }

    /** Checks the document against the OASIS CAP 1.2 schema in ../shared/data/cap (external access off). */
    public static void assertValid(String xml) throws Exception {
        Validator validator = schema().newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        assertThatCode(() -> validator.validate(new StreamSource(new StringReader(xml))))
                .as(xml).doesNotThrowAnyException();
    }

    /** Parses namespace-aware, refusing any DOCTYPE. */
    public static Document dom(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** The text of the first {@code element}, or null when the document has none. */
    public static String text(Document document, String element) {
        var nodes = document.getElementsByTagNameNS(CAP_NS, element);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static synchronized Schema schema() throws Exception {
        if (cap12 == null) {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            cap12 = factory.newSchema(SharedData.path("cap/cap12.xsd").toFile());
        }
        return cap12;
    }
}
