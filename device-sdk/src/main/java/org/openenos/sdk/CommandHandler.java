package org.openenos.sdk;

/**
 * Answers one command. The returned value becomes the reply's {@code data}; throwing {@link CommandException} replies
 * with its code, any other exception with 1102 (handler failed).
 */
@FunctionalInterface
public interface CommandHandler {
    Object handle(Command command) throws Exception;
}
