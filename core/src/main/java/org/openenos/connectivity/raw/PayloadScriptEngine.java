package org.openenos.connectivity.raw;

/** Compiles parsing scripts; a script that is not valid, or lacks one of the two functions, is refused (99400). */
public interface PayloadScriptEngine {
    PayloadScript compile(String source);
}
