package dev.emporium;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Emporium: a commerce API whose every performance claim is measured. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EmporiumApplication {

    public static void main(String[] args) {
        SpringApplication.run(EmporiumApplication.class, args);
    }
}
