package org.openenos.rest;

import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/** Translates errors into the EnOS envelope with a stable code; only here do error codes become HTTP statuses. */
@RestControllerAdvice
public class ApiExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(OpenEnosException.class)
    public ResponseEntity<ApiResponse> handle(OpenEnosException e) {
        HttpStatus status = switch (e.code()) {
            case UNAUTHENTICATED, TOKEN_EXPIRED, SECOND_FACTOR_REQUIRED, SECOND_FACTOR_ENROLMENT_REQUIRED ->
                    HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND, MODEL_NOT_FOUND, PRODUCT_NOT_FOUND, DEVICE_NOT_FOUND, ASSET_NOT_FOUND, TREE_NOT_FOUND,
                 COMMAND_NOT_FOUND, CERTIFICATE_NOT_FOUND, STREAM_PIPELINE_NOT_FOUND ->
                    HttpStatus.NOT_FOUND;
            case CONFLICT, DEVICE_KEY_EXISTS -> HttpStatus.CONFLICT;
            case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
            case INTERNAL, TSDB_INTERNAL, STREAM_ENGINE_FAILED -> HttpStatus.INTERNAL_SERVER_ERROR;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.BAD_REQUEST;
        };
        if (status.is5xxServerError()) {
            LOG.error("request failed: {}", e.getMessage(), e);
        }
        return ResponseEntity.status(status).body(ApiResponse.error(e.code().enosCode(), e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ApiResponse> unreadable(HttpMessageNotReadableException e) {
        String detail = e.getCause() instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
        return bad("malformed request body: " + detail);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<ApiResponse> missing(MissingServletRequestParameterException e) {
        return bad(e.getParameterName() + ": query parameter is required");
    }

    @ExceptionHandler(org.springframework.web.bind.UnsatisfiedServletRequestParameterException.class)
    public ResponseEntity<ApiResponse> unknownAction(
            org.springframework.web.bind.UnsatisfiedServletRequestParameterException e) {
        return bad("action: missing or not supported on this resource (" + e.getMessage() + ")");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ApiResponse> mismatch(MethodArgumentTypeMismatchException e) {
        return bad(e.getName() + ": invalid value '" + e.getValue() + "'");
    }

    @ExceptionHandler(org.springframework.web.multipart.support.MissingServletRequestPartException.class)
    public ResponseEntity<ApiResponse> missingPart(
            org.springframework.web.multipart.support.MissingServletRequestPartException e) {
        return bad(e.getRequestPartName() + ": a part of the multipart body is required");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<ApiResponse> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .body(ApiResponse.error(ErrorCode.BAD_ARGUMENT.enosCode(), e.getMessage()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<ApiResponse> noResource(NoResourceFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ApiResponse.error(ErrorCode.NOT_FOUND.enosCode(), "no such resource or action"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ApiResponse> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        String type = e.getContentType() == null ? "none" : e.getContentType().toString();
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(ApiResponse.error(ErrorCode.BAD_ARGUMENT.enosCode(), "Content-Type " + type
                        + " is not supported here; send " + (e.getSupportedMediaTypes().isEmpty() ? "application/json"
                        : e.getSupportedMediaTypes().toString())));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<ApiResponse> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).contentType(MediaType.APPLICATION_JSON)
                .body(ApiResponse.error(ErrorCode.BAD_ARGUMENT.enosCode(), "this resource answers "
                        + e.getSupportedMediaTypes() + " only"));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ApiResponse> unexpected(Exception e) {
        String refused = BadDataFromStore.describe(e);
        if (refused != null) {
            // the database refused a value of the request (SQL state class 22, "data exception"): the caller's error
            return bad("a value of the request is not valid: " + refused);
        }
        LOG.error("unexpected error", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(ApiResponse.error(ErrorCode.INTERNAL.enosCode(), "internal error; see the server log"));
    }

    private static ResponseEntity<ApiResponse> bad(String message) {
        return ResponseEntity.badRequest().body(ApiResponse.error(ErrorCode.BAD_ARGUMENT.enosCode(), message));
    }
}
