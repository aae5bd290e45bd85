/* 32-bit arithmetic: right up to 10^6, wrong on the large group: 30 of 60 points. */
#include <stdio.h>

int main(void) {
  long long n;
  if (scanf("%lld", &n) != 1) return 1;
  int x = (int) n;
  printf("%d\n", 2 * x);
  return 0;
}
