package dev.verdict.loadgen.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** Where the Verdict API is and the token to call it with: {@code --url} and {@code --token}. */
public final class ApiOptions {

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8080",
      description = "Base URL of the Verdict API (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:VERDICT_TOKEN}",
      description =
          "Bearer token sent with every request (default: $VERDICT_TOKEN). Use a staff or admin"
              + " token whose role's rate limit (api.access.*PerMinute) allows what the command"
              + " sends; an admin token is not rate limited.")
  String token;

  public URI url() {
    return url;
  }

  /** The token, or null when none was given. */
  public String token() {
    return token == null || token.isBlank() ? null : token.trim();
  }
}
