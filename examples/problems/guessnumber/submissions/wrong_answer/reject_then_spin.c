/* Guesses 0, which the validator rejects at once, then spins forever.
 * The validator exited first with "wrong answer", so that is the verdict,
 * not the time limit this program runs into afterwards. */
#include <stdio.h>

int main(void) {
  printf("0\n");
  fflush(stdout);
  for (volatile unsigned long i = 0;; ++i) {
  }
}
