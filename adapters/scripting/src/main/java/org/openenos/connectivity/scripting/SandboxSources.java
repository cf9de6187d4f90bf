package org.openenos.connectivity.scripting;

import org.graalvm.polyglot.Source;

/**
 * The JavaScript the engine wraps around a parsing script, built once per engine (parsed once, shared by every
 * context). None of it adds a global: what a conversion needs is handed to Java as values.
 */
final class SandboxSources {
    /** The name of a script's sources: the statement limit counts the statements of these only. */
    static final String SCRIPT_NAME = "parsing-script.js";

    private SandboxSources() {
    }

    /**
     * The glue between Java and a script: bytes cross as hex strings, messages as JSON text, so a script never
     * touches a host object. {@code up}/{@code down} first call the script's factory, which runs the script's top
     * level afresh: each conversion has its own {@code var}s, {@code let}s and closures, as if it had its own context.
     * Strict, so a script cannot reach these functions through {@code caller}.
     */
    static final Source GLUE = Source.create("js", """
            (function () {
              'use strict';
              function hexOf(b) {
                if (!Array.isArray(b) && !(b instanceof Uint8Array)) { throw new TypeError('expected an array of bytes'); }
                var out = '';
                for (var i = 0; i < b.length; i++) {
                  var v = b[i];
                  if (typeof v !== 'number' || v < -128 || v > 255 || v !== Math.floor(v)) {
                    throw new RangeError('byte ' + i + ' is not a byte: ' + v);
                  }
                  var h = (v & 0xff).toString(16); out += h.length === 1 ? '0' + h : h;
                }
                return out;
              }
              function bytesOf(hex) {
                var bytes = new Array(hex.length / 2);
                for (var i = 0; i < bytes.length; i++) { bytes[i] = parseInt(hex.substr(i * 2, 2), 16); }
                return bytes;
              }
              return {
                missing: function (factory) {
                  var f = factory();
                  return typeof f.up !== 'function' ? 'rawDataToProtocol'
                       : typeof f.down !== 'function' ? 'protocolToRawData' : '';
                },
                up: function (factory, hex) { return JSON.stringify(factory().up(bytesOf(hex))); },
                down: function (factory, json) { return hexOf(factory().down(JSON.parse(json))); }
              };
            })()
            """);

    /**
     * Locks a prepared context down, so nothing one conversion does is seen by the next: every object reachable
     * from the global object (the built-ins and their prototypes) and from the given roots is frozen, and the global
     * object's own properties can no longer be replaced or removed. The global object itself stays extensible, so a
     * script may still assign an undeclared variable during a conversion; the returned {@code reset} deletes such
     * additions afterwards and answers false when one could not be deleted (the context is then not used again).
     */
    static final Source LOCKDOWN = Source.create("js", """
            (function (global) {
              'use strict';
              return function () {
                var roots = arguments, seen = new WeakSet(), stack = [];
                seen.add(global); // reached again through globalThis: its own properties are fixed below, not frozen
                function visit(v) {
                  if (((typeof v === 'object' && v !== null) || typeof v === 'function') && !seen.has(v)) {
                    seen.add(v); stack.push(v);
                  }
                }
                var baseline = Reflect.ownKeys(global), known = new Set(baseline);
                baseline.forEach(function (k) {
                  var d = Object.getOwnPropertyDescriptor(global, k);
                  visit(d.value); visit(d.get); visit(d.set);
                  try {
                    Object.defineProperty(global, k, 'value' in d ? {writable: false, configurable: false}
                                                                  : {configurable: false});
                  } catch (e) { /* already fixed by the engine */ }
                });
                visit(Object.getPrototypeOf(global));
                for (var r = 0; r < roots.length; r++) { visit(roots[r]); }
                while (stack.length) {
                  var o = stack.pop();
                  try { Object.freeze(o); } catch (e) { /* an exotic object that cannot be frozen */ }
                  visit(Object.getPrototypeOf(o));
                  var keys;
                  try { keys = Reflect.ownKeys(o); } catch (e) { continue; }
                  for (var i = 0; i < keys.length; i++) {
                    var d;
                    try { d = Object.getOwnPropertyDescriptor(o, keys[i]); } catch (e) { continue; }
                    if (d) { visit(d.value); visit(d.get); visit(d.set); }
                  }
                }
                var size = baseline.length;
                return function reset() {
                  var now = Reflect.ownKeys(global);
                  if (now.length === size) { return true; }
                  for (var i = 0; i < now.length; i++) {
                    if (!known.has(now[i])) { delete global[now[i]]; }
                  }
                  return Reflect.ownKeys(global).length === size;
                };
              };
            })(globalThis)
            """);

    /**
     * The script as the body of a factory: calling it runs the script's top level in a new scope and returns its
     * two functions. The first line is not broken, so positions in the script's messages stay right.
     */
    static Source wrapped(String script) {
        return Source.newBuilder("js", "(function () { " + script + "\n;return {"
                        + "up: typeof rawDataToProtocol === 'function' ? rawDataToProtocol : undefined, "
                        + "down: typeof protocolToRawData === 'function' ? protocolToRawData : undefined};\n})",
                SCRIPT_NAME).buildLiteral();
    }

    /** The script alone: parsed (never run) to refuse what is not a program before it is wrapped. */
    static Source standalone(String script) {
        return Source.newBuilder("js", script, SCRIPT_NAME).buildLiteral();
    }
}
