// Finds the number, then exits with status 3: the validator accepts, the program's own
// failure decides the verdict (RUNTIME_ERROR).
#include <iostream>
#include <string>

int main() {
  int lo = 1, hi = 1000;
  std::string answer;
  while (true) {
    int guess = (lo + hi) / 2;
    std::cout << guess << std::endl;
    if (!(std::cin >> answer) || answer == "correct") return 3;
    if (answer == "higher") lo = guess + 1;
    else hi = guess - 1;
  }
}
