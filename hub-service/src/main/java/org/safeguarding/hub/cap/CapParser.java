package org.safeguarding.hub.cap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.w3c.dom.Element;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Turns the bytes of a CAP document into its root element without ever reading a DTD, an entity, an XInclude or a
 * schema: CAP arrives from outside, and a parser left at its defaults fetches URLs and files a document names.
 */
final class CapParser {

    static final int MAX_BYTES = 256 * 1024;

    private CapParser() {
    }

    /** The document's alert element, in the CAP 1.2 namespace; the encoding is the one the document declares. */
    static Element parseAlert(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw new InvalidCapException("The CAP document is empty");
        }
        if (xml.length > MAX_BYTES) {
            throw new InvalidCapException("The CAP document is " + xml.length + " bytes: the hub takes at most "
                    + MAX_BYTES + " (256 KiB)");
        }
        refuseDoctype(xml);
        Element root = parse(xml).getDocumentElement();
        if (Cap.NAMESPACE_1_1.equals(root.getNamespaceURI())) {
            throw new InvalidCapException("This is a CAP 1.1 document: the hub takes CAP 1.2 only (namespace "
                    + Cap.NAMESPACE + ")");
        }
        if (!Cap.NAMESPACE.equals(root.getNamespaceURI()) || !"alert".equals(root.getLocalName())) {
            throw new InvalidCapException("The document is not a CAP 1.2 alert: its root element must be <alert> in"
                    + " the namespace " + Cap.NAMESPACE);
        }
        return root;
    }

    /**
     * The DOM parser below refuses a DOCTYPE too, but says so in the JVM's language. This scan of the prolog, with
     * DTD support off, tells the sender plainly; it stops at the root element and resolves nothing.
     */
    private static void refuseDoctype(byte[] xml) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                while (reader.hasNext()) {
                    int event = reader.next();
                    if (event == XMLStreamConstants.DTD) {
                        throw new InvalidCapException("The CAP document has a DOCTYPE: the hub refuses DTDs and"
                                + " entity declarations in CAP, which is never needed for a CAP 1.2 alert");
                    }
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        return;
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            // Not well-formed: the DOM parser reports where.
        }
    }

    private static org.w3c.dom.Document parse(byte[] xml) {
        try {
            DocumentBuilder builder = hardenedFactory().newDocumentBuilder();
            builder.setErrorHandler(FAIL_ON_ERROR);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId + " refused");
            });
            return builder.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (SAXParseException e) {
            throw new InvalidCapException("The CAP document is not well-formed XML (line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + "): " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new InvalidCapException("The CAP document could not be read as XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser lacks a hardening feature", e);
        }
    }

    /** The JDK's own parser (not whatever the classpath offers), so every setting below is known to apply. */
    private static DocumentBuilderFactory hardenedFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        try {
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser lacks a hardening feature", e);
        }
        return factory;
    }

    /** Fail on the first error instead of printing "[Fatal Error]" to stderr and carrying on. */
    private static final ErrorHandler FAIL_ON_ERROR = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
