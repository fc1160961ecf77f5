package dev.emporium.architecture.violations;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Breaks two rules on purpose: SQL outside a repository, and field injection. */
class SqlInService {

    @Autowired
    private JdbcClient jdbc;

    int count() {
        return jdbc.sql("select 1").query(Integer.class).optional().orElse(0);
    }
}
