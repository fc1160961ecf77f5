package dev.emporium.platform.db;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Flyway migrates over plain connections of its own, not the request pool's: pooled connections
 * carry the request path's {@code statement_timeout}, which an index build on a million rows can
 * exceed, and a setting changed on a pooled connection for a migration would stay on it afterwards.
 */
@Configuration(proxyBeanMethods = false)
class MigrationConnections {

    @Bean
    FlywayConfigurationCustomizer migrationsOnTheirOwnConnections(DataSourceProperties properties) {
        return configuration -> configuration.dataSource(properties
                .initializeDataSourceBuilder()
                .type(SimpleDriverDataSource.class)
                .build());
    }
}
