package dev.verdict.loadgen.run;

/**
 * The offered load of a run: a closed loop of {@code clients} that each wait for their submission's
 * result before sending the next, or an open loop of Poisson arrivals at {@code rate} per second
 * whatever the system does.
 */
public record Load(int clients, double rate) {

  public Load {
    if (clients == 0 && rate == 0) {
      throw new IllegalArgumentException("give either --clients or --rate");
    }
    if (clients != 0 && rate != 0) {
      throw new IllegalArgumentException("give --clients or --rate, not both");
    }
    if (clients < 0 || clients > 100_000) {
      throw new IllegalArgumentException("--clients must be 1..100000, was " + clients);
    }
    if (rate < 0 || rate > 1_000_000) {
      throw new IllegalArgumentException("--rate must be 0.001..1000000 per second, was " + rate);
    }
  }

  public static Load closed(int clients) {
    return new Load(clients, 0);
  }

  public static Load open(double rate) {
    return new Load(0, rate);
  }

  public boolean open() {
    return rate > 0;
  }

  /** Clients (closed loop) or submissions per second (open loop). */
  public double offered() {
    return open() ? rate : clients;
  }

  public String mode() {
    return open() ? "open" : "closed";
  }

  public String describe() {
    return open() ? String.format("rate %.2f/s", rate) : clients + " clients";
  }
}
