/* Pass 1 writes the sum as the memo; pass 2 subtracts what is left from it. */
#include <stdio.h>

int main(void) {
  int pass, n;
  long long memo = 0, x, sum = 0;
  if (scanf("%d", &pass) != 1) return 1;
  if (pass == 2 && scanf("%lld", &memo) != 1) return 1;
  if (scanf("%d", &n) != 1) return 1;
  for (int i = 0; i < n; ++i) {
    if (scanf("%lld", &x) != 1) return 1;
    sum += x;
  }
  printf("%lld\n", pass == 1 ? sum : memo - sum);
  return 0;
}
