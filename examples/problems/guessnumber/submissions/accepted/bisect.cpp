// Halves the range with every guess, flushing after each one.
#include <iostream>
#include <string>

int main() {
  int lo = 1, hi = 1000;
  std::string answer;
  while (true) {
    int guess = (lo + hi) / 2;
    std::cout << guess << std::endl;  // endl flushes
    if (!(std::cin >> answer) || answer == "correct") return 0;
    if (answer == "higher") lo = guess + 1;
    else hi = guess - 1;
  }
}
