/* Right for n = 0, divides by zero for anything else: the first group fails on its second
 * test, every other group on its first, so no group is accepted: RUNTIME_ERROR. */
#include <stdio.h>

int main(void) {
  unsigned long long n;
  volatile unsigned long long zero = 0;
  if (scanf("%llu", &n) != 1) return 1;
  if (n == 0) {
    printf("0\n");
    return 0;
  }
  printf("%llu\n", n / zero);
  return 0;
}
