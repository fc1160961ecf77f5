package dev.emporium.ops;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the page's assets ({@code classpath:/ops/}) under {@code /ops/**}, and {@code /ops} opens it.
 * The only static content of the application: everything else stays off
 * ({@code spring.web.resources.add-mappings=false}), so an unknown path is still MVC's 404.
 */
@Configuration(proxyBeanMethods = false)
class OpsPageConfiguration implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/ops/**").addResourceLocations("classpath:/ops/");
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/ops", "/ops/index.html");
    }
}
