package dev.emporium.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

/**
 * A full application context on the shared embedded PostgreSQL of this test JVM, with MockMvc.
 * Every test class with the same annotations reuses one context, so keep test-specific beans out.
 *
 * <p>Every MockMvc exchange is checked against the served OpenAPI document by the contract guard
 * ({@link ContractGuardConfiguration}): a status, header or body the document does not describe
 * fails the test that made it. A new endpoint passes by describing itself truthfully; what that
 * takes is in the Javadoc of {@code dev.emporium.platform.web.StandardResponses}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest
@AutoConfigureMockMvc
@Import(ContractGuardConfiguration.class)
public @interface IntegrationTest {}
