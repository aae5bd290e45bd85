// Reads "higher" as "lower" and the other way round, so it walks out of 1..1000.
#include <cstdio>
#include <cstring>

int main() {
  int lo = 1, hi = 1000;
  char answer[32];
  while (true) {
    int guess = (lo + hi) / 2;
    std::printf("%d\n", guess);
    std::fflush(stdout);
    if (std::scanf("%31s", answer) != 1 || !std::strcmp(answer, "correct")) return 0;
    if (!std::strcmp(answer, "lower")) lo = guess + 1;
    else hi = guess - 1;
  }
}
