import java.io.BufferedReader;
import java.io.InputStreamReader;

/** Halves the range with every guess, flushing each one so the judge sees it at once. */
public class Guess {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    int lo = 1;
    int hi = 1000;
    while (true) {
      int guess = (lo + hi) / 2;
      System.out.println(guess);
      System.out.flush();
      String answer = in.readLine();
      if (answer == null || answer.trim().equals("correct")) {
        return;
      }
      if (answer.trim().equals("higher")) {
        lo = guess + 1;
      } else {
        hi = guess - 1;
      }
    }
  }
}
