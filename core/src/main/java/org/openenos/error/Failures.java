package org.openenos.error;

/** What to tell of a failure wrapped by the layers it came through (engines wrap a cause several times over). */
public final class Failures {
    private Failures() {
    }

    /** The innermost message in the chain of causes, for a user's error: the one that says what was wrong. */
    public static String deepestMessage(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? t.getClass().getSimpleName() : message;
    }

    /** The innermost cause's type and message, for logs and runtime states. */
    public static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
