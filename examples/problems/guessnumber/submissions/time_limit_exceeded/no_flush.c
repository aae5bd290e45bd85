/* Never flushes: its first guess stays in its own buffer while it waits for an
 * answer, and the validator waits for the guess. Neither moves until the
 * wall-clock limit stops both: TIME_LIMIT_EXCEEDED, never a hang. */
#include <stdio.h>
#include <string.h>

int main(void) {
  int lo = 1, hi = 1000;
  char answer[32];
  while (1) {
    int guess = (lo + hi) / 2;
    printf("%d\n", guess);
    if (scanf("%31s", answer) != 1 || !strcmp(answer, "correct")) return 0;
    if (!strcmp(answer, "higher")) lo = guess + 1;
    else hi = guess - 1;
  }
}
