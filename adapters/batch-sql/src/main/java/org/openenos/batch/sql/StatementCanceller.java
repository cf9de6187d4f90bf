package org.openenos.batch.sql;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The statements one query opens on external sources, so they can be cancelled in the source's server
 * ({@link Statement#cancel()}: PostgreSQL and MariaDB send a cancel request on a separate connection) when the query's
 * time limit passes or its task is cancelled. A thread blocked in a JDBC read ignores interrupts and Calcite's cancel
 * flag; only the database can end it.
 */
final class StatementCanceller {
    private final Set<Statement> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    /** {@code source} whose connections register every statement they create. */
    DataSource track(DataSource source) {
        return proxy(DataSource.class, source, (target, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection c ? connection(c) : result;
        });
    }

    /** Cancels every statement opened so far and refuses new ones. */
    void cancelAll() {
        cancelled = true;
        for (Statement st : open) {
            try {
                st.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // a statement already finished or closed has nothing left to cancel
            }
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    private Connection connection(Connection c) {
        return proxy(Connection.class, c, (target, method, args) -> {
            Object result = invoke(target, method, args);
            if (result instanceof Statement st) {
                if (cancelled) {
                    st.close();
                    throw new SQLException("the query was cancelled");
                }
                open.add(st);
            }
            return result;
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler h = (p, method, args) -> {
            if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> c
                    && c.isInstance(target)) {
                return target;
            }
            return handler.handle(target, method, args);
        };
        return (T) Proxy.newProxyInstance(StatementCanceller.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    @FunctionalInterface
    private interface Handler {
        Object handle(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable;
    }
}
