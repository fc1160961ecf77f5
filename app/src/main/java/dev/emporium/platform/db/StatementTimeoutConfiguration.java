package dev.emporium.platform.db;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Gives every pooled connection the {@link QueryClass#REQUEST} bound as its session default: a libpq start-up
 * option ({@code options=-c statement_timeout=…}), so it costs no round trip and a {@code SET LOCAL} of a longer
 * class falls back to it when its transaction ends. Appended after any {@code options} configured by hand, so
 * {@code emporium.db.statement-timeouts.request} (or {@code EMPORIUM_DB_STATEMENT_TIMEOUT_MS}) always wins.
 */
@Configuration(proxyBeanMethods = false)
class StatementTimeoutConfiguration {

    static final String REQUEST_KEY = "emporium.db.statement-timeouts.request";

    @Bean
    static BeanPostProcessor requestStatementTimeoutOnPooledConnections(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool) {
                    Duration request = Binder.get(environment)
                            .bind(REQUEST_KEY, Duration.class)
                            .orElse(DbProperties.StatementTimeoutClasses.DEFAULT_REQUEST);
                    String configured = pool.getDataSourceProperties().getProperty("options", "");
                    String option = "-c statement_timeout=" + request.toMillis();
                    pool.addDataSourceProperty(
                            "options", configured.isBlank() ? option : configured.strip() + " " + option);
                }
                return bean;
            }
        };
    }
}
