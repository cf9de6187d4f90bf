package org.openenos.rest.tsdb;

import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.rest.ApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the TSDB endpoints in the EnOS envelope: the TSDB service answers argument errors with 80400 and
 * internal ones with 80500 in the body (HTTP 200, as EnOS does); access errors keep their platform codes.
 */
@RestControllerAdvice(assignableTypes = {TsdbController.class, TsdbPolicyController.class, TsdbExportController.class})
public class TsdbExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TsdbExceptionHandler.class);

    @ExceptionHandler(OpenEnosException.class)
    @ResponseStatus(HttpStatus.OK)
    public ApiResponse platformError(OpenEnosException e) {
        ErrorCode code = e.code() == ErrorCode.BAD_ARGUMENT ? ErrorCode.TSDB_BAD_ARGUMENT : e.code();
        if (code.retryable()) {
            LOG.warn("TSDB request failed", e);
        }
        return ApiResponse.error(code.enosCode(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    @ResponseStatus(HttpStatus.OK)
    public ApiResponse unreadableBody(HttpMessageNotReadableException e) {
        return ApiResponse.error(ErrorCode.TSDB_BAD_ARGUMENT.enosCode(), "the request body is not valid JSON of this API");
    }

    @ExceptionHandler(RuntimeException.class)
    @ResponseStatus(HttpStatus.OK)
    public ApiResponse unexpected(RuntimeException e) {
        LOG.error("TSDB request failed", e);
        return ApiResponse.error(ErrorCode.TSDB_INTERNAL.enosCode(), "internal error of the TSDB service");
    }
}
