package dev.emporium.architecture.violations;

import dev.emporium.architecture.violations.a.LeakyRepository;

/**
 * Breaks two rules on purpose: a public controller that talks to a repository. Deliberately not
 * annotated {@code @RestController}: component scanning of the integration tests would pick it up.
 */
public class PublicController {

    private final LeakyRepository repository;

    PublicController(LeakyRepository repository) {
        this.repository = repository;
    }

    int count() {
        return repository.count();
    }
}
