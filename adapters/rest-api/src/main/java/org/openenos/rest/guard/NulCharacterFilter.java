package org.openenos.rest.guard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.openenos.error.ErrorCode;
import org.openenos.rest.ApiResponse;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a NUL character in the query string ({@code %00}) before anything reads it: it would reach the database
 * as part of an id or a filter, and PostgreSQL refuses NUL in text (see {@link NulCharacterModule} for bodies).
 * Runs before authentication, so it costs nothing but a scan of the query string.
 */
@Component
@Order(5)
public class NulCharacterFilter extends OncePerRequestFilter {
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && (query.indexOf('\0') >= 0 || query.toLowerCase(Locale.ROOT).contains("%00"))) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("application/json");
            json.writeValue(response.getOutputStream(), ApiResponse.error(ErrorCode.BAD_ARGUMENT.enosCode(),
                    "a query parameter contains a NUL character (%00), which is not allowed"));
            return;
        }
        chain.doFilter(request, response);
    }
}
