/* Right in pass 1, aborts in pass 2: RUNTIME_ERROR in the second pass. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  int pass, n;
  long long x, sum = 0;
  if (scanf("%d", &pass) != 1) return 1;
  if (pass == 2) abort();
  if (scanf("%d", &n) != 1) return 1;
  for (int i = 0; i < n; ++i) {
    if (scanf("%lld", &x) != 1) return 1;
    sum += x;
  }
  printf("%lld\n", sum);
  return 0;
}
