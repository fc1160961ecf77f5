package dev.emporium.platform.db;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts a statement listener between the application and the HikariCP pool. The proxy unwraps to
 * the pool, so pool metrics and health still see HikariCP.
 */
@Configuration(proxyBeanMethods = false)
class StatementObservationConfiguration implements WebMvcConfigurer {

    @Bean
    SlowStatementLog slowStatementLog(MeterRegistry registry, DbProperties properties) {
        return new SlowStatementLog(
                registry, properties.slowStatementThreshold(), properties.slowStatementLogInterval());
    }

    @Bean
    static BeanPostProcessor statementObservingDataSource(ObjectProvider<SlowStatementLog> listener) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && !(bean instanceof ProxyDataSource)) {
                    return ProxyDataSourceBuilder.create(dataSource)
                            .name(beanName)
                            .listener(listener.getObject())
                            .build();
                }
                return bean;
            }
        };
    }

    @Bean
    FilterRegistrationBean<StatementObservingFilter> statementObservingFilter(MeterRegistry registry) {
        var registration = new FilterRegistrationBean<>(new StatementObservingFilter(registry));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @EventListener(ApplicationReadyEvent.class)
    void judgeStatementsFromNowOn(ApplicationReadyEvent event) {
        event.getApplicationContext().getBean(SlowStatementLog.class).applicationReady();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                StatementObservingFilter.describeMatchedRoute(request);
                return true;
            }
        });
    }
}
