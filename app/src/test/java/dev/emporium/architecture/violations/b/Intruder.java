package dev.emporium.architecture.violations.b;

import dev.emporium.architecture.violations.a.LeakyRepository;

/** Uses another package's repository, and closes the cycle a → b → a (on purpose). */
public class Intruder {

    /** A method, not a constant: javac inlines constants, and an inlined constant leaves no dependency. */
    public static int answer() {
        return 42;
    }

    int countThroughSomeoneElsesRepository(LeakyRepository repository) {
        return repository.count();
    }
}
