package dev.verdict.api.contract;

import dev.verdict.api.access.Access;
import dev.verdict.api.http.QueryParameters;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v1/openapi.json}: the API's OpenAPI 3.1 contract, the resource file {@code
 * openapi.json}, open to anyone so that client generators and validators can fetch it.
 * ApiContractIT holds it to the routes the server registers and to the answers it gives.
 */
public final class ContractRoutes {
  public static final String PATH = "/api/v1/openapi.json";
  private static final String RESOURCE = "/openapi.json";

  private final byte[] contract;

  private ContractRoutes(byte[] contract) {
    this.contract = contract;
  }

  /** Reads the contract from the class path; a build without it cannot start. */
  public static ContractRoutes load() {
    try (InputStream in = ContractRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + RESOURCE + " is missing");
      }
      return new ContractRoutes(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public void register(Javalin app) {
    app.get(PATH, this::serve, Access.PUBLIC);
  }

  private void serve(Context ctx) {
    QueryParameters.only(ctx);
    ctx.header("Cache-Control", "no-cache").contentType("application/json").result(contract);
  }
}
