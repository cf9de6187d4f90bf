package org.openenos.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

@SpringBootApplication(scanBasePackages = "org.openenos")
@EnableConfigurationProperties(OpenEnosProperties.class)
public class OpenEnosServer {
    public static void main(String[] args) {
        SpringApplication.run(OpenEnosServer.class, args);
    }
}
