package org.openenos.rest.ota;

import org.openenos.error.ErrorCode;
import org.openenos.rest.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/** An upload past the servlet's multipart limit (set from the firmware size limit) gets the EnOS envelope. */
@RestControllerAdvice
public class UploadLimitAdvice {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    public ResponseEntity<ApiResponse> tooLarge(MaxUploadSizeExceededException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ApiResponse.error(
                ErrorCode.BAD_ARGUMENT.enosCode(), "upload larger than the firmware size limit"));
    }

    @ExceptionHandler(MultipartException.class)
    public ResponseEntity<ApiResponse> badMultipart(MultipartException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(ApiResponse.error(
                ErrorCode.BAD_ARGUMENT.enosCode(), "not a valid multipart upload: parts metadata and file"));
    }
}
