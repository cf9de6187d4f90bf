package org.openenos.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication(scanBasePackages = "org.openenos")
public class OpenEnosServer {
    public static void main(String[] args) {
        SpringApplication.run(OpenEnosServer.class, args);
    }
}
