package calc.app;

import calc.lib.Adder;
import java.util.Scanner;

public class Sum {
  public static void main(String[] args) {
    Scanner in = new Scanner(System.in);
    System.out.println(Adder.add(in.nextLong(), in.nextLong()));
  }
}
