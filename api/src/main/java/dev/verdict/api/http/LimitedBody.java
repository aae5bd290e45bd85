package dev.verdict.api.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * A request whose body stops at a limit, whatever its transfer encoding: a declared length over it
 * is refused before a byte is read, a chunked body as soon as it crosses it. The refusal is a 413
 * {@link ApiException} thrown from the read, so whoever reads the body answers it without reading
 * the rest.
 */
final class LimitedBody extends HttpServletRequestWrapper {
  static final String ATTRIBUTE = LimitedBody.class.getName();

  private volatile long limit;
  private ServletInputStream stream;

  LimitedBody(HttpServletRequest request, long limit) {
    super(request);
    this.limit = limit;
    request.setAttribute(ATTRIBUTE, this);
  }

  void limit(long bytes) {
    this.limit = bytes;
  }

  long limit() {
    return limit;
  }

  @Override
  public synchronized ServletInputStream getInputStream() throws IOException {
    if (stream == null) {
      stream = new Counting(super.getInputStream());
    }
    return stream;
  }

  private ApiException tooLarge() {
    return new ApiException(
        413, "request body too large: at most " + limit + " bytes are accepted", "body");
  }

  private final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private long read;
    private boolean checkedLength;

    Counting(ServletInputStream in) {
      this.in = in;
    }

    private void checkLength() {
      if (!checkedLength) {
        checkedLength = true;
        if (getContentLengthLong() > limit) {
          throw tooLarge();
        }
      }
    }

    private int counted(int n) {
      if (n > 0) {
        read += n;
        if (read > limit) {
          throw tooLarge();
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      checkLength();
      int b = in.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      checkLength();
      // why: never ask for more than one byte past the limit, so crossing it is seen at once.
      long room = Math.max(1, limit - read + 1);
      return counted(in.read(buffer, offset, (int) Math.min(length, room)));
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
