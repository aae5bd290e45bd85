package dev.verdict.api.problem;

import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.RequestBodies;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an uploaded problem package from a request: the whole body with {@code Content-Type:
 * application/zip}, or the file field {@code package} of a {@code multipart/form-data} body. A
 * package over {@code problems.maxPackageBytes} is refused with 413 as soon as the limit is
 * crossed, whatever the transfer encoding.
 */
final class PackageUpload {
  static final String FIELD = "package";
  private static final Set<String> ZIP_TYPES =
      Set.of("application/zip", "application/x-zip-compressed");

  private static final long MULTIPART_OVERHEAD_BYTES = 64 * 1024;

  private final int maxBytes;

  PackageUpload(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  byte[] read(Context ctx) {
    // why: a package may be far larger than the API's cap for JSON bodies
    // (api.http.maxRequestBytes);
    // this route's own cap replaces it, with room for a multipart body's headers and boundaries.
    RequestBodies.allow(ctx, maxBytes + MULTIPART_OVERHEAD_BYTES);
    String type = mediaType(ctx.contentType());
    if (ZIP_TYPES.contains(type)) {
      if (ctx.req().getContentLengthLong() > maxBytes) {
        throw tooLarge();
      }
      return bounded(ctx.bodyInputStream());
    }
    if (type.equals("multipart/form-data")) {
      return bounded(part(ctx).content());
    }
    throw new ApiException(
        415,
        "Content-Type must be application/zip, or multipart/form-data with the zip in the file"
            + " field '"
            + FIELD
            + "'",
        "Content-Type");
  }

  private UploadedFile part(Context ctx) {
    UploadedFile file;
    try {
      file = ctx.uploadedFile(FIELD);
    } catch (RuntimeException e) {
      // why: the servlet container reports a part over its size limit as an IllegalStateException
      // while parsing; anything else it throws here is a malformed body.
      if (e instanceof IllegalStateException || e.getCause() instanceof IllegalStateException) {
        throw tooLarge();
      }
      throw ApiException.badRequest(FIELD, "could not be read from the multipart body");
    }
    if (file == null) {
      throw ApiException.badRequest(FIELD, "is missing: send the zip as the file field 'package'");
    }
    if (file.size() > maxBytes) {
      throw tooLarge();
    }
    return file;
  }

  private byte[] bounded(InputStream body) {
    try (InputStream in = body) {
      byte[] content = in.readNBytes(maxBytes + 1);
      if (content.length > maxBytes) {
        throw tooLarge();
      }
      return content;
    } catch (IOException e) {
      throw ApiException.badRequest(FIELD, "could not be read from the request body");
    }
  }

  private ApiException tooLarge() {
    return new ApiException(
        413, "package is larger than problems.maxPackageBytes (" + maxBytes + " bytes)", FIELD);
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
