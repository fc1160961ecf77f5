package dev.emporium.architecture.violations.a;

import dev.emporium.architecture.violations.b.Intruder;

/** A repository used from outside its package, in a package that is part of a cycle (on purpose). */
public class LeakyRepository {

    public int count() {
        return Intruder.answer();
    }
}
