package org.safeguarding.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real external data in ../shared/data (GIAS, CAP, Notify); Maven passes its folder to the tests. */
public final class SharedData {

    private SharedData() {
    }

    public static Path path(String relative) {
        String dir = System.getProperty("hub.test.shared-data", "../../shared/data");
        Path file = Path.of(dir).resolve(relative).normalize();
        assertThat(file).as("shared test data (../shared/data beside the project)").exists();
        return file;
    }

    public static byte[] bytes(String relative) throws java.io.IOException {
        return Files.readAllBytes(path(relative));
    }
}
