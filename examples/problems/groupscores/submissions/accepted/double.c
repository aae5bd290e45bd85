#include <stdio.h>

int main(void) {
  unsigned long long n;
  if (scanf("%llu", &n) != 1) return 1;
  printf("%llu\n", 2 * n);
  return 0;
}
