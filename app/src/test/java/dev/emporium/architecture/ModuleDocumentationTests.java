package dev.emporium.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.EmporiumApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;
import org.springframework.modulith.docs.Documenter.DiagramOptions.DiagramStyle;

/**
 * Writes the module documentation into {@code docs/modules/} on every build, so the picture of the
 * modules in the repository is the one the code has: a component diagram of all modules and one
 * per module (PlantUML, plain UML style so they render without fetching C4 includes), and a
 * module canvas per module (AsciiDoc). Commit the changes it makes along with the code that
 * caused them. The Documenter writes a diagram's relationships in no fixed order; they are sorted
 * here so that an unchanged architecture leaves the files unchanged.
 */
class ModuleDocumentationTests {

    /** Surefire runs in {@code app/}; the documentation lives at the repository root. */
    static final Path OUTPUT = Path.of("..", "docs", "modules");

    @Test
    void writesComponentDiagramsAndModuleCanvases() throws IOException {
        var modules = ApplicationModules.of(EmporiumApplication.class);
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(OUTPUT.toString()))
                .writeDocumentation(
                        DiagramOptions.defaults().withStyle(DiagramStyle.UML), Documenter.CanvasOptions.defaults());

        try (Stream<Path> files = Files.list(OUTPUT)) {
            for (Path diagram :
                    files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                sortRelationships(diagram);
            }
        }

        assertThat(OUTPUT.resolve("components.puml")).exists();
        assertThat(Files.exists(OUTPUT.resolve("module-catalog.adoc"))).isTrue();
    }

    /** Sorts the relationship lines in place, leaving every other line where it was. */
    private static void sortRelationships(Path diagram) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(diagram));
        List<Integer> positions = new ArrayList<>();
        List<String> relationships = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" --> ")) {
                positions.add(i);
                relationships.add(lines.get(i));
            }
        }
        relationships.sort(null);
        for (int i = 0; i < positions.size(); i++) {
            lines.set(positions.get(i), relationships.get(i));
        }
        Files.writeString(diagram, String.join("\n", lines) + "\n");
    }
}
