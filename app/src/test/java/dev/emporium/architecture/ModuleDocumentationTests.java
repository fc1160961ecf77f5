package dev.emporium.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.EmporiumApplication;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * caused them.
 */
class ModuleDocumentationTests {

    /** Surefire runs in {@code app/}; the documentation lives at the repository root. */
    static final Path OUTPUT = Path.of("..", "docs", "modules");

    @Test
    void writesComponentDiagramsAndModuleCanvases() {
        var modules = ApplicationModules.of(EmporiumApplication.class);
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(OUTPUT.toString()))
                .writeDocumentation(
                        DiagramOptions.defaults().withStyle(DiagramStyle.UML), Documenter.CanvasOptions.defaults());

        assertThat(OUTPUT.resolve("components.puml")).exists();
        assertThat(Files.exists(OUTPUT.resolve("module-catalog.adoc"))).isTrue();
    }
}
